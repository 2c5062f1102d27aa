"""Joining, asking, leaving; the member list with its moderation buttons; join requests."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.queries import get_member_for
from mundwerk.core.pagination import page_number
from mundwerk.spaces import actions, queries
from mundwerk.spaces.forms import BanForm, JoinRequestForm
from mundwerk.spaces.gates import back, member_view, reader, refuse
from mundwerk.spaces.permissions import (
    can_answer_requests,
    can_approve_requests,
    can_manage_group,
    can_read_space,
    check_answer_requests,
    check_ask_to_join,
    check_leave_space,
    may_remove_role,
)


@member_view
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    space = queries.get_space_for(request.user, slug)
    actions.join_group(member=reader(request), space=space)
    messages.success(request, _("Welcome to %(name)s!") % {"name": space.name})
    return redirect(space)


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join, with an optional message to the moderators."""
    space = queries.get_space_for(request.user, slug)
    check_ask_to_join(request.user, space)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.ask_to_join(member=reader(request), space=space, **form.cleaned_data)
        messages.success(request, _("Your request is sent. The moderators will answer."))
        return redirect(space)
    return render(request, "spaces/ask.html", {"space": space, "form": form})


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask, then leave the group."""
    space = queries.get_space_for(request.user, slug)
    check_leave_space(request.user, space)
    if request.method == "POST":
        actions.leave_group(member=reader(request), space=space)
        messages.success(request, _("You left %(name)s.") % {"name": space.name})
        if space.is_closed:
            return redirect("spaces:directory")
        return redirect(space)
    return render(request, "spaces/leave.html", {"space": space})


@require_safe
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's members with their roles; buttons for those who run it."""
    space = queries.get_space_for(request.user, slug)
    if not can_read_space(request.user, space):
        return refuse(request, _("Only members of this group can see who is in it."))
    runs = can_answer_requests(request.user, space)
    page = queries.members_of(space, page_number(request))
    for membership in page.object_list:
        allowed = may_remove_role(request.user, space, membership.role)
        membership.may_remove = allowed and membership.member_id != request.user.pk  # type: ignore[attr-defined]
    context = {
        "space": space,
        "page": page,
        "runs_group": runs,
        "can_manage": can_manage_group(request.user, space),
        "bans": list(queries.bans_of(space)) if runs else [],
    }
    return render(request, "spaces/members.html", context)


@member_view
@require_POST
def member_action(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    """Remove, ban, unban, or change the role of one member."""
    space = queries.get_space_for(request.user, slug)
    check_answer_requests(request.user, space)
    member, me = get_member_for(request.user, username), reader(request)
    action = request.POST.get("action", "")
    name = {"name": member.username}
    if action == "remove":
        actions.remove_member(space=space, moderator=me, member=member)
        messages.success(request, _("%(name)s was removed from the group.") % name)
    elif action == "ban":
        form = BanForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        actions.ban_member(space=space, moderator=me, member=member, reason=reason)
        messages.success(request, _("%(name)s was banned from the group.") % name)
    elif action == "unban":
        actions.unban_member(space=space, moderator=me, member=member)
        messages.success(request, _("%(name)s may join the group again.") % name)
    elif action in ("moderator", "member"):
        actions.set_role(space=space, manager=me, member=member, role=action)
        messages.success(request, _("The role of %(name)s is changed.") % name)
    else:
        messages.error(request, _("Choose what to do."))
    return back(request, reverse("spaces:members", args=[space.slug]))


@member_view
@require_safe
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    space = queries.get_space_for(request.user, slug)
    check_answer_requests(request.user, space)
    return render(
        request,
        "spaces/requests.html",
        {
            "space": space,
            "requests": list(queries.open_requests(space)[:200]),
            "can_approve": can_approve_requests(request.user, space),
        },
    )


@member_view
@require_POST
def answer_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """Approve or decline one join request."""
    space = queries.get_space_for(request.user, slug)
    check_answer_requests(request.user, space)
    join_request = queries.get_join_request_for(space, request_id)
    name = {"name": join_request.member.username}
    if request.POST.get("action") == "approve":
        actions.approve_request(join_request=join_request, moderator=reader(request))
        messages.success(request, _("%(name)s is a member now.") % name)
    else:
        actions.decline_request(join_request=join_request, moderator=reader(request))
        messages.success(request, _("You declined the request of %(name)s.") % name)
    return redirect("spaces:requests", space.slug)
