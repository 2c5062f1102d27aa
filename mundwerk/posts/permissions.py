"""Who may do what with topics and posts: `can_*` answers, `check_*` raises."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mundwerk.accounts.permissions import Viewer, can_write, check_write
from mundwerk.posts.models import Post, Topic
from mundwerk.social.queries import relations_of
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import (
    can_moderate_space,
    can_post_in_space,
    check_post_in_space,
)
from mundwerk.trust.permissions import can_edit_title_and_tags


def can_see_topic(user: Viewer, topic: Topic) -> bool:
    """A topic hidden by moderators or held for review shows to its author and the
    space's moderators (staff among them) only. Reading the space is asked apart."""
    if topic.hidden_at is None and topic.held_at is None:
        return True
    return user.is_authenticated and (
        topic.author_id == user.pk or can_moderate_space(user, topic.space)
    )


def can_see_post(user: Viewer, post: Post) -> bool:
    """A hidden or held post shows to its author and the space's moderators only."""
    if not can_see_topic(user, post.topic):
        return False
    if not post.is_withheld:
        return True
    return user.is_authenticated and (
        post.author_id == user.pk or can_moderate_space(user, post.topic.space)
    )


def can_create_topic(user: Viewer, space: Space) -> bool:
    """Members open topics in categories, and in the groups they belong to."""
    return can_post_in_space(user, space)


def can_reply_to_topic(user: Viewer, topic: Topic) -> bool:
    """Members reply to live topics where they may write, except where they and
    the topic's author blocked each other. A locked topic takes replies from its
    space's moderators only."""
    if topic.deleted_at is not None or not can_post_in_space(user, topic.space):
        return False
    if topic.locked_at is not None and not can_moderate_space(user, topic.space):
        return False
    return topic.author_id not in relations_of(user).blocked


def can_edit_post(user: Viewer, post: Post) -> bool:
    if not can_write(user) or post.is_deleted:
        return False
    return user.is_staff or post.author_id == user.pk


def can_retitle_topic(user: Viewer, topic: Topic) -> bool:
    """Rename a live topic: whoever may edit its opening post, and trust level 3+
    members in spaces they are active in (trust.permissions)."""
    if topic.deleted_at is not None or topic.hidden_at is not None or topic.held_at is not None:
        return False
    if not can_write(user):
        return False
    if user.is_staff or topic.author_id == user.pk:
        return True
    return can_edit_title_and_tags(user, topic.space)


def check_retitle_topic(user: Viewer, topic: Topic) -> None:
    if not can_retitle_topic(user, topic):
        raise PermissionDenied(
            _("Members of trust level 3 rename topics in spaces where they often write.")
        )


def can_delete_post(user: Viewer, post: Post) -> bool:
    return can_edit_post(user, post)


def can_like_post(user: Viewer, post: Post) -> bool:
    if post.is_withheld:
        return False
    return can_write(user) and not post.is_deleted and post.author_id != user.pk


def can_quote_post(user: Viewer, post: Post) -> bool:
    """Quoting copies a post's text, so a deleted post cannot be quoted, nor a blocked member's."""
    if post.is_deleted or post.is_withheld or post.author_id in relations_of(user).blocked:
        return False
    return can_reply_to_topic(user, post.topic)


def check_quote_post(user: Viewer, post: Post) -> None:
    check_write(user)
    if not can_quote_post(user, post):
        raise PermissionDenied(_("You cannot quote this post."))


def can_see_post_history(user: Viewer, post: Post) -> bool:
    """Anyone reads the history of a live post; a deleted one's only its author and staff."""
    if not post.is_deleted:
        return True
    return user.is_authenticated and (user.is_staff or post.author_id == user.pk)


def check_create_topic(user: Viewer, space: Space) -> None:
    check_write(user)
    check_post_in_space(user, space)


def check_reply_to_topic(user: Viewer, topic: Topic) -> None:
    check_write(user)
    if not can_reply_to_topic(user, topic):
        if topic.locked_at is not None:
            raise PermissionDenied(_("This topic is locked: it takes no more replies."))
        raise PermissionDenied(_("You cannot reply to this topic."))


def check_edit_post(user: Viewer, post: Post) -> None:
    check_write(user)
    if not can_edit_post(user, post):
        raise PermissionDenied(_("You may only edit your own posts."))


def check_delete_post(user: Viewer, post: Post) -> None:
    check_write(user)
    if not can_delete_post(user, post):
        raise PermissionDenied(_("You may only delete your own posts."))


def check_like_post(user: Viewer, post: Post) -> None:
    check_write(user)
    if not can_like_post(user, post):
        raise PermissionDenied(_("You cannot like this post."))
