"""The feed's candidate sources, read with hand-written SQL: one query, rows as plain tuples.

The ORM cost more than the reads themselves here: preparing IN lists of
hundreds of ids value by value, compiling eight queries a page, and a join
to every liked post before the limit. docs/feed.md lists the sources, their
limits and the indexes each one reads; this module is their only code.

Every id list is made of integers the database gave us (`id_list` checks),
so they are written into the SQL text; times and limits are parameters.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from mundwerk.feed import ranking

# Row kinds, in the order the UNION below writes them.
POSTED, ACTIVITY, SHARED, LIKED = 0, 1, 2, 3

# One row: kind, post id, topic id, post number, post author, time, actor, comment, share id.
Row = tuple[int, int, int, int, int, datetime, int, str, int]


def id_list(ids: Iterable[int]) -> str:
    """`1,2,3` for an IN list; refuses anything that is not an integer."""
    values = list(ids)
    if not all(type(value) is int for value in values):
        raise TypeError("id lists are integers only")
    return ",".join(map(str, values))


def as_time(value: Any) -> datetime:
    """A row's time as an aware datetime (SQLite hands back text or naive UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def read_largest_ids() -> tuple[int, int, int]:
    """The largest post, like and share ids (0 where there are none): a feed's snapshot."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT MAX(id) FROM posts_post), (SELECT MAX(id) FROM posts_like),"
            " (SELECT MAX(id) FROM social_share)"
        )
        post_id, like_id, share_id = cursor.fetchone()
    return post_id or 0, like_id or 0, share_id or 0


# Whom and what a member follows and mutes: kind 0 members, 1 spaces, 2 tags,
# 3 muted spaces, 4 muted tags, 5 muted topics.
_LINKS = """
SELECT 0, followed_id FROM social_memberfollow WHERE follower_id = %s
UNION ALL SELECT 1, space_id FROM social_spacefollow WHERE member_id = %s
UNION ALL SELECT 2, tag_id FROM social_tagfollow WHERE member_id = %s
UNION ALL SELECT 3, space_id FROM social_spacemute WHERE member_id = %s
UNION ALL SELECT 4, tag_id FROM social_tagmute WHERE member_id = %s
UNION ALL SELECT 5, topic_id FROM social_topicsubscription WHERE member_id = %s AND level = %s
"""


def read_links(member_id: int, muted_level: str) -> list[tuple[int, int]]:
    """(kind, id) of every follow and mute of the member, in one query (kinds above)."""
    with connection.cursor() as cursor:
        cursor.execute(_LINKS, [member_id] * 6 + [muted_level])
        return cursor.fetchall()


# The first post id inside the window: a binary search over ids by time (ids
# follow time), twenty primary-key reads, so that reading posts backwards by id
# stops at the window's start instead of at the table's.
_WINDOW_START = """
search(lo, hi) AS (
    SELECT CAST(0 AS BIGINT), CAST(%s AS BIGINT)
    UNION ALL
    SELECT
        CASE WHEN (SELECT created_at FROM posts_post WHERE id >= (lo + hi) / 2 ORDER BY id LIMIT 1)
            >= %s THEN lo ELSE (lo + hi) / 2 + 1 END,
        CASE WHEN (SELECT created_at FROM posts_post WHERE id >= (lo + hi) / 2 ORDER BY id LIMIT 1)
            >= %s THEN (lo + hi) / 2 ELSE hi END
    FROM search WHERE lo < hi
),
window_start(id) AS (SELECT MAX(lo) FROM search)
"""

# Posts by members you follow, first among the newest SCAN_POSTS posts of the
# site, backwards by id from the snapshot: when the followed members write
# much, the limit is reached after a few hundred rows. (The unary `+` keeps
# SQLite off the author index, which would collect and sort every post of
# every followed member in the window first.)
SCAN_POSTS = 2000
_POSTED = """
SELECT 0 AS kind, p.id AS post_id, p.topic_id, p.number, p.author_id, p.created_at AS at,
    p.author_id AS actor_id, '' AS comment, 0 AS share_id
FROM posts_post p
WHERE p.id <= %s AND p.id > %s AND p.id >= (SELECT id FROM window_start)
  AND p.created_at >= %s AND +p.author_id IN ({members})
  AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
ORDER BY p.id DESC LIMIT %s
"""

# ... and only when that did not fill the limit, the older ones in the window
# through the (author, time) index: cheap exactly then, as the followed members
# write little.
_POSTED_OLDER = """
SELECT 0 AS kind, p.id AS post_id, p.topic_id, p.number, p.author_id, p.created_at AS at,
    p.author_id AS actor_id, '' AS comment, 0 AS share_id
FROM posts_post p
WHERE p.author_id IN ({members}) AND p.created_at >= %s AND p.id + 0 <= %s
  AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
