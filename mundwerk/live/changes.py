"""What changed for a member since their page was rendered: reads only, one indexed query a poll."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Subquery

from mundwerk.accounts.models import User
from mundwerk.core.urlpaths import url_for
from mundwerk.live.access import member_from_session
from mundwerk.posts.models import Post, Topic
from mundwerk.posts.permissions import can_see_topic
from mundwerk.social.queries import relations_of
from mundwerk.spaces.permissions import can_read_space, forget_spaces_of

# More than this many new replies are one notice anyway; the rest waits for the next poll.
POSTS_PER_EVENT = 20


@dataclass(frozen=True)
class Snapshot:
    """The member's unread count and the highest post number of their open topic (0: none)."""

    unread: int
    last_number: int


@dataclass(frozen=True)
class NewPost:
    number: int
    url: str
    author_id: int


def topic_visible_to(member: User, topic_id: int) -> bool:
    """Tell whether the member may see the topic, as its page decides (posts.queries)."""
    topic = Topic.objects.select_related("space").filter(pk=topic_id).first()
    if topic is None or (topic.deleted_at is not None and not member.is_staff):
        return False
    forget_spaces_of(member)  # asked again on every recheck: a member may have left the group
    return can_read_space(member, topic.space) and can_see_topic(member, topic)


def snapshot(member_id: int, topic_id: int | None) -> Snapshot | None:
    """Read the member's counter and the topic's highest post number in one query.

    Both come from indexes: the user's primary key and the (topic, number)
    unique constraint. None when the member no longer exists.
    """
    members = User.objects.filter(pk=member_id)
    if topic_id is None:
        unread = members.values_list("unread_notification_count", flat=True).first()
        return None if unread is None else Snapshot(unread=unread, last_number=0)
    newest = Post.objects.filter(topic_id=topic_id).order_by("-number").values("number")[:1]
    row = (
        members.annotate(last_number=Subquery(newest))
        .values_list("unread_notification_count", "last_number")
        .first()
    )
    return None if row is None else Snapshot(unread=row[0], last_number=row[1] or 0)


def new_posts(topic_id: int, after: int) -> list[NewPost]:
    """Return the topic's posts numbered after `after` that anyone may see.

    Deleted posts never; hidden and held ones neither (their author and the
    moderators find them on the page itself).
    """
    rows = (
        Post.objects.filter(
            topic_id=topic_id,
            number__gt=after,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held_at__isnull=True,
        )
        .order_by("number")
        .values_list("pk", "number", "author_id")[:POSTS_PER_EVENT]
    )
    return [
        NewPost(number=number, url=url_for("posts:permalink", pk), author_id=author_id)
        for pk, number, author_id in rows
    ]


def hidden_authors(member: User) -> frozenset[int]:
    """Members whose posts `member` does not see: blocked either way, or muted."""
    return relations_of(member).hidden


def still_allowed(session_key: str, member_id: int, topic_id: int | None) -> frozenset[int] | None:
    """Recheck a running stream: the member's hidden authors, or None to end it.

    None when the session was logged out (or now belongs to someone else, or
    the member was deactivated), or the open topic was deleted.
    """
    member = member_from_session(session_key)
    if member is None or member.pk != member_id:
        return None
    if topic_id is not None and not topic_visible_to(member, topic_id):
        return None
    return hidden_authors(member)


def forget_broken_connection() -> None:
    """Drop this thread's database connection after an error, so the next poll opens a new one."""
    connection.close()
