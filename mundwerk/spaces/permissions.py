"""Who may read, join and run which space: `can_*` answers, `check_*` raises.

Reading is the rule every other app leans on: a private or secret group's
topics, posts, events and anything made of them show to its members (and to
staff, who run the site) and to nobody else. Other apps ask
`unreadable_space_ids(viewer)` and leave those spaces out of every list.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write
from mundwerk.spaces.models import Membership, Space

_UNREADABLE = "_unreadable_space_ids"
_ROLES = "_space_roles"


# Deleted spaces, and groups that are not public.
_CLOSED_SQL = "SELECT id FROM spaces_space WHERE visibility <> %s OR deleted_at IS NOT NULL"
_DELETED_SQL = "SELECT id FROM spaces_space WHERE deleted_at IS NOT NULL"
_CLOSED_TO_MEMBER_SQL = (
    "SELECT s.id FROM spaces_space s WHERE (s.visibility <> %s OR s.deleted_at IS NOT NULL)"
    " AND (s.deleted_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM spaces_membership m"
    " WHERE m.space_id = s.id AND m.member_id = %s))"
)


def unreadable_space_ids(viewer: Viewer) -> frozenset[int]:
    """Return the spaces whose content `viewer` may not read; one query, remembered per viewer.

    Deleted spaces for everyone; private and secret groups for all but their
    members and staff. Actions that change a membership forget the memo
    (`forget_spaces_of`).
    """
    remembered = getattr(viewer, _UNREADABLE, None)
    if remembered is not None:
        return remembered
    public = Space.Visibility.PUBLIC.value
    sql: str = _CLOSED_SQL
    params: list[str | int] = [public]
    if viewer.is_authenticated and viewer.is_staff:
        sql, params = _DELETED_SQL, []
    elif viewer.is_authenticated:
        sql, params = _CLOSED_TO_MEMBER_SQL, [public, viewer.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = frozenset(row[0] for row in cursor.fetchall())
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
    if space.visibility == Space.Visibility.PUBLIC:
        return True
    return viewer.is_authenticated and (viewer.is_staff or bool(role_in(viewer, space)))


def can_see_space(viewer: Viewer, space: Space) -> bool:
    """Whether the viewer may know the space exists: see its name, description and page.

    A private group is listed for everyone (its content is not); a secret one
    only for its members.
    """
    if space.deleted_at is not None:
        return False
    if space.visibility != Space.Visibility.SECRET:
        return True
    return can_read_space(viewer, space)


def is_member(viewer: Viewer, space: Space) -> bool:
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


def can_manage_group(viewer: Viewer, space: Space) -> bool:
    """Change the group's settings, roles, ownership; archive or delete it: its owner and staff."""
    if not space.is_group or space.deleted_at is not None:
        return False
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    return viewer.is_staff or role_in(viewer, space) == Membership.Role.OWNER


def can_create_group(viewer: Viewer) -> bool:
    """Any member who confirmed their email address may found a group."""
    return can_write(viewer)


def is_banned_from(member: User, space: Space) -> bool:
    return space.bans.filter(member=member).exists()


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
    if not can_write(viewer) or space.archived_at is not None:
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
    if not can_create_group(viewer):
        raise PermissionDenied(_("Confirm your email address before you found a group."))


def check_join_space(viewer: Viewer, space: Space) -> None:
    if can_join_space(viewer, space):
        return
    if viewer.is_authenticated and is_banned_from(viewer, space):  # type: ignore[arg-type]
        raise PermissionDenied(_("You were removed from this group and cannot join it again."))
    raise PermissionDenied(_("You cannot join this group."))
