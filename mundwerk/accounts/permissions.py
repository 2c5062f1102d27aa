"""Who may do what with members' profiles: `can_*` answers, `check_*` raises."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User

Viewer = User | AnonymousUser


def can_write(user: Viewer) -> bool:
    """Members write once their email address is confirmed; staff always."""
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)
    return user.is_staff or user.email_verified_at is not None


def can_edit_profile(user: Viewer, member: User) -> bool:
    """Members edit their own profile once their email address is confirmed; staff always.

    A profile is public text with a link, so an unconfirmed sign-up must not
    be able to fill it with spam.
    """
    return user.pk == member.pk and can_write(user)


def check_edit_profile(user: Viewer, member: User) -> None:
    """Raise PermissionDenied unless `user` may edit `member`'s profile."""
    if not can_edit_profile(user, member):
        raise PermissionDenied(_("Confirm your email address before you edit your profile."))
