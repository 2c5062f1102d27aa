"""Every write of notifications and preferences: the only place that saves them.

The notify_* actions run in tasks after the event's transaction committed.
Each is idempotent: rows are keyed on (recipient, event), so a second run
finds them and changes nothing; an email is marked as sent on its row in the
transaction that queues it, so it goes out once.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.live.nudges import nudge_member, nudge_members
from mundwerk.notifications import emails, queries
from mundwerk.notifications.models import Kind, Notification, Preferences
from mundwerk.notifications.texts import DECISIONS, SENTENCES, UNAUTHORED
from mundwerk.posts.models import Like, Post
from mundwerk.social.models import MemberFollow, Share
from mundwerk.social.queries import relations_of
from mundwerk.spaces.queries import readers_among


def _can_email(member: User) -> bool:
    return bool(member.email and member.is_active and member.email_verified_at)


def _email(notification: Notification, member: User, prefs: Preferences) -> None:
    """Queue the email about `notification` once (the caller is inside a transaction)."""
    if not _can_email(member) or not prefs.emails(notification.kind):
        return
    marked = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if marked:
        emails.notification_message(notification, member, prefs).send()


def _count_unread(member_ids: list[int], step: int = 1) -> None:
    User.objects.filter(pk__in=member_ids).update(
        unread_notification_count=F("unread_notification_count") + step
    )
    transaction.on_commit(lambda: nudge_members(member_ids))


def _recount_unread(member_id: int) -> None:
    """Set the member's unread counter from the rows themselves."""
    unread = (
        Notification.objects.filter(
            recipient_id=OuterRef("pk"), is_shown=True, read_at__isnull=True
        )
        .order_by()
        .values("recipient_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    transaction.on_commit(lambda: nudge_member(member_id))
    User.objects.filter(pk=member_id).update(
        unread_notification_count=Coalesce(Subquery(unread), 0)
    )


def _insert_once(prefs: Preferences, **fields: object) -> Notification | None:
    """Write the row unless this recipient already has one for this event."""
    shown = prefs.shows(str(fields["kind"]))
    now = timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                **fields, is_shown=shown, read_at=None if shown else now
            )
    except IntegrityError:
        return None
    if shown:
        _count_unread([notification.recipient_id])
    return notification


def notify_about_post(post_id: int, *, new_topic: bool) -> list[Notification]:
    """Tell everyone who should hear of a new post (a reply, or a topic's opening post), once."""
    with transaction.atomic():
        # Locking the post serialises two runs of this task for the same post.
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.deleted_at is not None:
            return []
        post = Post.objects.select_related("topic__space", "author").get(pk=post_id)
        if post.topic.deleted_at is not None or not post.author.is_active:
            return []
        audience = queries.post_audience(post, new_topic=new_topic)
        choices = queries.preferences_of(audience)
        event = f"post:{post.pk}"
        done = set(
            Notification.objects.filter(event=event, recipient_id__in=audience).values_list(
                "recipient_id", flat=True
            )
        )
        now = timezone.now()
        # Sorted by when the post was written, not by when this task ran.
        fresh = [
            Notification(
                recipient_id=pk,
                kind=kind,
                event=event,
                actor_id=post.author_id,
                post=post,
                created_at=post.created_at,
                updated_at=post.created_at,
                is_shown=choices[pk].shows(kind),
                read_at=None if choices[pk].shows(kind) else now,
            )
            for pk, kind in audience.items()
            if pk not in done and (choices[pk].shows(kind) or choices[pk].emails(kind))
        ]
        created = Notification.objects.bulk_create(fresh)
        _count_unread([item.recipient_id for item in created if item.is_shown])
        emailed = [item for item in created if choices[item.recipient_id].emails(item.kind)]
        members = User.objects.in_bulk([item.recipient_id for item in emailed])
        for item in emailed:
            item.post = post
            item.actor = post.author
            _email(item, members[item.recipient_id], choices[item.recipient_id])
    return created


def notify_about_like(post_id: int, liker_id: int) -> Notification | None:
    """Tell a post's author of a like: one row per post, counting the likers since last read."""
    with transaction.atomic():
        if not Post.objects.select_for_update().filter(pk=post_id).exists():
            return None
        post = Post.objects.select_related("topic__space", "author").get(pk=post_id)
        like = Like.objects.filter(post=post, user_id=liker_id).first()
        author = post.author
        if (
            like is None
            or not readers_among(post.topic.space, [author.pk])
            or post.is_deleted
            or post.topic.deleted_at is not None
            or not queries.may_hear_from(author.pk, liker_id, post.topic_id)
        ):
            return None
        prefs = queries.preferences_for(author.pk)
        if not (prefs.shows(Kind.LIKE) or prefs.emails(Kind.LIKE)):
            return None
        event = f"like:{post.pk}"
        # Locked: a "mark read" committing in between must not be overwritten below.
        row = Notification.objects.select_for_update().filter(recipient=author, event=event).first()
        if row is None:
            row = _insert_once(
                prefs, recipient=author, kind=Kind.LIKE, event=event, actor_id=liker_id, post=post
            )
            assert row is not None  # the post lock keeps a second run out
        elif row.read_at is not None:
            if like.created_at <= row.read_at or not row.is_shown:
                return row  # seen already
            row.group_since, row.read_at, row.emailed_at = row.read_at, None, None
            _count_unread([author.pk])
        _regroup_likes(row, author, post)
        row.post = post
        _email(row, author, prefs)
    return row


def _regroup_likes(row: Notification, author: User, post: Post) -> None:
    """Count the likes since the row was last read, from members the author may hear from."""
    likes = Like.objects.filter(post=post).exclude(user_id=author.pk)
    hidden = relations_of(author).hidden
    if hidden:
        likes = likes.exclude(user_id__in=hidden)
    if row.group_since is not None:
        likes = likes.filter(created_at__gt=row.group_since)
    latest = likes.order_by("-created_at", "-pk").first()
    if latest is not None:
        row.actor_id = latest.user_id
        row.updated_at = latest.created_at
    row.actor_count = max(1, likes.count())
    row.save(
        update_fields=["actor", "actor_count", "updated_at", "group_since", "read_at", "emailed_at"]
    )


def notify_about_follow(follower_id: int, followed_id: int) -> Notification | None:
    """Tell a member of a new follower (once per follower, however often they re-follow)."""
    with transaction.atomic():
        follow = MemberFollow.objects.filter(follower_id=follower_id, followed_id=followed_id)
        since = follow.values_list("created_at", flat=True).first()
        if since is None:
            return None
        if not queries.may_hear_from(followed_id, follower_id):
            return None
        member = User.objects.get(pk=followed_id)
        prefs = queries.preferences_for(member.pk)
        if not (prefs.shows(Kind.FOLLOW) or prefs.emails(Kind.FOLLOW)):
            return None
        row = _insert_once(
            prefs,
            recipient=member,
            kind=Kind.FOLLOW,
            event=f"follow:{follower_id}",
            actor_id=follower_id,
            created_at=since,
            updated_at=since,
        )
        if row is not None:
            _email(row, member, prefs)
    return row


def notify_about_share(share_id: int) -> Notification | None:
    """Tell a post's author that someone passed it on (once per sharer and post)."""
    with transaction.atomic():
        share = (
            Share.objects.select_related("post__topic", "post__author").filter(pk=share_id).first()
        )
        if share is None:
            return None
        post = share.post
        author = post.author
        if (
            post.is_deleted
            or post.topic.deleted_at is not None
            or not queries.may_hear_from(author.pk, share.sharer_id, post.topic_id)
        ):
            return None
        prefs = queries.preferences_for(author.pk)
        if not (prefs.shows(Kind.SHARE) or prefs.emails(Kind.SHARE)):
            return None
        row = _insert_once(
            prefs,
            recipient=author,
            kind=Kind.SHARE,
            event=f"share:{post.pk}:{share.sharer_id}",
            actor_id=share.sharer_id,
            post=post,
            created_at=share.created_at,
            updated_at=share.created_at,
        )
        if row is not None:
            _email(row, author, prefs)
    return row


def notify_members(
    member_ids: Iterable[int],
    *,
    kind: str,
    what: str,
    event: str,
    actor_id: int,
    subject: str,
    link: str,
) -> list[Notification]:
    """Tell members of something that is not a post (an event, a group, a review), once each.

    `what` is a key of notifications.texts.SENTENCES; `event` names the
    occasion ("event-reminder:24h:7"), so a second run for the same
    occasion writes nothing. Members who blocked the actor or were blocked
    by them hear nothing, nor does the actor, except of what no one did (a
    reminder names the organiser, who is going too).
    """
    if what not in SENTENCES:
        raise ValueError(f"no sentence for {what!r}")
    wanted = sorted(
        {
            pk
            for pk in member_ids
            if what in DECISIONS
            or (pk == actor_id and what in UNAUTHORED)
            or (pk != actor_id and queries.may_hear_from(pk, actor_id))
        }
    )
    with transaction.atomic():
        members = User.objects.filter(pk__in=wanted, is_active=True).in_bulk()
        choices = queries.preferences_of(members)
        done = set(
            Notification.objects.filter(event=event, recipient_id__in=members).values_list(
                "recipient_id", flat=True
            )
        )
        now = timezone.now()
        fresh = [
            Notification(
                recipient_id=pk,
                kind=kind,
                what=what,
                event=event,
                actor_id=actor_id,
                subject=subject[:200],
                link=link[:300],
                created_at=now,
                updated_at=now,
                is_shown=choices[pk].shows(kind),
                read_at=None if choices[pk].shows(kind) else now,
            )
            for pk in members
            if pk not in done and (choices[pk].shows(kind) or choices[pk].emails(kind))
        ]
        created = Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(
                event=event, recipient_id__in=[item.recipient_id for item in fresh]
            ).select_related("actor")
        )
        _count_unread([item.recipient_id for item in created if item.is_shown])
        for item in created:
            _email(item, members[item.recipient_id], choices[item.recipient_id])
    return created


