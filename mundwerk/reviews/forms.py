from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mundwerk.posts.forms import clean_text
from mundwerk.posts.images import ProcessedImage, process_image
from mundwerk.reviews.models import (
    BODY_MAX_LENGTH,
    MAX_STARS,
    MIN_STARS,
    REPLY_MAX_LENGTH,
    RESERVED_SLUGS,
    STAR_VALUES,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Subject,
)
from mundwerk.reviews.queries import Answered, Sort

STARS_MESSAGE = _("Choose from 1 to 5 stars.")
STAR_CHOICES = [
    (5, _("5 stars: excellent")),
    (4, _("4 stars: good")),
    (3, _("3 stars: all right")),
    (2, _("2 stars: poor")),
    (1, _("1 star: bad")),
]
assert {value for value, _label in STAR_CHOICES} == set(STAR_VALUES)

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, [link](https://…), > quote.")


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": STARS_MESSAGE, "invalid_choice": STARS_MESSAGE},
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give your review a title.")},
    )
    body = forms.CharField(
        label=_("Your review"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Write something first.")},
    )

    def clean_stars(self) -> int:
        stars = self.cleaned_data["stars"]
        if not isinstance(stars, int) or not MIN_STARS <= stars <= MAX_STARS:
            raise ValidationError(STARS_MESSAGE)
        return stars

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < TITLE_MIN_LENGTH:
            raise ValidationError(
                _("A title has at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}
            )
        return title

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Write something first."))
        return body


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Official answer"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Write something first.")},
    )

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Write something first."))
        return body


class SubjectForm(forms.ModelForm):
    """What staff fill in for a review subject; a new picture is checked and re-encoded."""

    picture = forms.FileField(
        label=_("Picture"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
        help_text=_("JPEG, PNG, GIF or WebP. Leave empty to keep the current picture."),
    )

    class Meta:
        model = Subject
        fields = ["name", "slug", "kind", "description", "position"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is taken; choose another."))
        return slug

    def clean_picture(self) -> ProcessedImage | None:
        upload = self.cleaned_data.get("picture")
        return process_image(upload) if upload else None


class ReviewListForm(forms.Form):
    """How to sort and filter a subject's reviews (from the query string, leniently)."""

    sort = forms.ChoiceField(label=_("Sort"), choices=Sort.choices, required=False)
    answered = forms.ChoiceField(label=_("Show"), choices=Answered.choices, required=False)

    def choices(self) -> dict[str, Any]:
        """The valid choices, falling back to the defaults for anything else."""
        if not self.is_valid():
            return {"sort": Sort.NEWEST, "answered": Answered.ANY}
        return {
            "sort": self.cleaned_data["sort"] or Sort.NEWEST,
            "answered": self.cleaned_data["answered"],
        }
