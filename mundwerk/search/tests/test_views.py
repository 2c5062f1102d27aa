"""The search pages: the form, the results, suggestions and the OpenSearch description."""

import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from mundwerk.core.models import SiteSettings
from mundwerk.core.tests.factories import make_space, make_topic, make_user, session_queries
from mundwerk.search import views
from mundwerk.search.forms import KIND_CHOICES, SORT_CHOICES, SearchForm
from mundwerk.search.queries import KINDS, SORTS, Hit, SearchPage
from mundwerk.spaces import actions as space_actions
from mundwerk.spaces.models import Space
from mundwerk.spaces.tests.conftest import make_group

SEARCH = "/search/"
SUGGEST = "/search/suggest/"
BLNS = Path("/work/shared/corpora/blns/blns.txt")
needs_corpora = pytest.mark.skipif(not BLNS.exists(), reason="the naughty strings are not there")


def naughty_strings() -> list[str]:
    lines = BLNS.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def fake_page(hits: list[Hit], **fields: object) -> SearchPage:
    values: dict[str, object] = {
        "text": "kette",
        "hits": hits,
        "page": 1,
        "has_next": False,
        "problems": [],
        "sort": "relevance",
        "kind": None,
    }
    values.update(fields)
    return SearchPage(**values)  # type: ignore[arg-type]


def fake_hit(**fields: object) -> Hit:
    values: dict[str, object] = {
        "kind": "post",
        "url": "/t/kette/1/",
        "title": mark_safe("Welche <mark>Kette</mark>?"),
        "snippet": mark_safe("Die <mark>Kette</mark> quietscht"),
        "created_at": datetime(2025, 3, 1, 12, tzinfo=UTC),
        "author": None,
        "space": None,
        "is_opening": True,
    }
    values.update(fields)
    return Hit(**values)  # type: ignore[arg-type]


@pytest.fixture
def searches(db, monkeypatch):
    """Answer every search with the page a test sets, and remember what was asked."""
    asked: list[dict[str, object]] = []
    answer: dict[str, SearchPage] = {"page": fake_page([])}

    def search(viewer, text, **options):
        asked.append({"text": text, **options})
        return answer["page"]

    monkeypatch.setattr(views, "search", search)
    return asked, answer


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the after-commit hooks (and so the index task) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def links(html: str, rel: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'href="([^"]*)" rel="{rel}"', html)]


# The form


def test_form_kinds_and_sorts_are_the_ones_search_knows():
    assert [value for value, _label in KIND_CHOICES] == ["", *KINDS]
    assert [value for value, _label in SORT_CHOICES] == list(SORTS)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ("", None, "relevance", 1)),
        (
            {"q": "  kette  ", "kind": "topic", "sort": "newest", "page": "3"},
            ("kette", "topic", "newest", 3),
        ),
        ({"q": "kette", "page": "abc"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "page": "-1"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "page": "0"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "page": "1001"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "page": "٣"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "page": "9" * 400}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "kind": "<script>"}, ("kette", None, "relevance", 1)),
        ({"q": "kette", "sort": "oldest"}, ("kette", None, "relevance", 1)),
    ],
)
def test_form_keeps_what_is_valid_and_falls_back_to_defaults(data, expected):
    wanted = SearchForm(data).search_request()
    assert (wanted.text, wanted.kind, wanted.sort, wanted.page) == expected


def test_form_passes_long_queries_on_cut_to_ten_thousand_characters():
    wanted = SearchForm({"q": "a" * 50_000}).search_request()
    assert wanted.text == "a" * 10_000


def test_form_says_which_filter_it_did_not_understand():
    form = SearchForm({"q": "kette", "kind": "<script>", "sort": "oldest"})
    form.search_request()
    assert form.errors["kind"] == ["There is no such kind of result; showing all."]
    assert form.errors["sort"] == ["There is no such order; sorting by relevance instead."]


# The page, with the engine stood in for


