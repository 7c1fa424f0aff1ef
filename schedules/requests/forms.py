"""Input of the employees' pages: shapes and ranges only; the services judge the days."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from circulars.models import Circular
from organizations.models import Employee
from organizations.nip import normalize_nip

from ..models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, AwayRequest

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


class QueueFilterForm(forms.Form):
    """The filters of a request queue: status, unit (sub-unit or OPD), days, name or NIP.

    An invalid filter says so on its field and is left out; the others still apply.
    """

    ALL = "all"

    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal sebagai tttt-bb-hh.")},
    )
    end = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal sebagai tttt-bb-hh.")},
    )
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, data, *, units: list[tuple[int, str]], unit_label: str, rolls_up: bool):
        data = data.copy() if data else {}
        if not data.get("status"):
            data["status"] = AwayRequest.Status.PENDING
        super().__init__(data)
        self.rolls_up = rolls_up
        self.fields["status"].choices = [
            *AwayRequest.Status.choices,
            (self.ALL, _("Semua status")),
        ]
        self.fields["unit"].choices = [("", _("Semua")), *units]
        self.fields["unit"].label = unit_label
        for name, field in self.fields.items():
            css = "form-select" if name in ("status", "unit") else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"
        self.is_valid()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal akhir sebelum tanggal awal."))
        return data

    @property
    def is_plain(self) -> bool:
        """Pending requests, nothing else narrowed: the queue as it opens."""
        data = self.cleaned_data
        narrowed = any(data.get(name) for name in ("unit", "start", "end", "q"))
        return data.get("status") == AwayRequest.Status.PENDING and not narrowed

    def filter(self, queryset):
        data = self.cleaned_data  # only the fields that are valid
        status = data.get("status") or AwayRequest.Status.PENDING  # an unknown one: pending
        if status != self.ALL:
            queryset = queryset.filter(status=status)
        unit = data.get("unit")
        if unit:
            match = Q(employee__unit_id=unit)
            if self.rolls_up:
                match |= Q(employee__unit__parent_id=unit)
            queryset = queryset.filter(match)
        if data.get("start"):
            queryset = queryset.filter(day__gte=data["start"])
        if data.get("end"):
            queryset = queryset.filter(day__lte=data["end"])
        text = (data.get("q") or "").replace("\x00", "").strip()
        if text:
            match = Q(employee__name__icontains=text)
            nip = normalize_nip(text)
            if nip.isdigit():
                match |= Q(employee__nip__startswith=nip)
            queryset = queryset.filter(match)
        return queryset


class AskWeekBackForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk BKPSDM"),
        required=False,
        max_length=REASON_MAX_LENGTH,
    )
