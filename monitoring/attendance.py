"""Attendance checks against the roster: rates, discrepancies, and the e-presence import.

An employee absent on a day the roster has them at the office (no stored
assignment: WFO) is a discrepancy. Present while rostered away is fine
(choosing the office is always allowed), and absent while away, on leave or
on official travel is expected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from organizations.models import Agency, Employee
from organizations.nip import normalize_nip
from organizations.tables import FileRejected
from schedules.models import Assignment

from .models import AttendanceCheck, AttendanceEntry

# Header aliases of the e-presence exports seen so far, normalised (lower case, no spaces).
COLUMNS = {
    "nip": ("nip",),
    "date": ("date", "tanggal", "tgl"),
    "time_in": ("timein", "time_in", "jammasuk", "jam_masuk", "masuk"),
}


def rostered_away():
    """Whether the entry's employee had any stored (non-WFO) assignment that day."""
    return Exists(
        Assignment.objects.filter(
            employee_id=OuterRef("employee_id"), day=OuterRef("attendance_check__day")
        )
    )


@dataclass
class CheckFigures:
    check: AttendanceCheck
    checked: int
    present: int
    discrepancies: int

    @property
    def absent(self) -> int:
        return self.checked - self.present

    @property
    def rate(self) -> float:
        return round(100 * self.present / self.checked, 1) if self.checked else 0.0


@dataclass
class OpdRate:
    name: str
    checks: int = 0
    checked: int = 0
    present: int = 0
    discrepancies: int = 0

    @property
    def rate(self) -> float:
        return round(100 * self.present / self.checked, 1) if self.checked else 0.0


@dataclass
class AttendanceReport:
    agency: Agency
    start: date | None
    end: date | None
    checks: list[CheckFigures]
    by_opd: list[OpdRate] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(c.checked for c in self.checks)

    @property
    def present(self) -> int:
        return sum(c.present for c in self.checks)

    @property
    def discrepancies(self) -> int:
        return sum(c.discrepancies for c in self.checks)

    @property
    def rate(self) -> float:
        return round(100 * self.present / self.checked, 1) if self.checked else 0.0


def attendance_report(agency: Agency, start: date | None = None, end: date | None = None):
    """The agency's checks with their figures, and each OPD's rate (two queries)."""
    checks = AttendanceCheck.objects.filter(unit__agency=agency).select_related(
        "unit", "checked_by"
    )
    if start:
        checks = checks.filter(day__gte=start)
    if end:
        checks = checks.filter(day__lte=end)
    checks = list(checks.order_by("-day", "unit__name"))
    figures = _figures_by_check([c.pk for c in checks])
    rows = [CheckFigures(c, *figures.get(c.pk, (0, 0, 0))) for c in checks]
    by_opd: dict[int, OpdRate] = {}
    for row in rows:
        rate = by_opd.setdefault(row.check.unit_id, OpdRate(row.check.unit.name))
        rate.checks += 1
        rate.checked += row.checked
        rate.present += row.present
        rate.discrepancies += row.discrepancies
    ordered = sorted(by_opd.values(), key=lambda r: r.name.lower())
    return AttendanceReport(agency, start, end, rows, ordered)


