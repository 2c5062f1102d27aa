"""Who may read, join and run which space: `can_*` answers, `check_*` raises.

Reading is the rule every other app leans on: a private or secret group's
topics, posts, events and anything made of them show to its members (and to
staff, who run the site) and to nobody else. A group staff hid is closed the
same way, whatever its visibility. Other apps ask
`unreadable_space_ids(viewer)` and leave those spaces out of every list.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write, is_active_staff
from mundwerk.spaces.models import Invitation, Membership, Space, open_to_all_q

_UNREADABLE = "_unreadable_space_ids"
HIDDEN_GROUP_CLOSED = gettext_lazy("Moderators hid this group: nobody can join it for now.")
# What outsiders read instead of a hidden group's name, as on its own page.
HIDDEN_GROUP_NAME = gettext_lazy("Hidden group")
_ROLES = "_space_roles"


def unreadable_space_ids(viewer: Viewer) -> frozenset[int]:
    """Return the spaces whose content `viewer` may not read; one query, remembered per viewer.

    Deleted spaces for everyone; private, secret and hidden groups (all that
    are not open to all) for all but their members and staff. Actions that
    change a membership forget the memo (`forget_spaces_of`).
    """
    remembered = getattr(viewer, _UNREADABLE, None)
    if remembered is not None:
        return remembered
    if viewer.is_authenticated and viewer.is_staff:
        closed = Space.objects.filter(deleted_at__isnull=False)
    else:
        closed = Space.objects.exclude(open_to_all_q())
        if viewer.is_authenticated:
            belongs = Membership.objects.filter(space=OuterRef("pk"), member_id=viewer.pk)
            closed = closed.filter(Q(deleted_at__isnull=False) | ~Exists(belongs))
    found = frozenset(closed.order_by().values_list("pk", flat=True))
    setattr(viewer, _UNREADABLE, found)
    return found


def role_in(viewer: Viewer, space: Space) -> str:
    """The viewer's role in the space ("" for none); remembered per viewer."""
    if not viewer.is_authenticated:
        return ""
    roles: dict[int, str] | None = getattr(viewer, _ROLES, None)
    if roles is None:
        roles = {}
        setattr(viewer, _ROLES, roles)
    if space.pk not in roles:
        roles[space.pk] = (
            Membership.objects.filter(space=space, member_id=viewer.pk)
            .values_list("role", flat=True)
            .first()
            or ""
        )
    return roles[space.pk]


def forget_spaces_of(member: Viewer) -> None:
    """Drop what was remembered about the member's spaces (after they joined or left one)."""
    for name in (_UNREADABLE, _ROLES):
        if hasattr(member, name):
            delattr(member, name)


def can_read_space(viewer: Viewer, space: Space) -> bool:
    """Whether the viewer may read the space's topics, posts and events."""
    if space.deleted_at is not None:
        return False
    if not space.is_closed:
        return True
    return viewer.is_authenticated and (viewer.is_staff or bool(role_in(viewer, space)))


def can_see_space(viewer: Viewer, space: Space) -> bool:
    """Whether the viewer may know the space exists: see its name, description and page.

    A private group is listed for everyone (its content is not); a secret one
    only for its members. A hidden group's page says to outsiders only that it
    is hidden (`can_read_space` tells which); lists leave it out for them.
    """
    if space.deleted_at is not None:
        return False
    if space.visibility != Space.Visibility.SECRET:
        return True
    return can_read_space(viewer, space)


def can_see_space_name(viewer: Viewer, space: Space) -> bool:
    """Whether a page that mentions the space may name it (and quote its description).

    Everyone who may know of the space, except outsiders of a group staff hid:
    to them it is only a hidden group, there as on its own page. Asks the
    database only about hidden groups.
    """
    if space.is_hidden:
        return can_read_space(viewer, space)
    return can_see_space(viewer, space)


def is_member(viewer: Viewer, space: Space) -> bool:
    """Whether the viewer belongs to the space (any role)."""
    return bool(role_in(viewer, space))


def can_post_in_space(viewer: Viewer, space: Space) -> bool:
    """Members write in categories; in a group only its members, and not once it is archived."""
    if not can_write(viewer) or space.archived_at is not None or space.deleted_at is not None:
        return False
    if not space.is_group:
        return True
    return bool(role_in(viewer, space))


def can_moderate_space(viewer: Viewer, space: Space) -> bool:
    """Staff everywhere; owners and moderators in their own space."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    return viewer.is_staff or role_in(viewer, space) in (
        Membership.Role.OWNER,
        Membership.Role.MODERATOR,
    )


def can_judge_group(viewer: Viewer, space: Space) -> bool:
    """Decide on flags against the group itself (hide it, show it again): staff only.

    Never its own owner or moderators, who would judge their own group.
    """
    return space.is_group and is_active_staff(viewer)


def can_manage_group(viewer: Viewer, space: Space) -> bool:
    """Change the group's settings, roles, ownership; archive or delete it: its owner and staff."""
    if not space.is_group or space.deleted_at is not None:
        return False
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    return viewer.is_staff or role_in(viewer, space) == Membership.Role.OWNER


