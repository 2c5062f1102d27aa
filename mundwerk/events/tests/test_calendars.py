"""iCalendar files and feeds, read back with icalendar: right times across clock changes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from mundwerk.events import actions
from mundwerk.events.models import Event
from mundwerk.events.tests.conftest import details, make_event, make_group

BERLIN = ZoneInfo("Europe/Berlin")


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _next_year() -> int:
    return timezone.now().year + 1


def _parse(content: bytes) -> Calendar:
    calendar = Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar.get("PRODID")
    return calendar


def _events(calendar: Calendar) -> list:
    return [component for component in calendar.walk("VEVENT")]


def test_an_events_file_has_every_field_rfc_5545_asks_for(client, member, space):
    event = make_event(member, space, title="Kettenpflege", online_url="https://meet.example.org/x")
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert b"\r\n" in response.content  # RFC 5545 §3.1: lines end in CRLF
    calendar = _parse(response.content)
    (item,) = _events(calendar)
    assert str(item["UID"]).startswith(f"event-{event.pk}@")
    assert item["DTSTAMP"].dt.tzinfo is not None
    assert str(item["SUMMARY"]) == "Kettenpflege"
    assert "flicken" in str(item["DESCRIPTION"])
    assert str(item["LOCATION"]) == "Radwerk Südstadt, Musterstraße 12"
    assert str(item["URL"]).endswith(f"/events/{event.pk}/")
    assert str(item["STATUS"]) == "CONFIRMED"
    assert item["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert item["DTEND"].params["TZID"] == "Europe/Berlin"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


@pytest.mark.parametrize("month", [3, 10])
def test_times_stay_right_on_the_day_the_clocks_change(client, member, space, month):
    day = last_sunday(_next_year(), month)
    before = datetime.combine(day - timedelta(days=1), datetime.min.time().replace(hour=10))
    after = datetime.combine(day, datetime.min.time().replace(hour=10))
    for local in (before, after):
        make_event(
            member, space, title=f"Ausfahrt {local:%d.%m.}", starts_at=local.replace(tzinfo=BERLIN)
        )
    calendar = _parse(client.get(f"/s/{space.slug}/events.ics").content)
    starts = sorted(item["DTSTART"].dt for item in _events(calendar))
    assert [start.replace(tzinfo=None) for start in starts] == [before, after]
    offsets = [start.utcoffset() for start in starts]
    expected = (
        [timedelta(hours=1), timedelta(hours=2)]
        if month == 3
        else [timedelta(hours=2), timedelta(hours=1)]
    )
    assert offsets == expected
    assert [start.astimezone(UTC).hour for start in starts] == [
        10 - o.seconds // 3600 for o in expected
    ]


def test_a_night_across_the_autumn_change_lasts_one_hour_longer_than_the_clock_says(
    client, member, space
):
    day = last_sunday(_next_year(), 10)
    start = datetime.combine(day, datetime.min.time()).replace(tzinfo=BERLIN)  # 00:00 CEST
    end = datetime.combine(day, datetime.min.time().replace(hour=5)).replace(tzinfo=BERLIN)  # CET
    event = actions.create_event(
        organiser=member,
        space=space,
        details=details(title="Nachtfahrt", starts_at=start, hours=6),
    )
    Event.objects.filter(pk=event.pk).update(ends_at=end)
    (item,) = _events(_parse(client.get(f"/events/{event.pk}/event.ics").content))
    assert item["DTEND"].dt.replace(tzinfo=None).hour == 5
    real = item["DTEND"].dt.astimezone(UTC) - item["DTSTART"].dt.astimezone(UTC)
    assert real == timedelta(hours=6)
    assert item["DTEND"].dt.astimezone(UTC) == end.astimezone(UTC)


def test_a_cancelled_event_says_so_with_a_higher_sequence(client, member, space):
    event = make_event(member, space)
    actions.cancel_event(actor=member, event=event)
    (item,) = _events(_parse(client.get(f"/events/{event.pk}/event.ics").content))
    assert str(item["STATUS"]) == "CANCELLED"
    assert int(item["SEQUENCE"]) == 1


def test_events_in_other_zones_bring_their_own_time_zone(client, member, space):
    make_event(member, space, zone="America/New_York")
    make_event(member, space, zone="Europe/Berlin")
    calendar = _parse(client.get(f"/s/{space.slug}/events.ics").content)
    assert sorted(zone["TZID"] for zone in calendar.walk("VTIMEZONE")) == [
        "America/New_York",
        "Europe/Berlin",
    ]
    assert calendar.get_missing_tzids() == set()


def test_a_members_feed_shows_what_they_answered_and_works_without_logging_in(
    client, member, other_member, space
):
    going = make_event(member, space, title="Ich gehe hin")
    make_event(member, space, title="Nicht meins")
    declined = make_event(member, space, title="Abgesagt von mir")
    actions.respond_to_event(member=other_member, event=going, answer="going")
    actions.respond_to_event(member=other_member, event=declined, answer="not_going")
    token = actions.regenerate_calendar_token(member=other_member)
    response = client.get(f"/events/calendar/{token.token}.ics")
    assert response.status_code == 200
    titles = [str(item["SUMMARY"]) for item in _events(_parse(response.content))]
    assert titles == ["Ich gehe hin"]


def test_a_regenerated_or_revoked_calendar_address_stops_working(client, member):
    old = actions.regenerate_calendar_token(member=member)
    new = actions.regenerate_calendar_token(member=member)
    assert client.get(f"/events/calendar/{old.token}.ics").status_code == 404
    assert client.get(f"/events/calendar/{new.token}.ics").status_code == 200
    actions.revoke_calendar_token(member=member)
    assert client.get(f"/events/calendar/{new.token}.ics").status_code == 404


def test_a_private_groups_feed_opens_to_a_members_token_only(client, member, outsider):
    group = make_group(member)
    make_event(member, group, title="Geheimtreffen")
    mine = actions.regenerate_calendar_token(member=member)
    theirs = actions.regenerate_calendar_token(member=outsider)
    url = f"/s/{group.slug}/events.ics"
    assert client.get(url).status_code == 404
    assert client.get(url, {"token": theirs.token}).status_code == 404
    assert client.get(url, {"token": "falsch"}).status_code == 404
    response = client.get(url, {"token": mine.token})
    assert b"Geheimtreffen" in response.content
