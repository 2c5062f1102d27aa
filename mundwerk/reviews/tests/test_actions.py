import random
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.utils import translation

from mundwerk.core.tests.factories import make_user
from mundwerk.core.tests.html_safety import live_markup
from mundwerk.notifications.models import Notification
from mundwerk.reviews import actions
from mundwerk.reviews.models import HelpfulVote, OfficialReply, Review, Subject
from mundwerk.reviews.tests.factories import make_review, make_subject


def counters(subject: Subject) -> tuple[int, ...]:
    subject.refresh_from_db()
    return (
        subject.review_count,
        subject.rating_total,
        *(subject.star_counts()[stars] for stars in (1, 2, 3, 4, 5)),
    )


def recounted(subject: Subject) -> tuple[int, ...]:
    return counters(actions.recount_subject(subject))


def test_a_review_counts_in_its_subjects_rating(member, other_member, subject):
    make_review(member, subject, stars=5)
    make_review(other_member, subject, stars=2)
    subject.refresh_from_db()
    assert subject.review_count == 2
    assert subject.average == 3.5
    assert subject.star_counts() == {5: 1, 4: 0, 3: 0, 2: 1, 1: 0}


def test_a_member_writes_one_review_per_subject(member, subject):
    make_review(member, subject)
    with translation.override("en"), pytest.raises(PermissionDenied, match="already reviewed"):
        make_review(member, subject, stars=1)
    assert Review.objects.count() == 1
    assert counters(subject)[:2] == (1, 4)


def test_after_deleting_a_member_may_review_again(member, subject):
    first = make_review(member, subject, stars=1)
    actions.delete_review(actor=member, review=first)
    assert counters(subject)[:2] == (0, 0)
    make_review(member, subject, stars=5)
    assert counters(subject) == (1, 5, 0, 0, 0, 0, 1)


def test_deleting_twice_counts_once(member, other_member, subject):
    review = make_review(member, subject, stars=3)
    make_review(other_member, subject, stars=5)
    actions.delete_review(actor=member, review=review)
    actions.delete_review(actor=member, review=review)  # a stale copy: a second tab
    assert counters(subject)[:2] == (1, 5)


def test_editing_keeps_every_version_and_moves_the_counters(member, subject):
    review = make_review(member, subject, stars=4, body="Alles gut.")
    review = actions.edit_review(
        editor=member, review=review, stars=2, title="Doch nicht", body="Leider kaputt."
    )
    assert review.revision_count == 2
    assert list(review.revisions.values_list("number", "stars", "title")) == [
        (1, 4, "Gute Arbeit"),
        (2, 2, "Doch nicht"),
    ]
    assert counters(subject) == (1, 2, 0, 1, 0, 0, 0)
    assert review.edited_at is not None


def test_an_unchanged_edit_writes_no_version(member, subject):
    review = make_review(member, subject)
    actions.edit_review(
        editor=member, review=review, stars=review.stars, title=review.title, body=review.body
    )
    assert review.revisions.count() == 1


def test_review_markdown_is_rendered_and_sanitised(member, subject):
    review = make_review(
        member, subject, body="**fett** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<strong>fett</strong>" in review.html
    assert live_markup(review.html) == []


def test_only_the_author_edits_or_deletes_a_review(member, other_member, staff, subject):
    review = make_review(member, subject)
    for someone in (other_member, staff):
        with pytest.raises(PermissionDenied):
            actions.edit_review(editor=someone, review=review, stars=1, title="Fake", body="x")
        with pytest.raises(PermissionDenied):
            actions.delete_review(actor=someone, review=review)


def test_stars_outside_one_to_five_are_refused(member, subject):
    for stars in (0, 6, -1):
        with pytest.raises(ValueError):
            make_review(member, subject, stars=stars)
    assert not Review.objects.exists()


def test_counters_agree_with_the_reviews_after_any_mix_of_writes(db, staff):
    subject = make_subject(staff)
    rng = random.Random(7)
    members = [make_user() for _ in range(8)]
    live: dict[int, Review] = {}
    for _step in range(60):
        author = rng.choice(members)
        review = live.get(author.pk)
        if review is None:
            live[author.pk] = make_review(author, subject, stars=rng.randint(1, 5))
        elif rng.random() < 0.5:
            live[author.pk] = actions.edit_review(
                editor=author, review=review, stars=rng.randint(1, 5), title="Neu", body="x"
            )
        else:
            actions.delete_review(actor=author, review=review)
            del live[author.pk]
        assert counters(subject) == recounted(subject)
    assert subject.review_count == len(live)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_and_edits_keep_the_counters_exact(staff):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database cannot be shared between threads' writers")
    subject = make_subject(staff)
    members = [make_user() for _ in range(8)]
    barrier = threading.Barrier(len(members))
    errors: list[BaseException] = []

    def write(author):
        try:
            barrier.wait()
            review = make_review(author, subject, stars=1 + author.pk % 5)
            actions.edit_review(editor=author, review=review, stars=5, title="Neu", body="y")
            if author.pk % 2:
                actions.delete_review(actor=author, review=review)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(author,)) for author in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    live = sum(1 for author in members if not author.pk % 2)
    assert counters(subject) == recounted(subject)
    assert counters(subject)[:2] == (live, 5 * live)


