"""Background work of events: reminders before the start.

Reminders are queued with `run_after` when an event is planned or moved
(the database task backend defers). Each one re-checks the event when it
runs, so reminders of an old time or a cancelled event do nothing.
"""

from django.tasks import task
from django.utils import timezone

from mundwerk.events.models import Event, Rsvp
from mundwerk.notifications.tasks import notify_members
from mundwerk.spaces.queries import readers_among

WHAT = {"day": "event_reminder_day", "hour": "event_reminder_hour"}


@task()
def send_event_reminder(event_id: int, which: str, starts_at: str) -> None:
    """Remind the members going to an event of its start ("day" or "hour" before).

    Does nothing when the event is gone, cancelled, moved away from
    `starts_at` (a Unix time) or already started. Idempotent: the
    notification key names the event and its start.
    """
    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if event is None or which not in WHAT or event.is_cancelled:
        return
    if str(int(event.starts_at.timestamp())) != starts_at or event.starts_at <= timezone.now():
        return
    going = readers_among(
        event.space,
        Rsvp.objects.filter(event=event, answer=Rsvp.Answer.GOING).values_list(
            "member_id", flat=True
        ),
    )
    if not going:
        return
    what = WHAT[which]
    notify_members.enqueue(
        member_ids=going,
        kind="event",
        what=what,
        event=f"{what}:{event.pk}:{starts_at}",
        actor_id=event.organiser_id,
        subject=event.title,
        link=event.get_absolute_url(),
    )
