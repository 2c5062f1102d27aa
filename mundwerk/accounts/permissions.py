"""Who may do what with members' profiles: `can_*` answers, `check_*` raises."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User

Viewer = User | AnonymousUser


def is_restricted(user: User) -> bool:
    """Whether moderators silenced (until then), suspended (until then) or banned the member."""
    now = timezone.now()
    return (
        user.banned_at is not None
        or (user.suspended_until is not None and user.suspended_until > now)
        or (user.silenced_until is not None and user.silenced_until > now)
    )


def is_active_staff(viewer: Viewer) -> bool:
    """Whether the viewer is staff with an active account: who alone decides what no space's
    moderators answer for (profiles, groups themselves, members' accounts) and runs the site.
    """
    return viewer.is_authenticated and viewer.is_active and viewer.is_staff


def can_write(user: Viewer) -> bool:
    """Members write once their email address is confirmed; staff always.

    Nobody writes while moderators have silenced, suspended or banned them.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)
    if is_restricted(user):
        return False
    return user.is_staff or user.email_verified_at is not None


def write_problem(user: Viewer) -> str:
    """Why the member may not write, in words; "" when they may (or are not logged in)."""
    if not user.is_authenticated:
        return ""
    assert isinstance(user, User)
    now = timezone.now()
    if user.banned_at is not None:
        return _("You were banned from this site and cannot write any more.")
    if user.suspended_until is not None and user.suspended_until > now:
        return _("Your account is suspended until %(until)s.") % {
            "until": formats.date_format(localtime(user.suspended_until), "DATETIME_FORMAT")
        }
    if user.silenced_until is not None and user.silenced_until > now:
        return _("Moderators silenced you until %(until)s: you can read, but not write.") % {
            "until": formats.date_format(localtime(user.silenced_until), "DATETIME_FORMAT")
        }
    return ""


def check_write(user: Viewer) -> None:
    """Raise PermissionDenied, saying why, when moderators stopped the member from writing."""
    problem = write_problem(user)
    if problem:
        raise PermissionDenied(problem)


def can_edit_profile(user: Viewer, member: User) -> bool:
    """Members edit their own profile once their email address is confirmed; staff always.

    A profile is public text with a link, so an unconfirmed sign-up must not
    be able to fill it with spam.
    """
    return user.pk == member.pk and can_write(user)


def check_edit_profile(user: Viewer, member: User) -> None:
    """Raise PermissionDenied unless `user` may edit `member`'s profile."""
    check_write(user)
    if not can_edit_profile(user, member):
        raise PermissionDenied(_("Confirm your email address before you edit your profile."))


def can_see_profile_parts(viewer: Viewer, member: User) -> bool:
    """Whether the viewer sees the parts of the profile the member wrote (name, about, avatar).

    Everyone does, unless moderators hid the profile: then the member and staff only.
    """
    if member.profile_hidden_at is None or viewer.pk == member.pk:
        return True
    return is_active_staff(viewer)
