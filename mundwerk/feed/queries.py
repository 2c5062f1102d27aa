"""Reads of the home feed: a member's "For you" and "Latest" pages, and the public Popular page."""

import html as html_entities
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.core.urlpaths import url_for
from mundwerk.feed import ranking
from mundwerk.feed.candidates import (
    LIKED,
    POSTED,
    SHARED,
    TOPIC_FIELDS,
    Candidate,
    Event,
    Links,
    Snapshot,
    affinity,
    candidates_of,
    events_by_topic,
    gather,
    take_snapshot,
)
from mundwerk.feed.cursors import Cursor, encode
from mundwerk.feed.show_less import ShowLess
from mundwerk.posts.models import Like, Post, Topic
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import unreadable_space_ids

FOR_YOU, LATEST, POPULAR = "for_you", "latest", "popular"
EXCERPT_WORDS = 40
EXCERPT_HTML = 2000
NAMES_PER_REASON = 3
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Latest checks this many topics at a time (three queries each round) until its page is full.
LATEST_CHUNK = 3 * ranking.PAGE_SIZE


@dataclass
class Reason:
    kind: str
    text: str
    comment: str = ""
    # For a share: where passing the post on records this share as its source.
    share_url: str = ""


@dataclass
class FeedItem:
    """One topic in a feed, with why it is there and its newest relevant post."""

    topic_id: int
    post_id: int
    at: datetime
    key: int
    likes: int
    replies: int
    author_id: int
    reasons: list[Reason] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    excerpt: str = ""
    author_name: str = ""
    score: float | None = None
    show_less: ShowLess | None = None
    # Loaded only for the items of the page shown (see _load_topics).
    topic: Topic | None = None

    @property
    def url(self) -> str:
        if self.post_id or self.topic is None:
            return url_for("posts:permalink", self.post_id)
        return self.topic.get_absolute_url()

    @property
    def space(self) -> Space:
        assert self.topic is not None, "the page's topics are loaded"
        return self.topic.space


@dataclass
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None


def home_feed(member: User, tab: str, cursor: Cursor | None, now: datetime) -> FeedPage:
    """One page of a member's feed: the first (ranked at `now`) or the one after `cursor`."""
    snapshot = (
        Snapshot(cursor.as_of, cursor.post_id, cursor.like_id, cursor.share_id)
        if cursor
        else take_snapshot(now)
    )
    if tab == FOR_YOU:
        candidates, links = gather(member, snapshot)
        ranked = _scored(member, snapshot, candidates, links)
        ranked.sort(key=lambda entry: (entry[0], entry[1].topic.pk), reverse=True)
        if cursor is not None:
            position = (cursor.key, cursor.topic_id)
            ranked = [entry for entry in ranked if (entry[0], entry[1].topic.pk) < position]
        items = [
            _item(candidate, key, value)
            for key, candidate, value in ranked[: ranking.PAGE_SIZE + 1]
        ]
    else:
        candidates, links = _latest(member, snapshot, cursor)
        items = [_item(candidate, _micros(candidate.newest.at)) for candidate in candidates]
    page, more = items[: ranking.PAGE_SIZE], len(items) > ranking.PAGE_SIZE
    _load_topics(page)
    by_topic = {candidate.topic.pk: candidate for candidate in candidates}
    _describe(page, [by_topic[item.topic_id] for item in page], links)
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = encode(
            Cursor(
                tab, snapshot.as_of, snapshot.post_id, snapshot.like_id, snapshot.share_id,
                last.key, last.topic_id,
            )
        )  # fmt: skip
    return FeedPage(page, next_cursor)


