from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.search.forms import SearchForm, SuggestForm, search_query
from mundwerk.search.queries import SearchPage, search, suggest


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    wanted = form.search_request()
    results = None
    if wanted.text:
        results = search(
            request.user, wanted.text, kind=wanted.kind, sort=wanted.sort, page=wanted.page
        )
    context = {"form": form, "results": results, **_page_links(results)}
    return render(request, "search/search.html", context)


def _page_links(results: SearchPage | None) -> dict[str, str]:
    """Links to the pages before and after, keeping the query, kind and order."""
    if results is None:
        return {}
    links = {
        "all_kinds_url": search_query(results.text, None, results.sort),
        "first_url": search_query(results.text, results.kind, results.sort),
    }
    if results.page > 1:
        links["previous_url"] = search_query(
            results.text, results.kind, results.sort, results.page - 1
        )
    if results.has_next:
        links["next_url"] = search_query(results.text, results.kind, results.sort, results.page + 1)
    return links


@require_safe
def suggestions(request: HttpRequest) -> HttpResponse:
    text = SuggestForm(request.GET).text()
    if not text:
        return HttpResponse("")
    found = suggest(request.user, text)
    context = {"suggestions": found, "text": text, "query_string": search_query(text)}
    return render(request, "search/_suggestions.html", context)


@cache_for_anonymous
@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    context = {
        "search_url": request.build_absolute_uri(reverse("search:search")),
        "self_url": request.build_absolute_uri(reverse("search:opensearch")),
        "icon_url": request.build_absolute_uri(static("mundwerk/favicon.svg")),
    }
    return render(
        request,
        "search/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
