"""Hiding and showing again reviews and events through the moderation actions."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_user
from mundwerk.events.actions import regenerate_calendar_token, respond_to_event
from mundwerk.events.models import Event
from mundwerk.events.queries import upcoming_in_space
from mundwerk.events.tests.conftest import make_event
from mundwerk.moderation import actions
from mundwerk.moderation.models import ModerationEntry
from mundwerk.reviews.actions import delete_review, edit_review
from mundwerk.reviews.models import Review, Subject
from mundwerk.reviews.queries import reviews_by
from mundwerk.reviews.tests.factories import make_review, make_subject
from mundwerk.spaces.models import Space

REASON = "Beleidigend"


def browser(user: User | None = None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def subject(staff: User) -> Subject:
    return make_subject(staff, "Frühjahrs-Inspektion", kind=Subject.Kind.SERVICE)


@pytest.fixture
def review(member: User, subject: Subject) -> Review:
    return make_review(member, subject, stars=1, title="Ganz schlimm und gemein")


@pytest.fixture
def kept(other_member: User, subject: Subject) -> Review:
    return make_review(other_member, subject, stars=5, title="Sehr zufrieden")


@pytest.fixture
def event(member: User, space: Space) -> Event:
    return make_event(member, space, title="Geheimes Schrauben")


def _counters(subject: Subject) -> tuple[int, int, dict[int, int]]:
    subject.refresh_from_db()
    return subject.review_count, subject.rating_total, subject.star_counts()


# Reviews


def test_hiding_a_review_takes_it_out_of_the_subject_page_and_json_ld(
    staff, review, kept, subject, outsider
):
    actions.hide_item(moderator=staff, item=review, reason=REASON)

    for viewer in (None, outsider):
        page = browser(viewer).get(subject.get_absolute_url()).text
        assert "Ganz schlimm und gemein" not in page
        assert "Sehr zufrieden" in page


def test_a_hidden_review_does_not_count_in_the_rating(staff, review, kept, subject):
    assert _counters(subject) == (2, 6, {5: 1, 4: 0, 3: 0, 2: 0, 1: 1})

    actions.hide_item(moderator=staff, item=review, reason=REASON)
    assert _counters(subject) == (1, 5, {5: 1, 4: 0, 3: 0, 2: 0, 1: 0})

    actions.unhide_item(moderator=staff, item=review)
    assert _counters(subject) == (2, 6, {5: 1, 4: 0, 3: 0, 2: 0, 1: 1})


def test_editing_or_deleting_a_hidden_review_keeps_the_counters_right(
    staff, member, review, kept, subject
):
    actions.hide_item(moderator=staff, item=review, reason=REASON)
    edit_review(editor=member, review=review, stars=3, title=review.title, body="Anders")
    assert _counters(subject) == (1, 5, {5: 1, 4: 0, 3: 0, 2: 0, 1: 0})

    delete_review(actor=member, review=Review.objects.get(pk=review.pk))
    assert _counters(subject) == (1, 5, {5: 1, 4: 0, 3: 0, 2: 0, 1: 0})


def test_a_hidden_review_page_is_gone_for_others_but_not_its_author(
    staff, member, review, outsider
):
    actions.hide_item(moderator=staff, item=review, reason=REASON)
    url = review.get_absolute_url()

    assert browser().get(url).status_code == 404
    assert browser(outsider).get(url).status_code == 404
    for viewer in (member, staff):
        page = browser(viewer).get(url).text
        assert "Ganz schlimm und gemein" in page
        assert f"Hidden by moderators: {REASON}" in page


def test_a_hidden_review_leaves_the_authors_profile_for_others(staff, member, review, outsider):
    actions.hide_item(moderator=staff, item=review, reason=REASON)

    assert reviews_by(member) == []
    for viewer in (None, outsider):
        assert "Ganz schlimm und gemein" not in browser(viewer).get(f"/u/{member.username}/").text


def test_unhiding_a_review_shows_it_everywhere_again(staff, member, review, subject, outsider):
    actions.hide_item(moderator=staff, item=review, reason=REASON)
    actions.unhide_item(moderator=staff, item=review, reason="Doch in Ordnung")

    assert browser(outsider).get(review.get_absolute_url()).status_code == 200
    assert "Ganz schlimm und gemein" in browser().get(subject.get_absolute_url()).text
    assert reviews_by(member) == [review]


def test_hiding_a_review_is_logged(staff, member, review):
    entry = actions.hide_item(moderator=staff, item=review, reason=REASON)

    assert entry.action == ModerationEntry.Action.HIDE
    assert entry.review == review and entry.affected == member and entry.reason == REASON
    assert ModerationEntry.objects.filter(
        review=review, action=ModerationEntry.Action.HIDE
    ).exists()
    actions.unhide_item(moderator=staff, item=review)
    assert ModerationEntry.objects.filter(
        review=review, action=ModerationEntry.Action.UNHIDE
    ).exists()


def test_unhiding_a_shown_review_is_refused(staff, review):
    with pytest.raises(ValidationError):
        actions.unhide_item(moderator=staff, item=review)


def test_the_queue_form_hides_a_review(staff, review, subject):
    actions.decide(moderator=staff, item=review, action="hide", reason=REASON)

    review.refresh_from_db()
    assert review.hidden_at is not None and review.hidden_reason == REASON
    assert subject.reviews.filter(hidden_at__isnull=True).count() == 0


# Events


def test_a_hidden_event_is_gone_from_lists_and_feeds_for_others(
    moderator, member, event, space, outsider
):
    attendee = make_user("gast")
    respond_to_event(member=attendee, event=event, answer="going")
    token = regenerate_calendar_token(member=attendee).token
    actions.hide_item(moderator=moderator, item=event, reason=REASON)

    for viewer in (None, outsider):
        client = browser(viewer)
        assert "Geheimes Schrauben" not in client.get("/events/").text
        assert "Geheimes Schrauben" not in client.get(f"/s/{space.slug}/events/").text
        assert "Geheimes Schrauben" not in client.get(f"/s/{space.slug}/events.ics").text
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get(f"/events/{event.pk}/event.ics").status_code == 404
        assert upcoming_in_space(viewer or outsider, space) == []
    assert "Geheimes Schrauben" not in browser().get(f"/events/calendar/{token}.ics").text


def test_the_organiser_and_moderators_still_see_a_hidden_event(moderator, staff, member, event):
    actions.hide_item(moderator=moderator, item=event, reason=REASON)

    for viewer in (member, moderator, staff):
        page = browser(viewer).get(event.get_absolute_url()).text
        assert "Geheimes Schrauben" in page
        assert f"Hidden by moderators: {REASON}" in page
    assert "Geheimes Schrauben" in browser(member).get("/events/").text


def test_unhiding_an_event_shows_it_again(moderator, event, space, outsider):
    actions.hide_item(moderator=moderator, item=event, reason=REASON)
    entry = actions.unhide_item(moderator=moderator, item=event, reason="Geklärt")

    assert entry.action == ModerationEntry.Action.UNHIDE and entry.event == event
    assert browser(outsider).get(event.get_absolute_url()).status_code == 200
    assert "Geheimes Schrauben" in browser().get("/events/").text
    assert upcoming_in_space(outsider, space) == [event]


def test_hiding_an_event_is_logged_for_its_space(moderator, member, event, space):
    entry = actions.hide_item(moderator=moderator, item=event, reason=REASON)

    assert entry.action == ModerationEntry.Action.HIDE
    assert entry.event == event and entry.space == space and entry.affected == member
    event.refresh_from_db()
    assert event.hidden_at is not None and event.hidden_reason == REASON


def test_a_moderator_of_another_space_cannot_hide_an_event(event, elsewhere):
    from django.core.exceptions import PermissionDenied

    from mundwerk.spaces.models import Membership

    stranger = make_user("fremdmod")
    Membership.objects.create(space=elsewhere, member=stranger, role=Membership.Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        actions.hide_item(moderator=stranger, item=event, reason=REASON)


def _regular(name: str) -> User:
    return make_user(name, trust_level=2)


def test_three_trusted_flags_hide_a_review_and_take_it_out_of_the_rating(review, kept, subject):
    for name in ("r1", "r2", "r3"):
        actions.flag_item(flagger=_regular(name), item=review, reason="harassment")
    review.refresh_from_db()
    assert review.hidden_at is not None
    assert _counters(subject)[0] == 1
    entry = ModerationEntry.objects.get(review=review)
    assert entry.role == ModerationEntry.Role.SYSTEM


def test_three_trusted_flags_hide_an_event(event):
    for name in ("e1", "e2", "e3"):
        actions.flag_item(flagger=_regular(name), item=event, reason="spam")
    event.refresh_from_db()
    assert event.hidden_at is not None
