"""A group staff hid: closed to outsiders like a private group, open to its members as before.

Hiding is decided in moderation.actions (its tests cover the decision and
the log); here `set_group_hidden` stands in for it, to test the reading rule.
"""

import pytest
from django.core.exceptions import PermissionDenied

from mundwerk.core.tests.factories import make_topic
from mundwerk.posts.queries import latest_topics
from mundwerk.spaces import actions
from mundwerk.spaces.models import JoinRequest, Membership, Space
from mundwerk.spaces.permissions import (
    can_answer_requests,
    can_approve_requests,
    can_ask_to_join,
    can_invite_to_group,
    can_join_space,
    can_post_in_space,
    can_read_space,
    can_see_space,
    check_invite_to_group,
    unreadable_space_ids,
)
from mundwerk.spaces.queries import group_directory, pending_invitations_for, public_groups_of
from mundwerk.spaces.tests.conftest import make_group

REASON = "Hetze gegen Nachbarn"


@pytest.fixture
def hidden(group, carla):
    """anna's public, open group with carla as a member, hidden by staff."""
    actions.join_group(member=carla, space=group)
    make_topic(carla, group, title="Sonntagsrunde", body="Wer kommt mit?")
    actions.set_group_hidden(group, REASON)
    return Space.objects.get(pk=group.pk)


def _directory(viewer) -> list[Space]:
    return list(group_directory(viewer, 1).object_list)


def test_a_hidden_group_is_read_only_by_its_members_and_staff(
    hidden, owner, carla, other_member, staff
):
    from django.contrib.auth.models import AnonymousUser

    for reader in (owner, carla, staff):
        assert can_read_space(reader, hidden)
        assert hidden.pk not in unreadable_space_ids(reader)
    for outsider in (other_member, AnonymousUser()):
        assert not can_read_space(outsider, hidden)
        assert hidden.pk in unreadable_space_ids(outsider)
        assert can_see_space(outsider, hidden)  # its page says that it is hidden


def test_a_hidden_group_leaves_the_directory_and_profiles_for_outsiders(
    hidden, owner, carla, other_member, staff
):
    from django.contrib.auth.models import AnonymousUser

    assert hidden not in _directory(other_member)
    assert hidden not in _directory(AnonymousUser())
    assert public_groups_of(carla) == []
    for reader in (owner, carla, staff):
        assert hidden in _directory(reader)


def test_its_topics_leave_the_site_wide_lists(hidden):
    assert [topic.title for topic in latest_topics()] == []
    actions.set_group_hidden(hidden, None)
    assert [topic.title for topic in latest_topics()] == ["Sonntagsrunde"]


def test_members_still_write_in_a_hidden_group(hidden, owner, carla):
    assert can_post_in_space(carla, hidden)
    assert can_post_in_space(owner, hidden)


def test_nobody_joins_asks_or_is_invited_into_a_hidden_group(hidden, owner, other_member):
    assert not can_join_space(other_member, hidden)
    assert not can_ask_to_join(other_member, hidden)
    assert not can_invite_to_group(owner, hidden)
    with pytest.raises(PermissionDenied, match="Moderators hid this group"):
        check_invite_to_group(owner, hidden)
    with pytest.raises(PermissionDenied):
        actions.join_group(member=other_member, space=hidden)


def test_a_join_request_waits_while_the_group_is_hidden(owner, other_member, staff):
    group = make_group(owner, name="Bittsteller", join_policy=Space.JoinPolicy.REQUEST)
    request = actions.ask_to_join(member=other_member, space=group)
    assert can_approve_requests(owner, group)
    actions.set_group_hidden(group, REASON)
    for moderator in (owner, staff):
        assert can_answer_requests(moderator, group)
        assert not can_approve_requests(moderator, group)
        with pytest.raises(PermissionDenied, match="Moderators hid this group"):
            actions.approve_request(join_request=request, moderator=moderator)
    assert not Membership.objects.filter(space=group, member=other_member).exists()
    actions.decline_request(join_request=request, moderator=owner)
    request.refresh_from_db()
    assert request.answer == JoinRequest.Answer.DECLINED


def test_the_requests_page_of_a_hidden_group_offers_no_approval(client, owner, other_member):
    group = make_group(owner, name="Bittsteller", join_policy=Space.JoinPolicy.REQUEST)
    request = actions.ask_to_join(member=other_member, space=group, message="Darf ich?")
    client.force_login(owner)
    url = f"/s/{group.slug}/requests/"
    assert 'value="approve"' in client.get(url).text
    actions.set_group_hidden(group, REASON)

    page = client.get(url).text
    assert "Darf ich?" in page and 'value="decline"' in page
    assert 'value="approve"' not in page
    assert "Moderators hid this group: nobody can join it for now." in page
    response = client.post(f"{url}{request.pk}/", {"action": "approve"})
    assert response.status_code == 403
    assert "Moderators hid this group" in response.text
    assert not Membership.objects.filter(space=group, member=other_member).exists()


