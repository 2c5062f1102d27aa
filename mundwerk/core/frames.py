"""Render members' pages from frames shared by every member who sees the same thing.

Most of a member's page (header, the topic or list, the reply form, the
footer) is the same for every member of the same kind: only their name, the
link to their profile, the path in the language switcher and the CSRF token
differ. A frame is the page rendered once with markers in those places; it
is cached under a key that names everything else the page shows, and each
request only swaps its own values in. The markers carry a secret derived from
SECRET_KEY, so nothing a member writes can stand for one.

Rendering a frame gives the template a stand-in reader that has only a
username, a profile link and the staff flag: a template that reads anything
else about the reader gets nothing from the frame rather than another
member's data. Tests compare framed and plain rendering of every framed page,
so such a template shows up as a failing test, not as a leak.

Frames are used only for logged-in readers, GET requests, unbound forms and
no pending messages; everything else is rendered as usual.
"""

import hashlib
import hmac
from collections.abc import Callable, Hashable
from functools import cache as memoize
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from mundwerk.core.models import SiteSettings
from mundwerk.live.links import events_url

# Called with the page's HTML and the CSRF token to put in forms it adds.
Finish = Callable[[str, str], str]

# Small parts of the page frame that show the reader's own state (the unread
# count on the bell): in a frame each is a marker, filled per request by
# rendering its template for the real reader. base.html writes
# `{{ reader_fragments.<name> }}` in a frame and includes the template otherwise.
READER_FRAGMENTS = {"bell": "notifications/_bell.html"}


@memoize
def marker(name: str) -> str:
    """Return the placeholder for one per-reader value: letters, digits and dashes only.

    Escaping and URL-encoding leave it as it is, so it survives any filter a
    template applies.
    """
    secret = hmac.new(settings.SECRET_KEY.encode(), b"mundwerk-frame", hashlib.sha256)
    return f"mwf{secret.hexdigest()[:24]}-{name}"


class _StandInReader:
    """What a frame knows about its reader; the real values are swapped in per request."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, is_staff: bool) -> None:
        self.is_staff = is_staff
        self.username = marker("name")

    def get_absolute_url(self) -> str:
        return marker("url")


class _StandInRequest:
    method = "GET"

    def __init__(self) -> None:
        self.path = marker("path")

    def get_full_path(self) -> str:
        return marker("full-path")


def _frame_context(request: HttpRequest, context: dict[str, Any], is_staff: bool) -> dict[str, Any]:
    """The context processors' values and the view's, with stand-ins for the reader.

    Rendered without the request, so no processor can put the real reader back.
    """
    values: dict[str, Any] = {}
    for processor in engines["django"].engine.template_context_processors:  # type: ignore[attr-defined]
        values.update(processor(request))
    values.update(context)
    values.update(
        user=_StandInReader(is_staff),
        request=_StandInRequest(),
        csrf_token=marker("csrf"),
        perms=None,
        messages=(),
        reader_fragments={name: marker(f"fragment-{name}") for name in READER_FRAGMENTS},
        # Follows the Host header, so it is filled per request, not kept in the frame.
        events_url=marker("events-url"),
    )
    return values


def _frame_key(template_name: str, key: tuple[Hashable, ...], is_staff: bool) -> str:
    site = SiteSettings.load()
    parts = repr((template_name, key, is_staff, get_language(), site.updated_at.timestamp()))
    return "frame:" + hashlib.sha256(parts.encode()).hexdigest()


def _may_frame(request: HttpRequest) -> bool:
    if not request.user.is_authenticated or request.method not in ("GET", "HEAD"):
        return False
    # Pending messages belong to this reader's page only; len() does not consume them.
    return not len(get_messages(request))


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    *,
    frame_key: tuple[Hashable, ...] | None,
    seconds: int = 60,
    finish: Finish | None = None,
) -> HttpResponse:
    """Render `template_name`, from a cached frame when the reader and request allow it.

    `frame_key` must name every value the page shows apart from the reader's
    name, profile link, staff flag and path (which the frame handles); pass
    None for a page that must not be framed (a form with errors, say).
    `finish` adds what differs per reader inside the page, such as post controls.
    """
    if frame_key is None or not _may_frame(request):
        html = render_to_string(template_name, context, request)
        token = get_token(request) if request.user.is_authenticated else ""
        return HttpResponse(finish(html, token) if finish else html)
    is_staff = bool(request.user.is_staff)
    key = _frame_key(template_name, frame_key, is_staff)
    frame = cache.get(key)
    if frame is None:
        frame = str(render_to_string(template_name, _frame_context(request, context, is_staff)))
        cache.set(key, frame, seconds)
    if finish is not None:
        frame = finish(frame, marker("csrf"))
    user = request.user
    for name, template_name in READER_FRAGMENTS.items():
        fragment = render_to_string(template_name, {"user": user})
        frame = frame.replace(marker(f"fragment-{name}"), fragment)
    html = (
        frame.replace(marker("name"), str(escape(user.get_username())))
        .replace(marker("url"), str(escape(user.get_absolute_url())))  # type: ignore[union-attr]
        .replace(marker("events-url"), str(escape(events_url(request))))
        .replace(marker("full-path"), str(escape(request.get_full_path())))
        .replace(marker("path"), str(escape(request.path)))
        .replace(marker("csrf"), get_token(request))
    )
    return HttpResponse(html)
