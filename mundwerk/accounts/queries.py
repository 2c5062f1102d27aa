"""Reads of members and profiles that are bigger than a QuerySet method."""

import re

from django.http import Http404

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.accounts.usernames import USERNAME_MAX_LENGTH

RECENT_POSTS_ON_PROFILE = 10

# Every stored name passes the model's validators, so anything else cannot
# match; refusing it early also keeps NUL bytes away from PostgreSQL.
_POSSIBLE_USERNAME = re.compile(rf"[A-Za-z0-9_.-]{{1,{USERNAME_MAX_LENGTH}}}")


def get_member_for(viewer: Viewer, username: str) -> User:
    """Return the active member called `username` in any letter case, or 404.

    Deactivated accounts have no public profile, not even for staff: they use the admin.
    """
    if not _POSSIBLE_USERNAME.fullmatch(username):
        raise Http404
    member = User.objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise Http404
    return member