# Trust level a member needs to found groups and plan events (trust.levels).
CREATE_GROUP_LEVEL = 1


def can_create_group(viewer: Viewer) -> bool:
    """Members with a confirmed address at trust level 1 or more found groups; staff too."""
    if not can_write(viewer):
        return False
    assert isinstance(viewer, User)
    return viewer.is_staff or viewer.trust_level >= CREATE_GROUP_LEVEL


def is_banned_from(member: User, space: Space) -> bool:
    """Whether the member was banned from the space and not unbanned."""
    return space.bans.filter(member_id=member.pk).exists()


def can_join_space(viewer: Viewer, space: Space) -> bool:
    """Join at once: an open group the viewer can see, is not in, and was not banned from."""
    if not space.is_group or space.join_policy != Space.JoinPolicy.OPEN:
        return False
    return _may_enter(viewer, space)


def can_ask_to_join(viewer: Viewer, space: Space) -> bool:
    """Ask to join a group whose moderators approve members (no open request yet)."""
    if not space.is_group or space.join_policy != Space.JoinPolicy.REQUEST:
        return False
    if not _may_enter(viewer, space):
        return False
    return not space.join_requests.filter(member_id=viewer.pk, answer="").exists()


def _may_enter(viewer: Viewer, space: Space) -> bool:
    if not can_write(viewer) or space.archived_at is not None or space.is_hidden:
        return False
    assert isinstance(viewer, User)
    if not can_see_space(viewer, space) or is_member(viewer, space):
        return False
    return not is_banned_from(viewer, space)


def can_leave_space(viewer: Viewer, space: Space) -> bool:
    """Members leave a group; its owner first hands it to someone else."""
    role = role_in(viewer, space)
    return space.is_group and bool(role) and role != Membership.Role.OWNER


def check_read_space(viewer: Viewer, space: Space) -> None:
    if not can_read_space(viewer, space):
        raise PermissionDenied(_("Only members of this group can read it."))


def check_post_in_space(viewer: Viewer, space: Space) -> None:
    if can_post_in_space(viewer, space):
        return
    if space.archived_at is not None:
        raise PermissionDenied(_("This group is archived: nobody can write in it any more."))
    if space.is_group and can_write(viewer):
        raise PermissionDenied(_("Join this group to write in it."))
    raise PermissionDenied(_("Confirm your email address before you write."))


def check_moderate_space(viewer: Viewer, space: Space) -> None:
    if not can_moderate_space(viewer, space):
        raise PermissionDenied(_("Only the group's owner and moderators can do that."))


def check_manage_group(viewer: Viewer, space: Space) -> None:
    if not can_manage_group(viewer, space):
        raise PermissionDenied(_("Only the group's owner can do that."))


def check_create_group(viewer: Viewer) -> None:
    if can_create_group(viewer):
        return
    if can_write(viewer):
        raise PermissionDenied(
            _(
                "New members can found groups once they have read around a little: "
                "open a few topics and read some posts, and you can soon."
            )
        )
    raise PermissionDenied(_("Confirm your email address before you found a group."))


def check_join_space(viewer: Viewer, space: Space) -> None:
    if can_join_space(viewer, space):
        return
    if viewer.is_authenticated and is_banned_from(viewer, space):  # type: ignore[arg-type]
        raise PermissionDenied(_("You were removed from this group and cannot join it again."))
    raise PermissionDenied(_("You cannot join this group."))


def check_ask_to_join(viewer: Viewer, space: Space) -> None:
    if can_ask_to_join(viewer, space):
        return
    if viewer.is_authenticated and is_banned_from(viewer, space):  # type: ignore[arg-type]
        raise PermissionDenied(_("You were removed from this group and cannot join it again."))
    if is_member(viewer, space):
        raise PermissionDenied(_("You are already a member of this group."))
    if space.join_requests.filter(member_id=viewer.pk, answer="").exists():
        raise PermissionDenied(_("You have already asked to join; the moderators will answer."))
    raise PermissionDenied(_("You cannot ask to join this group."))


def check_leave_space(viewer: Viewer, space: Space) -> None:
    if can_leave_space(viewer, space):
        return
    if role_in(viewer, space) == Membership.Role.OWNER:
        raise PermissionDenied(_("Hand the group to another member before you leave it."))
    raise PermissionDenied(_("You are not a member of this group."))


def _runs_group(viewer: Viewer, space: Space) -> bool:
    """Owners, moderators and staff of a live group."""
    return space.is_group and space.deleted_at is None and can_moderate_space(viewer, space)


def can_invite_to_group(viewer: Viewer, space: Space) -> bool:
    """Owners and moderators invite; plain members too unless the group is invitation only.

    Nobody joins a hidden group, so nobody invites to it either.
    """
    if not space.is_group or space.deleted_at is not None or space.archived_at is not None:
        return False
    if space.is_hidden:
        return False
    if not can_write(viewer):
        return False
    if _runs_group(viewer, space):
        return True
    return is_member(viewer, space) and space.join_policy != Space.JoinPolicy.INVITATION


