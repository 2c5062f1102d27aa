"""Every write of the spaces app: founding and running groups, memberships, invitations.

Each action checks its rule, writes in one transaction and tells people
after commit (`notifications.tasks.notify_members`). Every membership change
forgets what was remembered about the member's spaces (`forget_spaces_of`)
on the member object the action holds; every change of what a group shows
to whom counts up `Space.version`, which cached lists are keyed on.
"""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.notifications.tasks import notify_members
from mundwerk.posts.actions import delete_topics_of
from mundwerk.posts.images import ProcessedImage
from mundwerk.social.actions import unfollow_space
from mundwerk.social.models import SpaceFollow
from mundwerk.social.queries import is_blocked_between
from mundwerk.spaces.models import Ban, Invitation, JoinRequest, Membership, Space
from mundwerk.spaces.permissions import (
    check_accept_invitation,
    check_answer_requests,
    check_approve_requests,
    check_ask_to_join,
    check_create_group,
    check_invite_to_group,
    check_join_space,
    check_leave_space,
    check_manage_group,
    check_remove_member,
    check_set_role,
    forget_spaces_of,
    is_banned_from,
    role_in,
)
from mundwerk.spaces.queries import moderators_of

INVITATION_DAYS_MIN, INVITATION_DAYS_MAX, INVITATION_DAYS_DEFAULT = 1, 30, 7
_SLUG_LENGTH = 70


