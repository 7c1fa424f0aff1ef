"""Input of the employees' pages: shapes and ranges only; the services judge the days."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from circulars.models import Circular
from organizations.models import Employee

from .models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

MAX_DAYS = 31


class DateListField(forms.Field):
    """Several ``yyyy-mm-dd`` values under one name (checkboxes)."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[date]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        days = []
        for raw in value:
            try:
                days.append(date.fromisoformat(str(raw).strip()))
            except ValueError:
                raise ValidationError(
                    _("Tanggal tidak valid: %(value)s."),
                    code="invalid",
                    params={"value": str(raw)[:20]},
                ) from None
        if len(set(days)) > MAX_DAYS:
            raise ValidationError(
                _("Paling banyak %(n)d hari dalam satu permohonan."),
                code="too_many",
                params={"n": MAX_DAYS},
            )
        return sorted(set(days))

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(_("Pilih minimal satu hari."), code="required")


class CircularChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Circular) -> str:
        return f"SE {obj.number} — {obj.title}"


class AwayRequestForm(forms.Form):
    circular = CircularChoiceField(
        label=_("Surat edaran"),
        queryset=Circular.objects.none(),
        error_messages={"invalid_choice": _("Pilih surat edaran yang berlaku.")},
    )
    days = DateListField(label=_("Hari"))
    note = forms.CharField(
        label=_("Catatan untuk atasan"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, circulars: list[Circular], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circular"].queryset = Circular.objects.filter(pk__in=[c.pk for c in circulars])
        if len(circulars) == 1:
            self.fields["circular"].initial = circulars[0].pk


class DecideForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"

    ids = forms.TypedMultipleChoiceField(
        label=_("Permohonan"),
        coerce=int,
        error_messages={
            "required": _("Pilih minimal satu permohonan."),
            "invalid_choice": _("Permohonan tidak ditemukan."),
        },
    )
    action = forms.ChoiceField(
        label=_("Keputusan"), choices=[(APPROVE, _("Setujui")), (REJECT, _("Tolak"))]
    )
    reason = forms.CharField(
        label=_("Alasan penolakan"), required=False, max_length=REASON_MAX_LENGTH
    )

    def __init__(self, *args, ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tulis alasan penolakan."))
        return data


class RevokeForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Pegawai"),
        queryset=Employee.objects.none(),
        error_messages={"invalid_choice": _("Pilih pegawai OPD ini.")},
    )
    circular = CircularChoiceField(
        label=_("Surat edaran"),
        queryset=Circular.objects.none(),
        error_messages={"invalid_choice": _("Pilih surat edaran yang berlaku.")},
    )
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tulis alasan pencabutan izin.")},
    )

    def __init__(self, *args, staff, circulars: list[Circular], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = staff
        self.fields["circular"].queryset = Circular.objects.filter(pk__in=[c.pk for c in circulars])


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pemulihan"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Tulis alasan pemulihan izin.")},
    )
