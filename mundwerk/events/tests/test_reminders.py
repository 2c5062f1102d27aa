"""Reminders 24 hours and one hour before the start, to those going, never for an old time."""

from datetime import timedelta

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from mundwerk.core.tests.factories import make_user
from mundwerk.events import actions
from mundwerk.events.tasks import send_event_reminder
from mundwerk.events.tests.conftest import details, make_event
from mundwerk.notifications.models import Notification


@pytest.fixture
def deferring_tasks(settings):
    """A backend that keeps tasks (with their run_after) instead of running them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()  # type: ignore[attr-defined]
    return default_task_backend


def _reminders(backend) -> list[tuple[str, object]]:
    return [
        (result.kwargs["which"], result.task.run_after)
        for result in backend.results
        if result.task.name == "send_event_reminder"
    ]


def test_reminders_are_queued_a_day_and_an_hour_before_the_start(
    member, space, deferring_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(member, space)
    assert sorted(_reminders(deferring_tasks)) == [
        ("day", event.starts_at - timedelta(hours=24)),
        ("hour", event.starts_at - timedelta(hours=1)),
    ]


def test_an_event_soon_gets_only_the_reminders_still_ahead(
    member, space, deferring_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_event(member, space, starts_at=timezone.now() + timedelta(hours=5))
    assert [which for which, _at in _reminders(deferring_tasks)] == ["hour"]


def test_a_new_time_queues_new_reminders(
    member, space, deferring_tasks, django_capture_on_commit_callbacks
):
    event = make_event(member, space)
    later = event.starts_at + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_event(editor=member, event=event, details=details(starts_at=later))
    assert sorted(at for _which, at in _reminders(deferring_tasks)) == [
        later - timedelta(hours=24),
        later - timedelta(hours=1),
    ]


def _stamp(event) -> str:
    return str(int(event.starts_at.timestamp()))


def test_a_reminder_tells_those_going_once(member, other_member, space):
    event = make_event(member, space)
    maybe = make_user("carla")
    actions.respond_to_event(member=other_member, event=event, answer="going")
    actions.respond_to_event(member=maybe, event=event, answer="maybe")
    for _ in range(2):
        send_event_reminder.call(event_id=event.pk, which="day", starts_at=_stamp(event))
    told = Notification.objects.get()
    assert told.recipient == other_member
    assert told.what == "event_reminder_day"
    assert told.subject == event.title
    send_event_reminder.call(event_id=event.pk, which="hour", starts_at=_stamp(event))
    assert Notification.objects.filter(what="event_reminder_hour").count() == 1


def test_a_reminder_for_an_old_time_or_a_cancelled_event_does_nothing(member, other_member, space):
    event = make_event(member, space)
    actions.respond_to_event(member=other_member, event=event, answer="going")
    old = _stamp(event)
    actions.edit_event(
        editor=member, event=event, details=details(starts_at=event.starts_at + timedelta(days=1))
    )
    send_event_reminder.call(event_id=event.pk, which="day", starts_at=old)
    assert not Notification.objects.filter(what="event_reminder_day").exists()
    event.refresh_from_db()
    actions.cancel_event(actor=member, event=event)
    send_event_reminder.call(event_id=event.pk, which="day", starts_at=_stamp(event))
    send_event_reminder.call(event_id=event.pk + 1000, which="day", starts_at=_stamp(event))
    send_event_reminder.call(event_id=event.pk, which="week", starts_at=_stamp(event))
    assert not Notification.objects.filter(what="event_reminder_day").exists()


def test_an_organiser_who_is_going_is_reminded_too(member, space):
    event = make_event(member, space)
    actions.respond_to_event(member=member, event=event, answer="going")
    send_event_reminder.call(event_id=event.pk, which="hour", starts_at=_stamp(event))
    assert Notification.objects.get(what="event_reminder_hour").recipient == member
