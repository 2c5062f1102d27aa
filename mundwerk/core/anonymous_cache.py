"""Serve logged-out readers the pages they read most from a short-lived cache.

Only views marked with `cache_for_anonymous` are stored, only for requests
without a session or messages cookie, only 200 responses that set no
cookie, keyed by path, query and language. Entries live at most
ANONYMOUS_CACHE_SECONDS (2 by default), so a new reply reaches logged-out
readers within that time on every app server, with or without a shared cache.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

ViewFunction = Callable[..., HttpResponse]
CACHE_PREFIX = "anon-page:"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")


def cache_for_anonymous(view: ViewFunction) -> ViewFunction:
    """Mark a view whose logged-out response is the same for every logged-out reader."""
    view.cache_for_anonymous = True  # type: ignore[attr-defined]
    return view


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.ANONYMOUS_CACHE_SECONDS
        if not seconds or not self._may_use_cache(request):
            return self.get_response(request)
        key = self._key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Mundwerk-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if getattr(request, "_cache_for_anonymous", False) and self._may_store(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), seconds)
        return response

    def process_view(
        self, request: HttpRequest, view: ViewFunction, args: Any, kwargs: Any
    ) -> None:
        if getattr(view, "cache_for_anonymous", False):
            request._cache_for_anonymous = True  # type: ignore[attr-defined]

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        cookies = request.COOKIES
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies
            and "HTTP_AUTHORIZATION" not in request.META
            and "HTTP_HX_REQUEST" not in request.META
        )

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and user is not None
            and not user.is_authenticated
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request: HttpRequest) -> str:
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        raw = f"{request.get_host()}|{language}|{request.get_full_path()}"
        return CACHE_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
