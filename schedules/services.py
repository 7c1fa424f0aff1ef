"""Use cases that write rosters: save a week, submit it, return or accept it.

Every write of a week goes through ``save_week`` (the grid, the copy of last
week, anything later): it locks the OPD's day counters of the week, re-reads
the stored cells inside the lock, validates the whole resulting week with
``rules.check_roster`` and then writes every changed cell or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import events
from organizations.models import Unit, User
from wfa_portal.isoweek import week_days

from . import rules
from .domain import AWAY_MODES, Assignment, DayPolicy, Mode, RosterCheck, Violation
from .models import Assignment as AssignmentRow
from .models import AssignmentChange, DayCounter, Roster
from .selectors import (
    Cells,
    StaffRow,
    away_counts,
    current_cells,
    staff_members,
    staff_of,
    week_policies,
    week_state,
)


@dataclass
class WeekCheck:
    """A proposed week and what the rules say of it."""

    opd: Unit
    week_start: date
    policies: dict[date, DayPolicy]
    employees: list[StaffRow]
    roster: Roster | None
    current: Cells
    proposed: Cells
    changed: Cells
    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        return rules.errors(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return rules.warnings(self.violations)

    @property
    def adds_away(self) -> bool:
        """Whether any change puts someone away (WFA/WFH): only those can be refused."""
        return any(mode in AWAY_MODES for mode in self.changed.values())


@dataclass
class SaveResult:
    saved: bool
    roster: Roster | None
    violations: list[Violation]
    changed: int = 0
    check: WeekCheck | None = None

    @property
    def errors(self) -> list[Violation]:
        return rules.errors(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return rules.warnings(self.violations)


def check_week(*, opd: Unit, week_start: date, cells: Cells | None = None) -> WeekCheck:
    """Validate the stored week with ``cells`` applied on top; nothing is written or locked."""
    roster, current = week_state(opd, week_start)
    return _check(opd, week_start, cells or {}, current, roster)


@transaction.atomic
def save_week(*, opd: Unit, week_start: date, cells: Cells, actor: User) -> SaveResult:
    """Apply ``cells`` (employee id, date) -> mode to the OPD's week, all or nothing.

    ``cells`` is a patch over the stored week: cells not given keep their
    stored mode. Errors block the save unless the change puts nobody away
    (choosing the office, leave or travel is always allowed). Raises
    ValidationError when the week is not editable or a cell is outside the
    week or the OPD's staff.
    """
    _require_monday(week_start)
    roster, counters = _lock_week(opd, week_start)
    _require_editable(roster)
    result = _check(opd, week_start, cells, current_cells(opd, week_start), roster)
    if result.errors and result.adds_away:
        return SaveResult(saved=False, roster=roster, violations=result.violations, check=result)
    _write(roster, result, counters, actor)
    return SaveResult(
        saved=True,
        roster=roster,
        violations=result.violations,
        changed=len(result.changed),
        check=result,
    )


@transaction.atomic
def submit_week(*, opd: Unit, week_start: date, actor: User) -> SaveResult:
    """Hand the week to BKPSDM; refused while the stored week has errors."""
    _require_monday(week_start)
    roster, _counters = _lock_week(opd, week_start)
    _require_editable(roster)
    result = _check(opd, week_start, {}, current_cells(opd, week_start), roster)
    if result.errors:
        raise ValidationError(
            ngettext(
                "Jadwal belum dapat diajukan: masih ada %(n)d pelanggaran.",
                "Jadwal belum dapat diajukan: masih ada %(n)d pelanggaran.",
                len(result.errors),
            )
            % {"n": len(result.errors)},
            code="has_errors",
        )
    roster.status = Roster.Status.SUBMITTED
    roster.submitted_at = timezone.now()
    roster.submitted_by = actor
    roster.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return SaveResult(saved=True, roster=roster, violations=result.violations)


@transaction.atomic
def return_week(*, roster: Roster, actor: User, comment: str) -> Roster:
    """BKPSDM sends a submitted week back to the OPD as a draft, saying why."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            _("Tulis alasan pengembalian untuk kepala OPD."), code="comment_required"
        )
    roster = _lock_submitted(roster, actor)
    roster.status = Roster.Status.DRAFT
    roster.return_comment = comment
    return _decide(roster, actor, ["return_comment"])


