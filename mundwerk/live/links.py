"""Where a page's browser finds the stream of live updates."""

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port


def events_url(request: HttpRequest) -> str:
    """Return the stream's address for a page served by `request`, or "" when there is none.

    Without MUNDWERK_EVENTS_URL the stream is on the host the page came from
    (as the browser named it, so its cookies go along) at the events port: the
    one `mundwerk serve` started, else the page's port plus one.
    """
    if not settings.EVENTS_ENABLED:
        return ""
    if settings.EVENTS_URL:
        return str(settings.EVENTS_URL)
    host, port = split_domain_port(request.get_host())
    events_port = settings.EVENTS_PORT or int(port or request.get_port()) + 1
    return f"{request.scheme}://{host}:{events_port}/"
