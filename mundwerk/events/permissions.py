"""Who may see, plan, change and answer events: `can_*` answers, `check_*` raises.

An event belongs to its space: whoever may not read the space (a private or
secret group's outsiders) may not see the event, anywhere.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from mundwerk.accounts.permissions import Viewer, can_write
from mundwerk.events.models import Event
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import CREATE_GROUP_LEVEL as CREATE_EVENT_LEVEL
from mundwerk.spaces.permissions import (
    can_moderate_space,
    can_post_in_space,
    can_read_space,
    check_post_in_space,
)


def can_see_event(viewer: Viewer, event: Event) -> bool:
    """Whoever may read the event's space; a hidden one only its organiser and moderators."""
    if not can_read_space(viewer, event.space):
        return False
    if not event.is_hidden:
        return True
    return event.organiser_id == viewer.pk or can_moderate_space(viewer, event.space)


def can_create_event(viewer: Viewer, space: Space) -> bool:
    """Whoever may write in the space and reached trust level 1 (staff always)."""
    if not can_post_in_space(viewer, space):
        return False
    return viewer.is_staff or viewer.trust_level >= CREATE_EVENT_LEVEL  # type: ignore[union-attr]


def can_edit_event(viewer: Viewer, event: Event) -> bool:
    """The organiser, the space's moderators and staff, while the event is not cancelled."""
    if event.is_cancelled or not can_write(viewer) or not can_read_space(viewer, event.space):
        return False
    return event.organiser_id == viewer.pk or can_moderate_space(viewer, event.space)


def can_cancel_event(viewer: Viewer, event: Event) -> bool:
    """Whoever may change an event may cancel it, until it has ended."""
    return can_edit_event(viewer, event) and event.ends_at > timezone.now()


def can_respond_to_event(viewer: Viewer, event: Event) -> bool:
    """Members who may write in the event's space answer it until it ends, unless cancelled."""
    if event.is_cancelled or event.ends_at <= timezone.now():
        return False
    return can_post_in_space(viewer, event.space)


def can_see_hidden_attendees(viewer: Viewer, event: Event) -> bool:
    """The organiser, the space's moderators and staff see who hid from the attendee list."""
    if not viewer.is_authenticated:
        return False
    return event.organiser_id == viewer.pk or can_moderate_space(viewer, event.space)


def check_create_event(viewer: Viewer, space: Space) -> None:
    check_post_in_space(viewer, space)
    if not can_create_event(viewer, space):
        raise PermissionDenied(
            _(
                "New members can plan events once they have read around a little: "
                "open a few topics and read some posts, and you can soon."
            )
        )


def check_edit_event(viewer: Viewer, event: Event) -> None:
    if can_edit_event(viewer, event):
        return
    if event.is_cancelled:
        raise PermissionDenied(_("This event is cancelled and can no longer be changed."))
    raise PermissionDenied(_("Only the organiser and the space's moderators can change an event."))


def check_cancel_event(viewer: Viewer, event: Event) -> None:
    if can_cancel_event(viewer, event):
        return
    if can_edit_event(viewer, event):
        raise PermissionDenied(_("This event is over and can no longer be cancelled."))
    check_edit_event(viewer, event)


def check_respond_to_event(viewer: Viewer, event: Event) -> None:
    if can_respond_to_event(viewer, event):
        return
    if event.is_cancelled:
        raise PermissionDenied(_("This event is cancelled."))
    if event.ends_at <= timezone.now():
        raise PermissionDenied(_("This event is over."))
    check_post_in_space(viewer, event.space)
    raise PermissionDenied(_("You cannot answer this event."))
