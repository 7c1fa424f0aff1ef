"""Reads for rosters: staff as rule values, a week's policies and cells, the grid.

Every function here runs a fixed number of queries whatever the headcount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from circulars.governing import policies_for_opd
from organizations.models import (
    AsnKind,
    DisciplinarySanction,
    Employee,
    EmployeeCircumstance,
    RoleTag,
    Unit,
)
from organizations.nip import appointment_month
from policy.values import (
    AWAY_MODES,
    Code,
    DayPolicy,
    Mode,
    PriorityKind,
    StaffMember,
    Violation,
)
from standing.prefill import recalled_days, weekly_limit_exempt
from wfa_portal.isoweek import format_week, shift_week

from ..models import Assignment, Revocation, Roster

Cells = dict[tuple[int, date], Mode]


def week_policies(opd: Unit, week_start: date) -> dict[date, DayPolicy]:
    """The rules of each day of the week: only ``circulars.governing`` decides them."""
    return policies_for_opd(opd, week_start, week_start + timedelta(days=6))


@dataclass(frozen=True, slots=True)
class StaffRow:
    """What the roster needs of an employee: read as plain values, not model instances,
    so a grid of 1,000 staff costs one light query."""

    pk: int
    name: str
    unit_id: int
    unit_name: str
    role_tags: list[str]
    domicile_region_id: int | None
    office_region_id: int | None
    job_type: str = ""
    nip: str = ""
    asn_kind: str = "pns"


def staff_of(opd: Unit) -> list[StaffRow]:
    """Active staff of the OPD and its sub-units, by name (one query)."""
    rows = (
        Employee.objects.of_opd(opd.pk)
        .active()
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "unit_id",
            "unit__name",
            "role_tags",
            "domicile_region_id",
            "unit__office_region_id",
            "job_type",
            "nip",
            "asn_kind",
        )
    )
    return [StaffRow(*row) for row in rows]


def revoked_circular_ids(opd: Unit, employee_ids: list[int]) -> dict[int, frozenset[int]]:
    """Per employee, the circulars whose permission to work away was revoked.

    The single place where permission revocations join the rules: active
    (not reinstated) revocations. One query, filtered by the OPD rather than by
    a list of ids, so a large staff does not make a large statement.
    """
    wanted = set(employee_ids)
    found: dict[int, set[int]] = {}
    rows = (
        Revocation.objects.active()
        .filter(Q(employee__unit_id=opd.pk) | Q(employee__unit__parent_id=opd.pk))
        .values_list("employee_id", "circular_id")
    )
    for employee_id, circular_id in rows:
        if employee_id in wanted:
            found.setdefault(employee_id, set()).add(circular_id)
    return {emp: frozenset(ids) for emp, ids in found.items()}


def staff_members(
    opd: Unit, employees: list[StaffRow], policies: Iterable[DayPolicy] = ()
) -> list[StaffMember]:
    """Employees as the values ``rules.check_roster`` judges.

    Sanctions and circumstance groups are read only when one of ``policies``
    asks about them, so the pages of circulars that do not cost no query more.
    """
    policies = list(policies)
    ids = [e.pk for e in employees]
    revoked = revoked_circular_ids(opd, ids)
    sanctions = sanctions_of(ids) if any(p.excludes_sanctioned for p in policies) else {}
    asks_groups = any(p.required_away_groups or _ranks_groups(p) for p in policies)
    groups = circumstances_of(ids) if asks_groups else {}
    exempt = weekly_limit_exempt(ids, policies)  # standing days only (standing/)
    recalled = recalled_days(ids, policies)
    return [
        StaffMember(
            employee_id=e.pk,
            name=e.name,
            sub_unit_id=e.unit_id,
            roles=frozenset(e.role_tags),
            domicile_region_id=e.domicile_region_id,
            office_region_id=e.office_region_id or opd.office_region_id,
            revoked_circular_ids=revoked.get(e.pk, frozenset()),
            job_type=e.job_type,
            appointed=appointment_month(e.nip, pppk=e.asn_kind == AsnKind.PPPK) if e.nip else None,
            sanctions=sanctions.get(e.pk, ()),
            circumstances=groups.get(e.pk, frozenset()),
            weekly_limit_exempt=e.pk in exempt,
            recalled_days=recalled.get(e.pk, frozenset()),
        )
        for e in employees
    ]


def _ranks_groups(policy: DayPolicy) -> bool:
    return any(c.kind is PriorityKind.CIRCUMSTANCE for c in policy.priorities)


def sanctions_of(employee_ids: list[int]) -> dict[int, tuple[tuple[date, date | None], ...]]:
    """Per employee, the disciplinary sanctions served (one query)."""
    found: dict[int, list[tuple[date, date | None]]] = {}
    rows = DisciplinarySanction.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "start", "end"
    )
    for emp, start, end in rows:
        found.setdefault(emp, []).append((start, end))
    return {emp: tuple(spans) for emp, spans in found.items()}


def circumstances_of(employee_ids: list[int]) -> dict[int, frozenset[str]]:
    """Per employee, the circumstance groups declared and still current (one query)."""
    found: dict[int, set[str]] = {}
    rows = (
        EmployeeCircumstance.objects.filter(employee_id__in=employee_ids)
        .filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))
        .values_list("employee_id", "kind")
    )
    for emp, kind in rows:
        found.setdefault(emp, set()).add(kind)
    return {emp: frozenset(kinds) for emp, kinds in found.items()}


def week_state(opd: Unit, week_start: date) -> tuple[Roster | None, Cells]:
    """The OPD's roster of the week (None if never saved) and its stored cells, in one query.

    One LEFT JOIN row per stored cell, each carrying the roster's columns: the
    grid page's query budget has no room for a second query.
    """
    fields = [f.attname for f in Roster._meta.concrete_fields]
    rows = Roster.objects.filter(unit_id=opd.pk, week_start=week_start).values_list(
        *fields, "assignments__employee_id", "assignments__day", "assignments__mode"
    )
    roster, cells, width = None, {}, len(fields)
    for row in rows:
        if roster is None:
            roster = Roster.from_db(Roster.objects.db, fields, row[:width])
            roster.unit = opd
        emp, day, mode = row[width:]
        if emp is not None:
            cells[(emp, day)] = Mode(mode)
    return roster, cells


def current_cells(opd: Unit, week_start: date) -> Cells:
    """The stored cells of the OPD's week (WFO cells are not stored)."""
    rows = Assignment.objects.filter(
        roster__unit_id=opd.pk, roster__week_start=week_start
    ).values_list("employee_id", "day", "mode")
    return {(emp, day): Mode(mode) for emp, day, mode in rows}


