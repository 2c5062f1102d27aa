from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mundwerk.core.tests.factories import image_upload, make_topic, make_user
from mundwerk.notifications.models import Notification
from mundwerk.posts.images import process_image
from mundwerk.posts.models import Topic
from mundwerk.social import actions as social_actions
from mundwerk.social.models import SpaceFollow
from mundwerk.spaces import actions
from mundwerk.spaces.models import Ban, Invitation, JoinRequest, Membership, Space
from mundwerk.spaces.permissions import can_post_in_space, can_read_space, unreadable_space_ids
from mundwerk.spaces.tests.conftest import make_group


def _role(space, member):
    return (
        Membership.objects.filter(space=space, member=member).values_list("role", flat=True).first()
    )


def _count(space):
    space.refresh_from_db()
    return space.member_count


def test_the_founder_owns_a_new_group_with_a_slug_from_its_name(owner):
    group = make_group(owner, name="Rad & Tour: Über Berge!")
    assert group.kind == Space.Kind.GROUP and group.slug == "rad-tour-uber-berge"
    assert _role(group, owner) == Membership.Role.OWNER and _count(group) == 1
    assert group.created_by == owner


def test_slugs_stay_unique_for_equal_names(owner):
    first, second = make_group(owner, name="Radtreff"), make_group(owner, name="Radtreff")
    third = make_group(owner, name="!!!")
    assert (first.slug, second.slug) == ("radtreff", "radtreff-2")
    assert third.slug == "group"


def test_a_group_keeps_its_cover_picture(owner):
    group = make_group(owner, cover=process_image(image_upload()))
    assert group.cover.name.startswith("covers/") and group.cover.name.endswith(".webp")


def test_an_unverified_member_cannot_found_a_group(unverified):
    with pytest.raises(PermissionDenied):
        make_group(unverified)
    assert not Space.objects.exists()


def test_joining_an_open_group_counts_the_member_once(group, other_member):
    actions.join_group(member=other_member, space=group)
    with pytest.raises(PermissionDenied):
        actions.join_group(member=other_member, space=group)
    assert _count(group) == 2 and _role(group, other_member) == Membership.Role.MEMBER


def test_joining_makes_a_private_group_readable_at_once(owner, other_member):
    group = make_group(owner, visibility=Space.Visibility.PRIVATE)
    assert group.pk in unreadable_space_ids(other_member)
    actions.join_group(member=other_member, space=group)
    assert group.pk not in unreadable_space_ids(other_member)  # the memo was forgotten


def test_a_request_reaches_the_moderators_and_its_answer_the_member(
    private_group, owner, other_member, carla, committed
):
    with pytest.raises(PermissionDenied):
        actions.join_group(member=other_member, space=private_group)
    Membership.objects.create(space=private_group, member=carla, role=Membership.Role.MODERATOR)
    with committed():
        request = actions.ask_to_join(member=other_member, space=private_group, message="Bitte!")
    told = Notification.objects.filter(what="group_join_request")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["anna", "carla"]
    assert told.first().link == f"/s/{private_group.slug}/requests/"
    with pytest.raises(PermissionDenied):
        actions.ask_to_join(member=other_member, space=private_group)
    with committed():
        actions.approve_request(join_request=request, moderator=owner)
    assert _role(private_group, other_member) == Membership.Role.MEMBER
    answer = Notification.objects.get(recipient=other_member)
    assert answer.what == "group_request_approved" and answer.subject == "Geheimrat"
    with pytest.raises(ValidationError):
        actions.decline_request(join_request=request, moderator=owner)


def test_a_declined_member_hears_of_it_and_may_ask_again(
    private_group, owner, other_member, committed
):
    request = actions.ask_to_join(member=other_member, space=private_group)
    with committed():
        actions.decline_request(join_request=request, moderator=owner)
    assert Notification.objects.get(recipient=other_member).what == "group_request_declined"
    assert not _role(private_group, other_member)
    actions.ask_to_join(member=other_member, space=private_group)
    assert JoinRequest.objects.filter(member=other_member).count() == 2


def test_a_plain_member_cannot_answer_requests(private_group, other_member, carla):
    Membership.objects.create(space=private_group, member=carla)
    request = actions.ask_to_join(member=other_member, space=private_group)
    with pytest.raises(PermissionDenied):
        actions.approve_request(join_request=request, moderator=carla)
    assert not _role(private_group, other_member)


def test_leaving_a_closed_group_ends_reading_and_following(owner, other_member):
    group = make_group(owner, visibility=Space.Visibility.PRIVATE)
    actions.join_group(member=other_member, space=group)
    social_actions.follow_space(member=other_member, space=group)
    actions.leave_group(member=other_member, space=group)
    assert not SpaceFollow.objects.exists() and _count(group) == 1
    assert not can_read_space(other_member, group)


