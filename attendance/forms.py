"""Input shapes of the attendance pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.tables import FileRejected, TableUploadForm

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


LAT_WORDS = _("Lintang lokasi harus angka antara -90 dan 90.")
LNG_WORDS = _("Bujur lokasi harus angka antara -180 dan 180.")
ACCURACY_WORDS = _("Akurasi lokasi harus angka dalam meter, 0 atau lebih.")


class CheckInForm(forms.Form):
    """The location is optional: it is sent only when the employee agreed to share it."""

    lat = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("min_value", "max_value", "invalid"), LAT_WORDS),
    )  # fmt: skip
    lng = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("min_value", "max_value", "invalid"), LNG_WORDS),
    )  # fmt: skip
    accuracy = forms.FloatField(
        required=False, min_value=0, widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("min_value", "invalid"), ACCURACY_WORDS),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        broken = "lat" in self.errors or "lng" in self.errors  # said on the field already
        if not broken and (data.get("lat") is None) != (data.get("lng") is None):
            raise ValidationError(_("Lokasi tidak lengkap: lintang dan bujur harus berpasangan."))
        return data

    def error_words(self) -> str:
        """Every refusal of the form in one line, the location's fields first."""
        return " ".join(message for errors in self.errors.values() for message in errors)


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


class SourceForm(forms.ModelForm):
    class Meta:
        from .models import ImportSource

        model = ImportSource
        fields = [
            "name",
            "nip_column",
            "date_column",
            "time_column",
            "lat_column",
            "lng_column",
            "accuracy_column",
            "device_column",
            "date_format",
        ]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency

    def validate_unique(self):
        from .models import ImportSource

        name = self.cleaned_data.get("name")
        others = ImportSource.objects.filter(agency=self.instance.agency, name__iexact=name)
        if name and others.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("Sumber dengan nama ini sudah ada."))


class CheckInUploadForm(TableUploadForm):
    """A check-in file of an attendance app, read through the chosen source's mapping."""

    source = forms.ModelChoiceField(label=_("Aplikasi presensi (pemetaan kolom)"), queryset=None)

    field_order = ["source", "file"]

    def __init__(self, *args, agency, **kwargs):
        from .models import ImportSource

        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ImportSource.objects.filter(agency=agency)
        self.fields["file"].label = _("Berkas presensi (.xlsx atau .csv)")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def max_rows(self):
        from .imports import max_rows

        return max_rows()

    def clean_file(self):
        self._table = None
        return super().clean_file()

    def read_table(self, table):
        self._table = table  # mapped in clean(), once the source is known
        return []

    def clean(self):
        from .imports import mapped_rows

        data = super().clean()
        source, table = data.get("source"), getattr(self, "_table", None)
        if source is not None and table is not None:
            try:
                data["rows"] = mapped_rows(table, source)
            except FileRejected as error:
                self.add_error("file", str(error))
        return data


# --- a new source's mapping proposed from a sample file (attendance.mapping_views) ----------

SAMPLE_SALT = "attendance.sample-file"
COLUMN_FIELDS = {
    "nip": "nip_column",
    "date": "date_column",
    "time": "time_column",
    "lat": "lat_column",
    "lng": "lng_column",
    "accuracy": "accuracy_column",
    "device": "device_column",
}


class SampleFileForm(TableUploadForm):
    """A file of a new attendance app: read within the upload limits, as an import is;
    its header row and first rows propose the mapping."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Berkas contoh dari aplikasi presensi (.xlsx atau .csv)")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def max_rows(self):
        from .imports import max_rows

        return max_rows()

    def read_table(self, table):
        from .mapping import SAMPLE_ROWS

        return table[: 1 + SAMPLE_ROWS]


class SourceFromFileForm(SourceForm):
    """The proposed mapping, confirmed or corrected: every column named must be one of the
    sample file's headers. The sample travels signed, so it is shown again on a refusal."""

    sample = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        for name in COLUMN_FIELDS.values():
            self.fields[name].widget.attrs["list"] = "file-headers"

    @classmethod
    def proposed(cls, *, agency, table: list[list[str]], filename: str) -> SourceFromFileForm:
        from django.core import signing

        from .mapping import guess, sample

        proposal = guess(table)
        initial = {field: proposal.column(name) for name, field in COLUMN_FIELDS.items()}
        if proposal.date_format:
            initial["date_format"] = proposal.date_format
        initial["name"] = filename.rsplit(".", 1)[0][:100]
        initial["sample"] = signing.dumps(sample(table), salt=SAMPLE_SALT, compress=True)
        return cls(initial=initial, agency=agency)

    def sample_rows(self) -> list[list[str]]:
        """The sample file's header and first rows ([] when the form did not carry them)."""
        from django.core import signing

        text = self.data.get("sample") if self.is_bound else self.initial.get("sample")
        try:
            rows = signing.loads(text or "", salt=SAMPLE_SALT)
        except signing.BadSignature:
            return []
        return rows if isinstance(rows, list) else []

    def clean_sample(self):
        rows = self.sample_rows()
        if not rows:
            raise ValidationError(_("Berkas contoh tidak terbaca lagi; unggah ulang berkasnya."))
        return rows

    def clean(self):
        from .imports import _key

        data = super().clean()
        rows = data.get("sample")
        if not rows:
            return data
        headers = {_key(h) for h in rows[0]}
        for field in COLUMN_FIELDS.values():
            column = (data.get(field) or "").strip()
            if column and _key(column) not in headers:
                self.add_error(
                    field,
                    _("Kolom '%(column)s' tidak ada di berkas contoh. Kolom berkas: %(found)s.")
                    % {"column": column, "found": ", ".join(rows[0][:20])},
                )
        return data