def group_slug(name: str) -> str:
    """A free slug for a new group named `name` ("radtreff", "radtreff-2", ...)."""
    base = slugify(name)[:_SLUG_LENGTH].strip("-_") or "group"
    taken = set(
        Space.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    number = 1
    slug = base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_group(
    *,
    founder: User,
    name: str,
    description: str,
    visibility: str,
    join_policy: str,
    cover: ProcessedImage | None = None,
) -> Space:
    """Found a group; the founder becomes its owner and first member."""
    check_create_group(founder)
    group = Space(
        kind=Space.Kind.GROUP,
        name=name,
        description=description,
        visibility=Space.Visibility(visibility),
        join_policy=Space.JoinPolicy(join_policy),
        created_by=founder,
        member_count=1,
    )
    if cover is not None:
        group.cover.save(cover.name, cover.full, save=False)
    with transaction.atomic():
        for _attempt in range(5):  # another founder may take the same slug meanwhile
            group.slug = group_slug(name)
            try:
                with transaction.atomic():
                    group.save()
                break
            except IntegrityError:
                group.pk = None
        else:
            raise ValidationError(_("Please choose another name."))
        Membership.objects.create(space=group, member=founder, role=Membership.Role.OWNER)
        content_changed("space", group.pk)
    forget_spaces_of(founder)
    return group


def edit_group(
    *,
    space: Space,
    editor: User,
    name: str,
    description: str,
    visibility: str,
    join_policy: str,
    cover: ProcessedImage | None = None,
    remove_cover: bool = False,
) -> Space:
    """Change a group's name, description, cover, visibility or join policy (the slug stays)."""
    check_manage_group(editor, space)
    closing = space.visibility == Space.Visibility.PUBLIC and visibility != space.visibility
    changed_visibility = visibility != space.visibility
    space.name, space.description = name, description
    space.visibility = Space.Visibility(visibility)
    space.join_policy = Space.JoinPolicy(join_policy)
    if cover is not None:
        space.cover.save(cover.name, cover.full, save=False)
    elif remove_cover:
        space.cover = ""  # type: ignore[assignment]
    with transaction.atomic():
        fields = ["name", "description", "visibility", "join_policy", "cover"]
        space.save(update_fields=fields)
        content_changed("space", space.pk)  # a secret group is found by its members only
        if changed_visibility:
            _count_version(space)
        if closing:
            # Followers who are not members can no longer read it.
            outsiders = SpaceFollow.objects.filter(space=space).exclude(
                member__memberships__space=space
            )
            for follow in outsiders.select_related("member"):
                unfollow_space(member=follow.member, space=space)
    return space


def _count_version(space: Space) -> None:
    Space.objects.filter(pk=space.pk).update(version=F("version") + 1)


def _add_member(space: Space, member: User, role: str = Membership.Role.MEMBER) -> Membership:
    """Make `member` a member (once: a double click finds the first membership)."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(space=space, member=member, role=role)
    except IntegrityError:
        return Membership.objects.get(space=space, member=member)
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") + 1)
    forget_spaces_of(member)
    return membership


def _drop_member(space: Space, member: User) -> bool:
    """End the membership; a closed group also loses the member as a follower."""
    deleted, _rows = Membership.objects.filter(space=space, member=member).delete()
    if deleted:
        Space.objects.filter(pk=space.pk, member_count__gt=0).update(
            member_count=F("member_count") - 1
        )
    if space.is_closed:
        unfollow_space(member=member, space=space)
    forget_spaces_of(member)
    return bool(deleted)


def _notify(
    member_ids: list[int], what: str, event: str, actor: User, space: Space, link: str
) -> None:
    transaction.on_commit(
        lambda: notify_members.enqueue(
            member_ids=member_ids,
            kind="group",
            what=what,
            event=event,
            actor_id=actor.pk,
            subject=space.name,
            link=link,
        )
    )


def join_group(*, member: User, space: Space) -> Membership:
    """Join an open group at once."""
    check_join_space(member, space)
    with transaction.atomic():
        return _add_member(space, member)


def ask_to_join(*, member: User, space: Space, message: str = "") -> JoinRequest:
    """Ask the moderators of a group that approves its members to let `member` in."""
    check_ask_to_join(member, space)
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(space=space, member=member, message=message)
        except IntegrityError:  # asked twice at the same moment
            return JoinRequest.objects.get(space=space, member=member, answer="")
        link = reverse("spaces:requests", args=[space.slug])
        moderators = list(moderators_of(space))
        event = f"group-request:{request.pk}"
        _notify(moderators, "group_join_request", event, member, space, link)
    return request


def _answer(join_request: JoinRequest, moderator: User, answer: str) -> JoinRequest:
    space = join_request.space
    if answer == JoinRequest.Answer.APPROVED:
        check_approve_requests(moderator, space)
    else:
        check_answer_requests(moderator, space)
    with transaction.atomic():
        answered = JoinRequest.objects.filter(pk=join_request.pk, answer="").update(
            answer=answer, answered_at=timezone.now(), answered_by=moderator
        )
        if not answered:
            raise ValidationError(_("This request was already answered."))
        join_request.refresh_from_db()
        member = join_request.member
        if answer == JoinRequest.Answer.APPROVED:
            if is_banned_from(member, space):
                raise ValidationError(_("This member was banned; unban them first."))
            _add_member(space, member)
            what = "group_request_approved"
        else:
            what = "group_request_declined"
        link = space.get_absolute_url() if answer == JoinRequest.Answer.APPROVED else ""
        link = link or reverse("spaces:directory")
        _notify([member.pk], what, f"group-answer:{join_request.pk}", moderator, space, link)
    return join_request


def approve_request(*, join_request: JoinRequest, moderator: User) -> JoinRequest:
    """Let the asking member in and tell them."""
    return _answer(join_request, moderator, JoinRequest.Answer.APPROVED)


def decline_request(*, join_request: JoinRequest, moderator: User) -> JoinRequest:
    """Turn the request down and tell the member; they may ask again later."""
    return _answer(join_request, moderator, JoinRequest.Answer.DECLINED)


def leave_group(*, member: User, space: Space) -> bool:
    """Leave a group (its owner hands it on first)."""
    check_leave_space(member, space)
    with transaction.atomic():
        return _drop_member(space, member)


def remove_member(*, space: Space, moderator: User, member: User) -> bool:
    """Remove a member from the group; they may join or be invited again."""
    check_remove_member(moderator, space, member)
    with transaction.atomic():
        return _drop_member(space, member)


def ban_member(*, space: Space, moderator: User, member: User, reason: str = "") -> Ban:
    """Remove a member and keep them out: no joining, asking or accepting invitations."""
    check_remove_member(moderator, space, member)
    with transaction.atomic():
        _drop_member(space, member)
        ban, _created = Ban.objects.get_or_create(
            space=space, member=member, defaults={"banned_by": moderator, "reason": reason}
        )
        now = timezone.now()
        Invitation.objects.filter(space=space, invitee=member, revoked_at__isnull=True).update(
            revoked_at=now
        )
        JoinRequest.objects.filter(space=space, member=member, answer="").update(
            answer=JoinRequest.Answer.DECLINED, answered_at=now, answered_by=moderator
        )
    return ban


def unban_member(*, space: Space, moderator: User, member: User) -> bool:
    """Lift a ban: the member may join, ask or be invited again."""
    check_answer_requests(moderator, space)
    return bool(Ban.objects.filter(space=space, member=member).delete()[0])


def set_role(*, space: Space, manager: User, member: User, role: str) -> Membership:
    """Make a member a moderator, or a moderator a plain member."""
    check_set_role(manager, space, member)
    if role not in (Membership.Role.MODERATOR, Membership.Role.MEMBER):
        raise ValidationError(_("Choose moderator or member."))
    with transaction.atomic():
        Membership.objects.filter(space=space, member=member).update(role=role)
    forget_spaces_of(member)
    return Membership.objects.get(space=space, member=member)


def appoint_moderator(
    *, space: Space, member: User, appointed_by_id: int | None = None
) -> Membership:
    """Make `member` a moderator of `space` (a category or group), e.g. on a staff invitation.

    The caller has checked the invitation; a group's outsider joins it as a
    moderator, an owner stays owner. `appointed_by_id` names who asked, for the record.
    """
    if is_banned_from(member, space):
        raise ValidationError(_("This member was banned from this space."))
    with transaction.atomic():
        membership = Membership.objects.filter(space=space, member=member).first()
        if membership is None:
            membership = _add_member(space, member, Membership.Role.MODERATOR)
            if not space.is_group:  # a category's rows only name its moderators
                Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
        elif membership.role == Membership.Role.MEMBER:
            Membership.objects.filter(pk=membership.pk).update(role=Membership.Role.MODERATOR)
            membership.role = Membership.Role.MODERATOR
    forget_spaces_of(member)
    return membership


def transfer_ownership(*, space: Space, owner: User, new_owner: User) -> None:
    """Hand the group to another member; the old owner stays on as a moderator."""
    check_manage_group(owner, space)
    if role_in(new_owner, space) in ("", Membership.Role.OWNER):
        raise ValidationError(_("Choose another member of the group."))
    with transaction.atomic():
        list(Space.objects.select_for_update().filter(pk=space.pk))
        Membership.objects.filter(space=space, role=Membership.Role.OWNER).update(
            role=Membership.Role.MODERATOR
        )
        Membership.objects.filter(space=space, member=new_owner).update(role=Membership.Role.OWNER)
        event = f"group-owner:{space.pk}:{new_owner.pk}:{timezone.now().timestamp()}"
        _notify([new_owner.pk], "group_ownership", event, owner, space, space.get_absolute_url())
    forget_spaces_of(owner)
    forget_spaces_of(new_owner)


def _expiry(days: int) -> datetime:
    if not INVITATION_DAYS_MIN <= days <= INVITATION_DAYS_MAX:
        raise ValidationError(
            _("An invitation lasts between %(min)d and %(max)d days.")
            % {"min": INVITATION_DAYS_MIN, "max": INVITATION_DAYS_MAX}
        )
    return timezone.now() + timedelta(days=days)


def invite_member(
    *, space: Space, inviter: User, invitee: User, days: int = INVITATION_DAYS_DEFAULT
) -> Invitation:
    """Invite one member by name; they hear of it and accept or decline on the invitation page."""
    check_invite_to_group(inviter, space)
    expires_at = _expiry(days)
    name = {"name": invitee.username}
    if role_in(invitee, space):
        raise ValidationError(_("%(name)s is already a member of this group.") % name)
    if is_banned_from(invitee, space):
        raise ValidationError(_("%(name)s was banned from this group.") % name)
    if not invitee.is_active or is_blocked_between(inviter.pk, invitee.pk):
        raise ValidationError(_("You cannot invite %(name)s.") % name)
    with transaction.atomic():
        list(Space.objects.select_for_update().filter(pk=space.pk))  # one invitation per member
        live = Invitation.objects.filter(
            space=space,
            invitee=invitee,
            revoked_at__isnull=True,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        if live.exists():
            raise ValidationError(_("%(name)s is already invited.") % name)
        invitation = Invitation.objects.create(
            space=space,
            invited_by=inviter,
            invitee=invitee,
            token=secrets.token_urlsafe(32),
            expires_at=expires_at,
        )
        link = invitation.get_absolute_url()
        event = f"group-invited:{invitation.pk}"
        _notify([invitee.pk], "group_invited", event, inviter, space, link)
    return invitation


def create_invitation_link(
    *, space: Space, inviter: User, days: int = INVITATION_DAYS_DEFAULT
) -> Invitation:
    """Make a link anyone holding it may use to join, until it expires or is revoked."""
    check_invite_to_group(inviter, space)
    expires_at = _expiry(days)
    return Invitation.objects.create(
        space=space, invited_by=inviter, token=secrets.token_urlsafe(32), expires_at=expires_at
    )


def revoke_invitation(*, invitation: Invitation, actor: User) -> bool:
    """Withdraw an invitation: who made it, and the group's owner and moderators."""
    if actor.pk != invitation.invited_by_id:
        check_answer_requests(actor, invitation.space)
    revoked = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(revoked)


def accept_invitation(*, invitation: Invitation, member: User) -> Membership:
    """Join the group the invitation is for; a member's invitation is used up, a link counted."""
    check_accept_invitation(member, invitation)
    space = invitation.space
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update().select_related("space").get(pk=invitation.pk)
        )
        check_accept_invitation(member, locked)  # again, now that nobody can revoke it meanwhile
        membership = _add_member(space, member)
        if locked.invitee_id is not None:
            Invitation.objects.filter(pk=locked.pk).update(accepted_at=timezone.now())
        else:
            Invitation.objects.filter(pk=locked.pk).update(use_count=F("use_count") + 1)
        JoinRequest.objects.filter(space=space, member=member, answer="").update(
            answer=JoinRequest.Answer.APPROVED,
            answered_at=timezone.now(),
            answered_by_id=locked.invited_by_id,
        )
    return membership


