"""Turn found document rows into what a results page shows, one query per kind.

Each loader checks the thing itself once more against the reader's rights:
the index is updated after commit, so for a moment a document can be behind
its post (just hidden, just moved into a closed group). Such a row is left
out rather than shown.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mundwerk.accounts.models import User
from mundwerk.events.models import Event
from mundwerk.posts.models import Post, Tag, Topic
from mundwerk.reviews.models import Review
from mundwerk.search.backends import Criteria, Row
from mundwerk.search.indexing import is_member_findable, is_post_findable
from mundwerk.search.snippets import highlight, highlight_title, plain_text
from mundwerk.search.syntax import SearchQuery
from mundwerk.spaces.models import Space

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class Hit:
    kind: str
    url: str
    title: SafeString
    snippet: SafeString
    created_at: datetime | None
    author: User | None = None
    space: Space | None = None
    is_opening: bool = False


Loader = Callable[[Sequence[int], SearchQuery, Criteria], dict[int, Hit]]


def _post_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    posts = Post.objects.filter(pk__in=ids).select_related("topic", "topic__space", "author")
    found: dict[int, Hit] = {}
    for post in posts:
        topic = post.topic
        if not is_post_findable(post) or topic.space_id in criteria.hidden_spaces:
            continue
        if post.author_id in criteria.hidden_authors:
            continue
        opening = post.number == 1
        found[post.pk] = Hit(
            kind="post",
            url=topic.get_absolute_url() if opening else post.get_absolute_url(),
            title=highlight_title(topic.title, query),
            snippet=highlight(plain_text(post.html), query),
            created_at=post.created_at,
            author=post.author,
            space=topic.space,
            is_opening=opening,
        )
    return found


def _member_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    found: dict[int, Hit] = {}
    for member in User.objects.filter(pk__in=ids):
        if not is_member_findable(member):  # banned since it was indexed
            continue
        title = highlight_title(member.shown_name, query)
        if member.public_display_name:
            title = format_html("{} <small>@{}</small>", title, member.username)
        found[member.pk] = Hit(
            kind="member",
            url=member.get_absolute_url(),
            title=title,
            snippet=SafeString("")
            if member.is_profile_hidden
            else highlight(plain_text(member.bio_html), query),
            created_at=member.date_joined,
            author=member,
        )
    return found


def _space_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    found: dict[int, Hit] = {}
    for space in Space.objects.filter(pk__in=ids, deleted_at__isnull=True):
        secret = space.visibility == Space.Visibility.SECRET
        if space.hidden_at is not None:
            continue
        if secret and space.pk in criteria.hidden_spaces:
            continue
        found[space.pk] = Hit(
            kind="space",
            url=space.get_absolute_url(),
            title=highlight_title(space.name, query),
            snippet=highlight(space.description, query),
            created_at=space.created_at,
            space=space,
        )
    return found


def _tag_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    readable = (
        Topic.objects.visible()
        .filter(tags=OuterRef("pk"), space__deleted_at__isnull=True)
        .exclude(space_id__in=criteria.hidden_spaces)
    )
    tags = Tag.objects.filter(pk__in=ids).filter(Exists(readable))
    return {
        tag.pk: Hit(
            kind="tag",
            url=tag.get_absolute_url(),
            title=highlight_title(f"#{tag.name}", query),
            snippet=SafeString(""),
            created_at=tag.created_at,
        )
        for tag in tags
    }


def _event_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    events = Event.objects.filter(pk__in=ids, hidden_at__isnull=True)
    found: dict[int, Hit] = {}
    for event in events.select_related("space", "organiser"):
        if event.space_id in criteria.hidden_spaces or event.space.deleted_at is not None:
            continue
        found[event.pk] = Hit(
            kind="event",
            url=event.get_absolute_url(),
            title=highlight_title(event.title, query),
            snippet=highlight(plain_text(event.description_html), query),
            created_at=event.starts_at,
            author=event.organiser,
            space=event.space,
        )
    return found


def _review_hits(ids: Sequence[int], query: SearchQuery, criteria: Criteria) -> dict[int, Hit]:
    reviews = Review.objects.shown().filter(pk__in=ids).select_related("subject", "author")
    return {
        review.pk: Hit(
            kind="review",
            url=review.get_absolute_url(),
            title=format_html(
                "{} <small>({})</small>",
                highlight_title(review.title, query),
                review.subject.name,
            ),
            snippet=highlight(plain_text(review.html), query),
            created_at=review.created_at,
            author=review.author,
        )
        for review in reviews
        if review.author_id not in criteria.hidden_authors
    }


LOADERS: dict[str, Loader] = {
    "post": _post_hits,
    "member": _member_hits,
    "space": _space_hits,
    "tag": _tag_hits,
    "event": _event_hits,
    "review": _review_hits,
}


def load(viewer: Viewer, rows: Sequence[Row], query: SearchQuery, criteria: Criteria) -> list[Hit]:
    """The hits for the found rows, in the order found, leaving out what may not show."""
    by_kind: dict[str, list[int]] = {}
    for _document_id, kind, object_id in rows:
        by_kind.setdefault(kind, []).append(object_id)
    loaded = {
        kind: LOADERS[kind](ids, query, criteria)
        for kind, ids in by_kind.items()
        if kind in LOADERS
    }
    return [
        loaded[kind][object_id]
        for _document_id, kind, object_id in rows
        if object_id in loaded.get(kind, {})
    ]


def topics_of(viewer: Viewer, rows: Sequence[Row], criteria: Criteria) -> list[Topic]:
    """The readable topics whose opening posts were found, in the order found."""
    post_ids = [object_id for _document_id, kind, object_id in rows if kind == "post"]
    posts = Post.objects.filter(pk__in=post_ids).select_related("topic", "topic__space")
    by_id = {
        post.pk: post.topic
        for post in posts
        if is_post_findable(post) and post.topic.space_id not in criteria.hidden_spaces
    }
    return [by_id[post_id] for post_id in post_ids if post_id in by_id]
