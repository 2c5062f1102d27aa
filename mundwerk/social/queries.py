"""Reads of a member's connections, for the feed, notifications and pages."""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Value

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.posts.models import Like, Tag, shown_posts_q
from mundwerk.social.models import (
    Block,
    Bookmark,
    MemberFollow,
    MemberMute,
    Share,
    SpaceFollow,
    SpaceMute,
    TagFollow,
    TagMute,
    TopicSubscription,
)
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import unreadable_space_ids
from mundwerk.spaces.queries import as_known_to


def followed_space_ids(member: User) -> QuerySet[SpaceFollow, int]:
    return SpaceFollow.objects.filter(member=member).values_list("space_id", flat=True)


def followed_tag_ids(member: User) -> QuerySet[TagFollow, int]:
    return TagFollow.objects.filter(member=member).values_list("tag_id", flat=True)


@dataclass(frozen=True)
class Relations:
    """The members a reader blocked, was blocked by, or muted."""

    blocked: frozenset[int]  # either way: no replies, quotes, mentions or follows between them
    muted: frozenset[int]

    @property
    def hidden(self) -> frozenset[int]:
        """Members whose posts the reader does not see (collapsed on topic pages)."""
        return self.blocked | self.muted


NO_RELATIONS = Relations(frozenset(), frozenset())


def relations_of(viewer: Viewer) -> Relations:
    """Return the reader's blocks and mutes: one query, remembered for the request's user."""
    if not viewer.is_authenticated:
        return NO_RELATIONS
    remembered = getattr(viewer, "_social_relations", None)
    if remembered is not None:
        return remembered
    sql, params = _relations_sql(viewer.pk)
    return _remember_relations(viewer, _rows(sql, params))


# Written as SQL: these run on every member's topic page, and the ORM spent more
# time compiling the three-part UNION than the database spent answering it.
def _relations_sql(member_id: int) -> tuple[str, list[int]]:
    block, mute = Block._meta.db_table, MemberMute._meta.db_table
    # Only our own table names go into the text; every value is a parameter.
    sql = (
        f"SELECT blocked_id, 'b' FROM {block} WHERE blocker_id = %s "  # noqa: S608
        f"UNION ALL SELECT blocker_id, 'b' FROM {block} WHERE blocked_id = %s "
        f"UNION ALL SELECT muted_id, 'm' FROM {mute} WHERE muter_id = %s"
    )
    return sql, [member_id, member_id, member_id]


def _rows(sql: str, params: list[int]) -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), str(kind)) for pk, kind in cursor.fetchall()]


def _remember_relations(viewer: Viewer, rows: list[tuple[int, str]]) -> Relations:
    relations = Relations(
        blocked=frozenset(pk for pk, kind in rows if kind == "b"),
        muted=frozenset(pk for pk, kind in rows if kind == "m"),
    )
    viewer._social_relations = relations  # type: ignore[union-attr,attr-defined]
    return relations


def hidden_member_ids(viewer: Viewer) -> frozenset[int]:
    """Members whose posts `viewer` does not see: blocked either way, or muted."""
    return relations_of(viewer).hidden


def muted_space_ids(member: User) -> QuerySet[SpaceMute, int]:
    return SpaceMute.objects.filter(member=member).values_list("space_id", flat=True)


def muted_tag_ids(member: User) -> QuerySet[TagMute, int]:
    return TagMute.objects.filter(member=member).values_list("tag_id", flat=True)


def is_blocked_between(first_id: int | None, second_id: int | None) -> bool:
    """Whether either of the two members (by id; None for a visitor) blocked the other."""
    if first_id is None or second_id is None or first_id == second_id:
        return False
    pair = [first_id, second_id]
    return Block.objects.filter(blocker_id__in=pair, blocked_id__in=pair).exists()


def watchers_of(topic_id: int) -> QuerySet[TopicSubscription, int]:
    return TopicSubscription.objects.filter(
        topic_id=topic_id, level=TopicSubscription.Level.WATCHING
    ).values_list("member_id", flat=True)


@dataclass(frozen=True)
class PageMarks:
    liked: frozenset[int]
    bookmarked: frozenset[int]
    topic_level: str  # "watching", "muted" or "" for the page's topic


def reader_marks(viewer: Viewer, post_ids: list[int], topic_id: int | None = None) -> PageMarks:
    """Which posts the reader liked and bookmarked, and their choice for the topic.

    One query, which also reads (and remembers) the reader's blocks and mutes,
    so a topic page learns everything about its reader at once.
    """
    if not viewer.is_authenticated:
        return PageMarks(frozenset(), frozenset(), "")
    like, bookmark = Like._meta.db_table, Bookmark._meta.db_table
    level = TopicSubscription._meta.db_table
    ids = [int(pk) for pk in post_ids] or [0]
    marks = ", ".join(["%s"] * len(ids))
    relations_sql, relations_params = _relations_sql(viewer.pk)
    # Table names and placeholders only; every value is a parameter.
    sql = (
        f"SELECT post_id, 'l' FROM {like} WHERE user_id = %s "  # noqa: S608
        f"AND post_id IN ({marks}) "
        f"UNION ALL SELECT post_id, 'k' FROM {bookmark} WHERE member_id = %s "
        f"AND post_id IN ({marks}) "
        f"UNION ALL SELECT topic_id, level FROM {level} WHERE member_id = %s AND topic_id = %s "
        f"UNION ALL {relations_sql}"
    )
    params = [viewer.pk, *ids, viewer.pk, *ids, viewer.pk, topic_id or 0, *relations_params]
    rows = _rows(sql, params)
    _remember_relations(viewer, rows)
    return PageMarks(
        liked=frozenset(pk for pk, kind in rows if kind == "l"),
        bookmarked=frozenset(pk for pk, kind in rows if kind == "k"),
        topic_level=next((kind for _, kind in rows if len(kind) > 1), ""),
    )


