"""Forms of the group pages: founding and editing a group, invitations, requests, bans."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mundwerk.accounts.models import User
from mundwerk.posts.images import ProcessedImage, process_image
from mundwerk.spaces.actions import (
    INVITATION_DAYS_DEFAULT,
    INVITATION_DAYS_MAX,
    INVITATION_DAYS_MIN,
)
from mundwerk.spaces.models import Ban, JoinRequest, Space

NAME_MIN_LENGTH = 3


class CoverField(forms.FileField):
    """One picture, validated by its content and re-encoded without metadata."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> ProcessedImage | None:
        if not data or data is False:
            return None
        return process_image(data)


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        min_length=NAME_MIN_LENGTH,
        max_length=80,
        error_messages={"required": _("Give your group a name.")},
    )
    description = forms.CharField(
        label=_("About the group"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group is for; shown on its page and in the directory."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Space.Visibility.choices,
        initial=Space.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    join_policy = forms.ChoiceField(
        label=_("Who may join"),
        choices=Space.JoinPolicy.choices,
        initial=Space.JoinPolicy.OPEN,
        widget=forms.RadioSelect,
    )
    cover = CoverField(label=_("Cover image"), required=False)
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["remove_cover"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < NAME_MIN_LENGTH:
            raise ValidationError(
                _("A name has at least %(min)d characters.") % {"min": NAME_MIN_LENGTH}
            )
        return name

    def clean_description(self) -> str:
        return self.cleaned_data["description"].replace("\r\n", "\n").strip()


def _days_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=INVITATION_DAYS_MIN,
        max_value=INVITATION_DAYS_MAX,
        initial=INVITATION_DAYS_DEFAULT,
    )


class InviteMemberForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Whom do you want to invite?")},
    )
    days = _days_field()

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip().lstrip("@")
        member = User.objects.named([name]).filter(is_active=True).first()
        if member is None:
            raise ValidationError(_("There is no member called %(name)s.") % {"name": name})
        return member


class InvitationLinkForm(forms.Form):
    days = _days_field()


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        max_length=JoinRequest._meta.get_field("message").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_message(self) -> str:
        return self.cleaned_data["message"].replace("\r\n", "\n").strip()


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=Ban._meta.get_field("reason").max_length,
        required=False,
    )

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())


class TransferForm(forms.Form):
    username = forms.ChoiceField(
        label=_("New owner"),
        error_messages={
            "required": _("Choose the member who takes the group over."),
            "invalid_choice": _("Choose a member of the group."),
        },
    )

    def __init__(self, *args: Any, candidates: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "—"), *((name, name) for name in candidates)]  # type: ignore[attr-defined]
