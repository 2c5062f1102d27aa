"""Reads of notifications and preferences: lists, who hears of a post, whose digest is due."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from mundwerk.accounts.models import User
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.posts.models import Post, shown_posts_q
from mundwerk.social.models import Block, MemberMute, SpaceFollow, TopicSubscription
from mundwerk.social.queries import watchers_of
from mundwerk.spaces.permissions import unreadable_space_ids
from mundwerk.spaces.queries import readers_among

DIGEST_MAX_ITEMS = 50


def preferences_for(member_id: int) -> Preferences:
    """The member's choices; the defaults (unsaved) when they never saved any."""
    found = Preferences.objects.filter(member_id=member_id).first()
    return found or Preferences(member_id=member_id)


def preferences_of(member_ids: Iterable[int]) -> dict[int, Preferences]:
    """The choices of many members at once, defaults for those without a row."""
    ids = list(member_ids)
    found = Preferences.objects.in_bulk(ids)
    return {pk: found.get(pk) or Preferences(member_id=pk) for pk in ids}


def _about_visible_content() -> Q:
    """Notifications about nothing (follows) or about a post and topic that still show.

    A post or topic hidden by moderators or held for review shows to nobody
    but its author and the moderators: nobody hears of it meanwhile.
    """
    return Q(post__isnull=True) | Q(
        shown_posts_q("post__"),
        post__deleted_at__isnull=True,
        post__topic__deleted_at__isnull=True,
    )


def notifications_of(member: User) -> QuerySet[Notification]:
    """The member's notifications, newest activity first, with what the list shows of each."""
    # Blocks withdraw notifications when they are made; mutes only hide them.
    muted = MemberMute.objects.filter(muter=member).values("muted_id")
    return (
        Notification.objects.filter(_about_visible_content(), recipient=member, is_shown=True)
        .exclude(actor_id__in=muted)
        # A member who left a private group no longer hears of its posts.
        .exclude(post__topic__space_id__in=unreadable_space_ids(member))
        .select_related("actor", "post__topic__space")
        .order_by("-updated_at", "-pk")
    )


def get_notification_for(member: User, notification_id: int) -> Notification:
    """Return the member's own notification, or 404 (another member's, or gone)."""
    found = notifications_of(member).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found


def post_audience(post: Post, *, new_topic: bool) -> dict[int, str]:
    """Who hears of a new post, each once, for the most specific reason.

    mention > quote > reply (to the topic's author) > watched, and for an
    opening post: mention > new topic in a followed space. Leaves out the
    author, inactive members, members blocked either way or who muted the
    author, and members who muted the topic.
    """
    topic = post.topic
    reasons: dict[int, str] = {}

    def add(member_ids: Iterable[int], kind: Kind) -> None:
        for pk in member_ids:
            reasons.setdefault(pk, kind)

    add(post.mentions.values_list("pk", flat=True), Kind.MENTION)
    if post.quote_of_id and not new_topic:
        quoted = Post.objects.filter(pk=post.quote_of_id, deleted_at__isnull=True)
        add(quoted.values_list("author_id", flat=True), Kind.QUOTE)
    if new_topic:
        add(
            SpaceFollow.objects.filter(space_id=topic.space_id).values_list("member_id", flat=True),
            Kind.NEW_TOPIC,
        )
    else:
        add([topic.author_id], Kind.REPLY)
        add(watchers_of(topic.pk), Kind.WATCHED)
    reasons.pop(post.author_id, None)
    if not reasons:
        return reasons
    for pk in _left_out(post.author_id, topic.pk, list(reasons)):
        reasons.pop(pk, None)
    if topic.space.is_closed:
        readers = set(readers_among(topic.space, list(reasons)))
        reasons = {pk: kind for pk, kind in reasons.items() if pk in readers}
    return reasons


def _left_out(author_id: int, topic_id: int, member_ids: list[int]) -> set[int]:
    """Of these members, those who must not hear of the author's post in this topic."""
    blocked = Block.objects.filter(
        Q(blocker_id=author_id, blocked_id__in=member_ids)
        | Q(blocked_id=author_id, blocker_id__in=member_ids)
    ).values_list("blocker_id", "blocked_id")
    left_out = {pk for pair in blocked for pk in pair if pk != author_id}
    left_out.update(
        MemberMute.objects.filter(muted_id=author_id, muter_id__in=member_ids).values_list(
            "muter_id", flat=True
        )
    )
    left_out.update(
        TopicSubscription.objects.filter(
            topic_id=topic_id, level=TopicSubscription.Level.MUTED, member_id__in=member_ids
        ).values_list("member_id", flat=True)
    )
    left_out.update(
        User.objects.filter(pk__in=member_ids, is_active=False).values_list("pk", flat=True)
    )
    return left_out


def may_hear_from(recipient_id: int, actor_id: int, topic_id: int | None = None) -> bool:
    """Whether `recipient` may be told of something `actor` did (in `topic`)."""
    if recipient_id == actor_id:
        return False
    return not _left_out(actor_id, topic_id or 0, [recipient_id])


def digest_items(member_id: int) -> list[Notification]:
    """Unread notifications the member has not been emailed about, newest first."""
    return list(
        Notification.objects.filter(
            _about_visible_content(),
            recipient_id=member_id,
            is_shown=True,
            read_at__isnull=True,
            emailed_at__isnull=True,
        )
        .select_related("actor", "post__topic__space")
        .order_by("-updated_at", "-pk")[:DIGEST_MAX_ITEMS]
    )


def members_due_for_digest(now: datetime) -> list[int]:
    """Members with unread news not yet emailed whose daily or weekly digest is due."""
    waiting = set(
        Notification.objects.filter(
            _about_visible_content(),
            is_shown=True,
            read_at__isnull=True,
            emailed_at__isnull=True,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not waiting:
        return []
    active = User.objects.filter(
        pk__in=waiting, is_active=True, email_verified_at__isnull=False
    ).values_list("pk", flat=True)
    choices = preferences_of(active)
    return sorted(pk for pk, prefs in choices.items() if prefs.digest_is_due(now))
