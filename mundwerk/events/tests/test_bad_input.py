"""Hostile input to event forms, answers and calendars: a clear answer, never a 500."""

from urllib.parse import quote

from django.test import Client
from icalendar import Calendar

from mundwerk.events.models import Event
from mundwerk.events.tests.test_views import _form
from mundwerk.posts.tests.test_bad_input import naughty_strings, needs_corpora


@needs_corpora
def test_naughty_strings_never_break_the_event_pages_or_calendars(member, space):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    client.force_login(member)
    strings = naughty_strings()
    assert len(strings) > 500
    new = f"/s/{space.slug}/events/new/"
    for number, text in enumerate(strings[::8]):  # a spread sample keeps this under a minute
        response = client.post(
            new, _form(title=text, description=text, location=text or "Ort", time_zone=text)
        )
        assert response.status_code == 200, (number, text)  # the zone is refused
        response = client.post(new, _form(title=text, description=text, location=f"Ort {text}"))
        assert response.status_code in (200, 302), (number, text)
        response = client.post(new, _form(online_url=text, capacity=text, start_time=text))
        assert response.status_code == 200, (number, text)
        for path in ("/events/{}/", "/s/{}/events/", "/events/calendar/{}.ics"):
            assert client.get(path.format(quote(text, safe=""))).status_code in (200, 404), path
    events = list(Event.objects.all())
    assert events
    event = events[-1]
    assert client.post(f"/events/{event.pk}/rsvp/", {"answer": strings[10]}).status_code == 302
    for event in events[:40]:
        response = client.get(f"/events/{event.pk}/")
        assert response.status_code == 200
        assert "<script>" not in response.text
        Calendar.from_ical(client.get(f"/events/{event.pk}/event.ics").content)
    feed = client.get(f"/s/{space.slug}/events.ics")
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == len(events)
    assert client.get("/events/").status_code == 200
