"""Pages of the trust app: suggested co-moderators (staff) and moderator invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.core.requests import MemberRequest
from mundwerk.spaces.models import Space
from mundwerk.trust import actions, queries
from mundwerk.trust.models import ModeratorInvitation
from mundwerk.trust.permissions import check_see_suggestions


@login_required
@require_safe
def suggested_moderators(request: MemberRequest) -> HttpResponse:
    check_see_suggestions(request.user)
    spaces = queries.suggested_moderators()
    return render(request, "trust/suggested_moderators.html", {"spaces": spaces})


@login_required
@require_POST
def invite_moderator(request: MemberRequest, space_id: int, member_id: int) -> HttpResponse:
    check_see_suggestions(request.user)
    space = get_object_or_404(Space, pk=space_id, deleted_at__isnull=True)
    member = get_object_or_404(User, pk=member_id)
    try:
        actions.invite_moderator(space=space, member=member, staff=request.user)
    except ValidationError as problem:
        for message in problem.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("We asked %(name)s to moderate “%(space)s”.") % {"name": member, "space": space},
        )
    return redirect("trust:suggested_moderators")


def get_invitation_for(viewer: User, invitation_id: int) -> ModeratorInvitation:
    """The invitation, to the member it is for and to staff; 404 for everyone else."""
    invitation = get_object_or_404(
        ModeratorInvitation.objects.select_related("space", "invited_by"), pk=invitation_id
    )
    if invitation.member_id != viewer.pk and not viewer.is_staff:
        raise Http404
    return invitation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderator_invitation(request: MemberRequest, invitation_id: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, invitation_id)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                actions.accept_moderator_invitation(invitation=invitation, member=request.user)
                messages.success(request, _("You are now a moderator of this space. Thank you!"))
                return redirect(invitation.space)
            actions.decline_moderator_invitation(invitation=invitation, member=request.user)
            messages.success(request, _("You declined the invitation."))
        except (PermissionDenied, ValidationError) as problem:
            text = problem.messages if isinstance(problem, ValidationError) else [str(problem)]
            for message in text:
                messages.error(request, message)
        return redirect(invitation.get_absolute_url())
    return render(request, "trust/moderator_invitation.html", {"invitation": invitation})
