from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.http import HttpRequest

from mundwerk.accounts import actions
from mundwerk.core.models import SiteSettings


class AccountAdapter(DefaultAccountAdapter):
    """Tie allauth's flows to our site settings and our action layer."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return SiteSettings.load().registration_open

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> None:
        super().confirm_email(request, email_address)
        actions.mark_email_verified(email_address.user)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth signs its mails with django.contrib.sites, which we do not
        # use: without this they would greet from the request's host name.
        site = SimpleNamespace(
            name=SiteSettings.load().name, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, {**context, "current_site": site})
