"""Who may follow, block, bookmark and share: `can_*` answers, `check_*` raises."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write
from mundwerk.posts.models import Post
from mundwerk.social.queries import is_blocked_between
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import can_read_space


def _is_member(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_follow_member(user: Viewer, member: User) -> bool:
    """Any member may follow another, unless one of them blocked the other."""
    if not _is_member(user) or user.pk == member.pk or not member.is_active:
        return False
    return not is_blocked_between(user.pk, member.pk)


def check_follow_member(user: Viewer, member: User) -> None:
    if not can_follow_member(user, member):
        raise PermissionDenied(_("You cannot follow this member."))


def can_block_member(user: Viewer, member: User) -> bool:
    """Members block anyone but themselves; staff cannot be blocked, they moderate."""
    return _is_member(user) and user.pk != member.pk and not member.is_staff


def check_block_member(user: Viewer, member: User) -> None:
    if not can_block_member(user, member):
        raise PermissionDenied(_("You cannot block this member."))


def can_bookmark_post(user: Viewer, post: Post) -> bool:
    return _is_member(user) and not post.is_deleted


def check_bookmark_post(user: Viewer, post: Post) -> None:
    if not can_bookmark_post(user, post):
        raise PermissionDenied(_("You cannot bookmark this post."))


def can_share_post(user: Viewer, post: Post) -> bool:
    """Sharing writes to the sharer's followers, so it needs a confirmed address,
    and only what anyone may read can be passed on: never a closed group's posts."""
    if not can_write(user) or post.is_deleted or post.topic.deleted_at is not None:
        return False
    if post.topic.space.is_closed:
        return False
    return not is_blocked_between(user.pk, post.author_id)


def check_share_post(user: Viewer, post: Post) -> None:
    if not can_share_post(user, post):
        raise PermissionDenied(_("You cannot share this post."))


def can_follow_space(user: Viewer, space: Space) -> bool:
    """Follow a space whose topics one may read (a closed group: only its members)."""
    return _is_member(user) and can_read_space(user, space)


def check_follow_space(user: Viewer, space: Space) -> None:
    if not can_follow_space(user, space):
        raise PermissionDenied(_("Only members of this group can follow it."))


def can_see_connections(user: Viewer, member: User) -> bool:
    """Follower and following lists are public unless the member hides them."""
    return not member.hides_connections or user.pk == member.pk or bool(user.is_staff)
