"""Every write of the social app: follows, watches, blocks, mutes, bookmarks and shares.

Each action is idempotent (following twice is one follow) and reports
whether it changed anything, so views can answer a double click calmly.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Model

from mundwerk.accounts.models import User
from mundwerk.notifications.tasks import (
    notify_follow,
    notify_share,
    withdraw_between,
    withdraw_share,
)
from mundwerk.posts.models import Post, Tag, Topic
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
from mundwerk.social.permissions import (
    check_block_member,
    check_bookmark_post,
    check_follow_member,
    check_follow_space,
    check_share_post,
)
from mundwerk.spaces.models import Space


def _create_once(model: type[Model], **fields: object) -> bool:
    """Insert the link unless it exists; True when this call made it."""
    try:
        with transaction.atomic():
            model._default_manager.create(**fields)
    except IntegrityError:
        return False
    return True


def follow_member(*, follower: User, member: User) -> bool:
    """Follow `member`: their posts and shares reach the follower's feed."""
    check_follow_member(follower, member)
    with transaction.atomic():
        _lock_pair(follower, member)
        check_follow_member(follower, member)  # again, now that no block can slip in
        if not _create_once(MemberFollow, follower=follower, followed=member):
            return False
        _count_follow(follower.pk, member.pk, 1)
        transaction.on_commit(
            lambda: notify_follow.enqueue(follower_id=follower.pk, followed_id=member.pk)
        )
    return True


def _lock_pair(first: User, second: User) -> None:
    """Lock both members' rows in id order, so that a follow and a block of the same two
    cannot interleave (each would miss the other's row and a follow would outlive a block)."""
    list(User.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk"))


def unfollow_member(*, follower: User, member: User) -> bool:
    with transaction.atomic():
        deleted, _ = MemberFollow.objects.filter(follower=follower, followed=member).delete()
        if deleted:
            _count_follow(follower.pk, member.pk, -1)
    return bool(deleted)


def _count_follow(follower_id: int, followed_id: int, step: int) -> None:
    User.objects.filter(pk=follower_id).update(following_count=F("following_count") + step)
    User.objects.filter(pk=followed_id).update(follower_count=F("follower_count") + step)


def set_connections_hidden(*, member: User, hidden: bool) -> None:
    """Show or hide the member's follower and following lists (the numbers stay public)."""
    User.objects.filter(pk=member.pk).update(hides_connections=hidden)
    member.hides_connections = hidden


def follow_space(*, member: User, space: Space) -> bool:
    check_follow_space(member, space)
    SpaceMute.objects.filter(member=member, space=space).delete()
    return _create_once(SpaceFollow, member=member, space=space)


def unfollow_space(*, member: User, space: Space) -> bool:
    return bool(SpaceFollow.objects.filter(member=member, space=space).delete()[0])


def follow_tag(*, member: User, tag: Tag) -> bool:
    TagMute.objects.filter(member=member, tag=tag).delete()
    return _create_once(TagFollow, member=member, tag=tag)


def unfollow_tag(*, member: User, tag: Tag) -> bool:
    return bool(TagFollow.objects.filter(member=member, tag=tag).delete()[0])


def set_topic_level(*, member: User, topic: Topic, level: str) -> None:
    """Watch a topic (hear of every reply), mute it (hear nothing), or neither ("")."""
    if not level:
        TopicSubscription.objects.filter(member=member, topic=topic).delete()
        return
    TopicSubscription.objects.update_or_create(
        member=member, topic=topic, defaults={"level": TopicSubscription.Level(level)}
    )


def block_member(*, blocker: User, member: User) -> bool:
    """Block `member`: follows between the two end, and each stops seeing the other."""
    check_block_member(blocker, member)
    with transaction.atomic():
        _lock_pair(blocker, member)
        if not _create_once(Block, blocker=blocker, blocked=member):
            return False
        unfollow_member(follower=blocker, member=member)
        unfollow_member(follower=member, member=blocker)
        transaction.on_commit(
            lambda: withdraw_between.enqueue(member_id=blocker.pk, other_id=member.pk)
        )
        transaction.on_commit(
            lambda: withdraw_between.enqueue(member_id=member.pk, other_id=blocker.pk)
        )
    return True


def unblock_member(*, blocker: User, member: User) -> bool:
    return bool(Block.objects.filter(blocker=blocker, blocked=member).delete()[0])


def mute_member(*, muter: User, member: User) -> bool:
    """Stop seeing `member`'s posts; they are not told."""
    if muter.pk == member.pk:
        return False
    created = _create_once(MemberMute, muter=muter, muted=member)
    if created:
        # Their earlier notifications to the muter go too, and leave the unread count.
        transaction.on_commit(
            lambda: withdraw_between.enqueue(member_id=muter.pk, other_id=member.pk)
        )
    return created


def unmute_member(*, muter: User, member: User) -> bool:
    return bool(MemberMute.objects.filter(muter=muter, muted=member).delete()[0])


def mute_space(*, member: User, space: Space) -> bool:
    SpaceFollow.objects.filter(member=member, space=space).delete()
    return _create_once(SpaceMute, member=member, space=space)


def unmute_space(*, member: User, space: Space) -> bool:
    return bool(SpaceMute.objects.filter(member=member, space=space).delete()[0])


def mute_tag(*, member: User, tag: Tag) -> bool:
    TagFollow.objects.filter(member=member, tag=tag).delete()
    return _create_once(TagMute, member=member, tag=tag)


def unmute_tag(*, member: User, tag: Tag) -> bool:
    return bool(TagMute.objects.filter(member=member, tag=tag).delete()[0])


def bookmark_post(*, member: User, post: Post) -> bool:
    check_bookmark_post(member, post)
    return _create_once(Bookmark, member=member, post=post)


def unbookmark_post(*, member: User, post: Post) -> bool:
    return bool(Bookmark.objects.filter(member=member, post=post).delete()[0])


def share_post(*, sharer: User, post: Post, comment: str = "", via: Share | None = None) -> Share:
    """Pass `post` on to the sharer's followers; a second share of the same post changes nothing.

    `via` is the share the sharer saw it in; it is kept only when it shares the same post.
    """
    check_share_post(sharer, post)
    if via is not None and via.post_id != post.pk:
        via = None
    with transaction.atomic():
        share, created = Share.objects.get_or_create(
            sharer=sharer, post=post, defaults={"comment": comment.strip(), "via": via}
        )
        if created:
            Post.objects.filter(pk=post.pk).update(share_count=F("share_count") + 1)
            # The share count shows in the topic's cached posts.
            Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
            transaction.on_commit(lambda: notify_share.enqueue(share_id=share.pk))
    return share


def unshare_post(*, sharer: User, post: Post) -> bool:
    with transaction.atomic():
        deleted, _ = Share.objects.filter(sharer=sharer, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(share_count=F("share_count") - 1)
            Topic.objects.filter(pk=post.topic_id).update(posts_version=F("posts_version") + 1)
            transaction.on_commit(
                lambda: withdraw_share.enqueue(post_id=post.pk, user_id=sharer.pk)
            )
    return bool(deleted)
