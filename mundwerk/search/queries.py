"""Search as a reader sees it: parse, keep to what the reader may see, find, show.

`search()` is the one way pages and the API search. It decides who may see
what from the same rules as the rest of the site (`unreadable_space_ids`,
blocks and mutes), asks the database's backend for ids, then loads the
things themselves and checks each again, so a document that is a moment
behind its post (hidden, moved into a closed group) never shows.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.posts.models import Tag, Topic
from mundwerk.search import hits as hit_loaders
from mundwerk.search.backends import Criteria, backend
from mundwerk.search.hits import Hit
from mundwerk.search.snippets import highlight_title
from mundwerk.search.stopwords import without_stopwords
from mundwerk.search.syntax import SearchQuery, parse_query
from mundwerk.social.queries import relations_of
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import unreadable_space_ids

Viewer = User | AnonymousUser

KINDS = ("topic", "post", "member", "space", "tag", "event", "review")
SORTS = ("relevance", "newest")
MAX_PAGE = 1000
QUERY_LIMIT = 500  # characters; syntax.parse_query cuts there too

__all__ = ["KINDS", "SORTS", "Hit", "SearchPage", "Suggestions", "search", "suggest"]


@dataclass(frozen=True)
class SearchPage:
    text: str
    hits: list[Hit]
    page: int
    has_next: bool
    problems: list[str]
    sort: str
    kind: str | None
    query: SearchQuery | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Suggestions:
    topics: list[Topic]
    members: list[User]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _resolve_filters(query: SearchQuery, criteria: Criteria, problems: list[str]) -> Criteria:
    """Turn names in filters into ids; a name nobody can find gives a message."""
    changes: dict[str, object] = {}
    hidden = criteria.hidden_spaces
    if query.spaces:
        found = dict(Space.objects.filter(slug__in=query.spaces).values_list("slug", "pk"))
        readable = {slug: pk for slug, pk in found.items() if pk not in hidden}
        for slug in query.spaces:
            if slug not in readable:
                problems.append(_("There is no space “%(name)s”.") % {"name": slug})
        changes["space_ids"] = tuple(readable.values())
    if query.authors:
        members = dict(User.objects.named(query.authors).values_list("username", "pk"))
        known = {name.lower() for name in members}
        for name in query.authors:
            if name.lower() not in known:
                problems.append(_("There is no member “%(name)s”.") % {"name": name})
        changes["author_ids"] = tuple(members.values())
    if query.tags:
        tags = dict(Tag.objects.filter(name__in=query.tags).values_list("name", "pk"))
        for name in query.tags:
            if name not in tags:
                problems.append(_("There is no tag “%(name)s”.") % {"name": name})
        changes["tag_ids"] = tuple(tags.values())
    if query.after is not None:
        changes["after"] = _day_start(query.after)
    if query.before is not None:
        changes["before"] = _day_start(query.before)
    changes["has_image"] = "image" in query.has
    if "solved" in query.is_:
        problems.append(_("Topics cannot be marked as solved yet, so “is:solved” was left out."))
    return replace(criteria, **changes)  # type: ignore[arg-type]


def _criteria_for(viewer: Viewer, query: SearchQuery, kind: str | None) -> Criteria:
    relations = relations_of(viewer)
    return Criteria(
        query=query,
        kinds=("post",) if kind == "topic" else ((kind,) if kind else ()),
        openings_only=kind == "topic",
        hidden_spaces=unreadable_space_ids(viewer),
        hidden_authors=relations.hidden,
    )


def search(
    viewer: Viewer,
    text: str,
    *,
    kind: str | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Find what `viewer` may see that matches `text`, one page of it, best or newest first."""
    kind = kind if kind in KINDS else None
    sort = sort if sort in SORTS else "relevance"
    page = min(max(page, 1), MAX_PAGE)
    shown = text.strip()[:QUERY_LIMIT]
    query = parse_query(text)
    problems = [str(problem) for problem in query.problems]
    empty = SearchPage(shown, [], page, False, problems, sort, kind, query)
    if query.is_empty:
        if query.exclude:
            problems.append(_("Add a word to look for: a search cannot only leave words out."))
        return empty
    query, only_common = without_stopwords(query)
    if only_common and sort == "relevance":
        problems.append(_("Only very common words: the newest posts that contain them come first."))
    criteria = _resolve_filters(query, _criteria_for(viewer, query, kind), problems)
    rows = backend().find(
        criteria,
        newest=sort == "newest" or only_common,
        offset=(page - 1) * per_page,
        limit=per_page + 1,
    )
    hits = hit_loaders.load(viewer, rows[:per_page], query, criteria)
    return SearchPage(shown, hits, page, len(rows) > per_page, problems, sort, kind, query)


def suggest(viewer: Viewer, text: str, *, limit: int = 6) -> Suggestions:
    """Topics and members for what someone is typing: the last word counts as a beginning."""
    text = text.strip()[:100]
    if len(text) < 2:
        return Suggestions([], [])
    query = parse_query(f"{text}*" if text[-1].isalnum() else text)
    topics: list[Topic] = []
    if not query.is_empty:
        criteria = _criteria_for(viewer, query, "topic")
        # Titles weigh most, so title matches come first; a few more rows leave
        # room to drop topics that matched by their text only.
        rows = backend().find(criteria, newest=False, offset=0, limit=limit * 3)
        found = hit_loaders.topics_of(viewer, rows, criteria)
        topics = [topic for topic in found if "<mark>" in highlight_title(topic.title, query)]
        topics = topics[:limit]
    return Suggestions(topics, _members_starting(text, limit))


def _members_starting(text: str, limit: int) -> list[User]:
    word = text.split()[-1].lstrip("@")
    if not word:
        return []
    return list(
        User.objects.filter(
            username__istartswith=word, is_active=True, banned_at__isnull=True
        ).order_by("username")[:limit]
    )
