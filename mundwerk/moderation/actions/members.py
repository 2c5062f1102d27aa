"""Decisions on members' accounts: silence, suspend, ban (staff only), and lifting them."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.moderation.actions.log import log_decision, moment, require_reason, tell_author
from mundwerk.moderation.models import ModerationEntry
from mundwerk.moderation.permissions import check_moderate_members

Action = ModerationEntry.Action
MAX_DAYS = 3650


def _restrict(
    action: str, *, moderator: User, member: User, reason: str, days: int | None
) -> ModerationEntry:
    check_moderate_members(moderator, member)
    reason = require_reason(reason)
    until = None
    if action != Action.BAN:
        if days is None or not 1 <= days <= MAX_DAYS:
            raise ValidationError(_("Give a number of days between 1 and 3650."))
        until = timezone.now() + timedelta(days=days)
    fields: dict[str, str] = {Action.SILENCE: "silenced_until", Action.SUSPEND: "suspended_until"}
    field = fields.get(action, "banned_at")
    with transaction.atomic():
        value = until if until is not None else timezone.now()
        User.objects.filter(pk=member.pk).update(**{field: value})
        setattr(member, field, value)
        entry = log_decision(action, member, moderator, reason, until=until)
        sentences: dict[str, str] = {
            Action.SILENCE: "moderation_silenced",
            Action.SUSPEND: "moderation_suspended",
        }
        what = sentences.get(action, "moderation_banned")
        tell_author(entry, what, moment(until) if until is not None else reason)
        if action == Action.BAN:
            content_changed("member", member.pk)  # a banned member is not found
    return entry


def silence_member(
    *, moderator: User, member: User, reason: str, days: int | None
) -> ModerationEntry:
    """Let a member read but not write for `days` days (staff only)."""
    return _restrict(Action.SILENCE, moderator=moderator, member=member, reason=reason, days=days)


def suspend_member(
    *, moderator: User, member: User, reason: str, days: int | None
) -> ModerationEntry:
    """Keep a member from logging in for `days` days (staff only)."""
    return _restrict(Action.SUSPEND, moderator=moderator, member=member, reason=reason, days=days)


def ban_member(*, moderator: User, member: User, reason: str) -> ModerationEntry:
    """Keep a member out for good (staff only); lifting it is a decision of its own."""
    return _restrict(Action.BAN, moderator=moderator, member=member, reason=reason, days=None)


def lift_restrictions(*, moderator: User, member: User, reason: str = "") -> ModerationEntry:
    """End a member's silence, suspension and ban."""
    check_moderate_members(moderator, member)
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(
            silenced_until=None, suspended_until=None, banned_at=None
        )
        member.silenced_until = member.suspended_until = member.banned_at = None
        entry = log_decision(Action.LIFT, member, moderator, reason.strip())
        content_changed("member", member.pk)
    return entry
