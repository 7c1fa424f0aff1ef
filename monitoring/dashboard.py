"""The compliance dashboard of one agency under one circular, in a fixed number of queries.

Every figure is aggregated in SQL (GROUP BY over employees, rosters and the
per-OPD day counters, sub-units rolled up with ``Coalesce(parent, id)``), so the
page costs the same dozen queries for 5 OPDs of 10 staff or 300 OPDs of 200,000.

Violations counted here are the over-cap days of each OPD (an exempt OPD's cap is
0): they come straight from ``DayCounter``, against each day's limit as every
circular that governs it sets it (``circulars.governing``, as the grid reads it).
The full rules (exempt roles, weekly limits, revoked permissions) need every
cell of every OPD and are checked on the roster page itself (``policy.check``);
computing them for a whole agency would make this page grow with headcount.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from circulars import governing
from circulars.calendar import each_day, non_working_days
from circulars.governing import circular_policy
from circulars.models import Circular
from organizations.models import Agency, Employee, Unit
from schedules import models as schedule_models
from schedules.models import DayCounter, Roster
from wfa_portal.isoweek import format_week, monday_of

# Requests and revocations arrive with the employee features; read them when they exist.
AwayRequest = getattr(schedule_models, "AwayRequest", None)
Revocation = getattr(schedule_models, "Revocation", None)

NOT_STARTED, DRAFT, RETURNED = "not_started", "draft", "returned"
SUBMITTED, ACCEPTED = "submitted", "accepted"
STATUS_LABELS = {
    NOT_STARTED: _("Belum dimulai"),
    DRAFT: _("Draf"),
    RETURNED: _("Dikembalikan"),
    SUBMITTED: _("Diajukan"),
    ACCEPTED: _("Diterima"),
}
# Statuses in which the OPD still owes BKPSDM its week.
OUTSTANDING = (NOT_STARTED, DRAFT, RETURNED)
_LABELS_BY_LANGUAGE: dict[str, dict[str, str]] = {}


def status_label(status: str) -> str:
    """The status's label in the active language: translated once per language, not once
    per cell (a page of 400 OPDs x 13 weeks asks it 5,200 times)."""
    language = translation.get_language() or ""
    labels = _LABELS_BY_LANGUAGE.get(language)
    if labels is None:
        labels = {key: str(label) for key, label in STATUS_LABELS.items()}
        _LABELS_BY_LANGUAGE[language] = labels
    return labels[status]


@dataclass(frozen=True)
class Filters:
    category: str = ""
    status: str = ""
    problems_only: bool = False


@dataclass
class WeekStatus:
    week_start: date
    status: str
    roster_id: int | None = None

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def iso_week(self) -> str:
        return format_week(self.week_start)


@dataclass
class DayFigure:
    day: date
    away: int
    limit: int

    @property
    def over(self) -> bool:
        return self.away > self.limit

    # Plain strings for the template: a page of 400 OPDs x 20 days renders
    # 8,000 of these cells, and Django's date and number filters cost per call.
    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def text(self) -> str:
        return f"{self.away}/{self.limit}"


_OVER = " table-danger fw-bold"
_SOME_WEEK = "2000-W01"
_BADGES = {
    ACCEPTED: "text-bg-success",
    SUBMITTED: "text-bg-primary",
    RETURNED: "text-bg-danger",
    DRAFT: "text-bg-warning",
}


@dataclass
class OpdRow:
    opd: Unit
    headcount: int
    cap_percent: int
    exempt_reason: str
    weeks: list[WeekStatus]
    days: list[DayFigure]
    pending_requests: int = 0
    revocations: int = 0

    @cached_property
    def violations(self) -> int:
        """Over-cap days (see the module docstring for what is not counted here)."""
        return sum(1 for d in self.days if d.over)

    @cached_property
    def outstanding(self) -> bool:
        """The OPD still owes a week (an exempt OPD owes none: all its staff are in)."""
        return not self.exempt_reason and any(w.status in OUTSTANDING for w in self.weeks)

    @property
    def outstanding_weeks(self) -> str:
        """ "2025-W30: Draf 2025-W31: Belum dimulai " for the list of OPDs that owe weeks:
        one string per row instead of a loop with two conditions per week."""
        return "".join(
            f"{w.iso_week}: {w.label} "
            for w in self.weeks
            if w.status != SUBMITTED and w.status != ACCEPTED
        )

    @property
    def problem(self) -> bool:
        return bool(self.violations) or self.outstanding

    @property
    def first_week(self) -> WeekStatus | None:
        return self.weeks[0] if self.weeks else None

    @property
    def week_cells(self) -> SafeString:
        """The row's week statuses, each a link to the OPD's week: built as one string
        (the template engine and ``format_html`` cost per cell and per value)."""
        cells = []
        # One reverse() per row: the weeks differ only in the ISO week at the end.
        # Escaped with the standard library's escape (what Django's wraps, without its
        # lazy-string check per call); each status's label escaped once per row.
        link = reverse("monitoring:opd_week", args=[self.opd.pk, _SOME_WEEK])
        labels: dict[str, str] = {}
        for w in self.weeks:
            iso = w.iso_week
            url = html.escape(link.replace(_SOME_WEEK, iso))
            badge = _BADGES.get(w.status, "text-bg-secondary")
            label = labels.get(w.status)
            if label is None:
                label = labels[w.status] = html.escape(w.label)
            cells.append(
                f'<td data-testid="status-{self.opd.pk}-{iso}"><a href="{url}" '
                f'class="badge text-decoration-none {badge}">{label}</a></td>'
            )
        return mark_safe("".join(cells))  # noqa: S308 - numbers, ISO weeks and escaped text

    @property
    def day_cells(self) -> SafeString:
        """The row's OPD x day cells as one string: rendered by the template engine they
        cost most of the page (a loop, a condition and three lookups per cell). Every
        value is a number or an ISO date, so nothing needs escaping."""
        pk = int(self.opd.pk)
        return mark_safe(  # noqa: S308 - numbers and ISO dates only
            "".join(
                f'<td class="text-center{_OVER if d.over else ""}" '
                f'data-testid="away-{pk}-{d.iso}">{int(d.away)}/{int(d.limit)}</td>'
                for d in self.days
            )
        )


@dataclass
class Totals:
    opds: int = 0
    headcount: int = 0
    violations: int = 0
    outstanding: int = 0
    pending_requests: int = 0
    revocations: int = 0
    away: list[int] = field(default_factory=list)
    limit: list[int] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass
class Dashboard:
    agency: Agency
    circular: Circular
    days: list[date]
    weeks: list[date]
    rows: list[OpdRow]  # after the filters
    all_rows: list[OpdRow]
    totals: Totals
    filters: Filters
    has_requests: bool = AwayRequest is not None
    has_revocations: bool = Revocation is not None

    @property
    def outstanding_rows(self) -> list[OpdRow]:
        return [row for row in self.all_rows if row.outstanding]

    @property
    def day_headers(self) -> SafeString:
        """The day columns' headers, as ``{{ day|date:"D d/m" }}`` writes them, in one
        string: the weekday names translated once, not once per day."""
        names = [escape(name) for name in WEEKDAYS_ABBR.values()]
        return mark_safe(  # noqa: S308 - escaped names, digits
            "".join(
                f'<th class="text-center">{names[d.weekday()]} {d:%d/%m}</th>' for d in self.days
            )
        )

    @property
    def away_totals(self) -> SafeString:
        """The footer's away figure per day, numbers only."""
        return mark_safe(  # noqa: S308 - numbers only
            "".join(f'<td class="text-center">{int(n)}</td>' for n in self.totals.away)
        )

    @property
    def chart(self) -> dict:
        """Share of the agency's staff away per day, against the circular's cap (percent)."""
        staff = self.totals.headcount or 1
        return {
            "labels": [d.strftime("%d/%m") for d in self.days],
            "away": [round(100 * n / staff, 1) for n in self.totals.away],
            "allowed": [round(100 * n / staff, 1) for n in self.totals.limit],
            "cap": [self.circular.cap_percent for _d in self.days],
        }


