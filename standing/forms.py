"""The forms of standing flexible work: they parse; ``standing.services`` decides."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from circulars.models import Limit as CircularLimit
from organizations.models import JobType

from .models import WEEKDAYS, Application, AwayMode, Place, StandingPolicy, WeeklyException

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def weekday_field(label, required=False) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=WEEKDAYS,
        coerce=int,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class PolicyForm(forms.ModelForm):
    open_weekdays = weekday_field(_("Hari yang dibuka untuk bekerja di luar kantor"), True)
    eligible_job_types = forms.MultipleChoiceField(
        label=_("Hanya jenis jabatan ini yang boleh (kosong: semua)"),
        choices=JobType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_hours = forms.DecimalField(
        label=_("Jam kerja per minggu"), initial=37.5, min_value=1, max_value=60, decimal_places=1
    )
    ramadan_hours = forms.DecimalField(
        label=_("Jam kerja per minggu pada bulan Ramadan"),
        initial=32.5,
        min_value=1,
        max_value=60,
        decimal_places=1,
    )

    class Meta:
        model = StandingPolicy
        fields = [
            "number",
            "title",
            "considerations",
            "legal_bases",
            "signatory_name",
            "signatory_position",
            "issued_on",
            "start",
            "end",
            "weekly_limit",
            "open_weekdays",
            "cap_percent",
            "eligible_job_types",
            "excludes_sanctioned",
            "new_employee_months",
            "earliest_start",
            "latest_start",
            "ramadan_start",
            "ramadan_end",
        ]
        widgets = {
            "issued_on": DATE,
            "start": DATE,
            "end": DATE,
            "ramadan_start": DATE,
            "ramadan_end": DATE,
            "earliest_start": TIME,
            "latest_start": TIME,
            "legal_bases": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekly_hours"] = self.instance.weekly_minutes / 60
            self.initial["ramadan_hours"] = self.instance.ramadan_minutes / 60
        else:
            self.initial.setdefault("open_weekdays", [4])

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["weekly_minutes"] = int(self.cleaned_data["weekly_hours"] * 60)
        data["ramadan_minutes"] = int(self.cleaned_data["ramadan_hours"] * 60)
        return data


class LimitForm(forms.Form):
    weekdays = weekday_field(_("Hari (kosong: setiap hari yang dibuka)"))
    shape = forms.ChoiceField(
        label=_("Bentuk batas"), choices=[("", "---"), *CircularLimit.Shape.choices], required=False
    )
    value = forms.IntegerField(label=_("Nilai"), min_value=0, max_value=10000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("shape") and data.get("value") is None:
            self.add_error("value", _("Isi nilai batas."))
        return data


class ShiftForm(forms.Form):
    name = forms.CharField(label=_("Nama shift"), max_length=40, required=False)
    start = forms.TimeField(label=_("Mulai"), required=False, widget=TIME)
    end = forms.TimeField(label=_("Selesai"), required=False, widget=TIME)
    break_minutes = forms.IntegerField(
        label=_("Istirahat (menit)"), min_value=0, max_value=240, initial=60, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and not (data.get("start") and data.get("end")):
            self.add_error("start", _("Isi jam mulai dan selesai shift."))
        return data


LimitFormSet = formset_factory(LimitForm, extra=3, max_num=10)
ShiftFormSet = formset_factory(ShiftForm, extra=2, max_num=10)


class EndPolicyForm(forms.Form):
    end = forms.DateField(label=_("Berlaku sampai"), widget=DATE)
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis permohonan"),
        choices=Application.Kind.choices,
        initial=Application.Kind.ARRANGEMENT,
    )
    weekdays = weekday_field(_("Hari di luar kantor (pengaturan tetap)"))
    day = forms.DateField(label=_("Tanggal (satu hari)"), required=False, widget=DATE)
    mode = forms.ChoiceField(
        label=_("Mode kerja (satu hari)"),
        choices=AwayMode.choices,
        initial=AwayMode.WFA,
        required=False,
    )
    start = forms.DateField(label=_("Mulai"), required=False, widget=DATE)
    place = forms.ChoiceField(label=_("Tempat"), choices=Place.choices)
    place_note = forms.CharField(label=_("Keterangan tempat"), max_length=200, required=False)
    start_time = forms.TimeField(label=_("Jam mulai kerja"), required=False, widget=TIME)
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Berkas pendukung (PDF, JPG atau PNG; opsional)"), required=False
    )


class TargetForm(forms.Form):
    target = forms.CharField(label=_("Target"), max_length=300, required=False)
    evidence_of_done = forms.CharField(label=_("Bukti selesai"), max_length=300, required=False)


TargetFormSet = formset_factory(TargetForm, extra=3, max_num=10)


class TargetReportForm(forms.Form):
    result = forms.CharField(
        label=_("Apa yang menunjukkan target ini selesai"),
        max_length=2000,
        required=False,  # the service says what is missing, in its own words
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya nomor laporan, tautan dokumen, atau unggahan e-Kinerja."),
    )
    note = forms.CharField(
        label=_("Catatan (opsional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TargetReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Penilaian"),
        choices=[("met", _("Tercapai")), ("not_met", _("Tidak tercapai"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Komentar (wajib bila tidak tercapai)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CriteriaForm(forms.Form):
    ict_doable = forms.BooleanField(label=_("Tugas dapat dikerjakan dengan TIK"), required=False)
    little_contact = forms.BooleanField(label=_("Sedikit tatap muka"), required=False)
    no_supervision = forms.BooleanField(label=_("Tanpa pengawasan terus-menerus"), required=False)
    no_equipment = forms.BooleanField(label=_("Tanpa peralatan khusus"), required=False)


class ApproveForm(CriteriaForm):
    shift = forms.ModelChoiceField(label=_("Shift"), queryset=None, required=False)
    start_time = forms.TimeField(label=_("Jam mulai kerja"), required=False, widget=TIME)
    weekly_exception = forms.ChoiceField(
        label=_("Pengecualian batas mingguan"), choices=WeeklyException.choices, required=False
    )
    start = forms.DateField(label=_("Mulai"), required=False, widget=DATE)
    end = forms.DateField(label=_("Sampai (opsional)"), required=False, widget=DATE)

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = policy.shifts.all() if policy else None


class ArrangementForm(ApproveForm):
    eligible = forms.BooleanField(
        label=_("Memenuhi syarat kerja fleksibel"), required=False, initial=True
    )
    weekdays = weekday_field(_("Hari biasa di luar kantor"))
    place = forms.ChoiceField(label=_("Tempat"), choices=Place.choices)
    place_note = forms.CharField(label=_("Keterangan tempat"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan penolakan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecallForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Pegawai"),
        queryset=None,
        required=False,
        empty_label=_("Semua yang di luar kantor pada hari itu"),
    )
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    at = forms.TimeField(label=_("Jam hadir di kantor"), widget=TIME)
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = staff


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari"), widget=DATE)
    end = forms.DateField(label=_("Sampai"), widget=DATE)
    pivot = forms.DateField(
        label=_("Sebelum/sesudah tanggal"),
        required=False,
        widget=DATE,
        help_text=_("Kosong: tanggal mulai kebijakan."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal akhir harus sesudah tanggal mulai."))
        elif start and end and (end - start).days > 366:
            self.add_error("end", _("Periode paling panjang satu tahun."))
        return data
