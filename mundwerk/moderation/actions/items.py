"""Decisions on posts, topics, reviews, events, groups and profiles themselves."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mundwerk.accounts.actions import set_profile_hidden
from mundwerk.accounts.models import User
from mundwerk.events.actions import set_event_hidden
from mundwerk.events.models import Event
from mundwerk.moderation.actions.log import log_decision, require_reason, resolve_flags, tell_author
from mundwerk.moderation.models import Flag, ModerationEntry
from mundwerk.moderation.permissions import can_move_to, check_moderate_item, check_redact
from mundwerk.moderation.targets import DECISIONS_FOR, Item, hidden_since, item_title, kind_of
from mundwerk.posts import actions as posts
from mundwerk.posts.models import Post, Topic
from mundwerk.reviews.actions import delete_review, set_review_hidden
from mundwerk.reviews.models import Review
from mundwerk.spaces.actions import set_group_hidden
from mundwerk.spaces.models import Space

Action = ModerationEntry.Action


def set_hidden(item: Item, reason: str | None) -> None:
    """Hide an item with a public reason, or show it again (reason None), through its app."""
    if isinstance(item, Post):
        posts.set_post_hidden(item, reason)
    elif isinstance(item, Topic):
        posts.set_topic_hidden(item, reason)
    elif isinstance(item, Review):
        set_review_hidden(item, reason is not None, reason or "")
    elif isinstance(item, Event):
        set_event_hidden(item, reason is not None, reason or "")
    elif isinstance(item, User):
        set_profile_hidden(item, reason)
        # Topic pages are cached with their authors' names and pictures.
        posts.refresh_topics_of(item)
    else:
        set_group_hidden(item, reason)


# What the author hears of their item being hidden or shown again, by kind.
_HIDDEN = {"member": "moderation_profile_hidden", "group": "moderation_group_hidden"}
_SHOWN = {"member": "moderation_profile_shown", "group": "moderation_group_shown"}


def _subject(item: Item, reason: str) -> str:
    # A member's profile is theirs by definition: the sentence names the reason instead.
    return reason if isinstance(item, User) else item_title(item)


def hide_without_check(item: Item, moderator: User | None, reason: str) -> ModerationEntry:
    """Hide the item, log it and tell its author; the caller has checked who decides (None:
    the system, after flags)."""
    set_hidden(item, reason)
    entry = log_decision(Action.HIDE, item, moderator, reason)
    tell_author(entry, _HIDDEN.get(kind_of(item), "moderation_hidden"), _subject(item, reason))
    return entry


def hide_item(*, moderator: User, item: Item, reason: str) -> ModerationEntry:
    """Hide an item from everyone but its author and the moderators, with a public reason.

    A post, topic, review or event shows to its author and moderators only; a
    group only to its members and staff; a member's profile keeps its
    username, and its own parts show only to the member and staff.
    """
    check_moderate_item(moderator, item)
    reason = require_reason(reason)
    with transaction.atomic():
        entry = hide_without_check(item, moderator, reason)
        resolve_flags(item, Flag.Outcome.UPHELD)
    return entry


def unhide_item(*, moderator: User, item: Item, reason: str = "") -> ModerationEntry:
    """Show a hidden item to everyone again; a group's owner or a member hears of it."""
    check_moderate_item(moderator, item)
    if hidden_since(item) is None:
        raise ValidationError(_("This is not hidden."))
    with transaction.atomic():
        set_hidden(item, None)
        entry = log_decision(Action.UNHIDE, item, moderator, reason)
        if kind_of(item) in _SHOWN:
            tell_author(entry, _SHOWN[kind_of(item)], _subject(item, reason))
    return entry


def approve_item(*, moderator: User, item: Item, reason: str = "") -> ModerationEntry:
    """Find an item fine: clear its flags, publish it if it was held, show it if it was hidden.

    A held post's (or topic's) notifications, which creation skipped, go out now.
    """
    check_moderate_item(moderator, item)
    with transaction.atomic():
        was_withheld = False
        if isinstance(item, Topic) and item.first_post_id is not None:
            first = Post.objects.select_related("topic__space").get(pk=item.first_post_id)
            was_withheld = posts.release_post(first)
        if isinstance(item, Post):
            was_withheld = posts.release_post(item)
        if hidden_since(item) is not None:
            set_hidden(item, None)
            was_withheld = True
        resolve_flags(item, Flag.Outcome.REJECTED)
        action = Action.APPROVE if was_withheld else Action.DISMISS
        entry = log_decision(action, item, moderator, reason.strip())
        if was_withheld:
            what = _SHOWN.get(kind_of(item), "moderation_approved")
            tell_author(entry, what, _subject(item, reason.strip()))
    return entry


