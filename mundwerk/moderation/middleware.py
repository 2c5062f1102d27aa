"""Log out a member whom moderators suspended or banned, on their next request."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User


def lockout_message(member: User) -> str:
    """Why the member is locked out, in words; "" when they are not."""
    if member.banned_at is not None:
        return _("Your account was banned by the moderators.")
    until = member.suspended_until
    if until is not None and until > timezone.now():
        when = formats.date_format(localtime(until), "DATETIME_FORMAT")
        return _("Your account is suspended until %(until)s.") % {"until": when}
    return ""


class SuspensionMiddleware:
    """Goes after AuthenticationMiddleware (and MessageMiddleware): ends the session of a
    suspended or banned member and sends them to the start page with the reason."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            message = lockout_message(user)
            if message:
                logout(request)
                messages.error(request, message)
                return redirect("core:home")
        return self.get_response(request)
