from django.utils import timezone

from mundwerk.core.tests.factories import make_user
from mundwerk.reviews import actions
from mundwerk.reviews.demo import REVIEWS, load_demo_reviews
from mundwerk.reviews.models import OfficialReply, Review, Subject


def test_the_demo_shop_gets_subjects_and_german_reviews_with_one_critical_answered(db):
    staff = make_user("werkstattleitung", is_staff=True)
    names = {spec.author for spec in REVIEWS} | {n for spec in REVIEWS for n in spec.helpful}
    people = {name: make_user(name) for name in names}
    now = timezone.now()
    assert load_demo_reviews(now, people, staff) == len(REVIEWS) >= 10
    business = Subject.objects.get(kind=Subject.Kind.ORGANIZATION)
    assert business.name == "Radwerk Südstadt"
    assert 3 <= Subject.objects.count() <= 4
    reply = OfficialReply.objects.select_related("review").get()
    assert reply.review.stars <= 2 and reply.author == staff
    assert Review.objects.filter(revision_count=2).exists()
    assert not Review.objects.filter(created_at__gt=now).exists()
    for subject in Subject.objects.all():
        before = (subject.review_count, subject.rating_total, subject.star1_count)
        recounted = actions.recount_subject(subject)
        assert before == (recounted.review_count, recounted.rating_total, recounted.star1_count)


def test_the_demo_leaves_out_reviews_of_missing_members(db):
    staff = make_user("werkstattleitung", is_staff=True)
    assert load_demo_reviews(timezone.now(), {}, staff) == 0
    assert Subject.objects.count() >= 3
