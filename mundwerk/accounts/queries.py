"""Reads of members and profiles that are bigger than a QuerySet method."""

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
