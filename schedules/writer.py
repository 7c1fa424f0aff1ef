"""The one writer of assignments and day counters.

Every change to ``Assignment`` rows (a day away, leave, travel) and to the
per-OPD-per-day ``DayCounter`` rows goes through this module: the grid and the
API (``services.save_week``), approving a request, choosing the office,
revoking and reinstating a permission, and moving an employee to another OPD
(``employee_services``). A test keeps every other module from writing them.

One locking order, in every writer, so writers queue up instead of deadlocking:

1. the ``Employee`` rows whose days change, by id (``lock_employees``);
2. the rows of the decision itself (the request, the revocation), by the caller;
3. the day counters of the OPDs concerned, OPDs in id order and days in date
   order (``lock_counters``);
4. the week's ``Roster`` row (``lock_week``).

The employee lock serialises everything that changes one person's days: a
revocation and an approval of the same employee can no longer both succeed,
because whichever comes second re-reads (after the first has committed) what it
judges. The counters serialise the writers of one OPD and day (the cap);
writers of different OPDs never wait for each other.

Inside the locks the callers re-read what they judge and ask ``rules`` for the
decision: nothing here judges a rule. The counters are then recomputed from the
assignment rows (``recount``), never adjusted by arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from organizations.models import Employee, Unit, User
from policy.values import AWAY_MODES, Mode
from wfa_portal.isoweek import monday_of, week_days

from . import versions
from .models import Assignment, AssignmentChange, DayCounter, Roster
from .roster.selectors import Cells

AWAY_VALUES = [mode.value for mode in AWAY_MODES]


@dataclass
class WeekLock:
    """The locks of one OPD's week, taken in the writer's order."""

    opd: Unit
    week_start: date
    roster: Roster
    counters: list[DayCounter]


# --- locks ---------------------------------------------------------------------------


def lock_employees(employee_ids: Iterable[int]) -> None:
    """Step 1: lock the employees whose days change, by id.

    ``FOR NO KEY UPDATE``: writers of the same employee wait for each other,
    while inserting rows that merely refer to the employee (a request, a
    notification) does not wait.
    """
    ids = sorted(set(employee_ids))
    if ids:
        list(
            Employee.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def lock_counters(keys: Iterable[tuple[int, date]]) -> list[DayCounter]:
    """Step 3: lock the counters of (OPD id, day), made first if missing; OPDs in id
    order, days in date order. Returns them in that order."""
    by_unit: dict[int, set[date]] = {}
    for unit_id, day in keys:
        by_unit.setdefault(unit_id, set()).add(day)
    if not by_unit:
        return []
    DayCounter.objects.bulk_create(
        [DayCounter(unit_id=unit, day=day) for unit, days in by_unit.items() for day in days],
        ignore_conflicts=True,  # a concurrent writer may create them too
    )
    match = Q()
    for unit_id, days in by_unit.items():
        match |= Q(unit_id=unit_id, day__in=sorted(days))
    return list(DayCounter.objects.select_for_update().filter(match).order_by("unit_id", "day"))


def lock_week(opd: Unit, week_start: date, *, employee_ids: Iterable[int]) -> WeekLock:
    """Steps 1, 3 and 4 for one OPD's week: the employees, the week's counters, its roster.

    A cell of these employees still held by another OPD's roster (kept from
    before a move) is taken over by this one when written: that OPD's counters
    of the day are locked (in the same order) and recounted too.
    """
    ids = sorted(set(employee_ids))
    lock_employees(ids)
    days = week_days(week_start)
    elsewhere = (
        Assignment.objects.filter(employee_id__in=ids, day__range=(days[0], days[-1]))
        .exclude(roster__unit_id=opd.pk)
        .values_list("roster__unit_id", "day")
        if ids
        else []
    )
    counters = lock_counters([*((opd.pk, day) for day in days), *elsewhere])
    roster = _locked_roster(opd.pk, week_start)
    roster.unit = opd
    return WeekLock(opd=opd, week_start=week_start, roster=roster, counters=counters)


def _locked_roster(opd_id: int, week_start: date) -> Roster:
    Roster.objects.bulk_create(
        [Roster(unit_id=opd_id, week_start=week_start)], ignore_conflicts=True
    )
    roster: Roster = Roster.objects.select_for_update().get(unit_id=opd_id, week_start=week_start)
    return roster


# --- counters --------------------------------------------------------------------------


def recount(counters: list[DayCounter]) -> None:
    """Set each locked counter to the number of away rows of its OPD's rosters that day
    (one query to count, one to save those that differ)."""
    if not counters:
        return
    units = {c.unit_id for c in counters}
    # Every writer of assignments and counters recounts: the OPDs' cached pages are
    # stale from now on (and again after commit).
    versions.opd_days_changed(units)
    days = {c.day for c in counters}
    # Through the rosters of those weeks, not all the OPDs' rosters: the count reads
    # the week's rows (``roster_once_per_week``), whatever the years of history.
    rosters = Roster.objects.filter(unit_id__in=units, week_start__in={monday_of(d) for d in days})
    rows = (
        Assignment.objects.filter(
            roster_id__in=rosters.values("pk"), day__in=days, mode__in=AWAY_VALUES
        )
        .values_list("roster__unit_id", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(unit, day): n for unit, day, n in rows}
    stale = [c for c in counters if c.away != counts.get((c.unit_id, c.day), 0)]
    for counter in stale:
        counter.away = counts.get((counter.unit_id, counter.day), 0)
    if stale:
        DayCounter.objects.bulk_update(stale, ["away"])


# --- writes ----------------------------------------------------------------------------


def write_week(lock: WeekLock, *, before: Cells, changed: Cells, actor: User) -> None:
    """Write the changed cells of a locked week (WFO deletes the row), their history,
    and the recounted counters, in a fixed number of queries."""
    roster = lock.roster
    if changed:
        gone = [key for key, mode in changed.items() if mode == Mode.WFO]
        kept: list[tuple[tuple[int, date], Mode]] = [
            (key, mode) for key, mode in changed.items() if mode != Mode.WFO
        ]
        if gone:
            _delete_cells(roster, gone)
        if kept:
            _upsert_cells(roster, kept)
        _record_changes(
            roster, [(key, before.get(key, Mode.WFO), mode) for key, mode in changed.items()], actor
        )
    recount(lock.counters)
    roster.save(update_fields=["updated_at"])


def release_to_office(*, rows: list[Assignment], actor: User | None) -> int:
    """Set these days away back to WFO: always allowed, whatever the week's status.

    The caller reads ``rows`` after taking the employees' lock (so no move can
    carry them to another OPD meanwhile). Locks the counters of the rows' OPDs
    and days, re-reads the rows inside the lock (a grid save may have changed
    them), deletes those still away, records the history and recounts. Must run
    inside a transaction. Returns how many days were given back.
    """
    if not rows:
        return 0
    lock_employees(row.employee_id for row in rows)
    counters = lock_counters((row.roster.unit_id, row.day) for row in rows)
    live = list(
        Assignment.objects.filter(
            pk__in=[row.pk for row in rows], mode__in=AWAY_VALUES
        ).select_related("roster")
    )
    if live:
        Assignment.objects.filter(pk__in=[row.pk for row in live]).delete()
        _record_rows(live, actor, new_mode=Mode.WFO)
    recount(counters)
    return len(live)


def move_rows(
    *, employee: Employee, unit: Unit, rows: list[Assignment], counters: list[DayCounter]
) -> None:
    """Put the employee in ``unit`` and their given rows in the rosters of its OPD.

    The caller holds the employee's lock and the counters of both OPDs over
    the rows' days (``counters``), judges the result with the rules, and rolls
    the transaction back if they refuse it.
    """
    employee.unit = unit
    employee.save(update_fields=["unit"])
    opd_id = unit.parent_id or unit.pk
    by_week: dict[date, list[int]] = {}
    for row in rows:
        by_week.setdefault(monday_of(row.day), []).append(row.pk)
    for week_start, pks in sorted(by_week.items()):
        roster = _locked_roster(opd_id, week_start)
        Assignment.objects.filter(pk__in=pks).update(roster=roster)
    recount(counters)


# --- helpers -----------------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _columns(cells: list[tuple[tuple[int, date], Mode]]) -> tuple[list[int], list[date], list[str]]:
    return (
        [emp for (emp, _day), _mode in cells],
        [day for (_emp, day), _mode in cells],
        [str(mode) for _key, mode in cells],
    )


def _upsert_cells(roster: Roster, kept: list[tuple[tuple[int, date], Mode]]) -> None:
    """Insert or update the cells in one statement (a cell of a transferred employee
    held by another OPD's roster moves to this one)."""
    if _is_postgres():
        # One INSERT ... SELECT FROM unnest(arrays): thousands of cells without
        # building a model instance per row, which costs more than the database.
        table = Assignment._meta.db_table
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
    Assignment.objects.bulk_create(
        [
            Assignment(roster=roster, employee_id=emp, day=day, mode=mode.value)
            for (emp, day), mode in kept
        ],
        update_conflicts=True,
        unique_fields=["employee", "day"],
        update_fields=["mode", "roster"],
    )


def _delete_cells(roster: Roster, gone: list[tuple[int, date]]) -> None:
    """Delete the rows of the cells set back to WFO in one query (one term per day)."""
    by_day: dict[date, list[int]] = {}
    for emp, day in gone:
        by_day.setdefault(day, []).append(emp)
    match = Q()
    for day, emps in by_day.items():
        match |= Q(day=day, employee_id__in=emps)
    Assignment.objects.filter(match, roster=roster).delete()


def _record_changes(
    roster: Roster, rows: list[tuple[tuple[int, date], Mode, Mode]], actor: User | None
) -> None:
    """One history row per changed cell: who, when, from what to what."""
    now = timezone.now()
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
        actor_id = actor.pk if actor else None
        with connection.cursor() as cursor:
            cursor.execute(sql, [roster.pk, actor_id, now, emps, days, old, new])
        return
    AssignmentChange.objects.bulk_create(
        [
            AssignmentChange(
                roster=roster,
                employee_id=emp,
                day=day,
                old_mode=Mode(old).value,
                new_mode=Mode(mode).value,
                changed_by=actor,
                changed_at=now,
            )
            for (emp, day), old, mode in rows
        ]
    )


def _record_rows(rows: list[Assignment], actor: User | None, *, new_mode: Mode) -> None:
    now = timezone.now()
    AssignmentChange.objects.bulk_create(
        [
            AssignmentChange(
                roster=row.roster,
                employee_id=row.employee_id,
                day=row.day,
                old_mode=row.mode,
                new_mode=new_mode.value,
                changed_by=actor,
                changed_at=now,
            )
            for row in rows
        ]
    )
