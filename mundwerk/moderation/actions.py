"""Every moderation decision: the only way to flag, hide, delete, lock, move, silence ...

Each action checks who may do it, changes the rows in one transaction
(posts' rows through the small moderation functions in posts.actions, a
review's, event's, group's or profile's through its own app's actions, the
member's restrictions here), writes the public log entry in the same
transaction (`_log`), and tells the affected member after commit. Nothing
else writes these columns, so the log is complete.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from mundwerk.accounts.actions import set_profile_hidden
from mundwerk.accounts.models import User
from mundwerk.core.changes import content_changed
from mundwerk.events.actions import set_event_hidden
from mundwerk.events.models import Event
from mundwerk.moderation.models import Appeal, Flag, ModerationEntry, ModerationSettings
from mundwerk.moderation.permissions import (
    can_move_to,
    check_answer_appeal,
    check_appeal,
    check_flag,
    check_moderate_item,
    check_moderate_members,
    check_redact,
    flags_per_day,
)
from mundwerk.moderation.targets import (
    Item,
    hidden_since,
    item_author,
    item_space,
    item_title,
    kind_of,
    target_fields,
)
from mundwerk.notifications.models import Kind
from mundwerk.notifications.tasks import notify_members
from mundwerk.posts import actions as posts
from mundwerk.posts.models import Post, Topic
from mundwerk.reviews.actions import delete_review, set_review_hidden
from mundwerk.reviews.models import Review
from mundwerk.spaces.actions import set_group_hidden
from mundwerk.spaces.models import Membership, Space
from mundwerk.trust.limits import hit

Action = ModerationEntry.Action
MAX_DAYS = 3650


def _role(moderator: User | None) -> str:
    if moderator is None:
        return ModerationEntry.Role.SYSTEM
    return ModerationEntry.Role.STAFF if moderator.is_staff else ModerationEntry.Role.MODERATOR


def _log(
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


def _resolve_flags(item: Item, outcome: str) -> int:
    return Flag.objects.filter(resolved_at__isnull=True, **{kind_of(item): item}).update(
        resolved_at=timezone.now(), outcome=outcome
    )


def _tell_author(entry: ModerationEntry, what: str, subject: str) -> None:
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


def _moment(when: object) -> str:
    return formats.date_format(localtime(when), "DATETIME_FORMAT")  # type: ignore[arg-type]


def _require_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why: the reason is shown to the author and in the log."))
    return reason[:300]


# Flags


def flag_item(*, flagger: User, item: Item, reason: str, text: str = "") -> Flag:
    """Record one member's flag on an item (once per member and item).

    Tells the item's moderators when it is the item's first open flag, and
    hides the item once enough trusted members flagged it.
    """
    check_flag(flagger, item)
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    if reason == Flag.Reason.OTHER and not text.strip():
        raise ValidationError(_("Say what is wrong when you choose “something else”."))
    hit(
        "flag",
        flagger.pk,
        limit=flags_per_day(flagger),
        window=86400,
        message=_("You have flagged a lot today. Thank you — try again tomorrow."),
    )
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                flagger=flagger,
                reason=reason,
                text=text.strip()[:1000],
                trust_level=flagger.trust_level,
                **target_fields(item),
            )
            open_flags = Flag.objects.filter(resolved_at__isnull=True, **{kind_of(item): item})
            if open_flags.count() == 1:
                _tell_moderators(flag, item)
            _hide_when_flagged_enough(item, open_flags)
    except IntegrityError:
        raise ValidationError(_("You have already flagged this.")) from None
    return flag


def _tell_moderators(flag: Flag, item: Item) -> None:
    space = item_space(item)
    staff = User.objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True)
    ids = set(staff)
    if space is not None:
        ids.update(
            Membership.objects.filter(
                space=space, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
            ).values_list("member_id", flat=True)
        )
    from mundwerk.core.urlpaths import url_for

    recipients, flagger_id, title = sorted(ids), flag.flagger_id, item_title(item)
    link = url_for("moderation:queue")
    transaction.on_commit(
        lambda: notify_members.enqueue(
            recipients,
            kind=Kind.MODERATION,
            what="moderation_flagged",
            event=f"flagged:{flag.pk}",
            actor_id=flagger_id,
            subject=title,
            link=link,
        )
    )


def _hide_when_flagged_enough(item: Item, open_flags: object) -> None:
    if hidden_since(item) is not None:
        return
    knobs = ModerationSettings.load()
    trusted = open_flags.filter(trust_level__gte=knobs.auto_hide_trust_level)  # type: ignore[attr-defined]
    if knobs.auto_hide_flags and trusted.count() >= knobs.auto_hide_flags:
        reason = _("Flagged by several members; hidden until a moderator looks at it.")
        _hide(item, None, reason)


# Decisions on posts, topics and other items


def _set_hidden(item: Item, reason: str | None) -> None:
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
        content_changed("member", item.pk)
    else:
        set_group_hidden(item, reason)
        content_changed("space", item.pk)


# What the author hears of their item being hidden or shown again, by kind.
_HIDDEN = {"member": "moderation_profile_hidden", "group": "moderation_group_hidden"}
_SHOWN = {"member": "moderation_profile_shown", "group": "moderation_group_shown"}


def _subject(item: Item, reason: str) -> str:
    # A member's profile is theirs by definition: the sentence names the reason instead.
    return reason if isinstance(item, User) else item_title(item)


def _hide(item: Item, moderator: User | None, reason: str) -> ModerationEntry:
    _set_hidden(item, reason)
    entry = _log(Action.HIDE, item, moderator, reason)
    _tell_author(entry, _HIDDEN.get(kind_of(item), "moderation_hidden"), _subject(item, reason))
    return entry


def hide_item(*, moderator: User, item: Item, reason: str) -> ModerationEntry:
    """Hide an item from everyone but its author and the moderators, with a public reason.

    A post, topic, review or event shows to its author and moderators only; a
    group only to its members and staff; a member's profile keeps its
    username, and its own parts show only to the member and staff.
    """
    check_moderate_item(moderator, item)
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = _hide(item, moderator, reason)
        _resolve_flags(item, Flag.Outcome.UPHELD)
    return entry


def unhide_item(*, moderator: User, item: Item, reason: str = "") -> ModerationEntry:
    """Show a hidden item to everyone again; a group's owner or a member hears of it."""
    check_moderate_item(moderator, item)
    if hidden_since(item) is None:
        raise ValidationError(_("This is not hidden."))
    with transaction.atomic():
        _set_hidden(item, None)
        entry = _log(Action.UNHIDE, item, moderator, reason)
        if kind_of(item) in _SHOWN:
            _tell_author(entry, _SHOWN[kind_of(item)], _subject(item, reason))
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
            _set_hidden(item, None)
            was_withheld = True
        _resolve_flags(item, Flag.Outcome.REJECTED)
        action = Action.APPROVE if was_withheld else Action.DISMISS
        entry = _log(action, item, moderator, reason.strip())
        if was_withheld:
            what = _SHOWN.get(kind_of(item), "moderation_approved")
            _tell_author(entry, what, _subject(item, reason.strip()))
    return entry