def mark_read(notification: Notification, *, member: User) -> bool:
    """Mark one of the member's notifications read; True when it was unread."""
    with transaction.atomic():
        marked = Notification.objects.filter(
            pk=notification.pk, recipient=member, read_at__isnull=True
        ).update(read_at=timezone.now())
        if marked and notification.is_shown:
            User.objects.filter(pk=member.pk, unread_notification_count__gt=0).update(
                unread_notification_count=F("unread_notification_count") - 1
            )
            transaction.on_commit(lambda: nudge_member(member.pk))
    if marked:
        notification.read_at = timezone.now()
        member.refresh_from_db(fields=["unread_notification_count"])
    return bool(marked)


def mark_all_read(*, member: User) -> int:
    """Mark all the member's notifications read; return how many were unread."""
    with transaction.atomic():
        marked = Notification.objects.filter(recipient=member, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        _recount_unread(member.pk)
    member.refresh_from_db(fields=["unread_notification_count"])
    return marked


def save_preferences(*, member: User, preferences: Preferences, language: str) -> Preferences:
    """Store the member's choices and the language their emails are written in."""
    known = {code for code, _name in settings.LANGUAGES}
    preferences.member = member
    preferences.language = language if language in known else settings.LANGUAGE_CODE
    preferences.save()
    return preferences


def unsubscribe(member_id: int, what: str) -> bool:
    """Switch off one email kind (or the digest) for a member; True when it was on."""
    with transaction.atomic():
        prefs, _created = Preferences.objects.select_for_update().get_or_create(member_id=member_id)
        if what == emails.DIGEST:
            was_on = prefs.digest != Preferences.Digest.NEVER
            prefs.digest = Preferences.Digest.NEVER
            prefs.save(update_fields=["digest"])
            return was_on
        field = f"email_{Kind(what).value}"
        was_on = bool(getattr(prefs, field))
        setattr(prefs, field, False)
        prefs.save(update_fields=[field])
    return was_on


def send_digest(member_id: int, now: datetime | None = None) -> int:
    """Email the member a digest of unread news not emailed yet, if one is due; return the count.

    The time it went out is recorded with the mail, so a second run sends nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        member = User.objects.filter(pk=member_id).first()
        if member is None or not _can_email(member):
            return 0
        prefs, _created = Preferences.objects.select_for_update().get_or_create(member=member)
        if not prefs.digest_is_due(now):
            return 0
        items = queries.digest_items(member.pk)
        if not items:
            return 0
        # Only rows nobody mailed meanwhile (an immediate mail racing this digest).
        marked = set(
            Notification.objects.select_for_update()
            .filter(pk__in=[item.pk for item in items], emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        items = [item for item in items if item.pk in marked]
        if not items:
            return 0
        prefs.digest_sent_at = now
        prefs.save(update_fields=["digest_sent_at"])
        Notification.objects.filter(pk__in=marked).update(emailed_at=now)
        emails.digest_message(member, prefs, items).send()
    return len(items)


def withdraw_post_notifications(post_id: int) -> int:
    """Remove the notifications about a deleted post, and fix its recipients' unread counters."""
    with transaction.atomic():
        rows = Notification.objects.filter(post_id=post_id, post__deleted_at__isnull=False)
        recipients = set(rows.values_list("recipient_id", flat=True))
        removed, _kinds = rows.delete()
        for member_id in recipients:
            _recount_unread(member_id)
    return removed


def withdraw_like(post_id: int, liker_id: int) -> bool:
    """After an unlike: count the author's like notification again without the liker.

    A row left with nobody who still likes the post goes, unless it was read
    and names someone else. Nothing changes when the member liked it again
    before this ran. Returns whether anything changed.
    """
    with transaction.atomic():
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or Like.objects.filter(post_id=post_id, user_id=liker_id).exists():
            return False
        row = (
            Notification.objects.select_for_update()
            .filter(recipient_id=post.author_id, event=f"like:{post_id}")
            .first()
        )
        if row is None:
            return False
        author = User.objects.get(pk=post.author_id)
        likes = Like.objects.filter(post=post).exclude(user_id=author.pk)
        hidden = relations_of(author).hidden
        if hidden:
            likes = likes.exclude(user_id__in=hidden)
        if row.group_since is not None:
            likes = likes.filter(created_at__gt=row.group_since)
        if likes.exists():
            _regroup_likes(row, author, post)
        elif row.read_at is None or row.actor_id == liker_id:
            row.delete()
            _recount_unread(author.pk)
        else:
            return False
    return True


def withdraw_share(post_id: int, sharer_id: int) -> bool:
    """After an unshare: drop the author's notification of that share, if the share is gone."""
    with transaction.atomic():
        if Share.objects.filter(post_id=post_id, sharer_id=sharer_id).exists():
            return False  # shared again before this ran
        rows = Notification.objects.filter(event=f"share:{post_id}:{sharer_id}")
        recipients = set(rows.values_list("recipient_id", flat=True))
        removed, _kinds = rows.delete()
        for member_id in recipients:
            _recount_unread(member_id)
    return bool(removed)


def withdraw_between(member_id: int, other_id: int) -> None:
    """After a block or mute: drop what `member` was told of `other`'s doings.

    Grouped likes are counted again without `other`, and dropped when
    nobody else is left in them.
    """
    with transaction.atomic():
        member = User.objects.get(pk=member_id)
        Notification.objects.filter(
            ~Q(kind=Kind.LIKE), recipient_id=member_id, actor_id=other_id
        ).delete()
        liked = Like.objects.filter(user_id=other_id).values("post_id")
        rows = Notification.objects.filter(recipient_id=member_id, kind=Kind.LIKE).filter(
            Q(actor_id=other_id) | Q(post_id__in=liked)
        )
        for row in rows.select_related("post"):
            assert row.post is not None
            _regroup_likes(row, member, row.post)
            if row.actor_id == other_id:
                row.delete()
        _recount_unread(member_id)
