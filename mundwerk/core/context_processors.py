from django.http import HttpRequest

from mundwerk.core.models import SiteSettings


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_settings": SiteSettings.load()}