def delete_item(*, moderator: User, item: Item, reason: str) -> ModerationEntry:
    """Delete a post, topic or review for a moderator, with a public reason."""
    check_moderate_item(moderator, item)
    reason = _require_reason(reason)
    with transaction.atomic():
        if isinstance(item, Post) and item.number == 1:
            item = item.topic
        if isinstance(item, Post):
            posts.remove_post(item)
        elif isinstance(item, Topic):
            posts.set_topic_deleted(item, True)
        elif isinstance(item, Review):
            delete_review(actor=moderator, review=item)
        else:
            raise ValidationError(_("Only posts, topics and reviews can be deleted here."))
        entry = _log(Action.DELETE, item, moderator, reason)
        _resolve_flags(item, Flag.Outcome.UPHELD)
        _tell_author(entry, "moderation_deleted", item_title(item))
    return entry


def edit_post(
    *, moderator: User, post: Post, body: str, reason: str, title: str | None = None
) -> ModerationEntry:
    """Change a post's text for a moderator; the revision stays in the public edit history."""
    check_moderate_item(moderator, post)
    reason = _require_reason(reason)
    with transaction.atomic():
        edited = posts.edit_post_as_moderator(editor=moderator, post=post, body=body, title=title)
        entry = _log(Action.EDIT, post, moderator, reason, revision_number=edited.revision_count)
        _tell_author(entry, "moderation_edited", item_title(post))
    return entry


