from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from mundwerk.core.anonymous_cache import cache_for_anonymous
from mundwerk.core.markdown import render_markdown
from mundwerk.core.models import SiteSettings
from mundwerk.spaces.models import Space


@cache_for_anonymous
@require_safe
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    site = SiteSettings.load()
    if kind == "imprint":
        title, source = _("Imprint"), site.imprint
    else:
        title, source = _("Privacy policy"), site.privacy_policy
    html = render_markdown(source).html if source else ""
    return render(request, "core/legal.html", {"title": title, "html": html})


@require_safe
@cache_control(public=True, max_age=300)
def theme_css(request: HttpRequest) -> HttpResponse:
    """Serve the colours staff chose, so no page needs an inline style."""
    context = {"site_settings": SiteSettings.load(), "spaces": Space.objects.only("pk", "colour")}
    css = render_to_string("core/theme.css", context)
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request, "error.html", {"title": title, "text": text, "status": status}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("Bad request"),
        _("We could not understand that request. Nothing was changed."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our check_* functions raise PermissionDenied with a sentence for the reader.
    reason = str(exception) if exception is not None and exception.args else ""
    return _error(request, 403, _("Not allowed"), reason or _("You may not do this here."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("Please try again"),
        _(
            "This form was open too long or cookies are blocked, so we could not "
            "accept it. Nothing was changed. Go back, reload the page and send it again."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or it is not visible to you."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    html = render_to_string("500.html", {})
    return HttpResponse(html, status=500)