def last_week_pattern(opd: Unit, week_start: date, staff_ids: set[int]) -> Cells | None:
    """Last week's away cells moved seven days on, for this week's staff (None: no last week)."""
    previous = shift_week(week_start, -1)
    if previous is None:
        return None
    earlier = current_cells(opd, previous)
    return {
        (emp, day + timedelta(days=7)): mode
        for (emp, day), mode in earlier.items()
        if mode in AWAY_MODES and emp in staff_ids
    }


def away_counts(cells: Cells, days: list[date]) -> dict[date, int]:
    counts = dict.fromkeys(days, 0)
    for (_emp, day), mode in cells.items():
        if mode in AWAY_MODES and day in counts:
            counts[day] += 1
    return counts


# --- the grid ------------------------------------------------------------------

# Rows of staff on one page of the grid: a large OPD is paged by sub-unit (a
# sub-unit larger than this is split), the day counters stay those of the whole OPD.
PAGE_ROWS = 100


@dataclass
class GridDay:
    day: date
    policy: DayPolicy
    away: int = 0
    limit: int | None = None  # None: no day away can be allowed
    target: int | None = None  # the head's lower target for "Isi otomatis", if any
    index: int = 0  # the column (0: Monday), for the phone's day switcher
    messages: list[str] = field(default_factory=list)  # violations of the day as a whole

    @property
    def open(self) -> bool:
        return self.policy.is_open()

    @property
    def over(self) -> bool:
        return self.limit is not None and self.away > self.limit

    @property
    def closed_reason(self) -> str:
        """Why no day away is possible (greyed column), "" when the day is open."""
        return self.policy.closed_reason()