def decline_invitation(*, invitation: Invitation, member: User) -> bool:
    """Say no to an invitation addressed to `member` (a link is simply not used)."""
    check_accept_invitation(member, invitation)
    if invitation.invitee_id != member.pk:
        return False
    declined = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, declined_at__isnull=True
    ).update(declined_at=timezone.now())
    return bool(declined)


def archive_group(*, space: Space, manager: User) -> None:
    """Make the group read-only: its topics stay, nobody writes or joins until unarchived."""
    check_manage_group(manager, space)
    with transaction.atomic():
        space.archived_at = timezone.now()
        space.save(update_fields=["archived_at"])
        _count_version(space)


def unarchive_group(*, space: Space, manager: User) -> None:
    """Open an archived group for writing again."""
    check_manage_group(manager, space)
    with transaction.atomic():
        space.archived_at = None
        space.save(update_fields=["archived_at"])
        _count_version(space)


def delete_group(*, space: Space, manager: User) -> None:
    """Delete the group with its topics: they vanish for everyone, members included."""
    check_manage_group(manager, space)
    with transaction.atomic():
        now = timezone.now()
        space.deleted_at = now
        space.save(update_fields=["deleted_at"])
        _count_version(space)
        delete_topics_of(space)
        content_changed("space", space.pk)
        Invitation.objects.filter(space=space, revoked_at__isnull=True).update(revoked_at=now)
    forget_spaces_of(manager)


def set_group_hidden(space: Space, reason: str | None) -> None:
    """Hide a group from everyone outside it with a public reason, or show it again (None).

    Called by moderation.actions, which checks that staff decide and writes the
    log in the same transaction. Members keep reading and writing; outsiders
    no longer find the group in any list nor read it (`unreadable_space_ids`),
    and open join requests wait until it shows again.
    """
    hidden_at = timezone.now() if reason is not None else None
    hidden_reason = (reason or "")[:300]
    Space.objects.filter(pk=space.pk).update(hidden_at=hidden_at, hidden_reason=hidden_reason)
    space.hidden_at, space.hidden_reason = hidden_at, hidden_reason
    _count_version(space)
    content_changed("space", space.pk)
