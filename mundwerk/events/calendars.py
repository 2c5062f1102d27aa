"""iCalendar (RFC 5545) files of events: one event, a space's feed, a member's feed."""

import re
from collections.abc import Iterable
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from mundwerk.events.models import Event

PRODID = "-//Mundwerk//Events//EN"
# RFC 5545 §3.1: text may not carry control characters other than the line break.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "mundwerk"


def event_uid(event: Event) -> str:
    """A UID that stays the same for the event's whole life (RFC 5545 §3.8.4.7)."""
    return f"event-{event.pk}@{_host()}"


def _component(event: Event) -> CalendarEvent:
    url = settings.SITE_URL + event.get_absolute_url()
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", (event.updated_at or timezone.now()).astimezone(UTC))
    item.add("created", event.created_at.astimezone(UTC))
    item.add("last-modified", event.updated_at.astimezone(UTC))
    item.add("sequence", event.sequence)
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", _text(event.title))
    description = event.description
    if event.online_url:
        description = f"{event.online_url}\n\n{description}"
    item.add("description", _text(f"{description}\n\n{url}".strip()))
    if event.location:
        item.add("location", _text(event.location))
    elif event.online_url:
        item.add("location", _text(event.online_url))
    item.add("url", url)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def calendar_of(events: Iterable[Event], name: str = "") -> bytes:
    """Return an iCalendar file of `events`, with a VTIMEZONE for every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", _text(name))
    events = list(events)
    for event in events:
        calendar.add_component(_component(event))
    if events:
        # Zone rules for the years the events span (and a year either side), not 1970 to 2038.
        margin = timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=min(event.starts_at for event in events).date() - margin,
            last_date=max(event.ends_at for event in events).date() + margin,
        )
    return calendar.to_ical()