def test_the_owner_cannot_leave_before_handing_the_group_on(group, owner):
    with pytest.raises(PermissionDenied):
        actions.leave_group(member=owner, space=group)


def test_moderators_remove_members_but_not_other_moderators_or_the_owner(
    group, owner, other_member, carla
):
    actions.join_group(member=other_member, space=group)
    actions.join_group(member=carla, space=group)
    actions.set_role(space=group, manager=owner, member=carla, role="moderator")
    actions.remove_member(space=group, moderator=carla, member=other_member)
    assert not _role(group, other_member)
    actions.join_group(member=other_member, space=group)  # removed, not banned
    actions.set_role(space=group, manager=owner, member=other_member, role="moderator")
    with pytest.raises(PermissionDenied):
        actions.remove_member(space=group, moderator=carla, member=other_member)
    with pytest.raises(PermissionDenied):
        actions.ban_member(space=group, moderator=carla, member=owner)
    actions.remove_member(space=group, moderator=owner, member=other_member)
    assert _count(group) == 2


def test_staff_remove_moderators(group, owner, carla, staff):
    actions.join_group(member=carla, space=group)
    actions.set_role(space=group, manager=owner, member=carla, role="moderator")
    actions.remove_member(space=group, moderator=staff, member=carla)
    assert not _role(group, carla)


def test_a_banned_member_cannot_rejoin_ask_or_accept_until_unbanned(owner, other_member):
    group = make_group(owner, join_policy=Space.JoinPolicy.REQUEST)
    actions.ask_to_join(member=other_member, space=group)
    invitation = actions.invite_member(space=group, inviter=owner, invitee=other_member)
    actions.ban_member(space=group, moderator=owner, member=other_member, reason="Spam")
    assert Ban.objects.get().reason == "Spam"
    assert JoinRequest.objects.get().answer == JoinRequest.Answer.DECLINED
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(PermissionDenied, match="removed"):
        actions.ask_to_join(member=other_member, space=group)
    link = actions.create_invitation_link(space=group, inviter=owner)
    with pytest.raises(PermissionDenied, match="removed"):
        actions.accept_invitation(invitation=link, member=other_member)
    with pytest.raises(ValidationError, match="banned"):
        actions.invite_member(space=group, inviter=owner, invitee=other_member)
    actions.unban_member(space=group, moderator=owner, member=other_member)
    actions.accept_invitation(invitation=link, member=other_member)
    assert _role(group, other_member) == Membership.Role.MEMBER


def test_roles_are_changed_only_by_the_owner(group, owner, other_member, carla):
    actions.join_group(member=other_member, space=group)
    actions.join_group(member=carla, space=group)
    actions.set_role(space=group, manager=owner, member=carla, role="moderator")
    with pytest.raises(PermissionDenied):
        actions.set_role(space=group, manager=carla, member=other_member, role="moderator")
    with pytest.raises(PermissionDenied):
        actions.set_role(space=group, manager=owner, member=owner, role="member")
    with pytest.raises(ValidationError):
        actions.set_role(space=group, manager=owner, member=carla, role="owner")
    actions.set_role(space=group, manager=owner, member=carla, role="member")
    assert _role(group, carla) == Membership.Role.MEMBER


def test_transfer_makes_the_old_owner_a_moderator_and_tells_the_new_one(
    group, owner, other_member, carla, committed
):
    actions.join_group(member=other_member, space=group)
    with pytest.raises(ValidationError):
        actions.transfer_ownership(space=group, owner=owner, new_owner=carla)  # not a member
    with committed():
        actions.transfer_ownership(space=group, owner=owner, new_owner=other_member)
    assert _role(group, owner) == Membership.Role.MODERATOR
    assert _role(group, other_member) == Membership.Role.OWNER
    told = Notification.objects.get(recipient=other_member)
    assert told.what == "group_ownership" and told.link == f"/s/{group.slug}/"
    with pytest.raises(PermissionDenied):
        actions.transfer_ownership(space=group, owner=owner, new_owner=other_member)
    actions.leave_group(member=owner, space=group)


def test_an_invitation_by_name_is_announced_and_used_once(
    secret_group, owner, other_member, committed
):
    with committed():
        invitation = actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    told = Notification.objects.get(recipient=other_member)
    assert told.what == "group_invited" and told.link == f"/invitations/{invitation.token}/"
    with pytest.raises(ValidationError, match="already invited"):
        actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    actions.accept_invitation(invitation=invitation, member=other_member)
    assert _role(secret_group, other_member) == Membership.Role.MEMBER
    assert can_read_space(other_member, secret_group)
    with pytest.raises(PermissionDenied, match="already"):
        actions.accept_invitation(invitation=invitation, member=other_member)
    with pytest.raises(ValidationError, match="already a member"):
        actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)


