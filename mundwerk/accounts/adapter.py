from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
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
