"""Event pages, lists, answers and calendar files.

Every page works without JavaScript: the answer buttons are a plain form
that htmx may post in the background, swapping in the answer box.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.core.pagination import page_number
from mundwerk.core.requests import MemberRequest
from mundwerk.events import actions, calendars, queries
from mundwerk.events.forms import EventForm, RsvpForm
from mundwerk.events.models import Event
from mundwerk.events.permissions import (
    can_cancel_event,
    can_create_event,
    can_edit_event,
    can_respond_to_event,
    check_cancel_event,
    check_create_event,
    check_edit_event,
)
from mundwerk.spaces.models import Space
from mundwerk.spaces.permissions import can_read_space


def _readable_space(request: HttpRequest, slug: str) -> Space:
    space = get_object_or_404(Space, slug=slug)
    if not can_read_space(request.user, space):
        raise Http404
    return space


@require_safe
def event_list(request: HttpRequest, past: bool = False) -> HttpResponse:
    page = queries.event_page(request.user, page_number(request), past=past)
    queries.mark_answers(request.user, page.object_list)
    return render(request, "events/list.html", {"page": page, "past": past, "space": None})


@require_safe
def space_events(request: HttpRequest, slug: str, past: bool = False) -> HttpResponse:
    space = _readable_space(request, slug)
    page = queries.event_page(request.user, page_number(request), past=past, space=space)
    queries.mark_answers(request.user, page.object_list)
    context = {
        "page": page,
        "past": past,
        "space": space,
        "can_create_event": can_create_event(request.user, space),
        "calendar_url": queries.space_calendar_url(request.user, space),
    }
    return render(request, "events/list.html", context)


@require_safe
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.get_event_for(request.user, event_id)
    return render(request, "events/event.html", _detail_context(request, event))


def _detail_context(request: HttpRequest, event: Event) -> dict[str, object]:
    rsvp = queries.answer_of(request.user, event)
    return {
        "event": event,
        "when": actions.describe_when(event),
        "rsvp": rsvp,
        "waitlist_position": queries.waitlist_position(rsvp)
        if rsvp and rsvp.answer == rsvp.Answer.WAITLISTED
        else None,
        "attendees": queries.attendees_for(request.user, event),
        "can_respond": can_respond_to_event(request.user, event),
        "can_edit": can_edit_event(request.user, event),
        "can_cancel": can_cancel_event(request.user, event),
    }


@require_POST
def respond(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.get_event_for(request.user, event_id)
    if not isinstance(request.user, User):
        login_url = f"{reverse('account_login')}?next={event.get_absolute_url()}"
        if request.headers.get("HX-Request"):
            return HttpResponse(headers={"HX-Redirect": login_url})
        return redirect(login_url)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer going, maybe or not going."))
        return redirect(event)
    try:
        actions.respond_to_event(
            member=request.user,
            event=event,
            answer=form.cleaned_data["answer"],
            is_hidden=None if form.keeps_hidden else form.cleaned_data["hidden"],
        )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    if request.headers.get("HX-Request"):
        return render(request, "events/_rsvp.html", _detail_context(request, event))
    return redirect(event)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_event(request: MemberRequest, slug: str) -> HttpResponse:
    space = _readable_space(request, slug)
    check_create_event(request.user, space)
    form = EventForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        event = actions.create_event(
            organiser=request.user,
            space=space,
            details=form.details(),
            cover=form.cleaned_data["cover"],
        )
        messages.success(request, _("Your event is published."))
        return redirect(event)
    return render(request, "events/form.html", {"space": space, "form": form, "event": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_event(request: MemberRequest, event_id: int) -> HttpResponse:
    event = queries.get_event_for(request.user, event_id)
    check_edit_event(request.user, event)
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        initial=EventForm.initial_for(event),
        is_new=False,
    )
    if request.method == "POST" and form.is_valid():
        actions.edit_event(
            editor=request.user,
            event=event,
            details=form.details(),
            cover=form.cleaned_data["cover"],
            remove_cover=form.cleaned_data.get("remove_cover", False),
        )
        messages.success(request, _("Your changes are saved."))
        return redirect(event)
    context = {"space": event.space, "form": form, "event": event}
    return render(request, "events/form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_event(request: MemberRequest, event_id: int) -> HttpResponse:
    event = queries.get_event_for(request.user, event_id)
    check_cancel_event(request.user, event)
    if request.method == "POST":
        actions.cancel_event(actor=request.user, event=event)
        messages.success(request, _("The event is cancelled. Everyone who answered is told."))
        return redirect(event)
    return render(request, "events/cancel.html", {"event": event})


def _calendar_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def event_calendar(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.get_event_for(request.user, event_id)
    content = calendars.calendar_of([event])
    return _calendar_response(content, f"event-{event.pk}.ics", download=True)


@require_safe
def space_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A space's feed; `?token=` (a member's calendar token) opens a closed group's to members."""
    token = request.GET.get("token", "")
    viewer = queries.member_by_calendar_token(token) if token else request.user
    space = get_object_or_404(Space, slug=slug)
    events = queries.space_calendar(viewer, space)
    content = calendars.calendar_of(events, name=f"{space.name} · {settings.SITE_URL}")
    return _calendar_response(content, f"{space.slug}.ics", download=False)


@require_safe
def member_calendar(request: HttpRequest, token: str) -> HttpResponse:
    member = queries.member_by_calendar_token(token)
    content = calendars.calendar_of(queries.member_calendar(member), name=_("My events"))
    return _calendar_response(content, "my-events.ics", download=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request: MemberRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.revoke_calendar_token(member=request.user)
            messages.success(request, _("Your calendar address is switched off."))
        else:
            actions.regenerate_calendar_token(member=request.user)
            messages.success(
                request, _("Your calendar has a new address; the old one stops working.")
            )
        return redirect("events:calendar_settings")
    token = queries.calendar_token_for(request.user)
    feed_url = request.build_absolute_uri(token.get_absolute_url()) if token else ""
    return render(request, "events/calendar.html", {"feed_url": feed_url})