def test_empty_search_shows_the_form_and_help_without_searching(client, member, searches):
    asked, _answer = searches
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        response = client.get(SEARCH, {"q": "   "})
        assert response.status_code == 200
        html = response.text
        assert 'name="q"' in html
        assert '<details class="search-help" open>' in html
        assert "in:" in html and "has:image" in html
        assert 'class="search-results"' not in html
    assert asked == []


def test_search_page_is_kept_out_of_search_engines(client, searches):
    for query in ({}, {"q": "kette"}):
        response = client.get(SEARCH, query)
        assert '<meta name="robots" content="noindex">' in response.text


def test_search_page_passes_the_cleaned_parameters_to_search(client, searches):
    asked, _answer = searches
    client.get(SEARCH, {"q": " kette ", "kind": "member", "sort": "newest", "page": "4"})
    client.get(SEARCH, {"q": "kette", "kind": "<script>", "sort": "x", "page": "abc"})
    assert asked == [
        {"text": "kette", "kind": "member", "sort": "newest", "page": 4},
        {"text": "kette", "kind": None, "sort": "relevance", "page": 1},
    ]


def test_pagination_links_keep_query_kind_and_order(client, searches):
    _asked, answer = searches
    answer["page"] = fake_page(
        [fake_hit()], text="öl & kette", page=2, has_next=True, kind="topic", sort="newest"
    )
    response = client.get(
        SEARCH, {"q": "öl & kette", "kind": "topic", "sort": "newest", "page": "2"}
    )
    html = response.text
    (previous,) = links(html, "prev")
    (following,) = links(html, "next")
    expected = {"q": ["öl & kette"], "kind": ["topic"], "sort": ["newest"]}
    assert parse_qs(urlsplit(previous).query) == expected
    assert parse_qs(urlsplit(following).query) == {**expected, "page": ["3"]}


def test_first_page_links_only_forward_and_last_page_only_back(client, searches):
    _asked, answer = searches
    answer["page"] = fake_page([fake_hit()], has_next=True)
    html = client.get(SEARCH, {"q": "kette"}).text
    assert links(html, "prev") == []
    assert links(html, "next") == ["?q=kette&page=2"]
    answer["page"] = fake_page([fake_hit()], page=5)
    html = client.get(SEARCH, {"q": "kette", "page": "5"}).text
    assert links(html, "prev") == ["?q=kette&page=4"]
    assert links(html, "next") == []


def test_every_kind_of_hit_gets_its_own_line(client, searches, member):
    _asked, answer = searches
    category = make_space("Werkstatt")
    group = make_space("Radtreff", kind=Space.Kind.GROUP)
    hits = [
        fake_hit(author=member, space=category),
        fake_hit(title=mark_safe("Antwort"), is_opening=False, author=member, space=category),
        fake_hit(kind="member", title=mark_safe("anna"), snippet=SafeString(""), author=member),
        fake_hit(kind="space", title=mark_safe("Radtreff"), space=group),
        fake_hit(kind="space", title=mark_safe("Werkstatt"), space=category),
        fake_hit(kind="tag", title=mark_safe("#kette"), snippet=SafeString("")),
        fake_hit(kind="event", title=mark_safe("Schraubabend"), author=member, space=category),
        fake_hit(kind="review", title=mark_safe("Gute Kette"), author=member),
    ]
    answer["page"] = fake_page(hits)
    html = client.get(SEARCH, {"q": "kette"}).text
    kinds = re.findall(r'<span class="search-kind">([^<]*)</span>', html)
    assert kinds == ["Topic", "Post", "Member", "Group", "Space", "Tag", "Event", "Review"]
    assert html.count("by anna") == 4
    assert html.count('class="space-badge') == 3
    assert "Die <mark>Kette</mark> quietscht" in html
    assert '<time datetime="2025-03-01T' in html


def test_problems_are_shown_above_the_results(client, searches):
    _asked, answer = searches
    answer["page"] = fake_page([], problems=["There is no space “<b>x</b>”."])
    html = client.get(SEARCH, {"q": "in:x kette"}).text
    assert 'class="message message-error search-problems" role="alert"' in html
    assert "There is no space “&lt;b&gt;x&lt;/b&gt;”." in html


