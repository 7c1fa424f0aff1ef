"""Input shapes of the roster pages: the grid's cells and BKPSDM's return comment."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from policy.values import Mode
from wfa_portal.converters import parse_id

Cells = dict[tuple[int, date], Mode]


def cell_name(employee_id: int, day: date) -> str:
    return f"c-{employee_id}-{day:%Y%m%d}"


class WeekCellsForm(forms.Form):
    """The grid's cells, one select per editable cell named ``c-<employee>-<yyyymmdd>``.

    Built from the staff and days of the week rather than thousands of form
    fields: only these names are read, anything else in the request is ignored.
    """

    def __init__(self, data, *, employee_ids: list[int], days: list[date]):
        super().__init__(data)
        self.employee_ids = employee_ids
        self.days = days

    def clean(self):
        cells: Cells = {}
        bad = 0
        for emp in self.employee_ids:
            for day in self.days:
                value = self.data.get(cell_name(emp, day))
                if value is None:
                    continue
                try:
                    cells[(emp, day)] = Mode(value)
                except ValueError:
                    bad += 1
        if bad:
            raise forms.ValidationError(
                _("Ada %(n)s isian mode kerja yang tidak dikenal."), params={"n": bad}
            )
        return {"cells": cells}


def target_name(day: date) -> str:
    return f"t-{day:%Y%m%d}"


class TargetsForm(forms.Form):
    """The head's optional lower target per day for "Isi otomatis": ``t-<yyyymmdd>``,
    a whole number of people away; blank means the day's limit."""

    def __init__(self, data, *, days: list[date]):
        super().__init__(data)
        self.days = days

    def clean(self):
        targets: dict[date, int] = {}
        for day in self.days:
            value = (self.data.get(target_name(day)) or "").strip()
            if not value:
                continue
            target = parse_id(value)
            if target is None:
                raise forms.ValidationError(
                    _("Target harian harus bilangan bulat 0 atau lebih."), code="bad_target"
                )
            targets[day] = target
        return {"targets": targets}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Alasan pengembalian"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