@dataclass
class GridCell:
    day: date
    mode: Mode
    editable: bool
    locked_reason: str = ""
    flagged: bool = False
    stored: Mode | None = None  # the saved mode, when the grid shows an unsaved proposal
    proposed: bool = False  # filled by "Isi otomatis", not saved yet
    # What the policy lets this cell hold: a click cycles through ``cycle`` (the
    # office first, then the away modes the day allows this employee); the menu
    # offers ``extra`` (leave, travel).
    cycle: tuple[Mode, ...] = (Mode.WFO,)
    extra: tuple[Mode, ...] = ()
    messages: list[str] = field(default_factory=list)

    @property
    def choices(self) -> tuple[Mode, ...]:
        """Every mode the cell's select offers: the allowed ones, and the stored one
        even when it is no longer allowed (shown, marked, and changed away from)."""
        allowed = (*self.cycle, *self.extra)
        return allowed if self.mode in allowed else (*allowed, self.mode)


@dataclass
class GridRow:
    employee: StaffRow
    cells: list[GridCell]
    locked_reason: str = ""
    messages: list[str] = field(default_factory=list)  # the employee's own, dayless ones


@dataclass
class GridSection:
    unit_id: int
    name: str
    rows: list[GridRow] = field(default_factory=list)


@dataclass(frozen=True)
class GridPage:
    number: int
    label: str
    count: int


@dataclass(frozen=True)
class GridIssue:
    """A violation with the address of what it names: a cell, a day or a row."""

    violation: Violation
    href: str


@dataclass
class Grid:
    opd: Unit
    week_start: date
    roster: Roster | None
    days: list[GridDay]
    sections: list[GridSection]
    violations: list[Violation]
    employee_ids: list[int]
    pages: list[GridPage] = field(default_factory=list)
    page: int = 1
    issues: list[GridIssue] = field(default_factory=list)
    cell_messages: dict[str, list[str]] = field(default_factory=dict)
    headcount: int = 0

    @property
    def open_days(self) -> list[GridDay]:
        return [d for d in self.days if d.open]

    @property
    def editable(self) -> bool:
        return self.roster is None or self.roster.is_editable

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def iso_week(self) -> str:
        return format_week(self.week_start)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def flags(self) -> dict[str, dict[str, list[str]]]:
        """What roster.js marks after a validation: per cell (``<employee>-<yyyy-mm-dd>``),
        per day and per employee row, the messages of the violations naming them."""
        return {
            "cells": self.cell_messages,
            "days": {d.day.isoformat(): d.messages for d in self.days if d.messages},
        }

    @property
    def flag_keys(self) -> list[str]:
        """The cells a violation names, as ``<employee>-<yyyy-mm-dd>``."""
        return sorted(self.cell_messages)

    @property
    def paged(self) -> bool:
        return len(self.pages) > 1

    @property
    def first_open_index(self) -> int:
        today = timezone.localdate()
        for d in self.days:
            if d.day == today and d.open:
                return d.index
        return next((d.index for d in self.days if d.open), 0)

    @property
    def frontline_reason(self) -> str:
        exempt = (d.policy.unit_exempt_reason for d in self.open_days if d.policy.unit_exempt)
        return next(exempt, "")

    @property
    def prev_week(self) -> str | None:
        """The week before, or None before ``0001-W01``."""
        monday = shift_week(self.week_start, -1)
        return format_week(monday) if monday else None

    @property
    def next_week(self) -> str | None:
        """The week after, or None when it would leave the calendar."""
        monday = shift_week(self.week_start, 1)
        return format_week(monday) if monday else None


def grid_days(policies: dict[date, DayPolicy], cells: Cells, headcount: int) -> list[GridDay]:
    counts = away_counts(cells, list(policies))
    return [
        GridDay(
            day=day,
            policy=policy,
            away=counts[day],
            limit=policy.limit_for(headcount),
            index=index,
        )
        for index, (day, policy) in enumerate(sorted(policies.items()))
    ]