def window_days(circular: Circular, agency: Agency) -> list[date]:
    """The working days inside the circular's windows (windows prefetched)."""
    windows = list(circular.windows.all())
    if not windows:
        return []
    start, end = min(w.start for w in windows), max(w.end for w in windows)
    closed = non_working_days(agency.pk, start, end)
    days = set()
    for window in windows:
        days.update(day for day in each_day(window.start, window.end) if day not in closed)
    return sorted(days)


def build_dashboard(
    agency: Agency, circular: Circular, filters: Filters | None = None
) -> Dashboard:
    filters = filters or Filters()
    prefetch_related_objects([circular], "windows", "limits", "exempt_units")
    days = window_days(circular, agency)
    weeks = sorted({monday_of(d) for d in days})
    opds = list(Unit.objects.opds().filter(agency=agency).order_by("name", "pk"))
    headcount = headcount_by_opd(agency.pk)
    rosters = rosters_by_opd(agency.pk, weeks)
    away = away_by_opd(agency.pk, days)
    requests = pending_requests_by_opd(agency.pk, circular)
    revocations = revocations_by_opd(agency.pk, circular)
    # Each day's limit as the grid reads it: every circular that governs the day
    # (an amendment, one that adds), so every circular's dashboard agrees with the grid.
    limits = governing.daily_limits(agency, opds, days, headcount)
    all_rows = []
    for opd in opds:
        pk = opd.pk  # read once: a model's pk is a property, asked here per week and day
        staff = headcount.get(pk, 0)
        policy = circular_policy(circular, opd)
        all_rows.append(
            OpdRow(
                opd=opd,
                headcount=staff,
                cap_percent=policy.unit_cap_percent(),
                exempt_reason=policy.unit_exempt_reason,
                weeks=[rosters.get((pk, week), WeekStatus(week, NOT_STARTED)) for week in weeks],
                days=[
                    DayFigure(d, away.get((pk, d), 0), limit)
                    for d, limit in zip(days, limits.get(pk, ()), strict=True)
                ],
                pending_requests=requests.get(pk, 0),
                revocations=revocations.get(pk, 0),
            )
        )
    rows = [row for row in all_rows if _matches(row, filters)]
    return Dashboard(
        agency=agency,
        circular=circular,
        days=days,
        weeks=weeks,
        rows=rows,
        all_rows=all_rows,
        totals=totals_of(all_rows, len(days)),
        filters=filters,
    )