def redact_post(
    *, moderator: User, post: Post, removals: Sequence[str], reason: str
) -> ModerationEntry:
    """Cut personal data out of a post and all its earlier versions (staff only), logged."""
    check_redact(moderator)
    reason = _require_reason(reason)
    pieces = [piece.strip() for piece in removals if piece.strip()]
    if not pieces:
        raise ValidationError(_("Give the text to remove, one piece a line."))
    with transaction.atomic():
        found = posts.redact_post(post, pieces)
        if not found:
            raise ValidationError(_("None of that text is in the post or its history."))
        entry = _log(Action.REDACT, post, moderator, reason)
        _tell_author(entry, "moderation_redacted", item_title(post))
    return entry


def lock_topic(
    *, moderator: User, topic: Topic, reason: str, locked: bool = True
) -> ModerationEntry:
    """Close a topic to replies (or open it again)."""
    check_moderate_item(moderator, topic)
    if locked:
        reason = _require_reason(reason)
    with transaction.atomic():
        posts.set_topic_locked(topic, locked)
        entry = _log(Action.LOCK if locked else Action.UNLOCK, topic, moderator, reason.strip())
        if locked:
            _tell_author(entry, "moderation_locked", topic.title)
    return entry


def pin_topic(
    *, moderator: User, topic: Topic, reason: str = "", pinned: bool = True
) -> ModerationEntry:
    """Put a topic at the top of its space's list (or back in order)."""
    check_moderate_item(moderator, topic)
    with transaction.atomic():
        posts.set_topic_pinned(topic, pinned)
        entry = _log(Action.PIN if pinned else Action.UNPIN, topic, moderator, reason.strip())
    return entry


def move_topic(*, moderator: User, topic: Topic, space: Space, reason: str) -> ModerationEntry:
    """Move a topic to another space the moderator also moderates."""
    check_moderate_item(moderator, topic)
    reason = _require_reason(reason)
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
        entry = _log(Action.MOVE, topic, moderator, reason, from_space=from_space)
        _tell_author(entry, "moderation_moved", topic.title)
    return entry


# Decisions on members


def _restrict(
    action: str, *, moderator: User, member: User, reason: str, days: int | None
) -> ModerationEntry:
    check_moderate_members(moderator, member)
    reason = _require_reason(reason)
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
        entry = _log(action, member, moderator, reason, until=until)
        sentences: dict[str, str] = {
            Action.SILENCE: "moderation_silenced",
            Action.SUSPEND: "moderation_suspended",
        }
        what = sentences.get(action, "moderation_banned")
        _tell_author(entry, what, _moment(until) if until is not None else reason)
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
        entry = _log(Action.LIFT, member, moderator, reason.strip())
    return entry


# Appeals


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
    text = _require_reason(text)
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
        _set_hidden(item, None)
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
        result = Action.LIFT
    else:
        # An edit, a redaction or an approval is not undone by a button: the
        # moderator changes the item again, and the log says the appeal won.
        result = Action.REVERSE
    extra: dict[str, object] = {"answers": entry}
    if result == Action.MOVE and isinstance(item, Topic):
        extra["from_space_id"] = entry.space_id
    return _log(result, item, moderator, reason, **extra)


def decide(
    *, moderator: User, item: Item, action: str, reason: str, days: int | None = None
) -> ModerationEntry:
    """Apply one decision from the queue's form to an item (or to its author)."""
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
        if not isinstance(topic, Topic):
            raise ValidationError(_("Only topics can be locked or pinned."))
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
