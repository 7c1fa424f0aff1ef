"""The filters of BKPSDM's list of rosters: status, OPD and weeks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Roster


class OversightFilterForm(forms.Form):
    """An invalid filter says so on its field and is left out; the others still apply."""

    ALL = "all"

    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.TypedChoiceField(label=_("OPD"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(
        label=_("Minggu sejak"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal sebagai tttt-bb-hh.")},
    )

    def __init__(self, data, *, units: list[tuple[int, str]]):
        data = data.copy() if data else {}
        if not data.get("status"):
            data["status"] = Roster.Status.SUBMITTED
        super().__init__(data)
        self.fields["status"].choices = [
            (Roster.Status.SUBMITTED, _("Menunggu keputusan")),
            (Roster.Status.ACCEPTED, _("Diterima")),
            (self.ALL, _("Diajukan dan diterima")),
        ]
        self.fields["unit"].choices = [("", _("Semua OPD")), *units]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["start"].widget.attrs["class"] = "form-control form-control-sm"
        self.is_valid()

    def filter(self, rosters):
        data = self.cleaned_data
        status = data.get("status")
        if status == self.ALL:
            rosters = rosters.filter(status__in=[Roster.Status.SUBMITTED, Roster.Status.ACCEPTED])
        elif status:
            rosters = rosters.filter(status=status)
        if data.get("unit"):
            rosters = rosters.filter(unit_id=data["unit"])
        if data.get("start"):
            rosters = rosters.filter(week_start__gte=data["start"])
        return rosters
