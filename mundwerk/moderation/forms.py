from django import forms
from django.utils.translation import gettext_lazy as _

from mundwerk.moderation.models import REASON_MAX_LENGTH, TEXT_MAX_LENGTH, Flag
from mundwerk.moderation.targets import DECISIONS_FOR
from mundwerk.posts.forms import EditPostForm

ACTIONS = [
    ("approve", _("Approve: nothing wrong, clear the flags")),
    ("hide", _("Hide")),
    ("unhide", _("Show again")),
    ("delete", _("Delete")),
    ("lock", _("Lock topic")),
    ("unlock", _("Unlock topic")),
    ("pin", _("Pin topic")),
    ("unpin", _("Unpin topic")),
    ("silence", _("Silence the author (read only)")),
    ("suspend", _("Suspend the author (no log-in)")),
    ("ban", _("Ban the author")),
    ("lift", _("Lift the author's restrictions")),
]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details (only moderators see them)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    """One decision on one kind of item; offers only what applies to that kind."""

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Public reason"), max_length=REASON_MAX_LENGTH, required=False, strip=True
    )
    days = forms.IntegerField(
        label=_("For how many days (silence, suspension)"),
        min_value=1,
        max_value=3650,
        required=False,
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        wanted = DECISIONS_FOR.get(kind, ())
        # Nothing chosen at first, so "Decide" never approves by accident.
        choices = [("", _("Choose a decision")), *((v, n) for v, n in ACTIONS if v in wanted)]
        self.fields["action"].choices = choices  # type: ignore[attr-defined]


class ModeratorEditForm(EditPostForm):
    reason = forms.CharField(label=_("Public reason"), max_length=REASON_MAX_LENGTH)


class MoveForm(forms.Form):
    space: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=None,  # type: ignore[arg-type]
    )
    reason = forms.CharField(label=_("Public reason"), max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, spaces, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]


class RedactForm(forms.Form):
    removals = forms.CharField(
        label=_("Text to remove, one piece a line"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Public reason"), max_length=REASON_MAX_LENGTH)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why is the decision wrong?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("uphold", _("The decision stands")), ("reverse", _("Reverse the decision"))],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Public reason"), max_length=REASON_MAX_LENGTH)
