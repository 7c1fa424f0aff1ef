"""The daily figure: per agency and day, per OPD, who works where and who has not reported.

The counts are the roster grid's: active staff of the OPD (sub-units included), each
at the office unless the OPD's roster stores another mode for them that day. "Not
reported" counts the staff away (WFA/WFH) without a daily work report for the day.
Check-ins, verified and disputed days and suspicious check-ins are counted beside them
for BKPSDM and the inspectorate. Five queries whatever the number of staff or OPDs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Agency, Employee, Unit
from policy.values import Mode
from schedules.models import Assignment

from .models import CheckIn, DailyReport, DayVerification

COUNTS = (
    "headcount",
    "wfo",
    "wfa",
    "wfh",
    "leave",
    "travel",
    "not_reported",
    "checked_in",
    "suspicious",
    "verified",
    "disputed",
)
_MODE_FIELD = {
    Mode.WFA.value: "wfa",
    Mode.WFH.value: "wfh",
    Mode.LEAVE.value: "leave",
    Mode.TRAVEL.value: "travel",
}


@dataclass
class OpdFigure:
    opd_id: int
    name: str
    headcount: int = 0
    wfo: int = 0
    wfa: int = 0
    wfh: int = 0
    leave: int = 0
    travel: int = 0
    not_reported: int = 0
    checked_in: int = 0
    suspicious: int = 0
    verified: int = 0
    disputed: int = 0

    @property
    def away(self) -> int:
        return self.wfa + self.wfh

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}


@dataclass
class DailyFigure:
    agency: Agency
    day: date
    rows: list[OpdFigure]

    @property
    def totals(self) -> OpdFigure:
        total = OpdFigure(0, _("Jumlah"))
        for row in self.rows:
            for f in fields(OpdFigure):
                if f.name in COUNTS:
                    setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))
        return total


def _with_opd(queryset, path: str = "employee__"):
    return queryset.annotate(employee_opd=Coalesce(f"{path}unit__parent_id", f"{path}unit_id"))


def daily_figure(agency: Agency, day: date) -> DailyFigure:
    opds = list(
        Unit.objects.opds().filter(agency=agency).order_by("name").values_list("pk", "name")
    )
    rows = {pk: OpdFigure(pk, name) for pk, name in opds}
    for opd_id, n in (
        Employee.objects.active()
        .filter(unit__agency=agency)
        .with_opd()
        .values_list("opd_id")
        .annotate(n=Count("pk"))
        .values_list("opd_id", "n")
    ):
        if opd_id in rows:
            rows[opd_id].headcount = n
            rows[opd_id].wfo = n
    _add_modes(agency, day, rows)
    _add_check_ins(agency, day, rows)
    _add_verdicts(agency, day, rows)
    return DailyFigure(agency, day, list(rows.values()))


def _add_modes(agency: Agency, day: date, rows: dict[int, OpdFigure]) -> None:
    reported = DailyReport.objects.filter(employee_id=OuterRef("employee_id"), day=day)
    stored = (
        _with_opd(
            Assignment.objects.filter(day=day, employee__active=True, employee__unit__agency=agency)
        )
        .filter(roster__unit_id=F("employee_opd"))  # as the grid: the OPD's own staff only
        .annotate(reported=Exists(reported))
        .values_list("employee_opd", "mode", "reported")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for opd_id, mode, has_report, n in stored:
        row = rows.get(opd_id)
        if row is None or mode not in _MODE_FIELD:
            continue
        setattr(row, _MODE_FIELD[mode], getattr(row, _MODE_FIELD[mode]) + n)
        row.wfo -= n
        if mode in (Mode.WFA.value, Mode.WFH.value) and not has_report:
            row.not_reported += n


def _add_check_ins(agency: Agency, day: date, rows: dict[int, OpdFigure]) -> None:
    found = (
        _with_opd(
            CheckIn.objects.filter(day=day, employee__active=True, employee__unit__agency=agency)
        )
        .values_list("employee_opd")
        .annotate(
            people=Count("employee_id", distinct=True),
            flagged=Count("employee_id", distinct=True, filter=Q(suspicious=True)),
        )
        .values_list("employee_opd", "people", "flagged")
        .order_by()
    )
    for opd_id, people, flagged in found:
        if opd_id in rows:
            rows[opd_id].checked_in, rows[opd_id].suspicious = people, flagged


def _add_verdicts(agency: Agency, day: date, rows: dict[int, OpdFigure]) -> None:
    found = (
        _with_opd(
            DayVerification.objects.filter(
                day=day, employee__active=True, employee__unit__agency=agency
            )
        )
        .values_list("employee_opd", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for opd_id, status, n in found:
        if opd_id in rows:
            setattr(rows[opd_id], status, n)


def headers() -> list[str]:
    return [
        _("OPD"),
        _("Pegawai"),
        "WFO",
        "WFA",
        "WFH",
        _("Cuti"),
        _("Dinas luar"),
        _("Belum melapor"),
        _("Presensi"),
        _("Mencurigakan"),
        _("Diverifikasi"),
        _("Dipersoalkan"),
    ]


def as_table(figure: DailyFigure):
    from monitoring.exports import Table
    from organizations.dates import long_day

    def line(row: OpdFigure) -> list[object]:
        return [row.name, *row.counts().values()]

    return Table(
        agency=figure.agency,
        title=_("Rekap harian WFO/WFA per OPD"),
        subtitle=[long_day(figure.day)],
        header=headers(),
        rows=[line(r) for r in figure.rows],
        footer=[line(figure.totals)],
    )


# --- sent to BKPSDM by beat -------------------------------------------------------------------


def agencies_with_days_away(day: date) -> list[Agency]:
    ids = Assignment.objects.filter(day=day).values("employee__unit__agency_id")
    return list(Agency.objects.filter(pk__in=ids).order_by("pk"))


def send_daily_figures(day: date | None = None) -> int:
    """Beat, at ATTENDANCE_FIGURE_TIME (13:00): each agency with someone away that day
    sends its figure to its BKPSDM admins (once per agency and day)."""
    from notifications import events

    day = day or timezone.localdate()
    sent = 0
    for agency in agencies_with_days_away(day):
        sent += events.daily_figure(daily_figure(agency, day))
    return sent
