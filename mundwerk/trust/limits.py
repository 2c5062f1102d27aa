"""Rate limits kept in a cache that every app process shares.

`hit(scope, key, limit=, window=)` counts one attempt in the current window
and raises `RateLimited` past the limit; `RateLimitMiddleware` turns that
into HTTP 429 with a readable page and a Retry-After header. The counters
live in the "limits" cache: Redis when REDIS_URL is set (every process on
every host sees the same counts), otherwise files in the data directory,
which every process of the one machine shares.
"""

import time

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RateLimited(Exception):
    """Too many attempts: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
        self.message = message


def hit(scope: str, key: str | int, *, limit: int, window: int, message: str = "") -> None:
    """Count one attempt of `scope` by `key`; raise RateLimited past `limit` per `window` s."""
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
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