def _lock_reason(member: StaffMember, policy: DayPolicy) -> str:
    """Why the cell must stay at the office ("" when it need not): the OPD is
    frontline, or the member holds a role the circular keeps in."""
    if not policy.is_open():
        return ""
    if policy.unit_exempt:
        return policy.unit_exempt_reason
    if not member.roles & policy.exempt_roles:
        # No role the circular keeps in (policy.eligibility's EXEMPT_ROLE bar): no need
        # to build every bar and its messages for each of a week's cells.
        return ""
    bar = next((b for b in policy.bars(member) if b.code is Code.EXEMPT_ROLE), None)
    if bar is None:
        return ""
    labels = ", ".join(str(RoleTag(r).label) if r in RoleTag.values else r for r in bar.detail)
    return _("%(roles)s wajib bekerja di kantor menurut SE %(number)s") % {
        "roles": labels,
        "number": policy.circular_number,
    }


def _as_member(employee: StaffRow) -> StaffMember:
    """The employee as the policy judges them for locking a cell (no revocations:
    a revoked permission is reported on the cell, not locked)."""
    return StaffMember(employee.pk, employee.name, employee.unit_id, frozenset(employee.role_tags))


def _sections_of(opd: Unit, employees: list[StaffRow]) -> list[tuple[int, str, list[StaffRow]]]:
    """Staff by sub-unit, the OPD itself first, then the sub-units by name."""
    found: dict[int, tuple[int, str, list[StaffRow]]] = {}
    for e in employees:
        found.setdefault(e.unit_id, (e.unit_id, e.unit_name, []))[2].append(e)
    return sorted(found.values(), key=lambda s: (s[0] != opd.pk, s[1].lower(), s[0]))


def grid_pages(
    opd: Unit, employees: list[StaffRow], size: int = PAGE_ROWS
) -> list[tuple[GridPage, list[StaffRow]]]:
    """The grid's pages: whole sub-units packed up to ``size`` rows, a larger one split."""
    chunks: list[tuple[list[str], list[StaffRow]]] = []
    names: list[str] = []
    rows: list[StaffRow] = []
    for _unit, name, staff in _sections_of(opd, employees):
        if rows and len(rows) + len(staff) > size:
            chunks.append((names, rows))
            names, rows = [], []
        for start in range(0, len(staff), size):
            part = staff[start : start + size]
            if rows and len(rows) + len(part) > size:
                chunks.append((names, rows))
                names, rows = [], []
            names.append(name)
            rows.extend(part)
    if rows or not chunks:
        chunks.append((names, rows))
    pages = []
    for number, (section_names, staff) in enumerate(chunks, start=1):
        unique = list(dict.fromkeys(section_names))
        label = unique[0] if len(unique) == 1 else f"{unique[0]} – {unique[-1]}" if unique else ""
        pages.append((GridPage(number, label, len(staff)), staff))
    return pages


