"""How the group pages let members in and say no: log-in redirects, refusals in words.

Group views raise `PermissionDenied` with a sentence (from `permissions.check_*`)
and actions raise `ValidationError` for input that cannot be carried out;
`member_view` turns the first into a 403 page that says the sentence, and
the second into a message on the page the member came from. Nothing changes
in either case.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User

View = Callable[..., HttpResponse]


def refuse(request: HttpRequest, text: str, status: int = 403) -> HttpResponse:
    """Answer with the error page, saying why."""
    return render(
        request,
        "error.html",
        {"title": _("Not allowed"), "text": text, "status": status},
        status=status,
    )


def to_login(request: HttpRequest) -> HttpResponse:
    """Send a visitor to log in and bring them back to this page afterwards."""
    target = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
    url = f"{reverse('account_login')}?{urlencode({'next': target})}"
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the form's `next` if it is a path on this site, else to `fallback`."""
    target = request.POST.get("next", "")
    on_this_site = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if on_this_site else fallback)


def _fallback(kwargs: dict[str, object]) -> str:
    slug = kwargs.get("slug")
    return reverse("spaces:detail", args=[slug]) if slug else reverse("spaces:directory")


def member_view(view: View) -> View:
    """Logged-in members only; refusals and impossible requests answered in words."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return to_login(request)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return refuse(request, str(refusal) or _("You may not do this here."))
        except ValidationError as problem:
            for message in problem.messages:
                messages.error(request, message)
            return back(request, _fallback(kwargs))

    return wrapper


def reader(request: HttpRequest) -> User:
    """The member behind a request that `member_view` let in."""
    assert isinstance(request.user, User)
    return request.user
