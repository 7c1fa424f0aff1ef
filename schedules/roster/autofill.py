"""The "Isi otomatis" button: the planner's proposal for an OPD's week, never saved.

The head's cells (saved, or edited in the form and posted) are fixed; the
planner fills the open days around them and ``check_week`` judges the result,
so the page shows the proposal's counters and violations exactly as a save
would. Accepting it is a normal save of the proposed cells through
``save_week``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef

from circulars.models import Window
from organizations.models import Employee, Unit
from policy.planner import PlanRequest, plan_roster
from policy.values import Assignment, DayPolicy, Mode

from ..models import Assignment as AssignmentRow
from .selectors import Cells, staff_members
from .services import WeekCheck, check_week

__all__ = ["Proposal", "propose_week"]


@dataclass(frozen=True, slots=True)
class Proposal:
    """The week with the planner's cells applied, judged by the rules."""

    check: WeekCheck
    proposed: frozenset[tuple[int, date]]  # (employee id, day) of the cells the planner added
    targets: dict[date, int]  # the head's lower targets the planner aimed for


def propose_week(
    *,
    opd: Unit,
    week_start: date,
    cells: Cells | None = None,
    targets: dict[date, int] | None = None,
) -> Proposal:
    """Fill the open days of the week around the stored week patched with ``cells``.

    ``targets`` lowers a day's number of people away below its limit. Runs a
    fixed number of queries whatever the headcount; writes nothing.
    """
    cells = cells or {}
    before = check_week(opd=opd, week_start=week_start, cells=cells)
    targets = {day: n for day, n in (targets or {}).items() if day in before.policies}
    request = PlanRequest(
        unit_id=opd.pk,
        staff=staff_members(opd, before.employees, before.policies.values()),
        days=before.policies,
        fixed=_fixed(before),
        targets=targets,
        away_days_elsewhere=away_days_elsewhere(opd, week_start, before.policies),
    )
    plan = plan_roster(request)
    added = {(a.employee_id, a.day): a.mode for a in plan.assignments if _key(a) in plan.proposed}
    after = check_week(opd=opd, week_start=week_start, cells={**cells, **added})
    return Proposal(check=after, proposed=plan.proposed, targets=targets)


def _key(a: Assignment) -> tuple[int, date]:
    return a.employee_id, a.day


def _fixed(check: WeekCheck) -> list[Assignment]:
    """The head's cells: every cell not at the office, and the cells the head
    moved back to the office in the form (a saved day away turned into WFO).

    An office cell that was never changed stays open to the planner: without
    JavaScript the form posts every select, most of them an untouched WFO.
    """
    kept = dict(check.proposed)
    kept.update({key: mode for key, mode in check.changed.items() if mode == Mode.WFO})
    return [Assignment(emp, day, mode) for (emp, day), mode in sorted(kept.items())]


def away_days_elsewhere(
    opd: Unit, week_start: date, policies: dict[date, DayPolicy]
) -> dict[int, int]:
    """Per employee of the OPD, the days away held in the windows of the week's
    circulars outside the week itself (one aggregate query; {} with no circular)."""
    circular_ids = {p.circular_id for p in policies.values() if p.circular_id is not None}
    if not circular_ids:
        return {}
    week_end = week_start + timedelta(days=6)
    windows = Window.objects.filter(
        circular_id__in=circular_ids,
        start__lte=week_end,
        end__gte=week_start,
    )
    in_window = windows.filter(start__lte=OuterRef("day"), end__gte=OuterRef("day"))
    staff = Employee.objects.of_opd(opd.pk).active().values("pk")
    rows = (
        AssignmentRow.objects.away()
        .filter(Exists(in_window), employee_id__in=staff)
        .exclude(day__range=(week_start, week_end))
        .order_by()
        .values("employee_id")
        .annotate(n=Count("pk"))
        .values_list("employee_id", "n")
    )
    return dict(rows)
