"""A profile staff hid: the member's own words and pictures show to them and staff only.

Hiding is decided in moderation.actions (its tests cover the decision and
the log); here `set_profile_hidden` stands in for it, to test the reading rule.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from mundwerk.accounts import actions
from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import can_see_profile_parts
from mundwerk.core.tests.factories import image_upload, make_reply, make_topic, make_user
from mundwerk.posts.images import process_image
from mundwerk.social.actions import follow_member
from mundwerk.spaces.models import Membership, Space

REASON = "Beleidigender Name"
PARTS = ("Anna Anstößig", "Ich bin <strong>gemein</strong>", "https://anna.example/schimpf")


@pytest.fixture
def hidden(member: User) -> User:
    """anna with every profile part filled in, hidden by staff."""
    actions.update_profile(
        member,
        display_name="Anna Anstößig",
        bio="Ich bin **gemein**",
        website="https://anna.example/schimpf",
        avatar=process_image(image_upload()),
    )
    actions.set_profile_hidden(member, REASON)
    return User.objects.get(pk=member.pk)


def _page(viewer: User | None, url: str) -> str:
    client = Client(headers={"Accept-Language": "en"})
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_only_the_member_and_staff_see_a_hidden_profile_s_parts(hidden, other_member, staff):
    assert can_see_profile_parts(hidden, hidden)
    assert can_see_profile_parts(staff, hidden)
    assert not can_see_profile_parts(other_member, hidden)
    assert not can_see_profile_parts(AnonymousUser(), hidden)
    assert can_see_profile_parts(other_member, make_user("offen"))


def test_others_see_the_username_and_the_reason_only(hidden, other_member):
    for viewer in (None, other_member):
        page = _page(viewer, "/u/anna/")
        assert "<h1>anna</h1>" in page
        assert f"Moderators hid this profile: {REASON}" in page
        for part in PARTS:
            assert part not in page, part
        assert hidden.avatar.url not in page


def test_the_member_and_staff_see_every_part_with_the_reason_marked(hidden, staff):
    own = _page(hidden, "/u/anna/")
    assert f"Hidden by moderators: {REASON}. Others see only your username" in own
    staff_page = _page(staff, "/u/anna/")
    assert f"Hidden by moderators: {REASON}. Others see only the username" in staff_page
    for page in (own, staff_page):
        for part in PARTS:
            assert part in page, part
        assert hidden.avatar.url in page


def test_a_hidden_profile_s_posts_still_show_under_the_username(hidden, other_member, space):
    topic = make_topic(hidden, space, title="Kette springt", body="Was tun?")
    make_reply(hidden, topic, body="Neue Kette half.")

    profile = _page(other_member, "/u/anna/")
    assert "Kette springt" in profile and "Neue Kette half." in profile
    page = _page(other_member, topic.get_absolute_url())
    assert "Was tun?" in page and "Neue Kette half." in page
    assert "<strong>anna</strong>" in page
    assert "Anna Anstößig" not in page
    assert hidden.avatar.url not in page


def test_showing_the_profile_again_brings_every_part_back(hidden, other_member):
    actions.set_profile_hidden(hidden, None)

    page = _page(other_member, "/u/anna/")
    for part in PARTS:
        assert part in page, part
    assert "Moderators hid this profile" not in page


def test_a_hidden_profile_stays_in_follower_lists_under_its_username(hidden, other_member, staff):
    carla = make_user("carla")
    follow_member(follower=hidden, member=carla)
    follow_member(follower=other_member, member=carla)
    url = "/u/carla/followers/"

    for viewer in (other_member, None, staff, hidden):
        page = _page(viewer, url)
        assert 'href="/u/anna/">anna</a>' in page
        assert 'href="/u/bernd/"' in page
    for viewer in (other_member, None):
        assert "Anna Anstößig" not in _page(viewer, url)
    assert "2 followers" in _page(None, "/u/carla/")


def test_a_hidden_profile_stays_in_a_group_s_member_list_under_its_username(hidden, other_member):
    owner = make_user("gruenderin")
    group = Space.objects.create(name="Radtreff", slug="radtreff", kind=Space.Kind.GROUP)
    Membership.objects.create(space=group, member=owner, role=Membership.Role.OWNER)
    Membership.objects.create(space=group, member=hidden)
    Membership.objects.create(space=group, member=other_member)
    url = "/s/radtreff/members/"

    for viewer in (other_member, owner):
        page = _page(viewer, url)
        assert 'href="/u/anna/">anna</a>' in page
        assert 'href="/u/bernd/"' in page
        assert "Anna Anstößig" not in page
