import time
import unicodedata
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mundwerk.accounts.models import User
from mundwerk.accounts.websites import website_validator
from mundwerk.posts.images import ProcessedImage, process_image
from mundwerk.trust import limits
from mundwerk.trust.models import TrustSettings

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length
BIO_MAX_LENGTH = 5000
WEBSITE_MAX_LENGTH = User._meta.get_field("website").max_length

# Direction overrides and isolates let a name show text in another order than
# it is written, which makes impersonation easy.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


class WebsiteField(forms.URLField):
    """A web address; only http and https, so a profile link can never run code."""

    default_validators = [website_validator]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)  # type: ignore[arg-type]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("Shown above your username. Leave it empty to show only your username."),
    )
    bio = forms.CharField(
        label=_("About me"),
        max_length=BIO_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, [link](https://…)."),
    )
    website = WebsiteField(
        label=_("Website or blog"),
        max_length=WEBSITE_MAX_LENGTH,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    avatar = forms.FileField(
        label=_("New avatar"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text=_("A JPEG, PNG, GIF or WebP picture. We remove its metadata."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if any(char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc" for char in name):
            raise ValidationError(
                _("Your display name contains invisible control characters. Please remove them.")
            )
        return name

    def clean_bio(self) -> str:
        return self.cleaned_data["bio"].replace("\r\n", "\n").strip()

    def clean_avatar(self) -> ProcessedImage | None:
        upload = self.cleaned_data.get("avatar")
        return process_image(upload) if upload else None

    @classmethod
    def initial_for(cls, member: User) -> dict[str, str]:
        return {"display_name": member.display_name, "bio": member.bio, "website": member.website}


# The sign-up form carries the time it was shown, signed, so a bot that posts
# at once (or without loading the form) is refused; people take longer.
_STAMP_SALT = "mundwerk.accounts.signup-started"
_STAMP_MAX_AGE = 86_400


def fill_stamp(at: float | None = None) -> str:
    """Sign the moment the sign-up form was shown."""
    return signing.dumps(round(at if at is not None else time.time(), 1), salt=_STAMP_SALT)


def seconds_since_stamp(stamp: str) -> float | None:
    """How long ago the form with this stamp was shown; None if forged or too old."""
    try:
        started = signing.loads(stamp, salt=_STAMP_SALT, max_age=_STAMP_MAX_AGE)
    except signing.BadSignature:
        return None
    return time.time() - float(started) if isinstance(started, int | float) else None


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with a honeypot, a minimum fill time and a limit per IP address."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = fill_stamp()
        honeypot = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            # allauth hides it with an inline style, which our CSP blocks.
            self.fields[honeypot].widget.attrs = {
                "hidden": True,
                "tabindex": "-1",
                "autocomplete": "off",
                "aria-hidden": "true",
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        elapsed = seconds_since_stamp(self.data.get("started", ""))
        if elapsed is None:
            self._restamp()
            raise ValidationError(_("This form has expired. Please send it again."))
        if elapsed < TrustSettings.load().signup_min_seconds:
            raise ValidationError(
                _("That was very quick. Please check your entries and send the form again.")
            )
        return cleaned

    def _restamp(self) -> None:
        data = self.data.copy()  # type: ignore[has-type]
        data["started"] = fill_stamp()
        self.data = data

    def try_save(self, request: HttpRequest) -> Any:
        if not self.cleaned_data.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD):
            limits.hit(
                "signup",
                get_adapter(request).get_client_ip(request),
                limit=TrustSettings.load().signups_per_ip_per_hour,
                window=3600,
                message=str(_("Too many sign-ups came from your network in the last hour.")),
            )
        return super().try_save(request)
