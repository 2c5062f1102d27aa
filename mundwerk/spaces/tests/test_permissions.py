from django.contrib.auth.models import AnonymousUser

from mundwerk.spaces import actions
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import (
    can_answer_requests,
    can_ask_to_join,
    can_invite_to_group,
    can_join_space,
    can_leave_space,
    can_manage_group,
    can_read_space,
    can_remove_member,
    can_see_invitation,
    can_see_space,
    can_set_role,
    invitation_problem,
)

VISITOR = AnonymousUser()


def test_a_public_group_is_read_by_everyone(group, other_member):
    assert can_read_space(VISITOR, group) and can_read_space(other_member, group)


def test_a_private_group_is_listed_but_read_only_by_members_and_staff(
    private_group, owner, other_member, staff
):
    assert can_see_space(VISITOR, private_group) and can_see_space(other_member, private_group)
    assert not can_read_space(VISITOR, private_group)
    assert not can_read_space(other_member, private_group)
    assert can_read_space(owner, private_group) and can_read_space(staff, private_group)


def test_a_secret_group_is_known_only_to_its_members_and_staff(
    secret_group, owner, other_member, staff
):
    assert not can_see_space(VISITOR, secret_group)
    assert not can_see_space(other_member, secret_group)
    assert can_see_space(owner, secret_group) and can_see_space(staff, secret_group)


def test_outsiders_cannot_join_ask_or_invite_into_a_secret_group(secret_group, other_member):
    assert not can_join_space(other_member, secret_group)
    assert not can_ask_to_join(other_member, secret_group)
    assert not can_invite_to_group(other_member, secret_group)


def test_the_join_policy_decides_between_joining_and_asking(group, private_group, other_member):
    assert can_join_space(other_member, group) and not can_ask_to_join(other_member, group)
    assert can_ask_to_join(other_member, private_group)
    assert not can_join_space(other_member, private_group)


def test_visitors_and_unverified_members_cannot_join(group, unverified):
    assert not can_join_space(VISITOR, group) and not can_join_space(unverified, group)


def test_who_may_invite_follows_role_and_policy(group, secret_group, owner, other_member, carla):
    actions.join_group(member=other_member, space=group)
    Membership.objects.create(space=secret_group, member=other_member)
    Membership.objects.create(space=secret_group, member=carla, role=Membership.Role.MODERATOR)
    assert can_invite_to_group(other_member, group)
    assert not can_invite_to_group(other_member, secret_group)
    assert can_invite_to_group(carla, secret_group) and can_invite_to_group(owner, secret_group)
    assert not can_invite_to_group(VISITOR, group)


def test_moderators_cannot_touch_the_owner_or_each_other(group, owner, other_member, carla, staff):
    Membership.objects.create(space=group, member=other_member, role=Membership.Role.MODERATOR)
    Membership.objects.create(space=group, member=carla, role=Membership.Role.MODERATOR)
    assert not can_remove_member(other_member, group, carla)
    assert not can_remove_member(other_member, group, owner)
    assert not can_remove_member(other_member, group, other_member)
    assert can_remove_member(owner, group, carla) and can_remove_member(staff, group, carla)
    assert not can_remove_member(staff, group, owner)


def test_only_the_owner_and_staff_manage_the_group_and_its_roles(group, owner, other_member, staff):
    Membership.objects.create(space=group, member=other_member, role=Membership.Role.MODERATOR)
    assert can_manage_group(owner, group) and can_manage_group(staff, group)
    assert not can_manage_group(other_member, group)
    assert can_answer_requests(other_member, group)
    assert can_set_role(owner, group, other_member) and not can_set_role(owner, group, owner)
    assert not can_set_role(other_member, group, owner)


def test_categories_are_no_groups_to_run_or_leave(space, staff, member):
    assert not can_manage_group(staff, space) and not can_answer_requests(member, space)
    assert not can_leave_space(member, space) and not can_join_space(member, space)


def test_owners_cannot_leave_members_can(group, owner, other_member):
    actions.join_group(member=other_member, space=group)
    assert not can_leave_space(owner, group) and can_leave_space(other_member, group)


def test_an_invitation_by_name_shows_to_its_invitee_and_the_groups_moderators(
    secret_group, owner, other_member, carla
):
    invitation = actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    assert can_see_invitation(other_member, invitation) and can_see_invitation(owner, invitation)
    assert not can_see_invitation(carla, invitation)
    link = actions.create_invitation_link(space=secret_group, inviter=owner)
    assert can_see_invitation(carla, link)
    assert invitation_problem(carla, link) == ""
    assert "already a member" in invitation_problem(owner, link)


def test_a_private_group_becoming_public_is_readable_by_all(private_group, owner, other_member):
    actions.edit_group(
        space=private_group,
        editor=owner,
        name=private_group.name,
        description="",
        visibility=Space.Visibility.PUBLIC,
        join_policy=Space.JoinPolicy.OPEN,
    )
    assert can_read_space(other_member, private_group)