def _figures_by_check(check_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    if not check_ids:
        return {}
    rows = (
        AttendanceEntry.objects.filter(attendance_check_id__in=check_ids)
        .annotate(away=rostered_away())
        .values("attendance_check_id")
        .annotate(
            n_checked=Count("pk"),
            n_present=Count("pk", filter=Q(present=True)),
            n_discrepant=Count("pk", filter=Q(present=False, away=False)),
        )
        .order_by()
    )
    return {
        r["attendance_check_id"]: (r["n_checked"], r["n_present"], r["n_discrepant"]) for r in rows
    }


def check_entries(check: AttendanceCheck, *, discrepant_only: bool = False):
    """The check's entries with the roster's word on each (``rostered_away``), by name; with
    ``discrepant_only`` only the absent who were rostered at the office. A queryset (pages
    slice it; one query per slice)."""
    entries = check.entries.select_related("employee").annotate(away=rostered_away())
    if discrepant_only:
        entries = entries.filter(present=False, away=False)
    return entries.order_by("employee__name", "pk")


# --- the e-presence import ------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    employee_id: int | None = None
    employee_name: str = ""
    unit_id: int | None = None  # the OPD


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_rows

    @property
    def checks(self) -> list[tuple[int, str, int]]:
        """(OPD id, day, rows) of each check the import will record."""
        groups: dict[tuple[int, str], int] = defaultdict(int)
        for row in self.rows:
            if row.unit_id is not None:
                groups[(row.unit_id, row.values["date"])] += 1
        return [(unit, day, n) for (unit, day), n in sorted(groups.items())]


def scheduled_modes(opd_id: int, day: date) -> dict[int, str]:
    """Each employee of the OPD with a stored (non-WFO) mode that day; everyone else is WFO."""
    return dict(
        Assignment.objects.filter(roster__unit_id=opd_id, day=day).values_list(
            "employee_id", "mode"
        )
    )


def absent_by_check(preview: ImportPreview) -> dict[tuple[int, str], int]:
    """How many active staff of each OPD and day are not in the file: the import records
    them absent (one query)."""
    checks = preview.checks
    headcount = Employee.objects.headcount_by_opd({unit for unit, _day, _n in checks})
    return {(unit, day): max(headcount.get(unit, 0) - n, 0) for unit, day, n in checks}


def keyed_rows(table: list[list[str]]) -> list[dict[str, str]]:
    """Each row's NIP, date and time in, by header name (aliases allowed)."""
    header = ["".join(cell.split()).lower() for cell in table[0]]
    index, missing = {}, []
    for key, aliases in COLUMNS.items():
        found = next((header.index(a) for a in aliases if a in header), None)
        if found is None:
            missing.append(aliases[0])
        index[key] = found
    if missing:
        raise FileRejected(
            _("Kolom wajib tidak ada: %(columns)s. Kolom yang dibaca: NIP, date, time in.")
            % {"columns": ", ".join(missing)}
        )
    if len(table) == 1:
        raise FileRejected(_("Berkas tidak berisi baris kehadiran."))
    return [
        {key: (row[i].strip() if i < len(row) else "") for key, i in index.items()}
        for row in table[1:]
    ]


def parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        return None


def check_import(agency_id: int, rows: list[dict[str, str]]) -> ImportPreview:
    """Every row checked against the employees (one query); nothing is written."""
    nips = {normalize_nip(row["nip"]) for row in rows}
    employees = {
        nip: (pk, name, agency, opd)
        for nip, pk, name, agency, opd in Employee.objects.filter(nip__in=nips)
        .annotate(opd=_opd_of_employee())
        .values_list("nip", "pk", "name", "unit__agency_id", "opd")
    }
    seen: dict[tuple[str, str], int] = {}
    result = []
    for line, values in enumerate(rows, start=2):
        row = ImportRow(line=line, values=values)
        nip = normalize_nip(values["nip"])
        _check_import_row(row, nip, employees, agency_id, seen)
        result.append(row)
    return ImportPreview(result)


def _opd_of_employee():
    from django.db.models.functions import Coalesce

    return Coalesce("unit__parent_id", "unit_id")


def _check_import_row(row: ImportRow, nip: str, employees, agency_id: int, seen) -> None:
    values, errors = row.values, row.errors
    found = employees.get(nip)
    if not nip.isdigit() or len(nip) != 18:
        errors.append(_("NIP '%(nip)s' tidak sah: harus 18 digit.") % {"nip": values["nip"]})
    elif found is None:
        errors.append(_("NIP %(nip)s tidak dikenal.") % {"nip": nip})
    elif found[2] != agency_id:
        errors.append(_("NIP %(nip)s terdaftar pada instansi lain.") % {"nip": nip})
    else:
        row.employee_id, row.employee_name, _agency, row.unit_id = found
    if parse_day(values["date"]) is None:
        errors.append(
            _("Tanggal '%(value)s' tidak sah: gunakan YYYY-MM-DD.") % {"value": values["date"]}
        )
    if values["time_in"] and parse_time(values["time_in"]) is None:
        errors.append(
            _("Jam masuk '%(value)s' tidak sah: gunakan HH:MM.") % {"value": values["time_in"]}
        )
    key = (nip, values["date"])
    if key in seen:
        errors.append(
            _("Baris ganda: NIP dan tanggal sama dengan baris %(line)s.") % {"line": seen[key]}
        )
    seen.setdefault(key, row.line)
