"""A private or secret group's events show to its members and staff, and to nobody else."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mundwerk.events import actions, queries
from mundwerk.events.models import Event, Rsvp
from mundwerk.events.tests.conftest import join, make_event, make_group

SECRET_TITLE = "Geheime Werkstattnacht"


def _pages(event: Event) -> list[str]:
    slug = event.space.slug
    return [
        "/events/",
        "/events/past/",
        f"/s/{slug}/events/",
        f"/s/{slug}/events/past/",
        f"/s/{slug}/events.ics",
        f"/events/{event.pk}/",
        f"/events/{event.pk}/event.ics",
        f"/events/{event.pk}/edit/",
        f"/events/{event.pk}/cancel/",
    ]


@pytest.mark.parametrize("visibility", ["private", "secret"])
def test_an_outsider_never_sees_a_closed_groups_event_anywhere(member, outsider, visibility):
    group = make_group(member, visibility=visibility)
    upcoming = make_event(member, group, title=SECRET_TITLE)
    past = make_event(member, group, title=SECRET_TITLE + " (vorbei)")
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    token = actions.regenerate_calendar_token(member=outsider)
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(outsider)
    for client in (anonymous, logged_in):
        for event in (upcoming, past):
            for url in _pages(event):
                response = client.get(url)
                assert SECRET_TITLE.encode() not in response.content, url
                assert response.status_code in (200, 302, 404), url
            assert client.post(f"/events/{event.pk}/rsvp/", {"answer": "going"}).status_code == 404
        feed = client.get(f"/events/calendar/{token.token}.ics")
        assert SECRET_TITLE.encode() not in feed.content
        feed = client.get(f"/s/{group.slug}/events.ics", {"token": token.token})
        assert SECRET_TITLE.encode() not in feed.content
    assert queries.upcoming_in_space(outsider, group) == []
    assert not Rsvp.objects.exists()


def test_members_and_staff_see_the_groups_event_everywhere(member, other_member, staff):
    group = make_group(member)
    join(other_member, group)
    event = make_event(member, group, title=SECRET_TITLE)
    for reader in (other_member, staff):
        client = Client()
        client.force_login(reader)
        for url in ("/events/", f"/s/{group.slug}/events/", f"/events/{event.pk}/"):
            assert SECRET_TITLE in client.get(url).text, url
        assert SECRET_TITLE.encode() in client.get(f"/events/{event.pk}/event.ics").content
        assert queries.upcoming_in_space(reader, group) == [event]


def test_a_member_who_left_the_group_loses_its_events_from_their_calendar(
    client, member, other_member
):
    group = make_group(member)
    join(other_member, group)
    event = make_event(member, group, title=SECRET_TITLE)
    actions.respond_to_event(member=other_member, event=event, answer="going")
    token = actions.regenerate_calendar_token(member=other_member)
    assert SECRET_TITLE.encode() in client.get(f"/events/calendar/{token.token}.ics").content
    group.memberships.filter(member=other_member).delete()
    assert SECRET_TITLE.encode() not in client.get(f"/events/calendar/{token.token}.ics").content


def test_hidden_attendees_show_only_to_themselves_and_the_organiser(member, other_member, space):
    event = make_event(member, space)
    actions.respond_to_event(member=other_member, event=event, answer="going", is_hidden=True)
    stranger = Client(headers={"Accept-Language": "en"})
    page = stranger.get(f"/events/{event.pk}/").text
    assert "/u/bernd/" not in page
    assert "1 more who keep" in page
    for viewer in (other_member, member):
        client = Client(headers={"Accept-Language": "en"})
        client.force_login(viewer)
        assert "/u/bernd/" in client.get(f"/events/{event.pk}/").text
