"""Every moderation decision: the only way to flag, hide, delete, lock, move, silence ...

Each action checks who may do it, changes the rows in one transaction
(posts' rows through the small moderation functions in posts.actions, a
review's, event's, group's or profile's through its own app's actions, the
member's restrictions here), writes the public log entry in the same
transaction (`log.log_decision`), and tells the affected member after
commit. Nothing else writes these columns, so the log is complete. Callers
use this package's names; its modules group the decisions by what they are
about.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.moderation.actions.appeals import answer_appeal, appeal_entry
from mundwerk.moderation.actions.flags import flag_item
from mundwerk.moderation.actions.items import (
    approve_item,
    delete_item,
    edit_post,
    hide_item,
    lock_topic,
    move_topic,
    pin_topic,
    redact_post,
    unhide_item,
)
from mundwerk.moderation.actions.log import entry_url
from mundwerk.moderation.actions.members import (
    ban_member,
    lift_restrictions,
    silence_member,
    suspend_member,
)
from mundwerk.moderation.models import ModerationEntry
from mundwerk.moderation.targets import DECISIONS_FOR, Item, item_author, kind_of
from mundwerk.posts.models import Post, Topic

__all__ = [
    "answer_appeal", "appeal_entry", "approve_item", "ban_member", "decide", "delete_item",
    "edit_post", "entry_url", "flag_item", "hide_item", "lift_restrictions", "lock_topic",
    "move_topic", "pin_topic", "redact_post", "silence_member", "suspend_member", "unhide_item",
]  # fmt: skip


def decide(
    *, moderator: User, item: Item, action: str, reason: str, days: int | None = None
) -> ModerationEntry:
    """Apply one decision from the queue's form to an item (or to its author).

    Only the decisions `DECISIONS_FOR` lists for the item's kind; the rest are refused.
    """
    if action not in DECISIONS_FOR[kind_of(item)]:
        raise ValidationError(_("Choose a decision."))
    if action == "approve":
        return approve_item(moderator=moderator, item=item, reason=reason)
    if action == "hide":
        return hide_item(moderator=moderator, item=item, reason=reason)
    if action == "unhide":
        return unhide_item(moderator=moderator, item=item, reason=reason)
    if action == "delete":
        return delete_item(moderator=moderator, item=item, reason=reason)
    if action in ("lock", "unlock", "pin", "unpin"):
        topic = item.topic if isinstance(item, Post) else item
        assert isinstance(topic, Topic)  # DECISIONS_FOR offers these for posts and topics only
        if action in ("lock", "unlock"):
            return lock_topic(
                moderator=moderator, topic=topic, reason=reason, locked=action == "lock"
            )
        return pin_topic(moderator=moderator, topic=topic, reason=reason, pinned=action == "pin")
    member = item if isinstance(item, User) else item_author(item)
    if member is None:
        raise ValidationError(_("This has no author to act on."))
    if action == "silence":
        return silence_member(moderator=moderator, member=member, reason=reason, days=days)
    if action == "suspend":
        return suspend_member(moderator=moderator, member=member, reason=reason, days=days)
    if action == "ban":
        return ban_member(moderator=moderator, member=member, reason=reason)
    if action == "lift":
        return lift_restrictions(moderator=moderator, member=member, reason=reason)
    raise ValidationError(_("Choose a decision."))