def test_an_invitation_is_for_its_invitee_only(secret_group, owner, other_member, carla):
    invitation = actions.invite_member(space=secret_group, inviter=owner, invitee=other_member)
    with pytest.raises(PermissionDenied, match="another member"):
        actions.accept_invitation(invitation=invitation, member=carla)
    actions.decline_invitation(invitation=invitation, member=other_member)
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    with pytest.raises(PermissionDenied, match="declined"):
        actions.accept_invitation(invitation=invitation, member=other_member)


def test_invitations_expire_after_the_chosen_days(group, owner, other_member, carla):
    link = actions.create_invitation_link(space=group, inviter=owner, days=2)
    later = timezone.now() + timedelta(days=2, minutes=1)
    with time_machine.travel(later), pytest.raises(PermissionDenied, match="expired"):
        actions.accept_invitation(invitation=link, member=other_member)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        actions.accept_invitation(invitation=link, member=other_member)
        actions.accept_invitation(invitation=link, member=carla)
    link.refresh_from_db()
    assert link.use_count == 2


@pytest.mark.parametrize("days", [0, 31, -3])
def test_invitations_last_between_one_and_thirty_days(group, owner, days):
    with pytest.raises(ValidationError):
        actions.create_invitation_link(space=group, inviter=owner, days=days)
    assert not Invitation.objects.exists()


def test_a_revoked_link_cannot_be_used(group, owner, other_member):
    link = actions.create_invitation_link(space=group, inviter=owner)
    assert actions.revoke_invitation(invitation=link, actor=owner)
    link.refresh_from_db()
    with pytest.raises(PermissionDenied, match="withdrawn"):
        actions.accept_invitation(invitation=link, member=other_member)


def test_plain_members_invite_unless_the_group_is_invitation_only(
    group, secret_group, owner, other_member, carla
):
    actions.join_group(member=other_member, space=group)
    actions.invite_member(space=group, inviter=other_member, invitee=carla)
    Membership.objects.create(space=secret_group, member=other_member)
    with pytest.raises(PermissionDenied):
        actions.invite_member(space=secret_group, inviter=other_member, invitee=carla)
    with pytest.raises(PermissionDenied):
        actions.create_invitation_link(space=secret_group, inviter=carla)


def test_a_member_who_blocked_the_inviter_cannot_be_invited(group, owner, other_member):
    social_actions.block_member(blocker=other_member, member=owner)
    with pytest.raises(ValidationError):
        actions.invite_member(space=group, inviter=owner, invitee=other_member)


def test_an_archived_group_stays_readable_but_takes_no_writing_or_joining(
    group, owner, other_member
):
    version = Space.objects.get(pk=group.pk).version
    actions.archive_group(space=group, manager=owner)
    group.refresh_from_db()
    assert group.version == version + 1
    assert can_read_space(other_member, group) and not can_post_in_space(owner, group)
    with pytest.raises(PermissionDenied):
        actions.join_group(member=other_member, space=group)
    with pytest.raises(PermissionDenied):
        actions.create_invitation_link(space=group, inviter=owner)
    actions.unarchive_group(space=group, manager=owner)
    group.refresh_from_db()
    assert can_post_in_space(owner, group) and group.version == version + 2


def test_deleting_a_group_removes_it_and_its_topics_for_everyone(group, owner):
    topic = make_topic(owner, group)
    actions.delete_group(space=group, manager=owner)
    group.refresh_from_db()
    assert group.deleted_at is not None
    assert Topic.objects.get(pk=topic.pk).deleted_at is not None
    assert not can_read_space(owner, group)
    assert group.pk in unreadable_space_ids(make_user())


def test_only_the_owner_or_staff_run_the_group(group, owner, other_member, staff):
    actions.join_group(member=other_member, space=group)
    actions.set_role(space=group, manager=owner, member=other_member, role="moderator")
    for run in (actions.archive_group, actions.delete_group):
        with pytest.raises(PermissionDenied):
            run(space=group, manager=other_member)
    actions.archive_group(space=group, manager=staff)


def test_making_a_group_private_drops_followers_who_are_not_members(group, owner, other_member):
    social_actions.follow_space(member=other_member, space=group)
    social_actions.follow_space(member=owner, space=group)
    version = Space.objects.get(pk=group.pk).version
    actions.edit_group(
        space=group,
        editor=owner,
        name="Radtreff",
        description="",
        visibility=Space.Visibility.PRIVATE,
        join_policy=Space.JoinPolicy.REQUEST,
    )
    assert list(SpaceFollow.objects.values_list("member__username", flat=True)) == ["anna"]
    assert Space.objects.get(pk=group.pk).version == version + 1
