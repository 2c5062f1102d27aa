"""The affected member's one appeal, and the answer that upholds or reverses a decision."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.moderation.actions.items import set_hidden
from mundwerk.moderation.actions.log import entry_url, log_decision, require_reason
from mundwerk.moderation.models import Appeal, ModerationEntry
from mundwerk.moderation.permissions import check_answer_appeal, check_appeal
from mundwerk.moderation.targets import hidden_since
from mundwerk.notifications.models import Kind
from mundwerk.notifications.tasks import notify_members
from mundwerk.posts import actions as posts
from mundwerk.posts.models import Post, Topic

Action = ModerationEntry.Action


def appeal_entry(*, member: User, entry: ModerationEntry, text: str) -> Appeal:
    """Appeal a decision about oneself, once; it waits in the queue for another moderator."""
    check_appeal(member, entry)
    text = text.strip()
    if not text:
        raise ValidationError(_("Say why you think the decision is wrong."))
    try:
        with transaction.atomic():
            return Appeal.objects.create(entry=entry, author=member, text=text[:1000])
    except IntegrityError:
        raise ValidationError(_("You have already appealed this decision.")) from None


def answer_appeal(
    *, moderator: User, appeal: Appeal, reverse: bool, text: str
) -> ModerationEntry | None:
    """Uphold or reverse an appealed decision, and tell the member.

    Reversing undoes what can be undone (shows a hidden item, restores a
    deleted post or topic, unlocks, moves back, lifts a restriction) through
    the actions above, so the reversal is logged like any decision. Returns
    that entry, or None when the decision stands.
    """
    check_answer_appeal(moderator, appeal)
    text = require_reason(text)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.answered_at is not None:
            raise ValidationError(_("This appeal was already answered."))
        reversal = _reverse(appeal.entry, moderator, text) if reverse else None
        locked.answer = Appeal.Answer.REVERSED if reverse else Appeal.Answer.UPHELD
        locked.answer_text = text
        locked.answered_at = timezone.now()
        locked.answered_by = moderator
        locked.save(update_fields=["answer", "answer_text", "answered_at", "answered_by"])
        appeal.answered_at = locked.answered_at
        member_id, actor_id = appeal.author_id, moderator.pk
        link = entry_url(appeal.entry)
        subject = str(locked.get_answer_display())
        transaction.on_commit(
            lambda: notify_members.enqueue(
                [member_id],
                kind=Kind.MODERATION,
                what="moderation_appeal_answered",
                event=f"appeal-answered:{appeal.pk}",
                actor_id=actor_id,
                subject=subject,
                link=link,
            )
        )
    return reversal


def _reverse(entry: ModerationEntry, moderator: User, reason: str) -> ModerationEntry:
    item = entry.item
    if item is None:
        raise ValidationError(_("What the decision was about no longer exists."))
    action = entry.action
    if action == Action.HIDE and hidden_since(item) is not None:
        set_hidden(item, None)
        result = Action.UNHIDE
    elif action == Action.DELETE and isinstance(item, Post):
        posts.restore_post(item)
        result = Action.RESTORE
    elif action == Action.DELETE and isinstance(item, Topic):
        posts.set_topic_deleted(item, False)
        result = Action.RESTORE
    elif action == Action.LOCK and isinstance(item, Topic):
        posts.set_topic_locked(item, False)
        result = Action.UNLOCK
    elif action == Action.MOVE and isinstance(item, Topic) and entry.from_space is not None:
        posts.move_topic(item, entry.from_space)
        result = Action.MOVE
    elif action in (Action.SILENCE, Action.SUSPEND, Action.BAN) and isinstance(item, User):
        User.objects.filter(pk=item.pk).update(
            silenced_until=None, suspended_until=None, banned_at=None
        )
        content_changed("member", item.pk)
        result = Action.LIFT
    else:
        # An edit, a redaction or an approval is not undone by a button: the
        # moderator changes the item again, and the log says the appeal won.
        result = Action.REVERSE
    extra: dict[str, object] = {"answers": entry}
    if result == Action.MOVE and isinstance(item, Topic):
        extra["from_space_id"] = entry.space_id
    return log_decision(result, item, moderator, reason, **extra)
