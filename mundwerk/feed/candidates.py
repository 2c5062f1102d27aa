"""Gather what a member's feed may show: recent events from what they follow, grouped by topic.

Every source is one indexed query bounded by time (ranking.WINDOW), by a row
limit, and by the snapshot (the largest post, like and share ids when the
first page was made), so a later page sees exactly the rows the first page
saw. docs/feed.md lists the sources, the exclusions and the indexes they use.
"""

from collections import Counter, defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db import connection

from mundwerk.accounts.models import User
from mundwerk.feed import ranking, sources
from mundwerk.posts.models import Like, Post, Topic
from mundwerk.social.models import TopicSubscription
from mundwerk.social.queries import hidden_member_ids
from mundwerk.spaces.permissions import unreadable_space_ids

TopicTag = Topic.tags.through
PostTag = Post.tags.through

# Event kinds; "activity" is a post in a followed space or under a followed tag.
POSTED, SHARED, LIKED, ACTIVITY = "posted", "shared", "liked", "activity"
_KINDS = {
    sources.POSTED: POSTED,
    sources.ACTIVITY: ACTIVITY,
    sources.SHARED: SHARED,
    sources.LIKED: LIKED,
}
TOPIC_FIELDS = (
    "id", "title", "slug", "space_id", "author_id", "post_count", "like_count",
    "last_post_at", "deleted_at", "space__id", "space__name", "space__slug", "space__colour",
)  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """The moment a feed was ranked at: its time and the newest row of each source then."""

    as_of: datetime
    post_id: int
    like_id: int
    share_id: int


def take_snapshot(now: datetime) -> Snapshot:
    """Read the largest post, like and share ids, in one query."""
    post_id, like_id, share_id = sources.read_largest_ids()
    return Snapshot(now, post_id, like_id, share_id)


@dataclass
class Links:
    """Whom and what the member follows and mutes."""

    members: set[int] = field(default_factory=set)
    spaces: set[int] = field(default_factory=set)
    tags: set[int] = field(default_factory=set)
    muted_spaces: set[int] = field(default_factory=set)
    muted_tags: set[int] = field(default_factory=set)
    muted_topics: set[int] = field(default_factory=set)
    hidden: Set[int] = frozenset()
    # Spaces the member may not read (private and secret groups they are not in,
    # deleted spaces): nothing of theirs reaches the feed, whoever posted, liked or shared it.
    closed: Set[int] = frozenset()


def links_of(member: User) -> Links:
    """Follows and mutes in one query; hidden members (blocks and mutes) and the spaces the
    member may not read in one each (the last remembered on the member object)."""

    found = Links()
    sets = [
        found.members,
        found.spaces,
        found.tags,
        found.muted_spaces,
        found.muted_tags,
        found.muted_topics,
    ]
    for number, pk in sources.read_links(member.pk, TopicSubscription.Level.MUTED.value):
        sets[number].add(pk)
    found.hidden = hidden_member_ids(member)
    found.closed = unreadable_space_ids(member)
    return found


class Event(NamedTuple):
    """One thing that happened in a topic. A tuple of plain values: Python's garbage
    collector stops tracking it, so a page's ~1,000 events do not make the
    collector's full (~50 ms) passes come sooner (docs/performance.md)."""

    kind: str
    topic_id: int
    post_id: int
    post_number: int
    author_id: int  # of the post
    at: datetime
    actor_id: int = 0  # the followed member who posted, shared or liked
    comment: str = ""
    share_id: int = 0  # for a share: the share, so passing it on keeps the chain


class TopicRow(NamedTuple):
    """What ranking and filtering need of a candidate topic: plain values, no model.

    A first page weighs several hundred candidate topics; building a Topic
    and a Space model for each cost more than all the queries together, so
    only the page's topics become models (queries.home_feed loads them).
    """

    pk: int
    space_id: int
    author_id: int
    post_count: int
    like_count: int


@dataclass(slots=True)
class Candidate:
    topic: TopicRow
    events: list[Event]  # newest first, by (time, post id)
    tags: list[tuple[int, str]]
    likes: int = 0
    replies: int = 0

    @property
    def newest(self) -> Event:
        return self.events[0]

    # Distinct members behind each kind of event, newest first, and whether any event
    # is a new post: worked out once, as ranking and reasons ask for them repeatedly.
    by_kind: dict[str, tuple[int, ...]] = field(init=False)
    has_new_posts: bool = field(init=False)

    def __post_init__(self) -> None:
        actors: dict[str, dict[int, None]] = {POSTED: {}, SHARED: {}, LIKED: {}}
        new_posts = False
        for event in self.events:
            if event.kind == ACTIVITY:
                new_posts = True
                continue
            actors[event.kind][event.actor_id] = None
            new_posts = new_posts or event.kind == POSTED
        self.by_kind = {kind: tuple(found) for kind, found in actors.items()}
        self.has_new_posts = new_posts

    def actors(self, kind: str) -> tuple[int, ...]:
        """Distinct members behind events of `kind`, newest first."""
        return self.by_kind.get(kind, ())


def gather(member: User, snapshot: Snapshot) -> tuple[list[Candidate], Links]:
    """Every topic the member's feed may show at `snapshot`, with its events, likes and replies."""
    by_topic, links = events_by_topic(member, snapshot)
    return candidates_of(list(by_topic), by_topic, snapshot, links), links


