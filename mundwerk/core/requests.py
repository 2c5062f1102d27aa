from django.http import HttpRequest

from mundwerk.accounts.models import User


class MemberRequest(HttpRequest):
    """A request in a view behind login_required: the user is a member."""

    user: User
