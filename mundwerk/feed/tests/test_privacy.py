"""A private or secret group's topics never reach a non-member's feed, whatever they follow."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mundwerk.core.tests.factories import make_reply, make_space, make_topic, make_user
from mundwerk.feed.queries import FOR_YOU, LATEST, home_feed
from mundwerk.posts import actions
from mundwerk.posts.models import Post, Tag, Topic
from mundwerk.social.models import MemberFollow, Share, SpaceFollow, TagFollow
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import forget_spaces_of

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "Nur für Mitglieder"


@pytest.fixture
def ticking():
    with time_machine.travel(START, tick=True):
        yield


def _join(group, *people):
    for person in people:
        Membership.objects.create(space=group, member=person, role="member")
        forget_spaces_of(person)


def _follow_everything(reader, group, tag, people):
    for person in people:
        MemberFollow.objects.create(follower=reader, followed=person)
    SpaceFollow.objects.create(member=reader, space=group)
    TagFollow.objects.create(member=reader, tag=tag)


@pytest.fixture
def community(ticking, member, other_member):
    """A private group whose topic is written, replied to, liked and shared by members
    `member` follows, under a tag `member` follows; and 45 public topics around it."""
    carla, dora, emil = make_user("carla"), make_user("dora"), make_user("emil")
    people = [other_member, carla, dora, emil]
    public = make_space("Offen")
    for number in range(45):
        make_topic(
            people[number % 4], public, title=f"Offen {number}", body=f"Hallo {number} #geheim"
        )
    tag = Tag.objects.get(name="geheim")
    secret = {}
    for visibility in ("private", "secret"):
        group = Space.objects.create(
            name=f"Club {visibility}",
            slug=f"club-{visibility}",
            kind="group",
            visibility=visibility,
        )
        _join(group, *people)
        topic = make_topic(
            other_member, group, title=f"{SECRET} {visibility}", body=f"Psst {visibility} #geheim"
        )
        make_reply(emil, topic, body=f"Unter uns, {visibility}")
        actions.like_post(user=carla, post=topic.first_post)
        Share.objects.create(sharer=dora, post=topic.first_post, comment="Lesenswert")
        secret[visibility] = group
    _follow_everything(member, secret["private"], tag, people)
    SpaceFollow.objects.create(member=member, space=secret["secret"])
    return secret


def _every_title(client, name):
    """Follow the "More" links from the first page to the end; every title seen, in order."""
    seen: list[str] = []
    url = reverse(name)
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [item.topic.title for item in response.context["items"]]
        cursor = response.context["next_cursor"]
        url = f"{reverse(name)}?cursor={cursor}" if cursor else ""
    return seen


@pytest.mark.parametrize("tab", ["feed:for_you", "feed:latest", "feed:popular"])
def test_non_member_following_everyone_involved_never_sees_a_group_topic(
    client, community, member, tab
):
    client.force_login(member)

    seen = _every_title(client, tab)

    assert len(seen) == 45  # every public topic, over several pages
    assert not [title for title in seen if title.startswith(SECRET)]


@pytest.mark.parametrize("tab", ["feed:for_you", "feed:latest", "feed:popular"])
def test_group_member_sees_the_group_topic_in_every_tab(client, community, member, tab):
    for group in community.values():
        _join(group, member)
    client.force_login(member)

    seen = _every_title(client, tab)

    assert f"{SECRET} private" in seen
    # The secret group is followed as a space only; Popular shows it to members as well.
    assert f"{SECRET} secret" in seen
    assert len(seen) == 47 and len(set(seen)) == 47


def test_logged_out_popular_never_shows_a_group_topic(client, community):
    seen = _every_title(client, "feed:popular")

    assert len(seen) == 45
    assert not [title for title in seen if title.startswith(SECRET)]


def test_leaving_a_group_takes_its_topics_out_of_the_feed(client, community, member):
    group = community["private"]
    _join(group, member)
    client.force_login(member)
    assert f"{SECRET} private" in _every_title(client, "feed:latest")

    Membership.objects.filter(space=group, member=member).delete()

    assert f"{SECRET} private" not in _every_title(client, "feed:latest")
    assert f"{SECRET} private" not in _every_title(client, "feed:for_you")


def test_a_deleted_space_leaves_every_feed(client, ticking, member, other_member):
    space = make_space("Bald weg")
    MemberFollow.objects.create(follower=member, followed=other_member)
    make_topic(other_member, space, title="Verschwindet")
    space.deleted_at = START + timedelta(minutes=1)
    space.save(update_fields=["deleted_at"])
    client.force_login(member)

    for tab in ("feed:for_you", "feed:latest", "feed:popular"):
        assert _every_title(client, tab) == []


@pytest.mark.parametrize("followed", ["author", "replier", "liker", "sharer", "tag", "space"])
@pytest.mark.parametrize("tab", [FOR_YOU, LATEST])
def test_each_source_keeps_a_private_group_topic_from_a_non_member(
    ticking, member, other_member, followed, tab
):
    group = Space.objects.create(name="Club", slug="club", kind="group", visibility="private")
    replier, liker, sharer = make_user("emil"), make_user("carla"), make_user("dora")
    _join(group, other_member, replier, liker, sharer)
    topic = make_topic(other_member, group, title=SECRET, body="Psst #geheim")
    make_reply(replier, topic)
    actions.like_post(user=liker, post=topic.first_post)
    Share.objects.create(sharer=sharer, post=topic.first_post)
    people = {"author": other_member, "replier": replier, "liker": liker, "sharer": sharer}
    if followed in people:
        MemberFollow.objects.create(follower=member, followed=people[followed])
    elif followed == "tag":
        TagFollow.objects.create(member=member, tag=Tag.objects.get(name="geheim"))
    else:
        SpaceFollow.objects.create(member=member, space=group)

    def titles():
        page = home_feed(member, tab, None, timezone.now())
        return [item.topic.title for item in page.items]

    assert titles() == []
    _join(group, member)
    assert titles() == [SECRET]


@pytest.mark.parametrize("withheld", ["hidden_at", "held_at"])
def test_hidden_and_held_posts_and_topics_stay_out_of_every_feed(
    client, ticking, member, other_member, withheld
):
    space = make_space("Offen")
    MemberFollow.objects.create(follower=member, followed=other_member)
    SpaceFollow.objects.create(member=member, space=space)
    topic = make_topic(other_member, space, title="Zurückgehalten")
    kept = make_topic(other_member, space, title="Sichtbar")
    reply = make_reply(other_member, kept, body="Versteckte Antwort")
    Topic.objects.filter(pk=topic.pk).update(**{withheld: START})
    Post.objects.filter(pk__in=[topic.first_post_id, reply.pk]).update(**{withheld: START})
    client.force_login(member)

    for tab in ("feed:for_you", "feed:latest", "feed:popular"):
        response = client.get(reverse(tab))
        assert [item.topic.title for item in response.context["items"]] == ["Sichtbar"]
        assert "Versteckte Antwort" not in response.text
