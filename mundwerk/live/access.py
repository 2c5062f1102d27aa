"""Who is asking for a stream, and whether their page may read it (CORS)."""

from http.cookies import CookieError, SimpleCookie
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.utils import translation

from mundwerk.accounts.models import User


def parse_cookies(header: str) -> dict[str, str]:
    """Return the cookies of a Cookie header; a malformed header counts as none."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def member_from_session(session_key: str) -> User | None:
    """Return the logged-in member of a session cookie, checked as Django checks a page's.

    The session engine and auth's own `get_user` do the work, so a session
    ended by logging out or by a password change gives no member here either.
    """
    if not session_key:
        return None
    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.session = engine.SessionStore(session_key)
    user = get_user(request)  # type: ignore[arg-type]
    return user if isinstance(user, User) and user.is_active else None


def language_of(cookies: dict[str, str], accept_language: str) -> str:
    """Return the language the member's pages are in (cookie, then browser), as Django picks it."""
    request = HttpRequest()
    request.COOKIES = cookies
    request.META["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return translation.get_language_from_request(request)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origin(origin: str, host: str, scheme: str, events_port: int) -> bool:
    """Tell whether a page from `origin` may read the stream asked for on `host`.

    Only this site's pages: SITE_URL, or the host the stream was asked on (one
    the site answers to) at the page port. Anything else is refused outright,
    never answered with `*`, because the stream carries the member's cookie.
    """
    origin = origin.lower()
    if origin == _origin(settings.SITE_URL):
        return True
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    pages_port = settings.PAGES_PORT or events_port - 1
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    default = {"http": 80, "https": 443}.get(scheme)
    page = f"{scheme}://{hostname}" + ("" if pages_port == default else f":{pages_port}")
    return origin == page.lower()
