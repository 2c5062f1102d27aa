"""Gather what a member's feed may show: recent events from what they follow, grouped by topic.

Every source is one indexed query bounded by time (ranking.WINDOW), by a row
limit, and by the snapshot (the largest post, like and share ids when the
first page was made), so a later page sees exactly the rows the first page
saw. docs/feed.md lists the sources, the exclusions and the indexes they use.
"""

from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.lookups import GreaterThanOrEqual

from mundwerk.accounts.models import User
from mundwerk.feed import ranking
from mundwerk.posts.models import Like, Post, Topic
from mundwerk.social.models import (
    MemberFollow,
    Share,
    SpaceFollow,
    SpaceMute,
    TagFollow,
    TagMute,
    TopicSubscription,
)
from mundwerk.social.queries import hidden_member_ids

TopicTag = Topic.tags.through
PostTag = Post.tags.through

# Event kinds; "activity" is a post in a followed space or under a followed tag.
POSTED, SHARED, LIKED, ACTIVITY = "posted", "shared", "liked", "activity"
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
    row = (
        Post.objects.order_by("-id")
        .values("id")
        .annotate(
            like=Subquery(Like.objects.order_by("-id").values("id")[:1]),
            share=Subquery(Share.objects.order_by("-id").values("id")[:1]),
        )
        .first()
    )
    if row is None:
        return Snapshot(now, 0, 0, 0)
    return Snapshot(now, row["id"], row["like"] or 0, row["share"] or 0)


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


def links_of(member: User) -> Links:
    """Follows and mutes in one query, and hidden members (blocks and mutes) in another."""

    def kind(number: int) -> Value:
        return Value(number, output_field=IntegerField())

    parts = [
        MemberFollow.objects.filter(follower=member)
        .annotate(kind=kind(0))
        .values_list("kind", "followed_id"),
        SpaceFollow.objects.filter(member=member)
        .annotate(kind=kind(1))
        .values_list("kind", "space_id"),
        TagFollow.objects.filter(member=member)
        .annotate(kind=kind(2))
        .values_list("kind", "tag_id"),
        SpaceMute.objects.filter(member=member)
        .annotate(kind=kind(3))
        .values_list("kind", "space_id"),
        TagMute.objects.filter(member=member).annotate(kind=kind(4)).values_list("kind", "tag_id"),
        TopicSubscription.objects.filter(member=member, level=TopicSubscription.Level.MUTED)
        .annotate(kind=kind(5))
        .values_list("kind", "topic_id"),
    ]
    found = Links()
    sets = [
        found.members,
        found.spaces,
        found.tags,
        found.muted_spaces,
        found.muted_tags,
        found.muted_topics,
    ]
    for number, pk in parts[0].union(*parts[1:], all=True):
        sets[number].add(pk)
    found.hidden = hidden_member_ids(member)
    return found


@dataclass
class Event:
    kind: str
    topic_id: int
    post_id: int
    post_number: int
    author_id: int  # of the post
    at: datetime
    actor_id: int = 0  # the followed member who posted, shared or liked
    comment: str = ""
    share_id: int = 0  # for a share: the share, so passing it on keeps the chain


@dataclass(frozen=True, slots=True)
class TopicRow:
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


@dataclass
class Candidate:
    topic: TopicRow
    events: list[Event]
    tags: list[tuple[int, str]]
    likes: int = 0
    replies: int = 0

    @property
    def newest(self) -> Event:
        return max(self.events, key=lambda event: (event.at, event.post_id))

    def actors(self, kind: str) -> list[int]:
        """Distinct members behind events of `kind`, newest first."""
        ordered = sorted(
            (event for event in self.events if event.kind == kind),
            key=lambda event: (event.at, event.post_id),
            reverse=True,
        )
        return list(dict.fromkeys(event.actor_id for event in ordered))

    @property
    def has_new_posts(self) -> bool:
        return any(event.kind in (POSTED, ACTIVITY) for event in self.events)


def _not_after(snapshot_id: int) -> Q:
    """`id <= snapshot_id`, written as `id + 0 <= ...` so that SQLite does not pick the
    primary key's range over the (member, time) indexes these queries are meant to use."""
    return Q(GreaterThanOrEqual(Value(snapshot_id), F("id") + 0))


def _member_posts(links: Links, snapshot: Snapshot, since: datetime) -> list[Event]:
    if not links.members:
        return []
    rows = (
        Post.objects.filter(
            _not_after(snapshot.post_id),
            author_id__in=links.members,
            created_at__gte=since,
            created_at__lte=snapshot.as_of,
            deleted_at__isnull=True,
        )
        .order_by("-created_at")
        .values_list("id", "topic_id", "number", "author_id", "created_at")[
            : ranking.MEMBER_POSTS_LIMIT
        ]
    )
    return [
        Event(POSTED, topic_id, pk, number, author, at, actor_id=author)
        for pk, topic_id, number, author, at in rows
    ]