def share_of(member: Viewer, post_id: int) -> Share | None:
    if not member.is_authenticated:
        return None
    return Share.objects.filter(sharer=member, post_id=post_id).first()


def bookmarks_of(member: User) -> QuerySet[Bookmark]:
    """The member's bookmarks, newest first, with what the list shows of each post.

    A hidden or held post (or one in a hidden or held topic) stays out, unless
    the member wrote it.
    """
    return (
        Bookmark.objects.filter(member=member, post__deleted_at__isnull=True)
        .filter(shown_posts_q("post__") | Q(post__author=member))
        .exclude(post__topic__space_id__in=unreadable_space_ids(member))
        .select_related("post__author", "post__topic__space")
        .order_by("-created_at", "-pk")
    )


def share_for_via(value: int | None, post_id: int) -> Share | None:
    """The share a member came from, when it really is a share of this post."""
    if not value:
        return None
    return Share.objects.filter(pk=value, post_id=post_id).first()


def followers_of(member: User) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberfollow_follows__followed=member).order_by(
        "-memberfollow_follows__created_at", "-pk"
    )


def following_of(member: User) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberfollow_followed_by__follower=member).order_by(
        "-memberfollow_followed_by__created_at", "-pk"
    )


def connections_of(member: User) -> dict[str, object]:
    """Everything the member follows, blocked and muted, for the settings page.

    A group staff hid since is named there only if the member is in it.
    """
    return {
        "blocked": User.objects.filter(
            pk__in=Block.objects.filter(blocker=member).values("blocked_id")
        ),
        "muted": User.objects.filter(
            pk__in=MemberMute.objects.filter(muter=member).values("muted_id")
        ),
        "followed_spaces": [
            as_known_to(member, space)
            for space in Space.objects.filter(pk__in=followed_space_ids(member))
        ],
        "muted_spaces": [
            as_known_to(member, space)
            for space in Space.objects.filter(pk__in=muted_space_ids(member))
        ],
        "followed_tags": Tag.objects.filter(pk__in=followed_tag_ids(member)),
        "muted_tags": Tag.objects.filter(pk__in=muted_tag_ids(member)),
    }


@dataclass(frozen=True)
class MemberRelation:
    """How the reader stands to one member, for the buttons on that member's profile."""

    following: bool = False
    muted: bool = False
    blocked: bool = False  # by the reader
    blocked_by: bool = False
    may_follow: bool = False
    may_block: bool = False


def member_relation(viewer: Viewer, member: User) -> MemberRelation:
    """One query for the reader's follow, mute and block state toward `member`."""
    if not viewer.is_authenticated or viewer.pk == member.pk:
        return MemberRelation()
    follows = MemberFollow.objects.filter(follower=viewer, followed=member).values_list(Value("f"))
    mutes = MemberMute.objects.filter(muter=viewer, muted=member).values_list(Value("m"))
    blocks = Block.objects.filter(blocker=viewer, blocked=member).values_list(Value("b"))
    blocked_by = Block.objects.filter(blocker=member, blocked=viewer).values_list(Value("x"))
    kinds = {kind for (kind,) in follows.union(mutes, blocks, blocked_by, all=True)}
    blocked_either = "b" in kinds or "x" in kinds
    return MemberRelation(
        following="f" in kinds,
        muted="m" in kinds,
        blocked="b" in kinds,
        blocked_by="x" in kinds,
        may_follow=not blocked_either and member.is_active,
        may_block=not member.is_staff,
    )


def interest_in(viewer: Viewer, *, space: Space | None = None, tag: Tag | None = None) -> str:
    """The reader's stance on a space or tag: "following", "muted" or "" (one query)."""
    if not viewer.is_authenticated:
        return ""
    follows: QuerySet[Any, Any]
    mutes: QuerySet[Any, Any]
    if space is not None:
        follows = SpaceFollow.objects.filter(member=viewer, space=space).values_list(Value("f"))
        mutes = SpaceMute.objects.filter(member=viewer, space=space).values_list(Value("m"))
    else:
        follows = TagFollow.objects.filter(member=viewer, tag=tag).values_list(Value("f"))
        mutes = TagMute.objects.filter(member=viewer, tag=tag).values_list(Value("m"))
    kinds = {kind for (kind,) in follows.union(mutes, all=True)}
    return "following" if "f" in kinds else "muted" if "m" in kinds else ""
