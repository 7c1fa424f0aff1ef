from django import forms

from .models import OPTIONAL_KINDS, Kind


class EmailPreferenceForm(forms.Form):
    """One checkbox per optional kind: mandatory notices are not offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in OPTIONAL_KINDS:
            self.fields[kind] = forms.BooleanField(
                label=Kind(kind).label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def enabled(self) -> dict[str, bool]:
        return {kind: self.cleaned_data[kind] for kind in OPTIONAL_KINDS}
