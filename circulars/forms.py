"""Input shape of a circular: the main form, its row formsets, and small forms.

Forms check types, ranges and choices; the cross-row rules (windows that
overlap, narrowing the parent, duplicate numbers) belong to ``services`` and
come back as field errors through ``CircularFormBundle.add_errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from organizations.models import (
    Agency,
    EmployeeCircumstance,
    JobType,
    Region,
    RoleTag,
    ServiceCategory,
    Unit,
)

from .models import REGIONAL_LEVELS, Circular, Limit, Phase, Priority, Relation
from .services import (
    Draft,
    LimitRule,
    PriorityRule,
    allowed_parents,
    validate_body,
    validate_signed_pdf,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LINES = forms.Textarea(attrs={"rows": 3})


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Circular) -> str:
        return f"{obj.agency.short_name} · SE {obj.number} – {obj.title}"


# The form's fields in the order the page shows them, by group: the form takes its
# field list from here, so a new field is placed once.
FIELD_GROUPS = (
    (
        _("Identitas surat"),
        (
            "number",
            "title",
            "arrangement",
            "parent",
            "relation",
            "effective_from",
            "addressed_levels",
            "addressed_regions",
            "purpose",
        ),
    ),
    (
        _("Isi surat"),
        ("addressees", "legal_bases", "body", "conditions", "copies_to"),
    ),
    (
        _("Aturan"),
        (
            "cap_percent",
            "weekly_limit",
            "exempt_categories",
            "exempt_roles",
            "exempt_units",
            "eligible_job_types",
            "excludes_sanctioned",
            "new_employee_months",
            "priority_circumstances",
            "required_away_circumstances",
            "work_start",
            "work_end",
            "break_start",
            "break_end",
            "roster_deadline",
            "applies_to_subordinates",
        ),
    ),
    (
        _("Penandatanganan"),
        (
            "signatory_name",
            "signatory_rank",
            "signatory_nip",
            "signatory_position",
            "issued_place",
            "issued_on",
            "signed_pdf",
        ),
    ),
)


class CircularForm(forms.ModelForm):
    parent = ParentChoiceField(
        queryset=Circular.objects.none(),
        required=False,
        label=_("SE induk"),
        help_text=_(
            "Surat edaran instansi induk atau kementerian yang dipersempit oleh surat ini."
        ),
    )
    exempt_categories = forms.MultipleChoiceField(
        label=_("Layanan yang tetap bekerja di kantor"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exempt_roles = forms.MultipleChoiceField(
        label=_("Peran yang tetap bekerja di kantor"),
        choices=RoleTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exempt_units = forms.ModelMultipleChoiceField(
        label=_("OPD yang dikecualikan"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("OPD yang dipilih bukan OPD instansi penerbit."),
            "invalid_pk_value": _("OPD yang dipilih bukan OPD instansi penerbit."),
        },
    )
    cap_percent = forms.IntegerField(
        label=_("Batas pegawai di luar kantor (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        error_messages={
            "min_value": _("Batas harus antara 0 dan 100 persen."),
            "max_value": _("Batas harus antara 0 dan 100 persen."),
        },
    )
    weekly_limit = forms.IntegerField(
        label=_("Batas hari per pegawai per minggu"),
        min_value=1,
        max_value=7,
        required=False,
        error_messages={
            "min_value": _("Batas mingguan harus antara 1 dan 7 hari."),
            "max_value": _("Batas mingguan harus antara 1 dan 7 hari."),
        },
    )
    eligible_job_types = forms.MultipleChoiceField(
        label=_("Hanya jenis jabatan ini yang boleh bekerja di luar kantor"),
        choices=JobType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosong: semua jenis jabatan. Mis. hanya pelaksana."),
    )
    priority_circumstances = forms.MultipleChoiceField(
        label=_("Keadaan khusus yang didahulukan"),
        choices=EmployeeCircumstance.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_away_circumstances = forms.MultipleChoiceField(
        label=_("Keadaan khusus yang wajib bekerja di luar kantor"),
        choices=EmployeeCircumstance.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    relation = forms.ChoiceField(
        label=_("Hubungan dengan surat edaran lain"),
        choices=Relation.choices,
        required=False,
        help_text=_(
            "Wajib dipilih bila tanggalnya tumpang tindih dengan surat edaran lain instansi ini "
            "yang sedang berlaku."
        ),
    )
    addressed_levels = forms.MultipleChoiceField(
        label=_("Ditujukan langsung kepada pemerintah daerah"),
        choices=[(level, Agency.Level(level).label) for level in REGIONAL_LEVELS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untuk surat edaran kementerian: berlaku tanpa perlu rantai instansi induk."),
    )
    addressed_regions = forms.ModelMultipleChoiceField(
        label=_("Hanya di wilayah"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Kosong: seluruh wilayah. Provinsi mencakup kabupaten dan kota di dalamnya."),
    )
    signed_pdf = forms.FileField(
        label=_("PDF bertanda tangan"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("Hasil pindai surat yang ditandatangani, PDF paling besar 10 MB."),
    )

    class Meta:
        model = Circular
        fields = [name for _title, names in FIELD_GROUPS for name in names]
        widgets = {
            "effective_from": DATE,
            "issued_on": DATE,
            "roster_deadline": DATE,
            "work_start": TIME,
            "work_end": TIME,
            "break_start": TIME,
            "break_end": TIME,
            "addressees": LINES,
            "legal_bases": LINES,
            "conditions": LINES,
            "copies_to": LINES,
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    GROUPS = FIELD_GROUPS

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        parents = allowed_parents(agency)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["exempt_units"].queryset = Unit.objects.opds().filter(agency=agency)
        if agency.level != Agency.Level.MINISTRY:
            # Only a ministry's circular addresses regional governments directly.
            del self.fields["addressed_levels"], self.fields["addressed_regions"]
        if self.instance.amends_id is None:
            del self.fields["effective_from"]

    def groups(self) -> list[tuple[str, list]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.GROUPS
        ]

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        validate_body(body)
        return body

    def clean_signed_pdf(self) -> Any:
        upload = self.cleaned_data.get("signed_pdf")
        if isinstance(upload, UploadedFile):
            validate_signed_pdf(upload)
        return upload

    def _post_clean(self) -> None:
        # Model-level checks run in the service, on a fresh copy of the row: the
        # form must not change the instance a view still holds.
        pass


class WindowForm(forms.Form):
    start = forms.DateField(label=_("Mulai"), widget=DATE)
    end = forms.DateField(label=_("Sampai"), widget=DATE)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class LimitForm(forms.Form):
    """One limit per row: its shape and value, and an optional scope (any combination)."""

    shape = forms.ChoiceField(label=_("Bentuk batas"), choices=[("", "—"), *Limit.Shape.choices])
    value = forms.IntegerField(
        label=_("Nilai"),
        min_value=0,
        error_messages={"min_value": _("Nilai batas tidak boleh negatif.")},
    )
    category = forms.ChoiceField(
        label=_("Hanya kategori layanan"),
        choices=[("", "—"), *ServiceCategory.choices],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Hanya OPD"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("OPD yang dipilih bukan OPD instansi penerbit.")},
    )
    region = forms.ModelChoiceField(
        label=_("Hanya kantor di wilayah"), queryset=Region.objects.all(), required=False
    )
    start = forms.DateField(label=_("Mulai"), required=False, widget=DATE)
    end = forms.DateField(label=_("Sampai"), required=False, widget=DATE)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.opds().filter(agency=agency)

    def clean(self) -> dict:
        data = super().clean()
        shape, value = data.get("shape"), data.get("value")
        if shape in Limit.SHARES and value is not None and value > 100:
            self.add_error("value", _("Batas harus antara 0 dan 100 persen."))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class PriorityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kriteria"), choices=[("", "—"), *Priority.Kind.choices])
    regions = forms.ModelMultipleChoiceField(
        label=_("Wilayah"),
        queryset=Region.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )


WindowFormSet = formset_factory(WindowForm, extra=2, can_delete=True)
LimitFormSet = formset_factory(LimitForm, extra=1, can_delete=True)
PriorityFormSet = formset_factory(PriorityForm, extra=1, can_delete=True)


def _kept(formset) -> list[dict]:
    """Cleaned rows that carry data and are not marked for deletion."""
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary at the top of a long form: a link to the field."""

    label: str
    message: str
    anchor: str  # the element id to jump to ("" for an error of the whole form)