def test_no_results_gives_hints_and_a_way_to_search_everything(client, searches):
    _asked, answer = searches
    answer["page"] = fake_page([], text="kettte", kind="event")
    html = client.get(SEARCH, {"q": "kettte", "kind": "event"}).text
    assert "Nothing found for “kettte”." in html
    assert "Check the spelling" in html
    assert 'href="?q=kettte">Search all kinds of results' in html
    assert '<details class="search-help">' in html


def test_a_page_past_the_end_offers_the_first_page(client, searches):
    _asked, answer = searches
    answer["page"] = fake_page([], text="kette", page=7, sort="newest")
    html = client.get(SEARCH, {"q": "kette", "page": "7", "sort": "newest"}).text
    assert "There are no more results." in html
    assert 'href="?q=kette&amp;sort=newest">Back to the first page' in html


# Bad input never breaks the page (the real engine from here on)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "kette", "page": "abc"},
        {"q": "kette", "page": "-1"},
        {"q": "kette", "page": "1e9"},
        {"q": "kette", "page": "99999999999999999999"},
        {"q": "kette", "kind": "<script>alert(1)</script>"},
        {"q": "kette", "sort": "<script>alert(1)</script>"},
        {"q": '"unbalanced', "kind": "topic"},
        {"q": "-nur -ausschluss"},
        {"q": "in: by: tag: after:gestern before:2025-13-45 has:"},
        {"q": "x" * 10_000},
        {"q": "wort " * 2_000},
        {"q": "a" * 10_001},
        {"q": ["kette", "öl"], "kind": ["topic", "member"]},
    ],
)
def test_bad_parameters_answer_with_a_page_not_an_error(client, db, query):
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_a_query_with_a_null_character_gets_a_clear_message(client, db):
    response = client.get(SEARCH, {"q": "ket\x00te"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text


def test_a_too_long_query_is_answered_with_a_message(client, db):
    response = client.get(SEARCH, {"q": "kette " * 200})
    assert response.status_code == 200
    assert 'class="message message-error search-problems"' in response.text


@needs_corpora
def test_naughty_strings_as_search_parameters_never_break_the_pages(client, member, space):
    make_topic(member, space, title="Kettenöl für den Winter", body="Welches Öl nehmt ihr?")
    strings = naughty_strings()
    assert len(strings) > 500
    for text in strings:
        for query in ({"q": text}, {"q": "kette", "kind": text, "sort": text, "page": text}):
            response = client.get(SEARCH, query)
            assert response.status_code == 200, (query, text)
            assert "<script>alert" not in response.text, text
        assert client.get(SUGGEST, {"q": text}).status_code == 200, text


# Suggestions


def test_suggestions_are_empty_for_fewer_than_two_characters(client, db):
    for text in ("", "k", " k ", "\x00"):
        response = client.get(SUGGEST, {"q": text})
        assert response.status_code == 200
        assert response.content == b""


def test_suggestions_offer_topics_members_and_the_full_search(client, member, space, indexed):
    with indexed():
        topic = make_topic(member, space, title="Kettenöl für den Winter", body="Welches Öl?")
    make_user("kettenfreund")
    html = client.get(SUGGEST, {"q": "kette"}, headers={"HX-Request": "true"}).text
    assert f'href="{topic.get_absolute_url()}"' in html
    assert "Kettenöl für den Winter" in html
    assert 'href="/u/kettenfreund/"' in html
    assert 'href="/search/?q=kette" class="search-suggestion-all">Search for “kette”' in html
    assert "<html" not in html


def test_search_boxes_ask_for_suggestions_while_typing(client, db):
    html = client.get("/").text
    assert 'hx-get="/search/suggest/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#site-search-suggestions"' in html
    assert 'id="site-search-suggestions" class="search-suggestions" aria-live="polite"' in html
    page = client.get(SEARCH).text
    assert 'hx-target="#page-search-suggestions"' in page


def test_search_pages_carry_no_inline_scripts_or_styles(client, member, space, indexed):
    with indexed():
        make_topic(member, space, title="Kettenöl im Winter", body="Frost")
    pages = [client.get(SEARCH).text, client.get(SEARCH, {"q": "kettenöl"}).text]
    pages.append(client.get(SUGGEST, {"q": "kett"}).text)
    for html in pages:
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
        assert " style=" not in html and "<style" not in html
        assert re.search(r"\son[a-z]+=", html) is None


# OpenSearch


def test_every_page_names_the_opensearch_description(client, db):
    html = client.get("/").text
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'href="/search/opensearch.xml" title="Mundwerk">'
    ) in html


def test_opensearch_description_parses_and_names_the_site(client, db):
    settings = SiteSettings.load()
    settings.name = "Rad & Tat <Forum> für alle"
    settings.save()
    response = client.get("/search/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    # Parses this site's own answer, not untrusted input.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    spec = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert root.tag == f"{spec}OpenSearchDescription"
    short_name = root.findtext(f"{spec}ShortName")
    assert short_name is not None and 0 < len(short_name) <= 16
    assert short_name.startswith("Rad & Tat")
    assert root.findtext(f"{spec}Description") == "Search Rad & Tat <Forum> für alle"
    templates = {url.get("type"): url.get("template") for url in root.iter(f"{spec}Url")}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/opensearchdescription+xml"] == (
        "http://testserver/search/opensearch.xml"
    )


# End to end: the real index and the reading rules


def test_a_new_topic_is_found_by_visitors_and_members(client, member, other_member, space, indexed):
    with indexed():
        topic = make_topic(
            member, space, title="Kettenöl im Winter", body="Was nehmt ihr bei Frost?"
        )
    for reader in (None, other_member):
        if reader:
            client.force_login(reader)
        response = client.get(SEARCH, {"q": "frost"})
        assert response.status_code == 200
        assert f'href="{topic.get_absolute_url()}"' in response.text
        assert "<mark>Frost</mark>" in response.text


def test_a_private_groups_topic_is_found_by_members_only(client, member, indexed):
    outsider = make_user("olaf")
    insider = make_user("ines")
    group = make_group(
        member,
        name="Geheimrat",
        visibility=Space.Visibility.PRIVATE,
        join_policy=Space.JoinPolicy.OPEN,
    )
    space_actions.join_group(member=insider, space=group)
    with indexed():
        make_topic(member, group, title="Geheimplan Zahnkranz", body="Nur für uns.")
    for reader, found in ((None, False), (outsider, False), (insider, True), (member, True)):
        if reader:
            client.force_login(reader)
        for query in ({"q": "zahnkranz"}, {"q": "zahnkranz", "kind": "topic"}):
            html = client.get(SEARCH, query).text
            assert ("Zahnkranz" in html.replace("<mark>", "").replace("</mark>", "")) is found
        suggestions = client.get(SUGGEST, {"q": "geheimpl"}).text
        assert ("Geheimplan" in suggestions) is found


# Spaces the reader may not read, the index, the posts; PostgreSQL also asks for the
# newest document's id first (see search.backends.PostgresBackend).
QUERIES_FOR_VISITOR = 4 if connection.vendor == "postgresql" else 3
# And the member and their blocks and mutes (the closed groups they read are in the first).
QUERIES_FOR_MEMBER = QUERIES_FOR_VISITOR + 2


@pytest.mark.parametrize("count", [3, 12])
@pytest.mark.parametrize("as_member", [False, True])
def test_results_page_runs_a_fixed_number_of_queries(
    client, member, space, indexed, django_assert_num_queries, count, as_member
):
    with indexed():
        for number in range(count):
            author = make_user(f"schrauber{number}")
            make_topic(author, space, title=f"Kettenpflege Teil {number}", body="Kette ölen.")
    if as_member:
        client.force_login(member)
    client.get(SEARCH, {"q": "kettenpflege"})  # settings and caches warmed up
    expected = QUERIES_FOR_MEMBER + session_queries() if as_member else QUERIES_FOR_VISITOR
    with django_assert_num_queries(expected):
        response = client.get(SEARCH, {"q": "kettenpflege"})
    assert response.text.count('class="search-hit ') == count
