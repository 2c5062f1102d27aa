"""The hidden-content matrix: what moderators hid, and what waits in the review queue,
shows only to its author and the space's moderators (and staff).

A hidden group shows only to its members and staff; a hidden profile's own
parts (display name, about text, website, avatar) only to the member and
staff. The second half of this file asks every place about those.

A public space with a hidden topic, a topic with a hidden reply and a held
reply, and a held topic, each carrying a marker. A visitor and an outsider
(who follows the author, the space and the tags, watches the topic, is
mentioned and bookmarked the posts before they were hidden) ask every place
that shows content; no marker may show. The author and a moderator of the
space see the markers on the topic pages (so the test can fail).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.core.tests.factories import make_space, make_topic, make_user
from mundwerk.live.changes import new_posts, topic_visible_to
from mundwerk.moderation import actions as moderation
from mundwerk.posts.actions import create_reply
from mundwerk.posts.models import Post, Topic
from mundwerk.social import actions as social
from mundwerk.spaces.models import Membership, Space

MARKERS = {
    "hidden_topic": "Versteckspiel",
    "hidden_reply": "Verborgenheit",
    "held_reply": "Wartezimmer",
    "held_topic": "Schwebezustand",
}


@dataclass
class World:
    author: User
    outsider: User
    moderator: User
    space: Space
    topics: dict[str, Topic]
    posts: dict[str, Post]


def _hold(post: Post) -> None:
    """What the spam rules do to a new post (trust.screening is the other engineer's)."""
    Post.objects.filter(pk=post.pk).update(held_at=timezone.now(), held_reason="Link")
    if post.number == 1:
        Topic.objects.filter(pk=post.topic_id).update(held_at=timezone.now())


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> Iterator[World]:
    author = make_user("autorin")
    outsider = make_user("outsider")
    moderator = make_user("aufsicht")
    staff = make_user("chefin", is_staff=True)
    space = make_space("Offen")
    Membership.objects.create(space=space, member=moderator, role=Membership.Role.MODERATOR)
    social.follow_member(follower=outsider, member=author)
    social.follow_space(member=outsider, space=space)
    topics: dict[str, Topic] = {}
    posts: dict[str, Post] = {}
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("hidden_topic", "held_topic"):
            marker = MARKERS[key]
            topics[key] = make_topic(
                author, space, title=f"{marker} Titel", body=f"{marker} @outsider #{marker.lower()}"
            )
        carrier = make_topic(author, space, title="Ganz normal", body="Offen für alle")
        social.set_topic_level(member=outsider, topic=carrier, level="watching")
        topics["carrier"] = carrier
        for key in ("hidden_reply", "held_reply"):
            marker = MARKERS[key]
            posts[key] = create_reply(
                author=author, topic=carrier, body=f"{marker} @outsider #{marker.lower()}"
            )
        for post in [*posts.values(), *(t.first_post for t in topics.values())]:
            social.bookmark_post(member=outsider, post=post)
        moderation.hide_item(moderator=staff, item=topics["hidden_topic"], reason="Streit")
        moderation.hide_item(moderator=moderator, item=posts["hidden_reply"], reason="Beleidigung")
    _hold(posts["held_reply"])
    _hold(topics["held_topic"].first_post)
    for topic in topics.values():
        topic.refresh_from_db()
    yield World(author, outsider, moderator, space, topics, posts)


def _places(world: World) -> list[str]:
    urls = [
        "/",
        "/tags/",
        f"/s/{world.space.slug}/",
        f"/u/{world.author.username}/",
        "/notifications/",
        "/bookmarks/",
        "/moderation/log/",
    ]
    for marker in MARKERS.values():
        urls.append(f"/tags/{marker.lower()}/")
    for topic in world.topics.values():
        urls.append(topic.get_absolute_url())
    for post in [*world.posts.values(), *(t.first_post for t in world.topics.values())]:
        urls += [f"/p/{post.pk}/", f"/p/{post.pk}/history/", f"/p/{post.pk}/quote/",
                 f"/p/{post.pk}/share/"]  # fmt: skip
    # Search, with words that find the content without echoing a marker.
    urls += ["/search/?q=Titel", "/search/?q=outsider", "/search/?q=by:autorin&sort=newest"]
    for marker in MARKERS.values():
        urls += [f"/search/?q={marker[:5]}*", f"/search/?q={marker[:5]}*&kind=tag"]
    urls.append("/search/suggest/?q=Tite")
    return urls


FEED_PLACES = ["/popular/", "/feed/", "/feed/latest/"]


def _text(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code < 500, url
    return response.content.decode().replace(url.split("?")[0], "")


@pytest.mark.parametrize("who", ["visitor", "outsider"])
def test_no_place_shows_hidden_or_held_content_to_others(world, client, who):
    if who == "outsider":
        client.force_login(world.outsider)
    for url in _places(world):
        text = _text(client, url)
        for marker in MARKERS.values():
            assert marker not in text, f"{marker} leaks to the {who} on {url}"
            assert marker.lower() not in text, f"{marker}'s tag leaks to the {who} on {url}"


@pytest.mark.parametrize("who", ["visitor", "outsider"])
def test_the_feed_shows_no_hidden_or_held_content_to_others(world, client, who):
    if who == "outsider":
        client.force_login(world.outsider)
    for url in FEED_PLACES:
        text = _text(client, url)
        for marker in MARKERS.values():
            assert marker not in text, f"{marker} leaks to the {who} on {url}"


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_the_author_and_the_moderators_see_it_with_the_reason(world, client, who):
    client.force_login(getattr(world, who))
    for key in ("hidden_topic", "held_topic"):
        text = _text(client, world.topics[key].get_absolute_url())
        assert MARKERS[key] in text
    text = _text(client, world.topics["carrier"].get_absolute_url())
    assert MARKERS["hidden_reply"] in text and MARKERS["held_reply"] in text
    assert "Hidden by moderators: Beleidigung" in text
    assert "Hidden by moderators: Streit" in _text(
        client, world.topics["hidden_topic"].get_absolute_url()
    )


def test_others_get_the_reason_in_place_of_a_hidden_reply(world, client):
    text = _text(client, world.topics["carrier"].get_absolute_url())
    assert "Hidden by moderators: Beleidigung" in text
    assert "Held for review" in text


def test_the_author_sees_their_own_held_post_on_their_profile(world, client):
    client.force_login(world.author)
    assert MARKERS["held_reply"] in _text(client, f"/u/{world.author.username}/")


def test_a_hidden_topic_is_not_found_for_others(world, client):
    client.force_login(world.outsider)
    for key in ("hidden_topic", "held_topic"):
        assert client.get(world.topics[key].get_absolute_url()).status_code == 404


def test_others_cannot_act_on_hidden_or_held_posts(world, client):
    client.force_login(world.outsider)
    for post in world.posts.values():
        for url in (f"/p/{post.pk}/like/", f"/p/{post.pk}/bookmark/", f"/p/{post.pk}/share/"):
            assert client.post(url, {"comment": "x"}).status_code in (403, 404), url


def test_the_live_stream_leaves_hidden_and_held_posts_out(world):
    carrier = world.topics["carrier"]
    numbers = {post.number for post in new_posts(carrier.pk, 0)}
    assert world.posts["hidden_reply"].number not in numbers
    assert world.posts["held_reply"].number not in numbers
    assert not topic_visible_to(world.outsider, world.topics["hidden_topic"].pk)
    assert topic_visible_to(world.moderator, world.topics["hidden_topic"].pk)


# A group and a profile staff hid.

GROUP_MARKERS = ("Schattenrunde", "Nebelwand", "Dunkelkammer", "Zwielicht")
PROFILE_MARKERS = ("Maskenball", "Larvenzeit", "larven.example")


@dataclass
class HiddenWorld:
    insider: User
    outsider: User
    masked: User
    staff: User
    group: Space
    topic: Topic
    late_reply: Post
    public_topic: Topic


@pytest.fixture
def hidden_world(db, django_capture_on_commit_callbacks) -> Iterator[HiddenWorld]:
    """A public group (name, description, topic, tag, event carry markers) and a member's
    profile (display name, about text, website, avatar), both hidden by staff.

    The outsider followed the group, its owner, the tag and the masked member,
    bookmarked the group's topic, and is mentioned in it before and after."""
    from mundwerk.accounts.actions import update_profile
    from mundwerk.core.tests.factories import image_upload
    from mundwerk.events.actions import EventDetails, create_event
    from mundwerk.posts.images import process_image

    staff = make_user("aufseherin", is_staff=True)
    insider = make_user("drinnen")
    outsider = make_user("draussen")
    masked = make_user("maskiert")
    carla = make_user("carla")
    update_profile(
        masked,
        display_name="Maskenball",
        bio="Larvenzeit *immer*",
        website="https://larven.example/",
        avatar=process_image(image_upload()),
    )
    group = make_space("Schattenrunde", kind=Space.Kind.GROUP, description="Nebelwand")
    Membership.objects.create(space=group, member=insider, role=Membership.Role.OWNER)
    open_space = make_space("Marktplatz")
    with django_capture_on_commit_callbacks(execute=True):
        social.follow_space(member=outsider, space=group)
        social.follow_member(follower=outsider, member=insider)
        social.follow_member(follower=outsider, member=masked)
        social.follow_member(follower=masked, member=carla)
        topic = make_topic(
            insider, group, title="Dunkelkammer Plan", body="Dunkelkammer @draussen #dunkelkammer"
        )
        social.follow_tag(member=outsider, tag=topic.tags.get())
        social.bookmark_post(member=outsider, post=topic.first_post)
        create_event(
            organiser=insider,
            space=group,
            details=EventDetails(
                title="Zwielicht-Treffen",
                description="Zwielicht",
                starts_at=timezone.now() + timedelta(days=2),
                ends_at=timezone.now() + timedelta(days=2, hours=2),
                time_zone="Europe/Berlin",
                location="Keller",
                online_url="",
                capacity=None,
            ),
        )
        public_topic = make_topic(masked, open_space, title="Offene Frage", body="Für alle da")
        from mundwerk.reviews.actions import create_review
        from mundwerk.reviews.models import Subject

        subject = Subject.objects.create(name="Laden", slug="laden")
        create_review(author=masked, subject=subject, stars=4, title="Gut", body="Prima Laden")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_item(moderator=staff, item=group, reason="Hetze")
        moderation.hide_item(moderator=staff, item=masked, reason="Anstößig")
        late_reply = create_reply(
            author=insider, topic=topic, body="Dunkelkammer nochmal @draussen"
        )
    masked.refresh_from_db()
    yield HiddenWorld(insider, outsider, masked, staff, group, topic, late_reply, public_topic)


def _hidden_places(world: HiddenWorld) -> list[str]:
    group, topic = world.group, world.topic
    return [
        "/",
        "/groups/",
        "/tags/",
        "/tags/dunkelkammer/",
        "/popular/",
        "/feed/",
        "/feed/latest/",
        "/events/",
        "/notifications/",
        "/bookmarks/",
        "/moderation/log/",
        f"/s/{group.slug}/",
        f"/s/{group.slug}/members/",
        f"/s/{group.slug}/events/",
        f"/s/{group.slug}/events.ics",
        topic.get_absolute_url(),
        f"/p/{topic.first_post.pk}/",
        f"/u/{world.insider.username}/",
        f"/u/{world.masked.username}/",
        f"/u/{world.masked.username}/following/",
        "/u/carla/followers/",
        f"/u/{world.outsider.username}/following/",
        world.public_topic.get_absolute_url(),
        "/reviews/laden/",
        # Search, with words that find them without echoing a marker.
        *(f"/search/?q={marker[:5]}*" for marker in (*GROUP_MARKERS, *PROFILE_MARKERS)),
        "/search/?q=Schatt*&kind=space",
        f"/search/?q={world.masked.username}&kind=member",
        "/search/?q=Plan",
        "/search/suggest/?q=Plan",
        f"/search/suggest/?q={world.masked.username}",
    ]


@pytest.mark.parametrize("who", ["visitor", "outsider"])
def test_no_place_shows_a_hidden_group_or_a_hidden_profile_s_parts_to_others(
    hidden_world, client, who
):
    if who == "outsider":
        client.force_login(hidden_world.outsider)
    avatar = hidden_world.masked.avatar.url
    for url in _hidden_places(hidden_world):
        text = _text(client, url)
        for marker in (*GROUP_MARKERS, *PROFILE_MARKERS, avatar):
            assert marker not in text, f"{marker} leaks to the {who} on {url}"
            assert marker.lower() not in text, f"{marker} leaks to the {who} on {url}"


def test_others_see_that_they_are_hidden_and_why(hidden_world, client):
    assert "Moderators hid this group: Hetze" in _text(client, f"/s/{hidden_world.group.slug}/")
    profile = _text(client, f"/u/{hidden_world.masked.username}/")
    assert "Moderators hid this profile: Anstößig" in profile
    assert "Offene Frage" in profile  # the member's posts are moderated one by one
    assert "Für alle da" in _text(client, hidden_world.public_topic.get_absolute_url())


def test_the_group_s_members_and_the_member_still_see_them(hidden_world, client):
    client.force_login(hidden_world.insider)
    for url in (f"/s/{hidden_world.group.slug}/", hidden_world.topic.get_absolute_url()):
        assert "Dunkelkammer" in _text(client, url)
    assert "Schattenrunde" in _text(client, "/groups/")
    client.force_login(hidden_world.masked)
    assert "Maskenball" in _text(client, f"/u/{hidden_world.masked.username}/")


def test_staff_see_both_with_the_reason_marked(hidden_world, client):
    client.force_login(hidden_world.staff)
    group_page = _text(client, f"/s/{hidden_world.group.slug}/")
    assert "Dunkelkammer" in group_page and "Hidden by moderators: Hetze" in group_page
    profile = _text(client, f"/u/{hidden_world.masked.username}/")
    assert "Maskenball" in profile and "Hidden by moderators: Anstößig" in profile


def test_no_notification_of_a_hidden_group_reaches_an_outsider(hidden_world):
    from mundwerk.notifications.models import Notification

    heard = Notification.objects.filter(recipient=hidden_world.outsider)
    # The mention before the group was hidden stays in the table, out of the
    # list (asked above); the one after it is never written.
    assert heard.filter(post=hidden_world.topic.first_post).exists()
    assert not heard.filter(post=hidden_world.late_reply).exists()


def test_outsiders_cannot_write_into_a_hidden_group(hidden_world, client):
    client.force_login(hidden_world.outsider)
    group, topic = hidden_world.group, hidden_world.topic
    for url, data in [
        (topic.get_absolute_url(), {"body": "Ich will rein"}),
        (f"/s/{group.slug}/new/", {"title": "Eingeschlichen", "body": "Hallo"}),
        (f"/s/{group.slug}/join/", {}),
        (f"/s/{group.slug}/follow/", {}),
        (f"/p/{topic.first_post.pk}/share/", {"comment": "weiter"}),
    ]:
        assert client.post(url, data).status_code in (403, 404), url
    assert not Topic.objects.filter(title="Eingeschlichen").exists()


def test_the_live_stream_refuses_a_hidden_group_s_topic_to_outsiders(hidden_world):
    assert not topic_visible_to(hidden_world.outsider, hidden_world.topic.pk)
    assert topic_visible_to(hidden_world.insider, hidden_world.topic.pk)