ROW_GROUP_LABELS = {
    "windows": _("Masa berlaku"),
    "limits": _("Batas lain"),
    "priorities": _("Prioritas"),
}


class CircularFormBundle:
    """The main form and its three row formsets, validated and read as one."""

    def __init__(
        self, *, agency: Agency, circular: Circular | None = None, data=None, files=None
    ) -> None:
        self.agency = agency
        instance = circular or Circular(agency=agency)
        self.form = CircularForm(data, files, instance=instance, agency=agency)
        initial = _rows_initial(circular) if circular else {}
        self.windows = WindowFormSet(data, prefix="windows", initial=initial.get("windows"))
        self.limits = LimitFormSet(
            data,
            prefix="limits",
            initial=initial.get("limits"),
            form_kwargs={"agency": agency},
        )
        self.priorities = PriorityFormSet(
            data, prefix="priorities", initial=initial.get("priorities")
        )

    @property
    def formsets(self) -> dict[str, Any]:
        return {"windows": self.windows, "limits": self.limits, "priorities": self.priorities}

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        return all(results)

    def to_draft(self) -> Draft:
        data = self.form.cleaned_data
        fields = {name: data.get(name) for name in self.form.Meta.fields}
        for name in ("exempt_units", "signed_pdf", "addressed_regions"):
            fields.pop(name)
        fields["exempt_categories"] = list(data.get("exempt_categories") or [])
        fields["exempt_roles"] = list(data.get("exempt_roles") or [])
        fields["addressed_levels"] = list(data.get("addressed_levels") or [])
        for name in ("eligible_job_types", "priority_circumstances", "required_away_circumstances"):
            fields[name] = list(data.get(name) or [])
        fields["relation"] = data.get("relation") or ""
        upload = data.get("signed_pdf")
        return Draft(
            fields=fields,
            windows=[(row["start"], row["end"]) for row in _kept(self.windows)],
            exempt_units=list(data.get("exempt_units") or []),
            addressed_regions=list(data.get("addressed_regions") or []),
            limits=[LimitRule.from_row(row) for row in _kept(self.limits)],
            priorities=[PriorityRule.from_row(row) for row in _kept(self.priorities)],
            signed_pdf=upload
            if isinstance(upload, UploadedFile)
            else (False if upload is False else None),
        )

    def error_summary(self) -> list[ErrorLink]:
        """Every error of the form and its rows, in page order, each with the id to jump to."""
        links = [ErrorLink("", str(m), "") for m in self.form.non_field_errors()]
        for name, field in self.form.fields.items():
            bound = self.form[name]
            links += [ErrorLink(str(field.label), str(m), bound.auto_id) for m in bound.errors]
        for name, formset in self.formsets.items():
            label = str(ROW_GROUP_LABELS[name])
            anchor = f"{formset.prefix}-rows"
            links += [ErrorLink(label, str(m), anchor) for m in formset.non_form_errors()]
            for row in formset.forms:
                links += [ErrorLink(label, str(m), anchor) for m in row.non_field_errors()]
                for bound in row:
                    links += [ErrorLink(label, str(m), bound.auto_id) for m in bound.errors]
        return links

    def add_errors(self, error: ValidationError) -> None:
        """Put a service's errors next to the field (or row group) they concern."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            if name in self.formsets:
                self.formsets[name].non_form_errors().extend(messages)
            elif name in self.form.fields:
                for message in messages:
                    self.form.add_error(name, message)
            else:
                for message in messages:
                    self.form.add_error(None, message)


def _rows_initial(circular: Circular) -> dict[str, list[dict]]:
    return {
        "windows": [{"start": w.start, "end": w.end} for w in circular.windows.all()],
        "limits": [
            {
                "shape": row.shape,
                "value": row.value,
                "category": row.category,
                "unit": row.unit_id,
                "region": row.region_id,
                "start": row.start,
                "end": row.end,
            }
            for row in circular.limits.all()
        ],
        "priorities": [
            {"kind": p.kind, "regions": [r.pk for r in p.regions.all()]}
            for p in circular.priorities.all()
        ],
    }


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Alasan pencabutan wajib diisi.")},
    )


class CircularFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nomor atau perihal"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *Phase.choices],
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Semua instansi"),
    )
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    in_force = forms.BooleanField(label=_("Berlaku sekarang"), required=False)

    def __init__(self, *args: Any, agencies, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        for name in ("status", "agency"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filter(self, queryset):
        """The circulars that match; an invalid filter is ignored, never a 500."""
        from django.db.models import Q
        from django.utils import timezone

        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(number__icontains=data["q"]) | Q(title__icontains=data["q"])
            )
        if data["status"]:
            queryset = queryset.in_phase(data["status"], timezone.localdate())
        if data["agency"]:
            queryset = queryset.filter(agency=data["agency"])
        if data["year"]:
            queryset = queryset.filter(
                Q(issued_on__year=data["year"]) | Q(windows__start__year=data["year"])
            ).distinct()
        if data["in_force"]:
            queryset = queryset.in_force(timezone.localdate())
        return queryset