def _matches(row: OpdRow, filters: Filters) -> bool:
    if filters.category and row.opd.category != filters.category:
        return False
    if filters.status and all(w.status != filters.status for w in row.weeks):
        return False
    return not filters.problems_only or row.problem


def totals_of(rows: list[OpdRow], n_days: int) -> Totals:
    totals = Totals(opds=len(rows), away=[0] * n_days, limit=[0] * n_days)
    statuses: dict[str, int] = defaultdict(int)
    for row in rows:
        totals.headcount += row.headcount
        totals.violations += row.violations
        totals.outstanding += row.outstanding
        totals.pending_requests += row.pending_requests
        totals.revocations += row.revocations
        for i, figure in enumerate(row.days):
            totals.away[i] += figure.away
            totals.limit[i] += figure.limit
        for week in row.weeks:
            statuses[week.status] += 1
    totals.statuses = {key: statuses.get(key, 0) for key in STATUS_LABELS}
    return totals


# --- the aggregates (one query each) ----------------------------------------------


def _units_of(agency_id: int):
    """The agency's units as a subquery: ``unit_id IN (...)`` reads through the unit
    indexes, where a join on ``unit.agency_id`` scans the whole table."""
    return Unit.objects.filter(agency_id=agency_id).values("pk")


def headcount_by_opd(agency_id: int) -> dict[int, int]:
    """Active staff per OPD of the agency, sub-units rolled up."""
    per_unit = (
        Employee.objects.active()
        .filter(unit_id__in=_units_of(agency_id))
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    opd_of = dict(
        Unit.objects.filter(agency_id=agency_id)
        .annotate(opd=Coalesce("parent_id", "pk"))
        .values_list("pk", "opd")
    )
    found: dict[int, int] = defaultdict(int)
    for unit_id, n in per_unit:
        found[opd_of[unit_id]] += n
    return dict(found)


def rosters_by_opd(agency_id: int, weeks: list[date]) -> dict[tuple[int, date], WeekStatus]:
    rows = Roster.objects.filter(
        week_start__in=weeks, unit_id__in=_units_of(agency_id)
    ).values_list("pk", "unit_id", "week_start", "status", "return_comment")
    found = {}
    for pk, unit_id, week, status, comment in rows.order_by():
        if status == Roster.Status.DRAFT and comment:
            status = RETURNED
        found[(unit_id, week)] = WeekStatus(week, status, pk)
    return found


def away_by_opd(agency_id: int, days: list[date]) -> dict[tuple[int, date], int]:
    """The away figure of each OPD and day, from the counters roster writes keep."""
    if not days:
        return {}
    rows = DayCounter.objects.filter(
        unit_id__in=_units_of(agency_id), day__range=(days[0], days[-1]), away__gt=0
    ).values_list("unit_id", "day", "away")
    return {(unit_id, day): n for unit_id, day, n in rows.order_by()}


def _count_by_opd(queryset) -> dict[int, int]:
    rows = (
        queryset.annotate(opd=Coalesce("employee__unit__parent_id", "employee__unit_id"))
        .values("opd")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["opd"]: row["n"] for row in rows}


def pending_requests_by_opd(agency_id: int, circular: Circular) -> dict[int, int]:
    """Requests to work away under the circular still waiting for a decision, per OPD."""
    if AwayRequest is None:
        return {}
    pending = AwayRequest.objects.filter(
        employee__unit__agency_id=agency_id, circular=circular, status="pending"
    )
    return _count_by_opd(pending)


def revocations_by_opd(agency_id: int, circular: Circular) -> dict[int, int]:
    """Permissions revoked under the circular and not reinstated, per OPD."""
    if Revocation is None:
        return {}
    active = Revocation.objects.filter(
        employee__unit__agency_id=agency_id, circular=circular, reinstated_at__isnull=True
    )
    return _count_by_opd(active)
