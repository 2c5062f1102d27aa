"""Reads of events: one event for a viewer, lists, attendees, calendar contents.

Every list leaves out the spaces the viewer may not read
(`spaces.permissions.unreadable_space_ids`), so a private group's events
never show to an outsider.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.core.urlpaths import url_for
from mundwerk.events.models import CalendarToken, Event, Rsvp
from mundwerk.events.permissions import can_see_event, can_see_hidden_attendees
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import can_read_space, unreadable_space_ids

EVENTS_PER_PAGE = 20
ATTENDEES_SHOWN = 200
CALENDAR_SIZE = 500
# Member feeds show what a member answered; an answer of "not going" leaves it out.
IN_CALENDAR = (Rsvp.Answer.GOING, Rsvp.Answer.WAITLISTED, Rsvp.Answer.MAYBE)


def get_event_for(viewer: Viewer, event_id: int) -> Event:
    """Return the event, or 404 when it does not exist or the viewer may not see it."""
    event = Event.objects.select_related("space", "organiser", "topic").filter(pk=event_id).first()
    if event is None or not can_see_event(viewer, event):
        raise Http404
    return event


def _shown_to(viewer: Viewer) -> Q:
    """Events moderators did not hide, and the viewer's own hidden ones (lists and feeds)."""
    if not viewer.is_authenticated:
        return Q(hidden_at__isnull=True)
    return Q(hidden_at__isnull=True) | Q(organiser_id=viewer.pk)


def _readable(viewer: Viewer) -> QuerySet[Event]:
    return Event.objects.exclude(space_id__in=unreadable_space_ids(viewer)).filter(
        _shown_to(viewer)
    )


def _listed(events: QuerySet[Event], past: bool) -> QuerySet[Event]:
    now = timezone.now()
    if past:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    return events.select_related("space")


def event_page(
    viewer: Viewer, number: int, *, past: bool = False, space: Space | None = None
) -> Page[Event]:
    """One page of upcoming (soonest first) or past (latest first) events the viewer may see."""
    events = _readable(viewer)
    if space is not None:
        events = events.filter(space=space)
    paginator = Paginator(_listed(events, past), EVENTS_PER_PAGE)
    if number > paginator.num_pages:
        raise Http404
    return paginator.page(number)


def upcoming_in_space(viewer: Viewer, space: Space, limit: int = 3) -> list[Event]:
    """The next few events of a space for its page; none when the viewer may not read it."""
    if not can_read_space(viewer, space):
        return []
    upcoming = Event.objects.filter(_shown_to(viewer), space=space, cancelled_at__isnull=True)
    return list(_listed(upcoming, past=False)[:limit])


def answers_of(viewer: Viewer, events: Iterable[Event]) -> dict[int, str]:
    """The viewer's answer to each of these events, by event id, in one query."""
    ids = [event.pk for event in events]
    if not viewer.is_authenticated or not ids:
        return {}
    return dict(
        Rsvp.objects.filter(member_id=viewer.pk, event_id__in=ids).values_list("event_id", "answer")
    )


def answer_of(viewer: Viewer, event: Event) -> Rsvp | None:
    if not viewer.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, member_id=viewer.pk).first()


@dataclass
class Attendees:
    """Who goes, as the viewer may see them, and how many the list does not name."""

    going: list[Rsvp]
    unnamed: int
    waitlisted: int
    maybe: int


def attendees_for(viewer: Viewer, event: Event) -> Attendees:
    """The attendee list: hidden members only for the organiser and moderators (and themselves)."""
    rsvps = list(
        Rsvp.objects.filter(event=event, answer=Rsvp.Answer.GOING)
        .select_related("member")
        .only("pk", "is_hidden", "answered_at", "member__id", "member__username", "member__avatar",
              "member__display_name")
        .order_by("answered_at", "pk")[:ATTENDEES_SHOWN]
    )  # fmt: skip
    all_hidden = can_see_hidden_attendees(viewer, event)
    shown = [r for r in rsvps if not r.is_hidden or all_hidden or r.member_id == viewer.pk]
    counts: dict[str, int] = {
        row["answer"]: row["count"]
        for row in Rsvp.objects.filter(
            event=event, answer__in=[Rsvp.Answer.WAITLISTED, Rsvp.Answer.MAYBE]
        )
        .values("answer")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return Attendees(
        going=shown,
        unnamed=max(0, event.going_count - len(shown)),
        waitlisted=counts.get(Rsvp.Answer.WAITLISTED, 0),
        maybe=counts.get(Rsvp.Answer.MAYBE, 0),
    )


def waitlist_position(rsvp: Rsvp) -> int:
    """1 for the first member on the waitlist."""
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, answer=Rsvp.Answer.WAITLISTED).filter(
        Q(answered_at__lt=rsvp.answered_at) | Q(answered_at=rsvp.answered_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def space_calendar(viewer: Viewer, space: Space) -> list[Event]:
    """The space's events for its calendar feed: upcoming and the recent past."""
    if not can_read_space(viewer, space):
        raise Http404
    recent = timezone.now() - timedelta(days=90)
    events = Event.objects.filter(_shown_to(viewer), space=space, ends_at__gte=recent).order_by(
        "starts_at", "pk"
    )
    return list(events.select_related("space")[:CALENDAR_SIZE])


def member_calendar(member: User) -> list[Event]:
    """The events a member answered (or organises) that they may still see."""
    recent = timezone.now() - timedelta(days=90)
    events = (
        _readable(member)
        .filter(
            Q(organiser=member) | Q(rsvps__member=member, rsvps__answer__in=IN_CALENDAR),
            ends_at__gte=recent,
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    return list(events.select_related("space")[:CALENDAR_SIZE])


def member_by_calendar_token(token: str) -> User:
    """The active member whose calendar address carries `token`, or 404."""
    if not token or len(token) > 64:
        raise Http404
    found = (
        CalendarToken.objects.select_related("member")
        .filter(token=token, member__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    return found.member


def mark_answers(viewer: Viewer, events: Iterable[Event]) -> None:
    """Set `my_answer` on each event (the viewer's answer or ""), in one query at most."""
    events = list(events)
    answers = answers_of(viewer, events)
    for event in events:
        event.my_answer = answers.get(event.pk, "")  # type: ignore[attr-defined]


def calendar_token_for(member: User) -> CalendarToken | None:
    """The member's calendar token, if they switched their calendar address on."""
    return CalendarToken.objects.filter(member=member).first()


def space_calendar_url(viewer: Viewer, space: Space) -> str:
    """The space's calendar address; a closed group's carries the member's calendar token."""
    url = url_for("events:space_ics", space.slug)
    if not space.is_closed or not isinstance(viewer, User):
        return url
    token = calendar_token_for(viewer)
    return f"{url}?token={token.token}" if token else url
