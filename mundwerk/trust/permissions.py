"""What trust allows: `can_*` answers, `check_*` raises."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write, is_active_staff
from mundwerk.spaces.models import Space
from mundwerk.trust.models import ModeratorInvitation

EDIT_TITLES_LEVEL = 3
# "Active in a space": at least this many posts there in the last ACTIVE_DAYS.
ACTIVE_POSTS = 3
ACTIVE_DAYS = 100


def is_active_in(member: User, space: Space) -> bool:
    """Whether the member wrote a few posts in the space lately (one query)."""
    from mundwerk.posts.models import Post

    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    recent = Post.objects.filter(
        author=member, topic__space=space, created_at__gte=since, deleted_at__isnull=True
    )
    return recent[:ACTIVE_POSTS].count() >= ACTIVE_POSTS


def can_edit_title_and_tags(member: Viewer, space: Space) -> bool:
    """Level 3 and up may fix titles and tags of others' topics in spaces they are active in."""
    if not can_write(member) or member.trust_level < EDIT_TITLES_LEVEL:  # type: ignore[union-attr]
        return False
    assert isinstance(member, User)
    return is_active_in(member, space)


def can_see_suggestions(viewer: Viewer) -> bool:
    """Only staff see whom the site suggests as co-moderators."""
    return is_active_staff(viewer)


def check_see_suggestions(viewer: Viewer) -> None:
    if not can_see_suggestions(viewer):
        raise PermissionDenied(_("Only staff can see the suggested co-moderators."))


def can_invite_moderator(viewer: Viewer, space: Space) -> bool:
    """Staff invite members to moderate any live space."""
    return can_see_suggestions(viewer) and space.deleted_at is None


def check_invite_moderator(viewer: Viewer, space: Space) -> None:
    if not can_invite_moderator(viewer, space):
        raise PermissionDenied(_("Only staff can invite moderators."))


def can_answer_moderator_invitation(viewer: Viewer, invitation: ModeratorInvitation) -> bool:
    """The invited member answers an open invitation once."""
    return viewer.is_authenticated and viewer.pk == invitation.member_id and invitation.is_open


def check_answer_moderator_invitation(viewer: Viewer, invitation: ModeratorInvitation) -> None:
    if can_answer_moderator_invitation(viewer, invitation):
        return
    if viewer.pk == invitation.member_id:
        raise PermissionDenied(_("You have already answered this invitation."))
    raise PermissionDenied(_("This invitation is for another member."))
