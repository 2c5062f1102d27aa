from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mundwerk.accounts import actions, queries
from mundwerk.accounts.forms import ProfileForm
from mundwerk.accounts.models import User
from mundwerk.accounts.permissions import (
    can_edit_profile,
    can_see_profile_parts,
    check_edit_profile,
    is_active_staff,
)
from mundwerk.accounts.websites import is_web_address
from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.posts.queries import recent_posts_by
from mundwerk.reviews.queries import reviews_by
from mundwerk.social.permissions import can_see_connections
from mundwerk.social.queries import member_relation
from mundwerk.spaces.queries import public_groups_of


@cache_for_anonymous
@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = queries.get_member_for(request.user, username)
    if member.username != username:
        return redirect(member, permanent=True)
    parts = can_see_profile_parts(request.user, member)
    return render(
        request,
        "accounts/profile.html",
        {
            "member": member,
            "recent_posts": recent_posts_by(
                request.user, member.pk, queries.RECENT_POSTS_ON_PROFILE
            ),
            "groups": public_groups_of(member),
            "reviews": reviews_by(member, limit=5),
            "parts": parts,
            # What the member calls themselves, where the viewer may see it.
            "name": (member.display_name if parts else "") or member.username,
            "website": member.website if parts and is_web_address(member.website) else "",
            "can_edit": can_edit_profile(request.user, member),
            "canonical_url": settings.SITE_URL + member.get_absolute_url(),
            "relation": member_relation(request.user, member),
            "shows_connections": can_see_connections(request.user, member),
            "moderates": is_active_staff(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    member = request.user
    assert isinstance(member, User)
    check_edit_profile(member, member)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            actions.update_profile(member, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect(member)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(member))
    return render(request, "accounts/edit_profile.html", {"form": form, "member": member})
