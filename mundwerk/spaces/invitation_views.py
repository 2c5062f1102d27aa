"""Inviting by username or by link, withdrawing invitations, and the invitation page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mundwerk.spaces import actions, queries
from mundwerk.spaces.forms import InvitationLinkForm, InviteMemberForm
from mundwerk.spaces.gates import member_view, reader, to_login
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import (
    can_answer_requests,
    can_see_invitation,
    check_invite_to_group,
    invitation_problem,
    role_in,
)


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite a member, make a link, see and withdraw live invitations."""
    space = queries.get_space_for(request.user, slug)
    check_invite_to_group(request.user, space)
    which = request.POST.get("action") if request.method == "POST" else None
    invite = InviteMemberForm(request.POST if which == "invite" else None, prefix="invite")
    link = InvitationLinkForm(request.POST if which == "link" else None, prefix="link")
    me = reader(request)
    if which == "invite" and invite.is_valid():
        invitee, days = invite.cleaned_data["username"], invite.cleaned_data["days"]
        actions.invite_member(space=space, inviter=me, invitee=invitee, days=days)
        messages.success(request, _("%(name)s is invited.") % {"name": invitee.username})
        return redirect("spaces:invitations", space.slug)
    if which == "link" and link.is_valid():
        actions.create_invitation_link(space=space, inviter=me, days=link.cleaned_data["days"])
        messages.success(request, _("The link is ready: copy it below and pass it on."))
        return redirect("spaces:invitations", space.slug)
    live = queries.live_invitations(space)
    if not can_answer_requests(me, space):
        live = live.filter(invited_by=me)
    context = {
        "space": space,
        "invite_form": invite,
        "link_form": link,
        "invitations": [
            (item, request.build_absolute_uri(item.get_absolute_url())) for item in live[:200]
        ],
    }
    return render(request, "spaces/invitations.html", context)


@member_view
@require_POST
def revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    space = queries.get_space_for(request.user, slug)
    invitation = queries.get_invitation_in(space, invitation_id)
    actions.revoke_invitation(invitation=invitation, actor=reader(request))
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("spaces:invitations", space.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation: what the group is, accept or decline; or why it cannot be used."""
    if not request.user.is_authenticated:
        return to_login(request)
    found = queries.invitation_for(token)
    if not can_see_invitation(request.user, found):
        raise Http404
    if request.method == "POST":
        return _answer_invitation(request, token)
    problem = invitation_problem(request.user, found)
    space = found.space
    context = {
        "invitation": found,
        # An outsider holding a link to a group staff hid since learns no name from it.
        "space": queries.as_known_to(request.user, space),
        "problem": problem,
        "role": role_in(request.user, space),
        # A secret or hidden group shows no more than its name to someone who cannot join it.
        "shows_about": not problem
        or (space.visibility != Space.Visibility.SECRET and not space.is_hidden),
    }
    return render(request, "spaces/invitation.html", context)


@member_view
def _answer_invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = queries.invitation_for(token)
    if request.POST.get("action") == "decline":
        actions.decline_invitation(invitation=found, member=reader(request))
        messages.success(request, _("You declined the invitation."))
        return redirect("spaces:directory")
    actions.accept_invitation(invitation=found, member=reader(request))
    messages.success(request, _("Welcome to %(name)s!") % {"name": found.space.name})
    return redirect(found.space)
