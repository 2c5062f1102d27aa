"""The private-content matrix: a closed group's content never reaches a non-member.

One private and one secret group, each with a topic whose title, body and
tag carry a marker. Every place that lists or shows content is asked by a
visitor, an outsider (a member of the site, not of the groups, who follows
the author and the tag and is mentioned) and staff-less insiders; the marker
must never appear for the first two, and must appear for the insider where
the place shows such content at all (so the test can fail).

Each later feature adds its places to PLACES (and to the write checks below).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_space, make_topic, make_user
from mundwerk.events.actions import EventDetails, create_event
from mundwerk.events.models import Event
from mundwerk.live.changes import topic_visible_to
from mundwerk.notifications.models import Notification
from mundwerk.posts.actions import create_reply, like_post
from mundwerk.posts.models import Topic
from mundwerk.social import actions as social
from mundwerk.spaces.models import Membership, Space

MARKERS = {"private": "Geheimplan", "secret": "Tarnkappe"}


@dataclass
class World:
    insider: User
    outsider: User
    topics: dict[str, Topic]
    groups: dict[str, Space]
    events: dict[str, Event]


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> Iterator[World]:
    insider = make_user("insider")
    friend = make_user("freundin")
    outsider = make_user("outsider")
    social.follow_member(follower=outsider, member=insider)
    social.follow_member(follower=outsider, member=friend)
    public_space = make_space("Offen")
    make_topic(insider, public_space, title="Ganz offen", body="Für alle #offen")
    topics, groups, events = {}, {}, {}
    with django_capture_on_commit_callbacks(execute=True):
        for visibility, marker in MARKERS.items():
            # A secret group's very name is secret; a private group's is listed.
            name = f"{marker} Runde" if visibility == "secret" else "Private Runde"
            group = make_space(
                name,
                kind=Space.Kind.GROUP,
                visibility=visibility,
                join_policy=Space.JoinPolicy.INVITATION,
            )
            Membership.objects.create(space=group, member=insider, role=Membership.Role.OWNER)
            Membership.objects.create(space=group, member=friend)
            groups[visibility] = group
            topic = make_topic(
                insider,
                group,
                title=f"{marker} im Detail",
                body=f"{marker}: hallo @outsider, siehe #{marker.lower()}tag",
            )
            create_reply(author=insider, topic=topic, body=f"Antwort mit {marker}")
            topics[visibility] = topic
            # The outsider follows the tag and hears of likes by people they follow.
            social.follow_tag(member=outsider, tag=topic.tags.get())
            like_post(user=friend, post=topic.first_post)
            events[visibility] = create_event(
                organiser=insider,
                space=group,
                details=EventDetails(
                    title=f"{marker}-Treffen",
                    description=f"Wir besprechen {marker}.",
                    starts_at=timezone.now() + timedelta(days=2),
                    ends_at=timezone.now() + timedelta(days=2, hours=2),
                    time_zone="Europe/Berlin",
                    location=f"{marker}-Keller",
                    online_url="",
                    capacity=None,
                ),
            )
    yield World(insider, outsider, topics, groups, events)


def _places(world: World, visibility: str) -> list[str]:
    topic = world.topics[visibility]
    group = world.groups[visibility]
    first = topic.first_post
    assert first is not None
    tag = topic.tags.get().name
    return [
        "/",
        "/popular/",
        "/feed/",
        "/feed/latest/",
        "/tags/",
        f"/tags/{tag}/",
        topic.get_absolute_url(),
        f"{topic.get_absolute_url()}?page=1",
        f"/p/{first.pk}/",
        f"/p/{first.pk}/history/",
        f"/p/{first.pk}/quote/",
        f"/p/{first.pk}/share/",
        f"/s/{group.slug}/",
        f"/s/{group.slug}/members/",
        f"/s/{group.slug}/new/",
        "/groups/",
        "/events/",
        "/events/past/",
        world.events[visibility].get_absolute_url(),
        f"{world.events[visibility].get_absolute_url()}event.ics",
        f"/s/{group.slug}/events/",
        f"/s/{group.slug}/events.ics",
        f"/u/{world.insider.username}/",
        "/notifications/",
        "/bookmarks/",
        # Search: words of the closed content that do not echo the marker itself.
        "/search/?q=Detail",
        "/search/?q=Antwort",
        "/search/?q=Detail&sort=newest",
        f"/search/?q={MARKERS[visibility][:5]}*",
        "/search/?q=Treffen&kind=event",
        "/search/?q=Runde&kind=space",
        f"/search/?q=by:{world.insider.username}",
        "/search/?q=hallo&kind=topic",
        "/search/suggest/?q=Detai",
        # Not /settings/connections/: it lists only what the reader chose to
        # follow (here the tag's name, which they typed); closed groups
        # themselves cannot be followed from outside (see the writes below).
    ]


def _get(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url, follow=True)
    assert response.status_code < 500, url
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("visibility", list(MARKERS))
@pytest.mark.parametrize("who", ["visitor", "outsider"])
def test_no_place_shows_a_closed_group_s_content_to_a_non_member(world, client, who, visibility):
    if who == "outsider":
        client.force_login(world.outsider)
    marker = MARKERS[visibility]
    for url in _places(world, visibility):
        _status, text = _get(client, url)
        # The page may echo the address asked for (login and language links).
        text = text.replace(url.split("?")[0], "")
        assert marker not in text, f"{marker} leaks to the {who} on {url}"
        assert marker.lower() not in text, f"{marker}'s tag leaks to the {who} on {url}"


@pytest.mark.parametrize("visibility", list(MARKERS))
def test_the_insider_sees_the_group_s_content(world, client, visibility):
    client.force_login(world.insider)
    marker = MARKERS[visibility]
    topic = world.topics[visibility]
    group = world.groups[visibility]
    for url in [
        topic.get_absolute_url(),
        f"/s/{group.slug}/",
        "/events/",
        world.events[visibility].get_absolute_url(),
        f"/s/{group.slug}/events.ics",
        "/search/?q=Detail",
        "/search/?q=Treffen&kind=event",
        "/search/suggest/?q=Detai",
    ]:
        _status, text = _get(client, url)
        assert marker in text, url


def test_a_secret_group_s_page_is_not_found_for_outsiders(world, client):
    client.force_login(world.outsider)
    assert client.get(f"/s/{world.groups['secret'].slug}/").status_code == 404
    assert client.get(world.topics["secret"].get_absolute_url()).status_code == 404


def test_a_private_group_s_topic_is_not_found_for_outsiders(world, client):
    assert client.get(world.topics["private"].get_absolute_url()).status_code == 404
    client.force_login(world.outsider)
    assert client.get(world.topics["private"].get_absolute_url()).status_code == 404


def test_no_notification_or_email_about_a_closed_group_reaches_an_outsider(world):
    rows = Notification.objects.filter(recipient=world.outsider)
    assert not rows.exclude(post__isnull=True).exists()
    for marker in MARKERS.values():
        for message in mail.outbox:
            assert marker not in message.subject + message.body, message.subject


@pytest.mark.parametrize("visibility", list(MARKERS))
def test_an_outsider_cannot_act_on_a_closed_group_s_posts(world, client, visibility):
    client.force_login(world.outsider)
    topic = world.topics[visibility]
    first = topic.first_post
    group = world.groups[visibility]
    writes: list[tuple[str, dict[str, str]]] = [
        (topic.get_absolute_url(), {"body": "Ich will auch"}),
        (f"/p/{first.pk}/like/", {}),
        (f"/p/{first.pk}/bookmark/", {}),
        (f"/p/{first.pk}/share/", {"comment": "weitersagen"}),
        (f"/t/{topic.pk}/notifications/", {"level": "watching"}),
        (f"/s/{group.slug}/follow/", {}),
        (f"/s/{group.slug}/new/", {"title": "Eingeschlichen", "body": "Hallo"}),
        (f"/events/{world.events[visibility].pk}/rsvp/", {"answer": "going"}),
        (f"/s/{group.slug}/join/", {}),
    ]
    posts_before = topic.post_count
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code in (403, 404), (url, response.status_code)
    topic.refresh_from_db()
    assert topic.post_count == posts_before
    assert not Topic.objects.filter(title="Eingeschlichen").exists()


@pytest.mark.parametrize("visibility", list(MARKERS))
def test_the_live_stream_refuses_a_closed_group_s_topic_to_an_outsider(world, visibility):
    topic = world.topics[visibility]
    assert not topic_visible_to(world.outsider, topic.pk)
    assert topic_visible_to(world.insider, topic.pk)


def test_leaving_a_group_ends_access_at_once(world, client):
    topic = world.topics["private"]
    newcomer = make_user("newcomer")
    membership = Membership.objects.create(space=world.groups["private"], member=newcomer)
    client.force_login(newcomer)
    assert client.get(topic.get_absolute_url()).status_code == 200
    membership.delete()
    assert client.get(topic.get_absolute_url()).status_code == 404
