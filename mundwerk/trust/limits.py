"""Rate limits kept in a cache that every app process shares.

`hit(scope, key, limit=, window=)` counts one attempt in the current window
and raises `RateLimited` past the limit; `RateLimitMiddleware` turns that
into HTTP 429 with a readable page and a Retry-After header. The counters
live in the "limits" cache: Redis when REDIS_URL is set (every process on
every host sees the same counts), otherwise files in the data directory,
which every process of the one machine shares.
"""

import contextlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

ALLAUTH_RETRY_SECONDS = 60


class RateLimited(Exception):
    """Too many attempts: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
        self.message = message


def hit(scope: str, key: str | int, *, limit: int, window: int, message: str = "") -> None:
    """Count one attempt of `scope` by `key`; raise RateLimited past `limit` per `window` s.

    Does nothing while settings.RATE_LIMITS is off (MUNDWERK_RATE_LIMITS=false).
    """
    if not settings.RATE_LIMITS:
        return
    now = time.time()
    bucket = int(now // window)
    name = f"limit:{scope}:{key}:{bucket}"
    cache = caches["limits"]
    cache.add(name, 0, timeout=window + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimited(int((bucket + 1) * window - now) + 1, message)


def check(scope: str, key: str | int, *, limit: int, window: int, message: str = "") -> None:
    """Raise RateLimited if `key` already made `limit` attempts this window; count nothing.

    For lockouts: count failures with `count_attempt`, ask `check` before trying.
    """
    if not settings.RATE_LIMITS:
        return
    now = time.time()
    bucket = int(now // window)
    if (caches["limits"].get(f"limit:{scope}:{key}:{bucket}") or 0) >= limit:
        raise RateLimited(int((bucket + 1) * window - now) + 1, message)


def count_attempt(scope: str, key: str | int, *, window: int) -> None:
    """Count one (failed) attempt without refusing anything."""
    with contextlib.suppress(RateLimited):  # the limit is out of reach
        hit(scope, key, limit=2**31, window=window)


def clear(scope: str, key: str | int, *, window: int) -> None:
    """Forget the attempts of the current window (after a successful log-in, say)."""
    bucket = int(time.time() // window)
    caches["limits"].delete(f"limit:{scope}:{key}:{bucket}")


def too_many_requests(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    """The 429 page: what happened, and when to try again."""
    minutes = -(-limited.retry_after // 60)
    response = render(
        request,
        "trust/429.html",
        {
            "message": limited.message or _("You did that too often."),
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


class RateLimitMiddleware:
    """Answer RateLimited raised anywhere in a view with the 429 page."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            # django-allauth's own limits (password reset mails) answer 429 without
            # saying when; theirs count per minute.
            response["Retry-After"] = str(ALLAUTH_RETRY_SECONDS)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