@transaction.atomic
def accept_week(*, roster: Roster, actor: User) -> Roster:
    """BKPSDM accepts a submitted week; it can no longer be changed."""
    roster = _lock_submitted(roster, actor)
    roster.status = Roster.Status.ACCEPTED
    return _decide(roster, actor, [])


# --- helpers -------------------------------------------------------------------


def _require_monday(week_start: date) -> None:
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")


def _require_editable(roster: Roster) -> None:
    if roster.status == Roster.Status.SUBMITTED:
        raise ValidationError(
            _(
                "Jadwal minggu ini sudah diajukan ke BKPSDM dan tidak dapat diubah "
                "sampai dikembalikan."
            ),
            code="submitted",
        )
    if roster.status == Roster.Status.ACCEPTED:
        raise ValidationError(
            _("Jadwal minggu ini sudah diterima BKPSDM dan tidak dapat diubah lagi."),
            code="accepted",
        )


def _lock_week(opd: Unit, week_start: date) -> tuple[Roster, list[DayCounter]]:
    """Lock the OPD's day counters of the week (ordered by day), then its roster.

    Rows are created first if missing (ignore_conflicts: a concurrent writer
    may create them too). Every writer takes the counters in the same order,
    so writers of one OPD queue up instead of deadlocking.
    """
    days = week_days(week_start)
    DayCounter.objects.bulk_create(
        [DayCounter(unit=opd, day=day) for day in days], ignore_conflicts=True
    )
    counters = list(
        DayCounter.objects.select_for_update()
        .filter(unit=opd, day__range=(days[0], days[-1]))
        .order_by("day")
    )
    Roster.objects.bulk_create([Roster(unit=opd, week_start=week_start)], ignore_conflicts=True)
    roster = Roster.objects.select_for_update().get(unit=opd, week_start=week_start)
    return roster, counters


def _check(
    opd: Unit, week_start: date, cells: Cells, current: Cells, roster: Roster | None
) -> WeekCheck:
    cells = {key: Mode(mode) for key, mode in cells.items()}
    employees = staff_of(opd)
    staff_ids = {e.pk for e in employees}
    days = set(week_days(week_start))
    _require_in_scope(cells, staff_ids, days)
    changed = {key: mode for key, mode in cells.items() if current.get(key, Mode.WFO) != mode}
    proposed = dict(current)
    for key, mode in changed.items():
        if mode == Mode.WFO:
            proposed.pop(key, None)
        else:
            proposed[key] = mode
    policies = week_policies(opd, week_start)
    check = RosterCheck(
        unit_id=opd.pk,
        staff=staff_members(opd, employees),
        days=policies,
        assignments=[Assignment(emp, day, mode) for (emp, day), mode in proposed.items()],
    )
    return WeekCheck(
        opd=opd,
        week_start=week_start,
        policies=policies,
        employees=employees,
        roster=roster,
        current=current,
        proposed=proposed,
        changed=changed,
        violations=rules.check_roster(check),
    )


def _require_in_scope(cells: Cells, staff_ids: set[int], days: set[date]) -> None:
    for emp, day in cells:
        if emp not in staff_ids:
            raise ValidationError(
                _("Pegawai %(id)s bukan pegawai aktif OPD ini.") % {"id": emp},
                code="not_on_staff",
            )
        if day not in days:
            raise ValidationError(
                _("Tanggal %(day)s di luar minggu jadwal ini.") % {"day": day.isoformat()},
                code="outside_week",
            )


