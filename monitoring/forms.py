from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceCategory
from organizations.tables import TableUploadForm
from wfa_portal.converters import parse_id

from .attendance import keyed_rows
from .dashboard import STATUS_LABELS


class DashboardFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kategori layanan"),
        required=False,
        choices=[("", _("Semua kategori")), *ServiceCategory.choices],
    )
    status = forms.ChoiceField(
        label=_("Status jadwal"),
        required=False,
        choices=[("", _("Semua status")), *STATUS_LABELS.items()],
    )
    problems = forms.BooleanField(label=_("Hanya yang bermasalah"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AttendanceTargetForm(forms.Form):
    """Which OPD and day is being checked (the choices are the agency's OPDs)."""

    unit = forms.ChoiceField(label=_("OPD"))
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.opds = {str(opd.pk): opd for opd in opds}
        self.fields["unit"].choices = [("", "—")] + [(k, o.name) for k, o in self.opds.items()]

    def clean_unit(self):
        return self.opds[self.cleaned_data["unit"]]


class AttendanceEntryForm(forms.Form):
    """The quick entry: everyone present unless ticked absent; an optional time in."""

    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, staff_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_ids = set(staff_ids)

    def clean(self):
        data = super().clean()
        absent = set()
        for value in self.data.getlist("absent"):
            pk = parse_id(value)
            if pk not in self.staff_ids:
                raise forms.ValidationError(_("Pegawai yang ditandai tidak dikenal."))
            absent.add(pk)
        times = {}
        for pk in self.staff_ids:
            raw = (self.data.get(f"time-{pk}") or "").strip()
            if raw:
                field = forms.TimeField(input_formats=["%H:%M"])
                try:
                    times[pk] = field.clean(raw)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("Jam masuk '%(value)s' tidak sah: gunakan HH:MM.") % {"value": raw}
                    ) from None
        data["absent"], data["times"] = absent, times
        return data


class AttendanceImportForm(TableUploadForm):
    kinds = (".csv",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Berkas e-presensi (.csv: NIP, date, time in)")
        self.fields["file"].widget.attrs["accept"] = ".csv"

    def max_rows(self):
        return settings.IMPORT_MAX_ATTENDANCE_ROWS

    def read_table(self, table):
        return keyed_rows(table)
