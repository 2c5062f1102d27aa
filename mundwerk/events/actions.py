"""Every write to events and answers: the only place that saves them.

Answers change seats, so every answer runs under the event's row lock
(`SELECT … FOR UPDATE` on PostgreSQL; SQLite takes its write lock at
`BEGIN IMMEDIATE`): two members asking for the last seat at once get it
one after the other, and the second lands on the waitlist.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.events.models import CalendarToken, Event, Rsvp
from mundwerk.events.permissions import (
    check_cancel_event,
    check_create_event,
    check_edit_event,
    check_respond_to_event,
)
from mundwerk.events.tasks import send_event_reminder
from mundwerk.notifications.tasks import notify_members
from mundwerk.posts.actions import create_topic, edit_post, render_post_body
from mundwerk.posts.images import ProcessedImage
from mundwerk.posts.models import Post
from mundwerk.posts.permissions import can_edit_post
from mundwerk.spaces.models import Space
from mundwerk.spaces.queries import readers_among

# Who hears of a change of time or a cancellation: everyone who answered.
RESPONDED = (
    Rsvp.Answer.GOING,
    Rsvp.Answer.WAITLISTED,
    Rsvp.Answer.MAYBE,
    Rsvp.Answer.NOT_GOING,
)
REMINDERS = {"day": timedelta(hours=24), "hour": timedelta(hours=1)}


@dataclass(frozen=True)
class EventDetails:
    """What an organiser fills in; times are aware, `time_zone` an IANA name."""

    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    location: str = ""
    online_url: str = ""
    capacity: int | None = None


def describe_when(event: Event) -> str:
    """The event's time as a person reads it, in the event's own zone."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        ends = formats.time_format(end, "TIME_FORMAT")
    else:
        ends = formats.date_format(end, "DATETIME_FORMAT")
    return _("%(start)s to %(end)s (%(zone)s)") % {
        "start": formats.date_format(start, "DATETIME_FORMAT"),
        "end": ends,
        "zone": event.time_zone,
    }


def _topic_body(event: Event) -> str:
    """The opening post of the event's discussion: that it is an event, when, where, a link."""
    lines = [
        _("**Event:** %(when)s") % {"when": describe_when(event)},
    ]
    if event.is_cancelled:
        lines.insert(0, _("**This event is cancelled.**"))
    if event.location:
        lines.append(_("**Where:** %(place)s") % {"place": event.location})
    if event.online_url:
        lines.append(_("**Online:** <%(url)s>") % {"url": event.online_url})
    lines.append(
        _("[Details and sign-up on the event page](%(url)s)") % {"url": event.get_absolute_url()}
    )
    body = "  \n".join(lines)
    if event.description:
        body += "\n\n" + event.description
    return body


def _apply(event: Event, details: EventDetails) -> None:
    event.title = details.title
    event.description = details.description
    event.description_html = render_post_body(details.description, event.organiser).html
    event.starts_at = details.starts_at
    event.ends_at = details.ends_at
    event.time_zone = details.time_zone
    event.location = details.location
    event.online_url = details.online_url
    event.capacity = details.capacity


def create_event(
    *,
    organiser: User,
    space: Space,
    details: EventDetails,
    cover: ProcessedImage | None = None,
) -> Event:
    """Plan an event in `space`, with its discussion topic there; reminders are scheduled."""
    check_create_event(organiser, space)
    with transaction.atomic():
        event = Event(space=space, organiser=organiser)
        _apply(event, details)
        if cover is not None:
            event.cover.save(cover.name, cover.full, save=False)
        event.save()
        event.topic = create_topic(
            author=organiser, space=space, title=event.title, body=_topic_body(event)
        )
        event.save(update_fields=["topic"])
        content_changed("event", event.pk)
    _after_commit(lambda: _schedule_reminders(event))
    return event


def edit_event(
    *,
    editor: User,
    event: Event,
    details: EventDetails,
    cover: ProcessedImage | None = None,
    remove_cover: bool = False,
) -> Event:
    """Change an event; a new time tells everyone who answered and moves the reminders.

    More seats move members up from the waitlist.
    """
    check_edit_event(editor, event)
    with transaction.atomic():
        locked = _lock(event)
        check_edit_event(editor, locked)  # again: it may have been cancelled meanwhile
        moved = (locked.starts_at, locked.ends_at) != (details.starts_at, details.ends_at)
        old_cover = locked.cover.name if (cover is not None or remove_cover) else ""
        _apply(locked, details)
        if cover is not None:
            locked.cover.save(cover.name, cover.full, save=False)
        elif remove_cover:
            locked.cover = None  # type: ignore[assignment]
        if moved:
            locked.sequence += 1
        locked.save()
        _promote_from_waitlist(locked)
        _refresh_topic(editor, locked)
        if moved:
            _tell_responders(locked, editor, "event_changed", _timestamp(locked.starts_at))
            _after_commit(lambda: _schedule_reminders(locked))
        if old_cover:
            _after_commit(lambda: locked.cover.storage.delete(old_cover))
        content_changed("event", locked.pk)
    return locked


def cancel_event(*, actor: User, event: Event) -> Event:
    """Cancel an event: it stays visible, marked cancelled; everyone who answered is told."""
    check_cancel_event(actor, event)
    with transaction.atomic():
        locked = _lock(event)
        if locked.is_cancelled:
            return locked
        locked.cancelled_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        _refresh_topic(actor, locked)
        _tell_responders(locked, actor, "event_cancelled", "x")
    return locked


