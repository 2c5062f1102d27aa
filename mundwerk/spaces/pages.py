"""What the group page and the settings page need, gathered so the views stay short."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import Viewer
from mundwerk.events.queries import upcoming_in_space
from mundwerk.posts import queries as post_queries
from mundwerk.posts.permissions import can_create_topic
from mundwerk.social.queries import interest_in
from mundwerk.spaces import actions, queries
from mundwerk.spaces.forms import GroupForm, TransferForm
from mundwerk.spaces.models import Membership, Space
from mundwerk.spaces.permissions import (
    can_answer_requests,
    can_ask_to_join,
    can_invite_to_group,
    can_join_space,
    can_judge_group,
    can_leave_space,
    can_manage_group,
    can_read_space,
    is_banned_from,
    role_in,
)


def group_page(viewer: Viewer, space: Space, number: int) -> dict[str, Any]:
    """The context of a group's page: what the viewer may read and which buttons they get."""
    readable = can_read_space(viewer, space)
    page = None
    if readable:
        page = post_queries.space_topics(space, number)
        if number > 1 and number > page.paginator.num_pages:
            raise Http404
    runs = can_answer_requests(viewer, space)
    member = viewer if isinstance(viewer, User) else None
    return {
        "space": space,
        "page": page,
        "can_read": readable,
        "role": role_in(viewer, space),
        "can_create_topic": can_create_topic(viewer, space),
        "version": post_queries.activity_version(space) if readable else "",
        "interest": interest_in(viewer, space=space) if readable else "",
        "can_join": can_join_space(viewer, space),
        "can_ask": can_ask_to_join(viewer, space),
        "has_asked": member is not None
        and space.join_policy == Space.JoinPolicy.REQUEST
        and queries.has_open_request(member, space),
        "is_banned": member is not None and is_banned_from(member, space),
        "can_leave": can_leave_space(viewer, space),
        "can_invite": can_invite_to_group(viewer, space),
        "runs_group": runs,
        "can_manage": can_manage_group(viewer, space),
        "judges_group": can_judge_group(viewer, space),
        "request_count": queries.open_request_count(space) if runs else 0,
        "upcoming_events": upcoming_in_space(viewer, space) if readable else [],
    }


def group_initial(space: Space) -> dict[str, str]:
    return {
        "name": space.name,
        "description": space.description,
        "visibility": space.visibility,
        "join_policy": space.join_policy,
    }


def apply_settings(
    request: HttpRequest, space: Space, which: str, edit: GroupForm, transfer: TransferForm
) -> HttpResponse | None:
    """Carry out one settings form; a response when done, None to show the forms again."""
    manager = request.user
    assert isinstance(manager, User)
    if which == "edit" and edit.is_valid():
        actions.edit_group(space=space, editor=manager, **edit.cleaned_data)
        messages.success(request, _("Saved."))
    elif which == "transfer" and transfer.is_valid():
        new_owner = Membership.objects.filter(
            space=space, member__username=transfer.cleaned_data["username"]
        ).select_related("member")
        found = new_owner.first()
        if found is None:
            transfer.add_error("username", _("Choose a member of the group."))
            return None
        actions.transfer_ownership(space=space, owner=manager, new_owner=found.member)
        messages.success(
            request, _("%(name)s owns the group now.") % {"name": found.member.username}
        )
        return redirect(space)
    elif which == "archive":
        actions.archive_group(space=space, manager=manager)
        messages.success(request, _("The group is archived: it stays readable, nobody writes."))
    elif which == "unarchive":
        actions.unarchive_group(space=space, manager=manager)
        messages.success(request, _("The group is open for writing again."))
    else:
        return None
    return redirect("spaces:settings", space.slug)
