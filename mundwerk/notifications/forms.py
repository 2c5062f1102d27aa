from django import forms

from mundwerk.notifications.models import Kind, Preferences


class PreferencesForm(forms.ModelForm[Preferences]):
    """For each kind: on the site, by email; and the digest's frequency."""

    class Meta:
        model = Preferences
        fields = [
            *(f"web_{kind}" for kind in Kind.values),
            *(f"email_{kind}" for kind in Kind.values),
            "digest",
        ]
        widgets = {"digest": forms.RadioSelect}

    def rows(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        """One row per kind: its label and its two checkboxes."""
        return [(label, self[f"web_{kind}"], self[f"email_{kind}"]) for kind, label in Kind.choices]