def _latest(
    member: User, snapshot: Snapshot, cursor: Cursor | None
) -> tuple[list[Candidate], Links]:
    """The candidates of one Latest page and one more, newest first, after `cursor`.

    Reads the same events as For you, but loads and checks topics only in
    chunks from the cursor on until the page is full: the order is known from
    the events alone (each topic's newest), only mutes, blocks, deletions and
    closed groups can take a topic out, and those are checked per topic.
    """
    by_topic, links = events_by_topic(member, snapshot)
    newest = ((events[0].at, topic_id) for topic_id, events in by_topic.items())
    keyed = sorted(newest, reverse=True)
    if cursor is not None:
        after = EPOCH + cursor.key * timedelta(microseconds=1)
        keyed = [key for key in keyed if key < (after, cursor.topic_id)]
    wanted = ranking.PAGE_SIZE + 1
    found: list[Candidate] = []
    for start in range(0, len(keyed), LATEST_CHUNK):
        chunk = [topic_id for _key, topic_id in keyed[start : start + LATEST_CHUNK]]
        found += candidates_of(chunk, by_topic, snapshot, links)
        if len(found) >= wanted:
            break
    return found[:wanted], links


def _load_topics(items: list[FeedItem]) -> None:
    """Give the page's items their Topic (with its space) in one query."""
    topics = (
        Topic.objects.filter(pk__in=[item.topic_id for item in items])
        .select_related("space")
        .only(*TOPIC_FIELDS)
        .in_bulk()
    )
    for item in items:
        item.topic = topics[item.topic_id]


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def _item(candidate: Candidate, key: int, score: float | None = None) -> FeedItem:
    newest = candidate.newest
    return FeedItem(
        score=score,
        topic_id=candidate.topic.pk,
        post_id=newest.post_id,
        at=newest.at,
        key=key,
        likes=candidate.likes,
        replies=candidate.replies,
        author_id=newest.author_id,
    )


def reason_counts(candidate: Candidate, links: Links) -> dict[str, int]:
    counts = {kind: len(candidate.actors(kind)) for kind in (POSTED, SHARED, LIKED)}
    if candidate.has_new_posts:
        counts["tag"] = sum(1 for tag_id, _name in candidate.tags if tag_id in links.tags)
        counts["space"] = int(candidate.topic.space_id in links.spaces)
    return counts


def _scored(
    member: User, snapshot: Snapshot, candidates: list[Candidate], links: Links
) -> list[tuple[int, Candidate, float]]:
    """Every candidate with its score and the score's integer key (items are made only for
    the page: a first page ranks several hundred)."""
    authors = {candidate.newest.author_id for candidate in candidates}
    known = affinity(member, snapshot, authors)
    scored = []
    for candidate in candidates:
        newest = candidate.newest
        inputs = ranking.Inputs(
            newest_at=newest.at,
            reason_counts=reason_counts(candidate, links),
            likes=candidate.likes,
            replies=candidate.replies,
            affinity=known.get(newest.author_id, 0),
        )
        value = ranking.score(inputs, snapshot.as_of)
        scored.append((ranking.score_key(value), candidate, value))
    return scored


def _describe(items: list[FeedItem], candidates: list[Candidate], links: Links) -> None:
    """Add reasons, tags, the excerpt and author of the newest relevant post: two queries."""
    if not items:
        return
    people = {item.author_id for item in items}
    for candidate in candidates:
        for kind in (POSTED, SHARED, LIKED):
            people.update(candidate.actors(kind)[:NAMES_PER_REASON])
    names = dict(User.objects.filter(pk__in=people).values_list("pk", "username"))
    posts = dict(
        Post.objects.filter(pk__in=[item.post_id for item in items]).values_list("pk", "html")
    )
    for item, candidate in zip(items, candidates, strict=True):
        item.reasons = reasons_for(candidate, links, names, item.space.name)
        item.tags = [name for _tag_id, name in candidate.tags]
        item.excerpt = excerpt(posts.get(item.post_id, ""))
        item.author_name = names.get(item.author_id, "")


