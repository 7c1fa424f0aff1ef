"""Input shapes of the attendance pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_RADIUS_M,
    NOTE_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    AttendanceDuty,
    DayVerification,
    Place,
    Verifier,
    parse_times,
)


class DutyForm(forms.Form):
    times = forms.CharField(
        label=_("Jam presensi"),
        max_length=60,
        help_text=_("Dipisahkan koma, misalnya 07:30, 16:00."),
    )
    tolerance_minutes = forms.IntegerField(
        label=_("Toleransi (menit)"), min_value=0, max_value=180, initial=15
    )
    place = forms.ChoiceField(label=_("Tempat presensi"), choices=Place.choices)
    verifier = forms.ChoiceField(label=_("Diverifikasi oleh"), choices=Verifier.choices)
    daily_report = forms.BooleanField(
        label=_("Wajib laporan kerja harian"), required=False, initial=True
    )

    @classmethod
    def of(cls, duty: AttendanceDuty | None, data=None) -> DutyForm:
        initial = {}
        if duty is not None:
            initial = {
                "times": duty.times_label,
                "tolerance_minutes": duty.tolerance_minutes,
                "place": duty.place,
                "verifier": duty.verifier,
                "daily_report": duty.daily_report,
            }
        return cls(data, initial=initial)

    def clean_times(self):
        return parse_times(self.cleaned_data["times"])


def _degrees(label, limit: int, words) -> forms.FloatField:
    messages = {"min_value": words, "max_value": words, "invalid": words, "required": words}
    return forms.FloatField(label=label, min_value=-limit, max_value=limit, error_messages=messages)


class PointForm(forms.Form):
    lat = _degrees(_("Lintang"), 90, _("Lintang harus angka antara -90 dan 90, misalnya -6.12."))
    lng = _degrees(_("Bujur"), 180, _("Bujur harus angka antara -180 dan 180, misalnya 106.15."))
    radius_m = forms.IntegerField(
        label=_("Radius (meter)"), min_value=10, max_value=MAX_RADIUS_M, initial=100
    )


class CheckInForm(forms.Form):
    """The location is optional: it is sent only when the employee agreed to share it."""

    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    accuracy = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise ValidationError(_("Lokasi tidak lengkap: lintang dan bujur harus berpasangan."))
        return data


class VerifyForm(forms.Form):
    status = forms.ChoiceField(choices=DayVerification.Status.choices)
    employees = forms.TypedMultipleChoiceField(coerce=int, choices=())
    note = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, staff_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].choices = [(pk, pk) for pk in staff_ids]
        self.fields["employees"].error_messages["required"] = _("Pilih sedikitnya satu pegawai.")
        self.fields["employees"].error_messages["invalid_choice"] = _(
            "Pegawai yang dipilih bukan staf OPD ini."
        )


def validate_attachment(upload) -> None:
    """A PDF, an image or an office document of at most 5 MB, checked by its first bytes."""
    if upload.size > 5 * 1024 * 1024:
        raise ValidationError(_("Lampiran paling besar 5 MB."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    known = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04")
    if not head.startswith(known):
        raise ValidationError(_("Lampiran harus PDF, JPG, PNG, DOCX atau XLSX."))


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Apa yang Anda kerjakan hari ini?"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional)"), required=False, validators=[validate_attachment]
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
