"""The one rule for the web address on a profile: http or https, nothing else."""

from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")

# javascript:, data:, ftp: and friends would turn a profile link into a trap.
website_validator = URLValidator(
    schemes=list(WEB_SCHEMES),
    message=_("Enter a web address that starts with http:// or https://."),
    code="invalid_website",
)


def is_web_address(url: str) -> bool:
    """Tell whether `url` is safe to show as a link: an http(s) address with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)
