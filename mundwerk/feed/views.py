from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from mundwerk.accounts.models import User
from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.feed import queries
from mundwerk.feed.cursors import BadCursor, Cursor, decode
from mundwerk.feed.queries import FOR_YOU, LATEST, POPULAR, FeedItem
from mundwerk.feed.show_less import show_less_for


@require_safe
def for_you(request: HttpRequest) -> HttpResponse:
    return _feed(request, FOR_YOU)


@require_safe
def latest(request: HttpRequest) -> HttpResponse:
    return _feed(request, LATEST)


def _feed(request: HttpRequest, tab: str) -> HttpResponse:
    if not isinstance(request.user, User):
        return redirect("feed:popular")
    cursor: Cursor | None = None
    raw = request.GET.get("cursor")
    if raw is not None:
        try:
            cursor = decode(raw, tab)
        except BadCursor:
            context = {"tab": tab, "bad_cursor": True, "items": []}
            return render(request, "feed/feed.html", context, status=400)
    page = queries.home_feed(request.user, tab, cursor, timezone.now())
    _add_controls(page.items)
    context = {"tab": tab, "items": page.items, "next_cursor": page.next_cursor, "cursor": raw}
    partial = request.headers.get("HX-Request") == "true"
    response = render(request, "feed/_page.html" if partial else "feed/feed.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _add_controls(items: list[FeedItem]) -> None:
    for item in items:
        item.show_less = show_less_for(item.space.slug, item.author_name, item.tags)


@cache_for_anonymous
@require_safe
def popular(request: HttpRequest) -> HttpResponse:
    cursor: Cursor | None = None
    raw = request.GET.get("cursor")
    if raw is not None:
        try:
            cursor = decode(raw, POPULAR)
        except BadCursor:
            context = {"bad_cursor": True, "items": []}
            return render(request, "feed/popular.html", context, status=400)
    page = queries.popular(request.user, cursor, timezone.now())
    context = {"items": page.items, "next_cursor": page.next_cursor, "cursor": raw}
    partial = request.headers.get("HX-Request") == "true"
    response = render(
        request, "feed/_popular_page.html" if partial else "feed/popular.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