def excerpt(html: str) -> str:
    """The post as plain text, about EXCERPT_WORDS words (the template escapes it again).

    Strips the tags of only the first EXCERPT_HTML characters (up to a tag's end)
    when they hold enough words: stripping a long post whole cost more than the
    rest of a feed page's rendering.
    """
    head = html
    if len(html) > EXCERPT_HTML:
        end = html.rfind(">", 0, EXCERPT_HTML)
        head = html[: end + 1] if end > 0 else html
    text = html_entities.unescape(strip_tags(head)).strip()
    if head is not html and len(text.split(maxsplit=EXCERPT_WORDS)) <= EXCERPT_WORDS:
        text = html_entities.unescape(strip_tags(html)).strip()
    return Truncator(text).words(EXCERPT_WORDS, truncate="…")


def reasons_for(
    candidate: Candidate, links: Links, names: dict[int, str], space_name: str = ""
) -> list[Reason]:
    """Why the topic is in the member's feed, one line per member, tag or space."""
    reasons: list[Reason] = []
    newest_by: dict[tuple[str, int], Event] = {}
    for event in reversed(candidate.events):  # oldest first: the newest of each stays
        newest_by[(event.kind, event.actor_id)] = event
    for kind in (POSTED, SHARED, LIKED):
        actors = candidate.actors(kind)
        for actor in actors[:NAMES_PER_REASON]:
            event = newest_by[(kind, actor)]
            reasons.append(_reason(kind, names.get(actor, "?"), event))
        rest = len(actors) - NAMES_PER_REASON
        if rest > 0:
            reasons.append(Reason(kind, _more_people(kind, rest)))
    if candidate.has_new_posts:
        for tag_id, name in candidate.tags:
            if tag_id in links.tags:
                reasons.append(
                    Reason("tag", _("New in #%(tag)s, which you follow") % {"tag": name})
                )
        if candidate.topic.space_id in links.spaces:
            text = _("New in space %(space)s, which you follow") % {"space": space_name}
            reasons.append(Reason("space", text))
    return reasons


def _reason(kind: str, name: str, event: Event) -> Reason:
    if kind == POSTED and event.post_number == 1:
        return Reason(kind, _("%(name)s, whom you follow, started this topic") % {"name": name})
    if kind == POSTED:
        return Reason(kind, _("%(name)s, whom you follow, replied") % {"name": name})
    if kind == LIKED:
        return Reason(kind, _("%(name)s, whom you follow, liked this") % {"name": name})
    return Reason(
        kind,
        _("Shared by %(name)s") % {"name": name},
        comment=event.comment,
        share_url=f"{url_for('social:share', event.post_id)}?via={event.share_id}",
    )


def _more_people(kind: str, count: int) -> str:
    if kind == POSTED:
        return ngettext(
            "and %(count)s more member you follow wrote here",
            "and %(count)s more members you follow wrote here",
            count,
        ) % {"count": count}
    if kind == LIKED:
        return ngettext(
            "and %(count)s more member you follow liked this",
            "and %(count)s more members you follow liked this",
            count,
        ) % {"count": count}
    return ngettext(
        "and %(count)s more member you follow shared this",
        "and %(count)s more members you follow shared this",
        count,
    ) % {"count": count}


