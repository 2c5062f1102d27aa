from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mundwerk.posts.images import MAX_IMAGES_PER_POST, ProcessedImage, process_image
from mundwerk.posts.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Up to MAX_IMAGES_PER_POST pictures, each validated by content."""

    widget = MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> list[ProcessedImage]:
        files = [item for item in (data or []) if item]
        if len(files) > MAX_IMAGES_PER_POST:
            raise ValidationError(
                ngettext(
                    "Attach at most %(count)d picture.",
                    "Attach at most %(count)d pictures.",
                    MAX_IMAGES_PER_POST,
                )
                % {"count": MAX_IMAGES_PER_POST}
            )
        errors: list[ValidationError] = []
        processed: list[ProcessedImage] = []
        for upload in files:
            try:
                processed.append(process_image(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return processed


def clean_text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


class BodyMixin(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        # Translators: keep the syntax; "#tag" is an example hashtag, translate the word.
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), > quote, @name, #tag."),
        error_messages={"required": _("Write something first.")},
    )

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Write something first."))
        return body


class TopicForm(BodyMixin):
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give your topic a title.")},
    )
    images = ImagesField(label=_("Pictures"), required=False)
    field_order = ["title", "body", "images"]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < TITLE_MIN_LENGTH:
            raise ValidationError(
                _("A title has at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}
            )
        return title


class ReplyForm(BodyMixin):
    images = ImagesField(label=_("Pictures"), required=False)
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class EditPostForm(BodyMixin):
    pass


class EditTopicForm(TopicForm):
    images = None  # type: ignore[assignment]
    field_order = ["title", "body"]


class RetitleForm(forms.Form):
    title = TopicForm.base_fields["title"]

    clean_title = TopicForm.clean_title


class TagSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a tag"), max_length=50, required=False)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip().lstrip("#").lower()
