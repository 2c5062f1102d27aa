"""Reads of members and profiles that are bigger than a QuerySet method."""

from django.db.models import Q
from django.http import Http404

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer

RECENT_POSTS_ON_PROFILE = 10


def get_member_for(viewer: Viewer, username: str) -> User:
    """Return the active member called `username` in any letter case, or 404.

    Deactivated accounts have no public profile, not even for staff: they use the admin.
    """
    member = User.objects.named([username]).filter(is_active=True).first()
    if member is None:
        raise Http404
    return member


def listed_for(viewer: Viewer, path: str = "") -> Q:
    """Members who show in lists of people for the viewer: not those whose profile is hidden.

    A hidden profile leaves every list where others would see its parts; the
    member still finds themselves, and staff find everyone. `path` leads from
    the listed rows to the member ("member__" for memberships).
    """
    if viewer.is_authenticated and viewer.is_staff:
        return Q()
    shown = Q(**{f"{path}profile_hidden_at__isnull": True})
    if viewer.is_authenticated:
        shown |= Q(**{f"{path}pk": viewer.pk})
    return shown
