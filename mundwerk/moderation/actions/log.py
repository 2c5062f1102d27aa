"""The public log entry every decision writes, and telling the affected member of it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.moderation.models import Flag, ModerationEntry
from mundwerk.moderation.targets import Item, item_author, kind_of, target_fields
from mundwerk.notifications.models import Kind
from mundwerk.notifications.tasks import notify_members


def _role(moderator: User | None) -> str:
    if moderator is None:
        return ModerationEntry.Role.SYSTEM
    return ModerationEntry.Role.STAFF if moderator.is_staff else ModerationEntry.Role.MODERATOR


def log_decision(
    action: str, item: Item, moderator: User | None, reason: str, **extra: object
) -> ModerationEntry:
    """Write the public log's entry for a decision; called inside the action's transaction."""
    author = item_author(item)
    return ModerationEntry.objects.create(
        action=action,
        moderator=moderator,
        role=_role(moderator),
        affected=author,
        reason=reason[:300],
        **target_fields(item),
        **extra,
    )


def resolve_flags(item: Item, outcome: str) -> int:
    return Flag.objects.filter(resolved_at__isnull=True, **{kind_of(item): item}).update(
        resolved_at=timezone.now(), outcome=outcome
    )


def tell_author(entry: ModerationEntry, what: str, subject: str) -> None:
    """Tell the affected member of the decision after commit, linking to where they may appeal."""
    if entry.affected_id is None:
        return
    # The system's own decisions (auto-hide) carry the member's own name as sender.
    member_id = entry.affected_id
    actor_id = entry.moderator_id or member_id
    link = entry_url(entry)
    transaction.on_commit(
        lambda: notify_members.enqueue(
            [member_id],
            kind=Kind.MODERATION,
            what=what,
            event=f"moderation:{entry.pk}",
            actor_id=actor_id,
            subject=subject,
            link=link,
        )
    )


def entry_url(entry: ModerationEntry) -> str:
    from mundwerk.core.urlpaths import url_for

    return url_for("moderation:entry", entry.pk)


def moment(when: object) -> str:
    return formats.date_format(localtime(when), "DATETIME_FORMAT")  # type: ignore[arg-type]


def require_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why: the reason is shown to the author and in the log."))
    return reason[:300]