ORDER BY p.created_at DESC LIMIT %s
"""

# Posts in spaces you follow, or in topics under tags you follow, backwards by
# id from the snapshot to the window's start: about limit / (share of the
# window's posts that match) rows.
_ACTIVITY = """
SELECT 1 AS kind, p.id AS post_id, p.topic_id, p.number, p.author_id, p.created_at AS at,
    0 AS actor_id, '' AS comment, 0 AS share_id
FROM posts_post p JOIN posts_topic t ON t.id = p.topic_id
WHERE p.id <= %s AND p.id >= (SELECT id FROM window_start) AND p.created_at >= %s
  AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
  AND ({followed}){open_only}
ORDER BY p.id DESC LIMIT %s
"""

_TAGGED = (
    "EXISTS (SELECT 1 FROM posts_topic_tags tt WHERE tt.topic_id = p.topic_id"
    " AND tt.tag_id IN ({tags}))"
)

# Shares and likes by members you follow: first the ids of the newest rows,
# read from the (member, time) index alone, then those rows and their posts (a
# join before the limit would read the row and post of every like in the window).
_SHARED = """
SELECT 2 AS kind, p.id AS post_id, p.topic_id, p.number, p.author_id, s.created_at AS at,
    s.sharer_id AS actor_id, s.comment, s.id AS share_id
FROM social_share s JOIN posts_post p ON p.id = s.post_id
WHERE s.id IN (
    SELECT id FROM social_share
    WHERE sharer_id IN ({members}) AND created_at >= %s AND created_at <= %s AND id + 0 <= %s
    ORDER BY created_at DESC LIMIT %s
)
  AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
"""

_LIKED = """
SELECT 3 AS kind, p.id AS post_id, p.topic_id, p.number, p.author_id, l.created_at AS at,
    l.user_id AS actor_id, '' AS comment, 0 AS share_id
FROM posts_like l JOIN posts_post p ON p.id = l.post_id
WHERE l.id IN (
    SELECT id FROM posts_like
    WHERE user_id IN ({members}) AND created_at >= %s AND created_at <= %s AND id + 0 <= %s
    ORDER BY created_at DESC LIMIT %s
)
  AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
"""


def read_events(
    *,
    members: Iterable[int],
    spaces: Iterable[int],
    tags: Iterable[int],
    closed: Iterable[int],
    since: datetime,
    as_of: datetime,
    post_id: int,
    like_id: int,
    share_id: int,
) -> list[Row]:
    """Every source's newest rows at the snapshot, inside the window, in one query."""
    member_ids, space_ids, tag_ids = id_list(members), id_list(spaces), id_list(tags)
    adapt = connection.ops.adapt_datetimefield_value
    start, end = adapt(since), adapt(as_of)
    parts: list[str] = []
    params: list[Any] = [post_id, start, start]
    scan_floor = post_id - SCAN_POSTS
    if member_ids:
        parts.append(_POSTED.format(members=member_ids))
        params += [post_id, scan_floor, start, ranking.MEMBER_POSTS_LIMIT]
    if space_ids or tag_ids:
        followed = [f"t.space_id IN ({space_ids})"] if space_ids else []
        if tag_ids:
            followed.append(_TAGGED.format(tags=tag_ids))
        closed_ids = id_list(closed)
        open_only = f" AND t.space_id NOT IN ({closed_ids})" if closed_ids else ""
        parts.append(_ACTIVITY.format(followed=" OR ".join(followed), open_only=open_only))
        params += [post_id, start, ranking.ACTIVITY_POSTS_LIMIT]
    if member_ids and share_id:
        parts.append(_SHARED.format(members=member_ids))
        params += [start, end, share_id, ranking.SHARES_LIMIT]
    if member_ids and like_id:
        parts.append(_LIKED.format(members=member_ids))
        params += [start, end, like_id, ranking.LIKES_LIMIT]
    if not parts:
        return []
    union = "\nUNION ALL\n".join(
        f"SELECT * FROM ({part}) AS source{number}"  # noqa: S608 (ids only, see id_list)
        for number, part in enumerate(parts)
    )
    sql = f"WITH RECURSIVE {_WINDOW_START}\n{union}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[Any] = cursor.fetchall()
        posted = sum(1 for row in rows if row[0] == POSTED)
        if member_ids and scan_floor > 0 and posted < ranking.MEMBER_POSTS_LIMIT:
            cursor.execute(
                _POSTED_OLDER.format(members=member_ids),
                [start, scan_floor, ranking.MEMBER_POSTS_LIMIT - posted],
            )
            rows += cursor.fetchall()
    return [
        (kind, post, topic, number, author, as_time(at), actor, comment, share)
        for kind, post, topic, number, author, at, actor, comment, share in rows
    ]