def test_a_critical_review_tells_every_active_staff_member_at_once(
    member, staff, subject, django_capture_on_commit_callbacks
):
    colleague = make_user("kollege", is_staff=True)
    make_user("ehemalig", is_staff=True).__class__.objects.filter(username="ehemalig").update(
        is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        review = make_review(member, subject, stars=2, title="Zu langsam")
    notified = set(
        Notification.objects.filter(what="review_critical").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {staff.username, colleague.username}
    note = Notification.objects.filter(recipient=staff).get()
    assert note.event == f"review-critical:{review.pk}"
    assert note.link == review.get_absolute_url()
    assert note.subject == "Zu langsam"


def test_a_good_review_tells_nobody(member, staff, subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_review(member, subject, stars=3)
    assert not Notification.objects.exists()


def test_lowering_a_review_to_critical_tells_staff_once(
    member, staff, subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = make_review(member, subject, stars=4)
        review = actions.edit_review(editor=member, review=review, stars=1, title="Nein", body="x")
        actions.edit_review(editor=member, review=review, stars=2, title="Nein", body="y")
    assert Notification.objects.filter(recipient=staff, what="review_critical").count() == 1


def test_an_official_answer_tells_the_author_once(
    member, official, subject, django_capture_on_commit_callbacks
):
    review = make_review(member, subject, stars=3)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply_to_review(replier=official, review=review, body="Danke!")
        actions.reply_to_review(replier=official, review=review, body="Danke sehr!")
    note = Notification.objects.get(recipient=member)
    assert note.what == "review_answered"
    assert note.event == f"review-answer:{review.pk}"
    assert note.actor == official
    reply = OfficialReply.objects.get()
    assert reply.body == "Danke sehr!"
    assert reply.edited_at is not None


def test_one_official_reply_per_review_and_only_from_the_business(
    member, other_member, official, staff, subject
):
    review = make_review(member, subject)
    with pytest.raises(PermissionDenied):
        actions.reply_to_review(replier=other_member, review=review, body="Ich auch")
    actions.reply_to_review(replier=official, review=review, body="Danke")
    actions.reply_to_review(replier=staff, review=review, body="Danke vom Team")
    assert OfficialReply.objects.get().body == "Danke vom Team"


def test_a_deleted_review_cannot_be_answered(member, staff, subject):
    review = make_review(member, subject)
    actions.delete_review(actor=member, review=review)
    review.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.reply_to_review(replier=staff, review=review, body="Zu spät")


def test_helpful_votes_count_once_and_never_on_your_own_review(member, other_member, subject):
    review = make_review(member, subject)
    assert actions.mark_helpful(member=other_member, review=review)
    assert not actions.mark_helpful(member=other_member, review=review)
    with pytest.raises(PermissionDenied):
        actions.mark_helpful(member=member, review=review)
    review.refresh_from_db()
    assert review.helpful_count == 1
    assert actions.unmark_helpful(member=other_member, review=review)
    assert not actions.unmark_helpful(member=other_member, review=review)
    review.refresh_from_db()
    assert review.helpful_count == 0
    assert not HelpfulVote.objects.exists()


def test_saving_a_subject_never_takes_counters_from_the_form(member, staff, subject):
    make_review(member, subject, stars=5)
    subject.refresh_from_db()
    subject.name = "Inspektion plus"
    subject.review_count = 99
    actions.save_subject(subject, editor=staff)
    subject.refresh_from_db()
    assert (subject.name, subject.review_count) == ("Inspektion plus", 1)


def test_only_staff_save_subjects(member, official):
    for someone in (member, official):
        with pytest.raises(PermissionDenied):
            actions.save_subject(Subject(name="X", slug="x"), editor=someone)
