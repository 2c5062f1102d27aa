import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mundwerk.accounts.models import User
from mundwerk.accounts.websites import website_validator
from mundwerk.posts.images import ProcessedImage, process_image

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
