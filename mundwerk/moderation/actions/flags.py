"""Members flag things; enough trusted flags hide a thing until a person looks."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.moderation.actions.items import hide_without_check
from mundwerk.moderation.models import Flag, ModerationSettings
from mundwerk.moderation.permissions import check_flag, flags_per_day
from mundwerk.moderation.targets import (
    Item,
    hidden_since,
    item_space,
    item_title,
    kind_of,
    target_fields,
)
from mundwerk.notifications.models import Kind
from mundwerk.notifications.tasks import notify_members
from mundwerk.spaces.models import Membership
from mundwerk.trust.limits import hit


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
        hide_without_check(item, None, reason)
