"""Every write of the trust app that a person causes: grants and moderator invitations."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.notifications.tasks import notify_members
from mundwerk.spaces.actions import appoint_moderator
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import is_banned_from, role_in
from mundwerk.trust.models import GRANTED_LEVEL, MemberTrust, ModeratorInvitation
from mundwerk.trust.permissions import (
    check_answer_moderator_invitation,
    check_invite_moderator,
)


def grant_trust_level(*, member: User, level: int | None, staff: User) -> MemberTrust:
    """Set the level the member never falls below (4 only this way); None takes it back.

    Raising takes effect at once; a lower or removed grant is applied by the
    next run of the task, which never lowers levels 1 and 2.
    """
    if not staff.is_staff:
        raise ValidationError(_("Only staff can grant trust levels."))
    if level is not None and not 0 <= level <= GRANTED_LEVEL:
        raise ValidationError(_("Choose a level from 0 to 4."))
    with transaction.atomic():
        trust, _created = MemberTrust.objects.select_for_update().get_or_create(member=member)
        trust.granted_level = level
        trust.save(update_fields=["granted_level"])
        if level is not None and level > member.trust_level:
            User.objects.filter(pk=member.pk).update(trust_level=level)
            member.trust_level = level
        elif level is None and member.trust_level == GRANTED_LEVEL:
            User.objects.filter(pk=member.pk).update(trust_level=GRANTED_LEVEL - 1)
            member.trust_level = GRANTED_LEVEL - 1
    return trust


def invite_moderator(*, space: Space, member: User, staff: User) -> ModeratorInvitation:
    """Ask a member to moderate `space`, and tell them; one open invitation per space."""
    check_invite_moderator(staff, space)
    if role_in(member, space) in (Membership.Role.OWNER, Membership.Role.MODERATOR):
        raise ValidationError(_("%(name)s already moderates this space.") % {"name": member})
    if not member.is_active or is_banned_from(member, space):
        raise ValidationError(_("%(name)s cannot moderate this space.") % {"name": member})
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = ModeratorInvitation.objects.create(
                    space=space, member=member, invited_by=staff
                )
        except IntegrityError:
            raise ValidationError(
                _("%(name)s was already invited and has not answered yet.") % {"name": member}
            ) from None
        link = invitation.get_absolute_url()
        transaction.on_commit(
            lambda: notify_members.enqueue(
                member_ids=[member.pk],
                kind="group",
                what="group_moderator_invited",
                event=f"moderator-invitation:{invitation.pk}",
                actor_id=staff.pk,
                subject=space.name,
                link=link,
            )
        )
    return invitation


def accept_moderator_invitation(
    *, invitation: ModeratorInvitation, member: User
) -> ModeratorInvitation:
    """Become a moderator of the invitation's space."""
    check_answer_moderator_invitation(member, invitation)
    with transaction.atomic():
        answered = ModeratorInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, declined_at__isnull=True
        ).update(accepted_at=timezone.now())
        if not answered:
            raise ValidationError(_("You have already answered this invitation."))
        appoint_moderator(
            space=invitation.space, member=member, appointed_by_id=invitation.invited_by_id
        )
    invitation.refresh_from_db()
    return invitation


def decline_moderator_invitation(
    *, invitation: ModeratorInvitation, member: User
) -> ModeratorInvitation:
    """Say no, thanks; staff may ask again later."""
    check_answer_moderator_invitation(member, invitation)
    ModeratorInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, declined_at__isnull=True
    ).update(declined_at=timezone.now())
    invitation.refresh_from_db()
    return invitation