def _activity_posts(links: Links, snapshot: Snapshot, since: datetime) -> list[Event]:
    """Posts in followed spaces or in topics under followed tags, newest first.

    Read backwards by id (ids follow time), so the scan stops after the limit.
    """
    if not links.spaces and not links.tags:
        return []
    followed = Q(topic__space_id__in=links.spaces) if links.spaces else Q(pk__in=[])
    if links.tags:
        tagged = TopicTag.objects.filter(topic_id=OuterRef("topic_id"), tag_id__in=links.tags)
        followed |= Q(Exists(tagged))
    rows = (
        Post.objects.filter(
            followed, id__lte=snapshot.post_id, created_at__gte=since, deleted_at__isnull=True
        )
        .order_by("-id")
        .values_list("id", "topic_id", "number", "author_id", "created_at")[
            : ranking.ACTIVITY_POSTS_LIMIT
        ]
    )
    return [
        Event(ACTIVITY, topic_id, pk, number, author, at)
        for pk, topic_id, number, author, at in rows
    ]


def _shares(links: Links, snapshot: Snapshot, since: datetime) -> list[Event]:
    if not links.members or not snapshot.share_id:
        return []
    rows = (
        Share.objects.filter(
            _not_after(snapshot.share_id),
            sharer_id__in=links.members,
            created_at__gte=since,
            created_at__lte=snapshot.as_of,
            post__deleted_at__isnull=True,
        )
        .order_by("-created_at")
        .values_list(
            "post_id", "post__topic_id", "post__number", "post__author_id", "created_at",
            "sharer_id", "comment", "id",
        )[: ranking.SHARES_LIMIT]
    )  # fmt: skip
    return [
        Event(
            SHARED, topic_id, pk, number, author, at,
            actor_id=sharer, comment=comment, share_id=share_id,
        )
        for pk, topic_id, number, author, at, sharer, comment, share_id in rows
    ]  # fmt: skip


def _likes(links: Links, snapshot: Snapshot, since: datetime) -> list[Event]:
    if not links.members or not snapshot.like_id:
        return []
    rows = (
        Like.objects.filter(
            _not_after(snapshot.like_id),
            user_id__in=links.members,
            created_at__gte=since,
            created_at__lte=snapshot.as_of,
            post__deleted_at__isnull=True,
        )
        .order_by("-created_at")
        .values_list(
            "post_id", "post__topic_id", "post__number", "post__author_id", "created_at", "user_id"
        )[: ranking.LIKES_LIMIT]
    )
    return [
        Event(LIKED, topic_id, pk, number, author, at, actor_id=liker)
        for pk, topic_id, number, author, at, liker in rows
    ]


def gather(member: User, snapshot: Snapshot) -> tuple[list[Candidate], Links]:
    """Every topic the member's feed may show at `snapshot`, with its events, likes and replies."""
    links = links_of(member)
    since = snapshot.as_of - ranking.WINDOW
    events = [
        *_member_posts(links, snapshot, since),
        *_activity_posts(links, snapshot, since),
        *_shares(links, snapshot, since),
        *_likes(links, snapshot, since),
    ]
    events = _allowed_events(events, member, links)
    by_topic: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_topic[event.topic_id].append(event)
    if not by_topic:
        return [], links
    topics = [
        TopicRow(*row)
        for row in Topic.objects.filter(pk__in=list(by_topic), deleted_at__isnull=True).values_list(
            "id", "space_id", "author_id", "post_count", "like_count"
        )
    ]
    tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for topic_id, tag_id, name in (
        TopicTag.objects.filter(topic_id__in=list(by_topic))
        .order_by("tag__name")
        .values_list("topic_id", "tag_id", "tag__name")
    ):
        tags[topic_id].append((tag_id, name))
    later_posts, later_likes = _since_snapshot(snapshot, list(by_topic))
    candidates = []
    for topic in topics:
        topic_tags = tags.get(topic.pk, [])
        if (
            topic.space_id in links.muted_spaces
            or topic.pk in links.muted_topics
            or topic.author_id in links.hidden
            or any(tag_id in links.muted_tags for tag_id, _name in topic_tags)
        ):
            continue
        candidates.append(
            Candidate(
                topic,
                by_topic[topic.pk],
                topic_tags,
                likes=max(0, topic.like_count - later_likes[topic.pk]),
                replies=max(0, topic.post_count - 1 - later_posts[topic.pk]),
            )
        )
    return candidates, links


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


def _since_snapshot(
    snapshot: Snapshot, topic_ids: list[int]
) -> tuple[defaultdict[int, int], defaultdict[int, int]]:
    """Posts and likes per topic written after the snapshot: its counts are taken back to it.

    Both read only rows with larger ids than the snapshot's, which are few.
    """
    posts: defaultdict[int, int] = defaultdict(int)
    newer_posts = Post.objects.filter(id__gt=snapshot.post_id, topic_id__in=topic_ids)
    for topic_id in newer_posts.values_list("topic_id", flat=True):
        posts[topic_id] += 1
    likes: defaultdict[int, int] = defaultdict(int)
    newer_likes = Like.objects.filter(id__gt=snapshot.like_id, post__topic_id__in=topic_ids)
    for topic_id in newer_likes.values_list("post__topic_id", flat=True):
        likes[topic_id] += 1
    return posts, likes


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