def _write(roster: Roster, result: WeekCheck, counters: list[DayCounter], actor: User) -> None:
    """Every changed cell in a fixed number of queries, its history and the counters."""
    if result.changed:
        gone = [key for key, mode in result.changed.items() if mode == Mode.WFO]
        kept = [(key, mode) for key, mode in result.changed.items() if mode != Mode.WFO]
        if gone:
            _delete_cells(roster, gone)
        if kept:
            _upsert_cells(roster, kept)
        _record_changes(roster, result, actor)
    counts = away_counts(result.proposed, [c.day for c in counters])
    stale = [c for c in counters if c.away != counts[c.day]]
    for counter in stale:
        counter.away = counts[counter.day]
    if stale:
        DayCounter.objects.bulk_update(stale, ["away"])
    roster.save(update_fields=["updated_at"])


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _upsert_cells(roster: Roster, kept: list[tuple[tuple[int, date], Mode]]) -> None:
    """Insert or update the cells in one statement (a cell of a transferred employee
    held by another OPD's roster moves to this one)."""
    if _is_postgres():
        # One INSERT ... SELECT FROM unnest(arrays): thousands of cells without
        # building a model instance per row, which costs more than the database.
        table = AssignmentRow._meta.db_table
        sql = (
            f"INSERT INTO {table} (roster_id, employee_id, day, mode) "  # noqa: S608 (names from _meta)
            "SELECT %s, e, d, m FROM unnest(%s::bigint[], %s::date[], %s::varchar[]) AS t(e, d, m) "
            "ON CONFLICT (employee_id, day) DO UPDATE "
            "SET mode = EXCLUDED.mode, roster_id = EXCLUDED.roster_id"
        )
        emps, days, modes = _columns(kept)
        with connection.cursor() as cursor:
            cursor.execute(sql, [roster.pk, emps, days, modes])
        return
    AssignmentRow.objects.bulk_create(
        [
            AssignmentRow(roster=roster, employee_id=emp, day=day, mode=mode.value)
            for (emp, day), mode in kept
        ],
        update_conflicts=True,
        unique_fields=["employee", "day"],
        update_fields=["mode", "roster"],
    )


def _record_changes(roster: Roster, result: WeekCheck, actor: User) -> None:
    """One history row per changed cell: who, when, from what to what."""
    now = timezone.now()
    rows = [(key, result.current.get(key, Mode.WFO), mode) for key, mode in result.changed.items()]
    if _is_postgres():
        table = AssignmentChange._meta.db_table
        sql = (
            f"INSERT INTO {table} "  # noqa: S608 (names from _meta)
            "(roster_id, employee_id, day, old_mode, new_mode, changed_by_id, changed_at) "
            "SELECT %s, e, d, o, n, %s, %s FROM "
            "unnest(%s::bigint[], %s::date[], %s::varchar[], %s::varchar[]) AS t(e, d, o, n)"
        )
        emps, days, new = _columns([(key, mode) for key, _old, mode in rows])
        old = [str(old) for _key, old, _mode in rows]
        with connection.cursor() as cursor:
            cursor.execute(sql, [roster.pk, actor.pk, now, emps, days, old, new])
        return
    AssignmentChange.objects.bulk_create(
        [
            AssignmentChange(
                roster=roster,
                employee_id=emp,
                day=day,
                old_mode=old.value,
                new_mode=mode.value,
                changed_by=actor,
                changed_at=now,
            )
            for (emp, day), old, mode in rows
        ]
    )


def _columns(cells: list[tuple[tuple[int, date], Mode]]) -> tuple[list[int], list[date], list[str]]:
    return (
        [emp for (emp, _day), _mode in cells],
        [day for (_emp, day), _mode in cells],
        [str(mode) for _key, mode in cells],
    )


def _delete_cells(roster: Roster, gone: list[tuple[int, date]]) -> None:
    """Delete the rows of the cells set back to WFO in one query (one term per day)."""
    by_day: dict[date, list[int]] = {}
    for emp, day in gone:
        by_day.setdefault(day, []).append(emp)
    match = Q()
    for day, emps in by_day.items():
        match |= Q(day=day, employee_id__in=emps)
    AssignmentRow.objects.filter(match, roster=roster).delete()


def _lock_submitted(roster: Roster, actor: User) -> Roster:
    roster = Roster.objects.select_for_update().select_related("unit").get(pk=roster.pk)
    if roster.status != Roster.Status.SUBMITTED:
        raise ValidationError(
            _("Hanya jadwal yang sedang diajukan yang dapat dikembalikan atau diterima."),
            code="not_submitted",
        )
    if roster.submitted_by_id == actor.pk:
        raise ValidationError(
            _("Anda tidak dapat memutuskan jadwal yang Anda ajukan sendiri."), code="own"
        )
    return roster


def _decide(roster: Roster, actor: User, fields: list[str]) -> Roster:
    roster.decided_at = timezone.now()
    roster.decided_by = actor
    roster.save(update_fields=["status", "decided_at", "decided_by", "updated_at", *fields])
    events.roster_decided(roster)
    return roster