def popular(viewer: Viewer, cursor: Cursor | None, now: datetime) -> FeedPage:
    """One page of the public Popular list: recently active topics ranked by likes and replies.

    Pages after the first rank the same topics as the first: those last active
    before the snapshot's time, with their likes taken back to its like id.
    A topic with a newer post leaves the list (it would rank anew). Five
    queries on the first page (snapshot, closed spaces, topics, their last
    posts, names), four after it.
    """
    snapshot = (
        Snapshot(cursor.as_of, cursor.post_id, cursor.like_id, cursor.share_id)
        if cursor
        else take_snapshot(now)
    )
    as_of = snapshot.as_of
    topics = list(
        Topic.objects.visible()
        .filter(
            last_post_at__gte=as_of - ranking.POPULAR_WINDOW,
            last_post_at__lte=as_of,
            hidden_at__isnull=True,
            held_at__isnull=True,
        )
        .exclude(space_id__in=unreadable_space_ids(viewer))
        .select_related("space")
        .only(*_POPULAR_FIELDS)
        .order_by("-last_post_at", "-pk")[: ranking.POPULAR_CANDIDATES]
    )
    later_likes = _likes_since(snapshot, [topic.pk for topic in topics]) if cursor else {}
    keyed = [
        (
            ranking.score_key(
                ranking.popular_score(
                    topic.last_post_at,
                    max(0, topic.like_count - later_likes.get(topic.pk, 0)),
                    topic.post_count - 1,
                    as_of,
                )
            ),
            topic.pk,
            topic,
        )
        for topic in topics
    ]
    keyed.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    if cursor is not None:
        position = (cursor.key, cursor.topic_id)
        keyed = [entry for entry in keyed if (entry[0], entry[1]) < position]
    shown = keyed[: ranking.POPULAR_PAGE_SIZE]
    items = _popular_items([(key, topic) for key, _pk, topic in shown], later_likes)
    next_cursor = None
    if len(keyed) > ranking.POPULAR_PAGE_SIZE:
        last_key, last_pk, _topic = shown[-1]
        next_cursor = encode(
            Cursor(
                POPULAR, as_of, snapshot.post_id, snapshot.like_id, snapshot.share_id,
                last_key, last_pk,
            )
        )  # fmt: skip
    return FeedPage(items, next_cursor)


def _likes_since(snapshot: Snapshot, topic_ids: list[int]) -> dict[int, int]:
    """Likes per topic given after the snapshot (few: read by id from the snapshot's on)."""
    found: dict[int, int] = {}
    newer = Like.objects.filter(id__gt=snapshot.like_id, post__topic_id__in=topic_ids)
    for topic_id in newer.values_list("post__topic_id", flat=True):
        found[topic_id] = found.get(topic_id, 0) + 1
    return found


def _popular_items(shown: list[tuple[int, Topic]], later_likes: dict[int, int]) -> list[FeedItem]:
    """The page's items with the excerpt and author of each topic's last post: two queries."""
    if not shown:
        return []
    last_posts = {
        (post.topic_id, post.number): post
        for post in Post.objects.filter(
            topic_id__in=[topic.pk for _key, topic in shown],
            number__in={topic.post_count for _key, topic in shown},
        ).only(*_LAST_POST_FIELDS)
    }
    items = []
    for key, topic in shown:
        post = last_posts.get((topic.pk, topic.post_count))
        visible = post is not None and post.deleted_at is None and not post.is_withheld
        item = FeedItem(
            topic_id=topic.pk,
            topic=topic,
            post_id=post.pk if post is not None and visible else 0,
            at=topic.last_post_at,
            key=key,
            likes=max(0, topic.like_count - later_likes.get(topic.pk, 0)),
            replies=topic.post_count - 1,
            author_id=post.author_id if post is not None and visible else topic.author_id,
            excerpt=excerpt(post.html) if post is not None and visible else "",
        )
        items.append(item)
    names = dict(
        User.objects.filter(pk__in={item.author_id for item in items}).values_list("pk", "username")
    )
    for item in items:
        item.author_name = names.get(item.author_id, "")
    return items


_LAST_POST_FIELDS = (
    "id", "topic_id", "number", "author_id", "html", "created_at", "deleted_at", "hidden_at",
    "held_at",
)  # fmt: skip
_LAST_POST_FIELDS = (
    "id", "topic_id", "number", "author_id", "html", "created_at", "deleted_at", "hidden_at",
    "held_at",
)  # fmt: skip
_POPULAR_FIELDS = (
    "id", "title", "slug", "space_id", "author_id", "post_count", "like_count", "last_post_at",
    "deleted_at", "space__id", "space__name", "space__slug", "space__colour",
)  # fmt: skip