def events_by_topic(member: User, snapshot: Snapshot) -> tuple[dict[int, list[Event]], Links]:
    """The member's allowed events at `snapshot`, grouped by topic; the topics in the order of
    their newest event, each one's events newest first. Three to five queries."""
    links = links_of(member)
    rows = sources.read_events(
        members=links.members,
        spaces=links.spaces - links.closed,  # a group left since it was followed
        tags=links.tags,
        closed=links.closed,
        since=snapshot.as_of - ranking.WINDOW,
        as_of=snapshot.as_of,
        post_id=snapshot.post_id,
        like_id=snapshot.like_id,
        share_id=snapshot.share_id,
    )
    events = [
        Event(_KINDS[kind], topic, post, number, author, at, actor, comment, share)
        for kind, post, topic, number, author, at, actor, comment, share in rows
    ]
    events = _allowed_events(events, member, links)
    # Newest first; equal times (one post liked twice in a second) by the member's id.
    events.sort(key=lambda event: (event.at, event.post_id, event.actor_id), reverse=True)
    by_topic: dict[int, list[Event]] = {}
    for event in events:
        by_topic.setdefault(event.topic_id, []).append(event)
    return by_topic, links


def candidates_of(
    topic_ids: list[int], by_topic: dict[int, list[Event]], snapshot: Snapshot, links: Links
) -> list[Candidate]:
    """The topics of `topic_ids` the member may see, in that order, as candidates: three
    queries (topics, their tags, posts and likes since the snapshot)."""
    if not topic_ids:
        return []
    topics, tags, later_posts, later_likes = _topics(topic_ids, snapshot)
    candidates = []
    for topic_id in topic_ids:
        topic = topics.get(topic_id)
        topic_tags = tags.get(topic_id, [])
        if (
            topic is None  # deleted, hidden or held for review
            or topic.space_id in links.closed
            or topic.space_id in links.muted_spaces
            or topic.pk in links.muted_topics
            or topic.author_id in links.hidden
            or (links.muted_tags and any(tag in links.muted_tags for tag, _ in topic_tags))
        ):
            continue
        candidates.append(
            Candidate(
                topic,
                by_topic[topic_id],
                topic_tags,
                likes=max(0, topic.like_count - later_likes[topic_id]),
                replies=max(0, topic.post_count - 1 - later_posts[topic_id]),
            )
        )
    return candidates


def _allowed_events(events: list[Event], member: User, links: Links) -> list[Event]:
    """Leave out the member's own posts, hidden members' posts and acts, muted tags' posts."""
    kept = [
        event
        for event in events
        if event.author_id != member.pk
        and event.author_id not in links.hidden
        and event.actor_id not in links.hidden
    ]
    if links.muted_tags and kept:
        muted_posts = set(
            PostTag.objects.filter(
                post_id__in={event.post_id for event in kept}, tag_id__in=links.muted_tags
            ).values_list("post_id", flat=True)
        )
        kept = [event for event in kept if event.post_id not in muted_posts]
    return kept


def _topics(
    topic_ids: list[int], snapshot: Snapshot
) -> tuple[dict[int, TopicRow], dict[int, list[tuple[int, str]]], Counter[int], Counter[int]]:
    """The candidate topics (not deleted), their tags by name, and the posts and likes each
    got after the snapshot (its counts are taken back to it): three queries.

    The last two read only rows with larger ids than the snapshot's, which are few;
    `+topic_id` keeps SQLite from reading every post of every candidate topic instead.
    """
    ids = sources.id_list(topic_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, space_id, author_id, post_count, like_count FROM posts_topic"  # noqa: S608
            f" WHERE id IN ({ids}) AND deleted_at IS NULL AND hidden_at IS NULL"
            " AND held_at IS NULL"
        )
        topics = {row[0]: TopicRow._make(row) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tt.topic_id, tt.tag_id, tag.name FROM posts_topic_tags tt"  # noqa: S608
            f" JOIN posts_tag tag ON tag.id = tt.tag_id WHERE tt.topic_id IN ({ids})"
            " ORDER BY tag.name"
        )
        tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for topic_id, tag_id, name in cursor.fetchall():
            tags[topic_id].append((tag_id, name))
        cursor.execute(
            "SELECT 0, topic_id FROM posts_post"  # noqa: S608
            f" WHERE id > %s AND +topic_id IN ({ids})"
            " UNION ALL SELECT 1, p.topic_id FROM posts_like l"
            f" JOIN posts_post p ON p.id = l.post_id WHERE l.id > %s AND +p.topic_id IN ({ids})",
            [snapshot.post_id, snapshot.like_id],
        )
        later: tuple[Counter[int], Counter[int]] = (Counter(), Counter())
        for kind, topic_id in cursor.fetchall():
            later[kind][topic_id] += 1
    return topics, tags, *later


def affinity(member: User, snapshot: Snapshot, author_ids: set[int]) -> dict[int, int]:
    """How much the member interacted with each of these authors: likes given, own posts in
    their topics (* AFFINITY_REPLY_FACTOR), over the member's latest likes and posts."""
    if not author_ids:
        return {}
    found: defaultdict[int, int] = defaultdict(int)
    liked = Like.objects.filter(user=member, id__lte=snapshot.like_id).order_by("-post_id")
    for author_id in liked.values_list("post__author_id", flat=True)[: ranking.AFFINITY_LIKES]:
        if author_id in author_ids:
            found[author_id] += 1
    written = Post.objects.filter(author=member, id__lte=snapshot.post_id).order_by("-created_at")
    for author_id in written.values_list("topic__author_id", flat=True)[: ranking.AFFINITY_POSTS]:
        if author_id in author_ids and author_id != member.pk:
            found[author_id] += ranking.AFFINITY_REPLY_FACTOR
    return dict(found)
