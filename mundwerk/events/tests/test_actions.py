"""Planning, changing and cancelling events; answers, seats and the waitlist."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mundwerk.core.tests.factories import image_upload, make_user
from mundwerk.events import actions
from mundwerk.events.models import Event, Rsvp
from mundwerk.events.tests.conftest import details, join, make_event, make_group
from mundwerk.notifications.models import Notification
from mundwerk.posts.images import process_image
from mundwerk.posts.models import Topic


def _answer(member, event, answer="going", **kwargs):
    return actions.respond_to_event(member=member, event=event, answer=answer, **kwargs)


def test_a_new_event_opens_its_discussion_topic_saying_when_and_linking_back(member, space):
    event = make_event(member, space, title="Lichtcheck im Herbst")
    topic = Topic.objects.get(pk=event.topic_id)
    assert topic.space == space
    assert topic.title == "Lichtcheck im Herbst"
    html = topic.first_post.html
    assert f'href="/events/{event.pk}/"' in html
    assert "Europe/Berlin" in html
    assert "Radwerk Südstadt" in html
    assert "<em>flicken</em>" in event.description_html


def test_a_cover_picture_is_stored_re_encoded(member, space):
    cover = process_image(image_upload())
    event = actions.create_event(organiser=member, space=space, details=details(), cover=cover)
    assert event.cover.name.startswith("events/")
    assert event.cover.name.endswith(".webp")


def test_a_member_who_cannot_write_there_cannot_plan_an_event(unverified, member, space):
    with pytest.raises(PermissionDenied):
        make_event(unverified, space)
    group = make_group(member)
    with pytest.raises(PermissionDenied):
        make_event(make_user(), group)
    assert not Event.objects.exists()


def test_the_last_seat_goes_to_the_first_and_the_next_waits(member, other_member, space):
    event = make_event(member, space, capacity=1)
    first = _answer(member, event)
    second = _answer(other_member, event)
    assert first.answer == Rsvp.Answer.GOING
    assert second.answer == Rsvp.Answer.WAITLISTED
    event.refresh_from_db()
    assert event.going_count == 1
    assert event.seats_left == 0


def test_a_seat_given_up_moves_the_first_on_the_waitlist_up_and_tells_them(
    member, other_member, space, django_capture_on_commit_callbacks
):
    event = make_event(member, space, capacity=1)
    third = make_user("carla")
    goer = make_user("dora")
    with django_capture_on_commit_callbacks(execute=True):
        _answer(goer, event)
        _answer(other_member, event)
        _answer(third, event)
        _answer(goer, event, "not_going")
    assert Rsvp.objects.get(member=other_member).answer == Rsvp.Answer.GOING
    assert Rsvp.objects.get(member=third).answer == Rsvp.Answer.WAITLISTED
    event.refresh_from_db()
    assert event.going_count == 1
    told = Notification.objects.get(recipient=other_member)
    assert told.what == "event_waitlist_moved_up"
    assert told.link == f"/events/{event.pk}/"
    assert not Notification.objects.filter(recipient=third).exists()


def test_answering_going_twice_keeps_ones_place_on_the_waitlist(member, other_member, space):
    event = make_event(member, space, capacity=1)
    _answer(member, event)
    waiting = _answer(other_member, event)
    again = _answer(other_member, event)
    assert again.answer == Rsvp.Answer.WAITLISTED
    assert again.answered_at == waiting.answered_at


def test_maybe_and_not_going_hold_no_seat(member, other_member, space):
    event = make_event(member, space, capacity=1)
    _answer(member, event, "maybe")
    _answer(other_member, event, "not_going")
    event.refresh_from_db()
    assert event.going_count == 0
    assert _answer(make_user(), event).answer == Rsvp.Answer.GOING


def test_more_seats_move_the_waitlist_up(member, other_member, space):
    event = make_event(member, space, capacity=1)
    _answer(member, event)
    _answer(other_member, event)
    actions.edit_event(
        editor=member, event=event, details=details(capacity=2, starts_at=event.starts_at)
    )
    assert Rsvp.objects.get(member=other_member).answer == Rsvp.Answer.GOING
    event.refresh_from_db()
    assert event.going_count == 2


def test_hiding_from_the_attendee_list_is_kept_until_changed(member, space):
    event = make_event(member, space)
    assert _answer(member, event, is_hidden=True).is_hidden
    assert _answer(member, event, "maybe").is_hidden
    assert not _answer(member, event, is_hidden=False).is_hidden


def test_nobody_answers_a_cancelled_or_finished_event(member, other_member, space):
    event = make_event(member, space)
    actions.cancel_event(actor=member, event=event)
    with pytest.raises(PermissionDenied):
        _answer(other_member, event)
    over = make_event(member, space)
    Event.objects.filter(pk=over.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    over.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _answer(other_member, over)
    assert not Rsvp.objects.exists()


def test_an_outsider_cannot_answer_a_private_groups_event(member, outsider):
    event = make_event(member, make_group(member))
    with pytest.raises(PermissionDenied):
        _answer(outsider, event)
    assert not Rsvp.objects.exists()


def test_a_new_time_tells_everyone_who_answered_and_updates_the_topic(
    member, other_member, space, django_capture_on_commit_callbacks
):
    event = make_event(member, space)
    maybe, declined = make_user("carla"), make_user("dora")
    _answer(other_member, event)
    _answer(maybe, event, "maybe")
    _answer(declined, event, "not_going")
    later = event.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        changed = actions.edit_event(editor=member, event=event, details=details(starts_at=later))
    assert changed.sequence == 1
    told = Notification.objects.filter(what="event_changed")
    assert {n.recipient_id for n in told} == {other_member.pk, maybe.pk, declined.pk}
    first_post = Topic.objects.get(pk=event.topic_id).first_post
    assert first_post.revision_count == 2


def test_a_change_that_keeps_the_time_tells_nobody(
    member, other_member, space, django_capture_on_commit_callbacks
):
    event = make_event(member, space)
    _answer(other_member, event)
    with django_capture_on_commit_callbacks(execute=True):
        changed = actions.edit_event(
            editor=member,
            event=event,
            details=details(title="Neuer Titel", starts_at=event.starts_at),
        )
    assert changed.title == "Neuer Titel"
    assert changed.sequence == 0
    assert not Notification.objects.exists()


def test_cancelling_tells_everyone_who_answered_once(
    member, other_member, space, django_capture_on_commit_callbacks
):
    event = make_event(member, space)
    _answer(other_member, event)
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_event(actor=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_event(actor=member, event=event)  # a double click, from the stale page
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.is_cancelled
    assert Notification.objects.get(recipient=other_member).what == "event_cancelled"
    assert "cancelled" in Topic.objects.get(pk=event.topic_id).first_post.body


def test_only_organiser_moderators_and_staff_change_an_event(member, other_member, staff, space):
    event = make_event(member, space)
    with pytest.raises(PermissionDenied):
        actions.edit_event(editor=other_member, event=event, details=details(title="Gekapert"))
    with pytest.raises(PermissionDenied):
        actions.cancel_event(actor=other_member, event=event)
    actions.edit_event(editor=staff, event=event, details=details(title="Vom Team"))
    event.refresh_from_db()
    assert event.title == "Vom Team"


def test_a_group_moderator_may_change_a_members_event(member, other_member):
    group = make_group(member)
    join(other_member, group)
    event = make_event(other_member, group)
    actions.cancel_event(actor=member, event=event)
    event.refresh_from_db()
    assert event.is_cancelled


def test_members_who_left_a_private_group_hear_nothing_of_its_event(
    member, other_member, django_capture_on_commit_callbacks
):
    group = make_group(member)
    join(other_member, group)
    event = make_event(member, group)
    _answer(other_member, event)
    group.memberships.filter(member=other_member).delete()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_event(actor=member, event=event)
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_calendar_addresses_are_made_replaced_and_switched_off(member):
    first = actions.regenerate_calendar_token(member=member)
    second = actions.regenerate_calendar_token(member=member)
    assert first.token != second.token
    assert len(second.token) >= 40
    assert actions.revoke_calendar_token(member=member)
    assert not actions.revoke_calendar_token(member=member)
