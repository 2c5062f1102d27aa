from mundwerk.reviews import actions
from mundwerk.reviews.permissions import (
    can_edit_reply,
    can_manage_subjects,
    can_reply_to_review,
    can_see_review,
    can_vote_helpful,
    can_write_reviews,
)
from mundwerk.reviews.tests.factories import make_review


def test_confirmed_members_write_reviews_but_not_the_unconfirmed(member, unverified):
    assert can_write_reviews(member)
    assert not can_write_reviews(unverified)


def test_those_who_speak_for_the_business_answer_rather_than_review(staff, official):
    assert not can_write_reviews(staff)
    assert not can_write_reviews(official)


def test_staff_and_officials_answer_members_do_not(member, other_member, staff, official, subject):
    review = make_review(member, subject)
    assert can_reply_to_review(staff, review)
    assert can_reply_to_review(official, review)
    assert not can_reply_to_review(other_member, review)
    assert not can_reply_to_review(member, review)


def test_a_deactivated_official_no_longer_answers(member, official, subject):
    review = make_review(member, subject)
    official.is_active = False
    assert not can_reply_to_review(official, review)


def test_an_answer_is_changed_by_its_author_or_staff(
    member, staff, official, subject, django_user_model
):
    review = make_review(member, subject)
    reply = actions.reply_to_review(replier=official, review=review, body="Danke")
    other_official = django_user_model.objects.create_user("zweite", is_official=True)
    other_official.email_verified_at = official.email_verified_at
    assert can_edit_reply(official, reply)
    assert can_edit_reply(staff, reply)
    assert not can_edit_reply(other_official, reply)


def test_helpful_votes_come_from_members_on_others_reviews(member, other_member, staff, subject):
    review = make_review(member, subject)
    assert can_vote_helpful(other_member, review)
    assert not can_vote_helpful(member, review)
    assert not can_vote_helpful(staff, review)


def test_a_deleted_review_shows_only_to_its_author_and_staff(member, other_member, staff, subject):
    from django.contrib.auth.models import AnonymousUser

    review = make_review(member, subject)
    actions.delete_review(actor=member, review=review)
    review.refresh_from_db()
    assert can_see_review(member, review)
    assert can_see_review(staff, review)
    assert not can_see_review(other_member, review)
    assert not can_see_review(AnonymousUser(), review)


def test_only_staff_manage_subjects(member, official, staff):
    assert can_manage_subjects(staff)
    assert not can_manage_subjects(official)
    assert not can_manage_subjects(member)