def delete_item(*, moderator: User, item: Item, reason: str) -> ModerationEntry:
    """Delete a post, topic or review for a moderator, with a public reason."""
    check_moderate_item(moderator, item)
    reason = require_reason(reason)
    if "delete" not in DECISIONS_FOR[kind_of(item)]:
        raise ValidationError(_("Only posts, topics and reviews can be deleted here."))
    with transaction.atomic():
        if isinstance(item, Post) and item.number == 1:
            item = item.topic
        if isinstance(item, Post):
            posts.remove_post(item)
        elif isinstance(item, Topic):
            posts.set_topic_deleted(item, True)
        else:
            assert isinstance(item, Review)
            delete_review(actor=moderator, review=item)
        entry = log_decision(Action.DELETE, item, moderator, reason)
        resolve_flags(item, Flag.Outcome.UPHELD)
        tell_author(entry, "moderation_deleted", item_title(item))
    return entry


def edit_post(
    *, moderator: User, post: Post, body: str, reason: str, title: str | None = None
) -> ModerationEntry:
    """Change a post's text for a moderator; the revision stays in the public edit history."""
    check_moderate_item(moderator, post)
    reason = require_reason(reason)
    with transaction.atomic():
        edited = posts.edit_post_as_moderator(
            editor=moderator, post=post, body=body, title=title, reason=reason
        )
        entry = log_decision(
            Action.EDIT, post, moderator, reason, revision_number=edited.revision_count
        )
        tell_author(entry, "moderation_edited", item_title(post))
    return entry


def redact_post(
    *, moderator: User, post: Post, removals: Sequence[str], reason: str
) -> ModerationEntry:
    """Cut personal data out of a post and all its earlier versions (staff only), logged."""
    check_redact(moderator)
    reason = require_reason(reason)
    pieces = [piece.strip() for piece in removals if piece.strip()]
    if not pieces:
        raise ValidationError(_("Give the text to remove, one piece a line."))
    with transaction.atomic():
        found = posts.redact_post(post, pieces)
        if not found:
            raise ValidationError(_("None of that text is in the post or its history."))
        entry = log_decision(Action.REDACT, post, moderator, reason)
        tell_author(entry, "moderation_redacted", item_title(post))
    return entry


def lock_topic(
    *, moderator: User, topic: Topic, reason: str, locked: bool = True
) -> ModerationEntry:
    """Close a topic to replies (or open it again)."""
    check_moderate_item(moderator, topic)
    if locked:
        reason = require_reason(reason)
    with transaction.atomic():
        posts.set_topic_locked(topic, locked)
        entry = log_decision(
            Action.LOCK if locked else Action.UNLOCK, topic, moderator, reason.strip()
        )
        if locked:
            tell_author(entry, "moderation_locked", topic.title)
    return entry


def pin_topic(
    *, moderator: User, topic: Topic, reason: str = "", pinned: bool = True
) -> ModerationEntry:
    """Put a topic at the top of its space's list (or back in order)."""
    check_moderate_item(moderator, topic)
    with transaction.atomic():
        posts.set_topic_pinned(topic, pinned)
        entry = log_decision(
            Action.PIN if pinned else Action.UNPIN, topic, moderator, reason.strip()
        )
    return entry


def move_topic(*, moderator: User, topic: Topic, space: Space, reason: str) -> ModerationEntry:
    """Move a topic to another space the moderator also moderates."""
    check_moderate_item(moderator, topic)
    reason = require_reason(reason)
    if not can_move_to(moderator, space):
        raise PermissionDenied(_("You can only move topics into spaces you moderate."))
    if space.pk == topic.space_id:
        raise ValidationError(_("The topic is already there."))
    with transaction.atomic():
        from_space = topic.space
        posts.move_topic(topic, space)
        # The open flags on the topic and its posts go to the new space's queue.
        Flag.objects.filter(topic=topic).update(space=space)
        Flag.objects.filter(post__topic=topic).update(space=space)
        entry = log_decision(Action.MOVE, topic, moderator, reason, from_space=from_space)
        tell_author(entry, "moderation_moved", topic.title)
    return entry