def respond_to_event(
    *, member: User, event: Event, answer: str, is_hidden: bool | None = None
) -> Rsvp:
    """Answer going, maybe or not going; going with no seat left joins the waitlist.

    A seat given up moves the first member on the waitlist up, who is told.
    `is_hidden` (None keeps the earlier choice) hides the member from the attendee list.
    """
    wanted = Rsvp.Answer(answer)
    if wanted == Rsvp.Answer.WAITLISTED:
        wanted = Rsvp.Answer.GOING
    check_respond_to_event(member, event)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        check_respond_to_event(member, locked)  # it may have been cancelled meanwhile
        rsvp = Rsvp.objects.filter(event=locked, member=member).first()
        if rsvp is None:
            rsvp = Rsvp(event=locked, member=member, answered_at=now)
        before = rsvp.answer
        if wanted == Rsvp.Answer.GOING:
            if before not in (Rsvp.Answer.GOING, Rsvp.Answer.WAITLISTED):
                rsvp.answered_at = now  # the waitlist counts from here
                has_seat = locked.capacity is None or locked.going_count < locked.capacity
                rsvp.answer = Rsvp.Answer.GOING if has_seat else Rsvp.Answer.WAITLISTED
        else:
            rsvp.answer = wanted
            rsvp.answered_at = now
        if is_hidden is not None:
            rsvp.is_hidden = is_hidden
        rsvp.save()
        step = int(rsvp.answer == Rsvp.Answer.GOING) - int(before == Rsvp.Answer.GOING)
        if step:
            Event.objects.filter(pk=locked.pk).update(going_count=F("going_count") + step)
            locked.going_count += step
        _promote_from_waitlist(locked)
    event.going_count = locked.going_count
    return rsvp


def _lock(event: Event) -> Event:
    locked = Event.objects.select_for_update(of=("self",)).select_related("space", "organiser")
    return locked.get(pk=event.pk)


def _promote_from_waitlist(event: Event) -> list[int]:
    """Give free seats to the waitlist in order; tell each member moved up. Needs the lock."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - event.going_count
        if free <= 0:
            return []
    waiting = Rsvp.objects.filter(event=event, answer=Rsvp.Answer.WAITLISTED).order_by(
        "answered_at", "pk"
    )
    moved = list(waiting.values_list("pk", "member_id", "answered_at")[:free])
    if not moved:
        return []
    Rsvp.objects.filter(pk__in=[pk for pk, _member, _at in moved]).update(answer=Rsvp.Answer.GOING)
    Event.objects.filter(pk=event.pk).update(going_count=F("going_count") + len(moved))
    event.going_count += len(moved)
    for _pk, member_id, answered_at in moved:
        _notify(event, [member_id], "event_waitlist_moved_up", _timestamp(answered_at))
    return [member_id for _pk, member_id, _at in moved]


def _tell_responders(event: Event, actor: User, what: str, occasion: str) -> None:
    member_ids = list(
        Rsvp.objects.filter(event=event, answer__in=RESPONDED).values_list("member_id", flat=True)
    )
    _notify(event, member_ids, what, occasion, actor_id=actor.pk)


def _notify(
    event: Event, member_ids: list[int], what: str, occasion: str, *, actor_id: int | None = None
) -> None:
    """Enqueue a notification after commit; `occasion` makes its key unique per happening.

    Only members who may still read the event's space hear of it.
    """
    member_ids = readers_among(event.space, member_ids)
    if not member_ids:
        return
    key = f"{what}:{event.pk}:{occasion}"[:60]
    actor = actor_id or event.organiser_id
    subject, link = event.title, event.get_absolute_url()
    _after_commit(
        lambda: notify_members.enqueue(
            member_ids=member_ids,
            kind="event",
            what=what,
            event=key,
            actor_id=actor,
            subject=subject,
            link=link,
        )
    )


def _timestamp(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def _after_commit(work: Callable[[], object]) -> None:
    transaction.on_commit(work)  # type: ignore[arg-type]


def _refresh_topic(editor: User, event: Event) -> None:
    """Bring the discussion's opening post up to date, where the editor may edit it."""
    if event.topic_id is None:
        return
    post = Post.objects.filter(topic_id=event.topic_id, number=1).select_related("topic").first()
    if post is None or not can_edit_post(editor, post):
        return
    try:
        edit_post(editor=editor, post=post, body=_topic_body(event), title=event.title)
    except PermissionDenied:
        return


def _schedule_reminders(event: Event) -> None:
    """Queue the reminders 24 hours and one hour before the start, where the backend defers.

    Each reminder carries the start it was meant for and does nothing when the
    event has moved or was cancelled, so a rescheduled event's old ones stay quiet.
    """
    backend = send_event_reminder.get_backend()
    if not backend.supports_defer:
        return
    now = timezone.now()
    for which, ahead in REMINDERS.items():
        run_after = event.starts_at - ahead
        if run_after > now:
            send_event_reminder.using(run_after=run_after).enqueue(
                event_id=event.pk, which=which, starts_at=_timestamp(event.starts_at)
            )


def regenerate_calendar_token(*, member: User) -> CalendarToken:
    """Give the member a new calendar address; the old one stops working at once."""
    token, _created = CalendarToken.objects.update_or_create(
        member=member, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def revoke_calendar_token(*, member: User) -> bool:
    """Switch the member's calendar address off; return whether there was one."""
    return bool(CalendarToken.objects.filter(member=member).delete()[0])


def set_event_hidden(event: Event, hidden: bool, reason: str = "") -> Event:
    """Hide an event with a public reason, or show it again; only moderation.actions calls this."""
    hidden_at = timezone.now() if hidden else None
    hidden_reason = reason[:300] if hidden else ""
    Event.objects.filter(pk=event.pk).update(hidden_at=hidden_at, hidden_reason=hidden_reason)
    event.hidden_at, event.hidden_reason = hidden_at, hidden_reason
    content_changed("event", event.pk)
    return event