def test_an_invitation_to_a_hidden_group_cannot_be_used(group, owner, other_member):
    invitation = actions.invite_member(space=group, inviter=owner, invitee=other_member, days=7)
    actions.set_group_hidden(group, REASON)
    assert pending_invitations_for(other_member).count() == 0
    invitation.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Moderators hid this group"):
        actions.accept_invitation(invitation=invitation, member=other_member)


def test_showing_a_group_again_opens_it_to_everyone(hidden, other_member):
    actions.set_group_hidden(hidden, None)
    hidden.refresh_from_db()
    assert hidden.hidden_at is None and hidden.hidden_reason == ""
    assert can_read_space(other_member, hidden)
    assert hidden in _directory(other_member)


def test_hiding_a_group_counts_up_its_version_for_cached_lists(group):
    before = Space.objects.get(pk=group.pk).version
    actions.set_group_hidden(group, REASON)
    assert Space.objects.get(pk=group.pk).version == before + 1


# The group page


def test_outsiders_see_only_that_the_group_is_hidden_and_why(hidden, client, other_member):
    for who in (None, other_member):
        if who is not None:
            client.force_login(who)
        page = client.get(hidden.get_absolute_url()).content.decode()
        assert "Hidden group" in page
        assert f"Moderators hid this group: {REASON}" in page
        assert "Radtreff" not in page
        assert "Wir fahren zusammen" not in page
        assert "Sonntagsrunde" not in page


def test_members_and_staff_see_the_group_with_the_reason_marked(hidden, client, carla, staff):
    for who in (carla, staff):
        client.force_login(who)
        page = client.get(hidden.get_absolute_url()).content.decode()
        assert "Radtreff" in page and "Sonntagsrunde" in page
        assert f"Hidden by moderators: {REASON}." in page


def test_a_secret_hidden_group_stays_unknown_to_outsiders(secret_group, client, other_member):
    actions.set_group_hidden(secret_group, REASON)
    client.force_login(other_member)
    assert client.get(secret_group.get_absolute_url()).status_code == 404


# Pages elsewhere that mention the group: its name only for members and staff


def _seen_by(client, who, url: str, data: dict | None = None) -> str:
    client.force_login(who)
    response = client.get(url) if data is None else client.post(url, data, follow=True)
    assert response.status_code == 200, url
    return response.text


def test_muting_a_hidden_group_names_it_only_to_its_members(hidden, client, carla, other_member):
    url = f"/s/{hidden.slug}/mute/"
    outsider = _seen_by(client, other_member, url, {"action": "mute"})
    assert "You muted the hidden group." in outsider
    assert "Radtreff" not in outsider
    insider = _seen_by(client, carla, url, {"action": "mute"})
    assert "You muted the space Radtreff." in insider


def test_the_connections_page_names_a_hidden_group_only_to_its_members(
    hidden, client, carla, other_member
):
    from mundwerk.social.actions import mute_space

    for who in (other_member, carla):
        mute_space(member=who, space=hidden)
    outsider = _seen_by(client, other_member, "/settings/connections/")
    assert "Hidden group" in outsider
    assert "Radtreff" not in outsider
    assert "Radtreff" in _seen_by(client, carla, "/settings/connections/")


def test_the_flag_page_names_a_hidden_group_only_to_its_members_and_staff(
    hidden, client, carla, other_member, staff
):
    url = f"/flag/group/{hidden.pk}/"
    outsider = _seen_by(client, other_member, url)
    assert "Hidden group" in outsider
    assert "Radtreff" not in outsider
    for insider in (carla, staff):
        assert "Radtreff" in _seen_by(client, insider, url)


def test_an_invitation_link_names_a_hidden_group_only_to_its_members(
    group, owner, client, carla, other_member
):
    actions.join_group(member=carla, space=group)
    link = actions.create_invitation_link(space=group, inviter=owner)
    actions.set_group_hidden(group, REASON)
    url = link.get_absolute_url()
    outsider = _seen_by(client, other_member, url)
    assert "Invitation to the group Hidden group" in outsider
    assert "Moderators hid this group: nobody can join it for now." in outsider
    assert "Radtreff" not in outsider and "Wir fahren zusammen" not in outsider
    assert "Invitation to the group Radtreff" in _seen_by(client, carla, url)
