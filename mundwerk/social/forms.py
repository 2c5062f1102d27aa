from django import forms
from django.utils.translation import gettext_lazy as _

from mundwerk.social.models import SHARE_COMMENT_MAX_LENGTH


class ShareForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=SHARE_COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your followers see it above the shared post."),
    )
    via = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