def build_grid(
    *,
    opd: Unit,
    week_start: date,
    roster: Roster | None,
    employees: list[StaffRow],
    policies: dict[date, DayPolicy],
    cells: Cells,
    violations: list[Violation],
    stored: Cells | None = None,
    proposed: frozenset[tuple[int, date]] = frozenset(),
    targets: dict[date, int] | None = None,
    members: list[StaffMember] | None = None,
    page: int = 1,
) -> Grid:
    """Arrange staff by sub-unit (the OPD itself first) with a cell per day.

    ``stored`` is the saved week when ``cells`` is an unsaved proposal: cells
    that differ carry their saved mode, so roster.js can post only real changes.
    ``proposed`` names the cells "Isi otomatis" filled, marked on the grid;
    ``targets`` the lower targets it was asked for, shown again in their inputs.
    ``members`` are the staff as the rules judged them: a cell offers an away
    mode only when the day's policy lets that member be away. Only the rows of
    ``page`` are built; the day counters and violations are those of the whole OPD.
    """
    stored = cells if stored is None else stored
    language = get_language() or "id"
    cell_messages: dict[str, list[str]] = {}
    row_messages: dict[int, list[str]] = {}
    day_messages: dict[date, list[str]] = {}
    day_errors: dict[date, list[str]] = {}
    for v in violations:
        text = v.message(language)
        if v.employee_id is not None and v.day is not None:
            cell_messages.setdefault(f"{v.employee_id}-{v.day.isoformat()}", []).append(text)
        elif v.employee_id is not None:
            row_messages.setdefault(v.employee_id, []).append(text)
        elif v.day is not None:
            day_messages.setdefault(v.day, []).append(text)
            if v.severity == "error":
                day_errors.setdefault(v.day, []).append(text)
    # A day over its limit also marks the unsaved changes that put someone away on it:
    # the head sees the cell just changed turn red, not only the day's header.
    for (emp, day), mode in cells.items():
        if day in day_errors and mode in AWAY_MODES and stored.get((emp, day)) != mode:
            cell_messages.setdefault(f"{emp}-{day.isoformat()}", []).extend(day_errors[day])

    pages = grid_pages(opd, employees)
    page = min(max(page, 1), len(pages))
    page_of = {e.pk: p.number for p, staff in pages for e in staff}
    shown = pages[page - 1][1]
    shown_ids = {e.pk for e in shown}
    ordered_days = sorted(policies.items())
    by_id = {m.employee_id: m for m in members or ()}
    barred = {
        day: policy.barred_ids(m for m in by_id.values() if m.employee_id in shown_ids)
        for day, policy in ordered_days
    }

    # What each day's policy says for every cell, asked once per day, not once per cell.
    day_facts = [
        (
            day,
            policy,
            day.isoformat(),
            policy.is_open(),
            tuple(sorted(policy.modes_allowed())),
            policy.absence_modes(),
        )
        for day, policy in ordered_days
    ]
    sections: list[GridSection] = []
    for unit_id, name, staff in _sections_of(opd, shown):
        section = GridSection(unit_id, name)
        sections.append(section)
        for e in staff:
            member = by_id.get(e.pk) or _as_member(e)
            row_cells = []
            for day, policy, iso, is_open, allowed, absence in day_facts:
                mode = cells.get((e.pk, day), Mode.WFO)
                reason = _lock_reason(member, policy)
                # A locked cell that is away anyway stays editable, so it can be fixed.
                editable = is_open and (not reason or mode in AWAY_MODES)
                saved = stored.get((e.pk, day), Mode.WFO)
                away = () if e.pk in barred[day] else allowed
                key = f"{e.pk}-{iso}"
                row_cells.append(
                    GridCell(
                        day,
                        mode,
                        editable,
                        reason,
                        flagged=key in cell_messages,
                        stored=saved if saved != mode else None,
                        proposed=(e.pk, day) in proposed,
                        cycle=(Mode.WFO, *away),
                        extra=absence,
                        messages=cell_messages.get(key, []),
                    )
                )
            locked = {c.locked_reason for c in row_cells if c.locked_reason}
            section.rows.append(
                GridRow(
                    e,
                    row_cells,
                    locked.pop() if len(locked) == 1 else "",
                    messages=row_messages.get(e.pk, []),
                )
            )

    days = grid_days(policies, cells, len(employees))
    for d in days:
        d.target = (targets or {}).get(d.day)
        d.messages = day_messages.get(d.day, [])

    def href(v: Violation) -> str:
        if v.employee_id is None:
            return f"#day-{v.day.isoformat()}" if v.day else "#roster"
        number = page_of.get(v.employee_id, page)
        where = "" if number == page else f"?hal={number}"
        anchor = f"cell-{v.employee_id}-{v.day.isoformat()}" if v.day else f"row-{v.employee_id}"
        return f"{where}#{anchor}"

    return Grid(
        opd=opd,
        week_start=week_start,
        roster=roster,
        days=days,
        sections=sections,
        violations=violations,
        employee_ids=[e.pk for e in employees],
        pages=[p for p, _staff in pages],
        page=page,
        issues=[GridIssue(v, href(v)) for v in violations],
        cell_messages=cell_messages,
        headcount=len(employees),
    )
