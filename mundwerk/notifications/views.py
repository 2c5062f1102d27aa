"""The notifications page, opening and marking read, preferences, and one-click unsubscribe.

Every button is a plain POST form that works without JavaScript; htmx
posts "mark read" in the background and swaps in the updated item.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mundwerk.accounts.models import User
from mundwerk.core.pagination import page_number
from mundwerk.notifications import actions, emails, queries
from mundwerk.notifications.forms import PreferencesForm
from mundwerk.notifications.models import Kind
from mundwerk.notifications.texts import target_url

NOTIFICATIONS_PER_PAGE = 30


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(queries.notifications_of(_member(request)), NOTIFICATIONS_PER_PAGE)
    page = paginator.get_page(page_number(request))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go to what it is about.

    A POST: as a link, any page could carry `<img src=".../open/">` tags that
    mark every reader's notifications read behind their backs.
    """
    member = _member(request)
    notification = queries.get_notification_for(member, notification_id)
    actions.mark_read(notification, member=member)
    return redirect(target_url(notification))


@login_required
@require_POST
def read_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    member = _member(request)
    notification = queries.get_notification_for(member, notification_id)
    actions.mark_read(notification, member=member)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/_item.html", {"notification": notification})
    target = request.POST.get("next", "")
    on_this_site = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # A plain redirect: `redirect()` would read a bare word as the name of a view.
    return HttpResponseRedirect(target if on_this_site else reverse("notifications:list"))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(member=_member(request))
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = PreferencesForm(request.POST or None, instance=queries.preferences_for(member.pk))
    if request.method == "POST" and form.is_valid():
        actions.save_preferences(
            member=member,
            preferences=form.save(commit=False),
            language=translation.get_language() or "",
        )
        messages.success(request, _("Saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # RFC 8058: mail clients POST here without a session or a token.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: ask to confirm; POST (one click, no login): switch the email off."""
    found = emails.read_unsubscribe_token(token)
    if found is None or not User.objects.filter(pk=found[0], is_active=True).exists():
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    member_id, what = found
    label = _("the digest") if what == emails.DIGEST else Kind(what).label
    done = False
    if request.method == "POST":
        actions.unsubscribe(member_id, what)
        done = True
    return render(request, "notifications/unsubscribe.html", {"what": label, "done": done})
