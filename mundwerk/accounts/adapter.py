from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mundwerk.accounts import actions
from mundwerk.accounts.models import User
from mundwerk.core.models import SiteSettings
from mundwerk.trust import limits
from mundwerk.trust.models import TrustSettings


def _login_key(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def refusal(member: AbstractBaseUser) -> str:
    """Why a banned or suspended member may not log in, in words; "" if they may."""
    if not isinstance(member, User):
        return ""
    if member.banned_at is not None:
        return _("This account is banned. You can no longer log in.")
    if member.suspended_until is not None and member.suspended_until > timezone.now():
        until = formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")
        return _("This account is suspended until %(until)s. You can log in again then.") % {
            "until": until
        }
    return ""


class AccountAdapter(DefaultAccountAdapter):
    """Tie allauth's flows to our site settings and our action layer."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return SiteSettings.load().registration_open

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> None:
        super().confirm_email(request, email_address)
        actions.mark_email_verified(email_address.user)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse (HTTP 429) while the account or the address is locked out by failed log-ins."""
        super().pre_authenticate(request, **credentials)
        rules = TrustSettings.load()
        window = rules.login_lockout_minutes * 60
        message = _(
            "Too many failed log-ins. Wait a little, or reset your password by email: "
            "that lifts the lock at once."
        )
        limits.check(
            "login-failed-account",
            _login_key(credentials),
            limit=rules.login_failures_per_account,
            window=window,
            message=message,
        )
        limits.check(
            "login-failed-ip",
            self.get_client_ip(request),
            limit=rules.login_failures_per_ip,
            window=window,
            message=message,
        )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        window = TrustSettings.load().login_lockout_minutes * 60
        limits.count_attempt("login-failed-account", _login_key(credentials), window=window)
        limits.count_attempt("login-failed-ip", self.get_client_ip(request), window=window)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # A password reset by email proves the account is theirs: lift its lockout.
        super()._delete_login_attempts_cached_email(request, **credentials)
        window = TrustSettings.load().login_lockout_minutes * 60
        email = _login_key(credentials)
        keys = [email]
        member = User.objects.filter(emailaddress__email__iexact=email).first()
        if member is not None:
            keys.append(member.username.lower())
        for key in keys:
            limits.clear("login-failed-account", key, window=window)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        member = super().authenticate(request, **credentials)
        if member is not None and refusal(member):
            raise ValidationError(refusal(member))
        return member

    def pre_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse | None:
        # Every way in (password, email confirmation, password reset) passes here.
        reason = refusal(user)
        if reason:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render(
                request,
                "error.html",
                {"title": _("You cannot log in"), "text": reason, "status": 403},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth signs its mails with django.contrib.sites, which we do not
        # use: without this they would greet from the request's host name.
        site = SimpleNamespace(
            name=SiteSettings.load().name, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, {**context, "current_site": site})
