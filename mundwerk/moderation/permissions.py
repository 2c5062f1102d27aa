"""Who may flag, moderate and appeal what: `can_*` answers, `check_*` raises.

Staff moderate everything; a space's (or group's) owners and moderators
moderate what lives in that space: its topics, posts and events. A group
itself is judged by staff only, never by its own moderators; reviews and
profiles belong to no space: staff only too. Acting on a member's account
(silence, suspend, ban) is for staff only, since it reaches beyond any one
space.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer, can_write, check_write, is_active_staff
from mundwerk.moderation.models import Appeal, ModerationEntry
from mundwerk.moderation.targets import Item, item_author, item_space
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import can_judge_group, can_moderate_space

# Flags a member may raise a day, by trust level: one place for the numbers.
FLAGS_PER_DAY_NEW = 20  # trust levels 0 and 1
FLAGS_PER_DAY_TRUSTED = 50  # trust level 2 and up


def flags_per_day(member: User) -> int:
    return FLAGS_PER_DAY_TRUSTED if member.trust_level >= 2 else FLAGS_PER_DAY_NEW


def moderated_space_ids(viewer: Viewer) -> frozenset[int] | None:
    """The spaces whose queue the viewer answers for; None means all of them (staff)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return frozenset()
    if viewer.is_staff:
        return None
    return frozenset(
        Membership.objects.filter(
            member_id=viewer.pk, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
        ).values_list("space_id", flat=True)
    )


def can_use_queue(viewer: Viewer) -> bool:
    """Staff, and members who moderate at least one space."""
    ids = moderated_space_ids(viewer)
    return ids is None or bool(ids)


def check_use_queue(viewer: Viewer) -> None:
    if not can_use_queue(viewer):
        raise PermissionDenied(_("Only moderators can see the review queue."))


def can_flag(viewer: Viewer, item: Item) -> bool:
    """Members who may write flag anything but their own."""
    if not can_write(viewer):
        return False
    if isinstance(item, User):
        return item.pk != viewer.pk
    author = item_author(item)
    return author is None or author.pk != viewer.pk


def check_flag(viewer: Viewer, item: Item) -> None:
    check_write(viewer)
    if not can_flag(viewer, item):
        if not viewer.is_authenticated:
            raise PermissionDenied(_("Log in to flag."))
        raise PermissionDenied(_("You cannot flag this."))


def can_moderate_item(viewer: Viewer, item: Item) -> bool:
    """Staff everywhere; a space's owners and moderators for what lives in it.

    Profiles and groups themselves are for staff only (`is_active_staff`,
    `can_judge_group`), reviews too: they belong to no space.
    """
    if isinstance(item, User):
        return is_active_staff(viewer)
    if isinstance(item, Space):
        return can_judge_group(viewer, item)
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.is_staff:
        return True
    space = item_space(item)
    return space is not None and can_moderate_space(viewer, space)


def check_moderate_item(viewer: Viewer, item: Item) -> None:
    if not can_moderate_item(viewer, item):
        if item_space(item) is None:
            raise PermissionDenied(_("Only staff moderate groups, profiles and reviews."))
        raise PermissionDenied(_("Only the moderators of this space can do that."))


def can_moderate_members(viewer: Viewer) -> bool:
    """Silence, suspend or ban a member site-wide: staff only."""
    return is_active_staff(viewer)


def check_moderate_members(viewer: Viewer, member: User | None = None) -> None:
    if not can_moderate_members(viewer):
        raise PermissionDenied(_("Only staff can silence, suspend or ban members."))
    if member is not None and (member.pk == viewer.pk or member.is_superuser):
        raise PermissionDenied(_("You cannot do that to this account."))


def can_redact(viewer: Viewer) -> bool:
    """Removing personal data from the edit history is for staff."""
    return is_active_staff(viewer)


def check_redact(viewer: Viewer) -> None:
    if not can_redact(viewer):
        raise PermissionDenied(_("Only staff can remove personal data from the edit history."))


def can_move_to(viewer: Viewer, space: Space) -> bool:
    """Move a topic into a live space the viewer also moderates."""
    return (
        space.deleted_at is None and space.archived_at is None and can_moderate_space(viewer, space)
    )


def can_appeal(viewer: Viewer, entry: ModerationEntry) -> bool:
    """The affected member appeals once, against a decision a person or the system took."""
    if not viewer.is_authenticated or entry.affected_id != viewer.pk:
        return False
    if entry.action in (
        ModerationEntry.Action.APPROVE,
        ModerationEntry.Action.DISMISS,
        ModerationEntry.Action.UNHIDE,
        ModerationEntry.Action.RESTORE,
        ModerationEntry.Action.UNLOCK,
        ModerationEntry.Action.UNPIN,
        ModerationEntry.Action.PIN,
        ModerationEntry.Action.LIFT,
    ):
        return False
    return not Appeal.objects.filter(entry=entry).exists()


def check_appeal(viewer: Viewer, entry: ModerationEntry) -> None:
    if not can_appeal(viewer, entry):
        if Appeal.objects.filter(entry=entry).exists():
            raise PermissionDenied(_("You have already appealed this decision."))
        raise PermissionDenied(_("You cannot appeal this decision."))


def can_answer_appeal(viewer: Viewer, appeal: Appeal) -> bool:
    """Staff, or the moderators of the space the decision was taken in, but not its author."""
    if appeal.answered_at is not None or not viewer.is_authenticated:
        return False
    entry = appeal.entry
    if viewer.is_staff:
        return True
    if entry.moderator_id == viewer.pk or entry.space is None:
        return False
    return can_moderate_space(viewer, entry.space)


def check_answer_appeal(viewer: Viewer, appeal: Appeal) -> None:
    if not can_answer_appeal(viewer, appeal):
        if appeal.answered_at is not None:
            raise PermissionDenied(_("This appeal was already answered."))
        raise PermissionDenied(_("Only other moderators of this space can answer this appeal."))