def check_invite_to_group(viewer: Viewer, space: Space) -> None:
    if can_invite_to_group(viewer, space):
        return
    if space.archived_at is not None:
        raise PermissionDenied(_("This group is archived: nobody can join it any more."))
    if space.is_hidden:
        raise PermissionDenied(HIDDEN_GROUP_CLOSED)
    raise PermissionDenied(_("Only the group's owner and moderators can invite to it."))


def can_answer_requests(viewer: Viewer, space: Space) -> bool:
    """Approve or decline join requests, see invitations: the group's owner and moderators."""
    return _runs_group(viewer, space)


def check_answer_requests(viewer: Viewer, space: Space) -> None:
    if not can_answer_requests(viewer, space):
        raise PermissionDenied(_("Only the group's owner and moderators can do that."))


def can_approve_requests(viewer: Viewer, space: Space) -> bool:
    """Let asking members in: whoever answers requests, unless staff hid the group.

    Nobody joins a hidden group; its requests wait, or are declined.
    """
    return can_answer_requests(viewer, space) and not space.is_hidden


def check_approve_requests(viewer: Viewer, space: Space) -> None:
    check_answer_requests(viewer, space)
    if not can_approve_requests(viewer, space):
        raise PermissionDenied(HIDDEN_GROUP_CLOSED)


def can_remove_member(viewer: Viewer, space: Space, member: User) -> bool:
    """Remove or ban `member`: moderators remove plain members; owner and staff moderators too.

    Nobody removes the owner (they hand the group on first), nor themselves (they leave).
    """
    if viewer.pk == member.pk:
        return False
    return may_remove_role(viewer, space, role_in(member, space))


def may_remove_role(viewer: Viewer, space: Space, target_role: str) -> bool:
    """Whether the viewer may remove or ban someone who holds `target_role` ("" for none).

    Lets list pages decide per row without a query per member.
    """
    if not _runs_group(viewer, space) or target_role == Membership.Role.OWNER:
        return False
    if target_role == Membership.Role.MODERATOR:
        return viewer.is_staff or role_in(viewer, space) == Membership.Role.OWNER
    return True


def check_remove_member(viewer: Viewer, space: Space, member: User) -> None:
    if can_remove_member(viewer, space, member):
        return
    if viewer.pk == member.pk:
        raise PermissionDenied(_("You cannot remove yourself; leave the group instead."))
    if _runs_group(viewer, space):
        raise PermissionDenied(_("Only the owner can remove the owner's moderators."))
    raise PermissionDenied(_("Only the group's owner and moderators can do that."))


def can_set_role(viewer: Viewer, space: Space, member: User) -> bool:
    """Make a member a moderator or back: the owner and staff; the owner's own role stays."""
    if not can_manage_group(viewer, space):
        return False
    return role_in(member, space) in (Membership.Role.MODERATOR, Membership.Role.MEMBER)


def check_set_role(viewer: Viewer, space: Space, member: User) -> None:
    if not can_set_role(viewer, space, member):
        raise PermissionDenied(_("Only the group's owner can change roles."))


def invitation_problem(viewer: Viewer, invitation: Invitation) -> str:
    """Why the viewer cannot take up the invitation now, in words; "" when they can.

    Read before `can_accept_invitation`, so the invitation page can say what is wrong.
    """
    space = invitation.space
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn.")
    if invitation.invitee_id is not None and invitation.accepted_at is not None:
        return _("This invitation was already accepted.")
    if invitation.invitee_id is not None and invitation.declined_at is not None:
        return _("This invitation was declined.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask for a new one.")
    if space.deleted_at is not None or space.archived_at is not None:
        return _("This group is archived: nobody can join it any more.")
    if space.is_hidden:
        return str(HIDDEN_GROUP_CLOSED)
    if not viewer.is_authenticated:
        return ""
    if invitation.invitee_id is not None and invitation.invitee_id != viewer.pk:
        return _("This invitation is for another member.")
    if is_member(viewer, space):
        return _("You are already a member of this group.")
    if is_banned_from(viewer, space):  # type: ignore[arg-type]
        return _("You were removed from this group and cannot join it again.")
    if not can_write(viewer):
        return _("Confirm your email address before you join a group.")
    return ""


def can_accept_invitation(viewer: Viewer, invitation: Invitation) -> bool:
    """Accept (or decline) a live invitation meant for the viewer, unless they were banned."""
    return viewer.is_authenticated and not invitation_problem(viewer, invitation)


def check_accept_invitation(viewer: Viewer, invitation: Invitation) -> None:
    problem = invitation_problem(viewer, invitation)
    if problem or not viewer.is_authenticated:
        raise PermissionDenied(problem or _("Log in to accept the invitation."))


def can_see_invitation(viewer: Viewer, invitation: Invitation) -> bool:
    """An invitation to a member shows to them and to whoever runs the group; a link to anyone."""
    if invitation.invitee_id is None:
        return True
    return viewer.pk == invitation.invitee_id or _runs_group(viewer, invitation.space)
