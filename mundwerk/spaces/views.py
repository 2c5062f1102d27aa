"""The start page, space pages, the group directory, founding a group and its settings.

Members, requests and invitations have their own modules (`membership_views`,
`invitation_views`); `gates` holds what all of them share.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.core.frames import render_page
from mundwerk.core.pagination import page_number
from mundwerk.posts import queries as post_queries
from mundwerk.posts.permissions import can_create_topic
from mundwerk.social.queries import interest_in
from mundwerk.spaces import actions, pages, queries
from mundwerk.spaces.forms import GroupForm, TransferForm
from mundwerk.spaces.gates import member_view, reader
from mundwerk.spaces.permissions import (
    can_create_group,
    can_read_space,
    check_create_group,
    check_manage_group,
)


@cache_for_anonymous
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    version = post_queries.activity_version()
    return render_page(
        request,
        "spaces/home.html",
        {
            # Called by the template only when its cached fragment is out of date.
            "spaces": post_queries.space_overview,
            "latest_topics": post_queries.latest_topics,
            "version": version,
        },
        frame_key=(version,),
    )


@cache_for_anonymous
@require_safe
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = queries.get_space_for(request.user, slug)
    number = page_number(request)
    if space.is_group:
        if space.is_hidden and not can_read_space(request.user, space):
            return render(request, "spaces/hidden_group.html", {"space": space})
        return render(request, "spaces/group.html", pages.group_page(request.user, space, number))
    page = post_queries.space_topics(space, number)
    if number > 1 and number > page.paginator.num_pages:
        raise Http404
    allowed = can_create_topic(request.user, space)
    version = post_queries.activity_version(space)
    interest = interest_in(request.user, space=space)
    return render_page(
        request,
        "spaces/space.html",
        {
            "space": space,
            "page": page,
            "can_create_topic": allowed,
            "version": version,
            "interest": interest,
        },
        frame_key=(
            space.pk,
            space.name,
            space.slug,
            space.description,
            number,
            version,
            allowed,
            interest,
        ),
    )


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Every group the reader may know of; their own groups and invitations first."""
    own = pending = None
    if request.user.is_authenticated:
        own = queries.groups_of(reader(request))
        pending = list(queries.pending_invitations_for(reader(request)))
    return render(
        request,
        "spaces/directory.html",
        {
            "page": queries.group_directory(request.user, page_number(request)),
            "own_groups": own,
            "pending_invitations": pending,
            "can_create_group": can_create_group(request.user),
        },
    )


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def new_group(request: HttpRequest) -> HttpResponse:
    check_create_group(request.user)
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        group = actions.create_group(founder=reader(request), **form.cleaned_data)
        messages.success(request, _("Your group is founded. Invite people to it!"))
        return redirect(group)
    return render(request, "spaces/new_group.html", {"form": form})


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def group_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the group, hand it on, archive it (owner and staff)."""
    space = queries.get_space_for(request.user, slug)
    check_manage_group(request.user, space)
    which = request.POST.get("action", "edit") if request.method == "POST" else ""
    edit = GroupForm(
        request.POST if which == "edit" else None,
        request.FILES if which == "edit" else None,
        editing=True,
        initial=pages.group_initial(space),
    )
    transfer = TransferForm(
        request.POST if which == "transfer" else None,
        candidates=queries.transfer_candidates(space),
    )
    if which:
        done = pages.apply_settings(request, space, which, edit, transfer)
        if done is not None:
            return done
    context = {"space": space, "form": edit, "transfer_form": transfer}
    return render(request, "spaces/settings.html", context)


@member_view
@require_http_methods(["GET", "HEAD", "POST"])
def delete_group(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask, then delete the group and its topics."""
    space = queries.get_space_for(request.user, slug)
    check_manage_group(request.user, space)
    if request.method == "POST":
        actions.delete_group(space=space, manager=reader(request))
        messages.success(request, _("The group %(name)s is deleted.") % {"name": space.name})
        return redirect("spaces:directory")
    return render(request, "spaces/delete.html", {"space": space})
