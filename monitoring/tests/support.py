"""Builders for the monitoring tests: rosters written through the real services."""

from __future__ import annotations

from datetime import date

from organizations.models import Employee, Unit
from policy.values import Mode
from schedules.models import Assignment, Roster
from schedules.roster.services import return_week, save_week, submit_week
from schedules.tests.support import MON, OPEN_DAYS, THU, TUE, WED, WEEK, add_staff, publish_circular

__all__ = [
    "MON",
    "OPEN_DAYS",
    "THU",
    "TUE",
    "WED",
    "WEEK",
    "add_staff",
    "away",
    "expected_figures",
    "publish_circular",
    "set_status",
]

ISO = "2025-W13"
HTMX = {"HTTP_HX_REQUEST": "true"}


def away(opd: Unit, actor, pairs) -> None:
    """Save the OPD's week with these (employee, day) cells away (WFA)."""
    cells = {(emp.pk, day): Mode.WFA for emp, day in pairs}
    result = save_week(opd=opd, week_start=WEEK, cells=cells, actor=actor)
    assert result.saved, [v.message for v in result.errors]


def set_status(opd: Unit, status: str, world) -> None:
    """Bring the OPD's week to a dashboard status through the services."""
    if status == "not_started":
        return
    save_week(opd=opd, week_start=WEEK, cells={}, actor=world.head)
    if status == "draft":
        return
    submit_week(opd=opd, week_start=WEEK, actor=world.head)
    roster = Roster.objects.get(unit=opd, week_start=WEEK)
    if status == "returned":
        return_week(roster=roster, actor=world.admin, comment="Perbaiki")
    elif status == "accepted":
        from schedules.roster.services import accept_week

        accept_week(roster=roster, actor=world.admin)


def expected_figures(agency, days: list[date], cap: int = 50) -> dict[int, dict]:
    """Each OPD's headcount, away per day, limit and over-cap days, computed from the
    Employee and Assignment rows one by one (not from the counters the page reads)."""
    found = {}
    for opd in Unit.objects.filter(agency=agency, parent__isnull=True):
        staff = [
            e
            for e in Employee.objects.filter(active=True).select_related("unit")
            if e.unit_id == opd.pk or e.unit.parent_id == opd.pk
        ]
        limit = cap * len(staff) // 100
        per_day = {}
        for day in days:
            per_day[day] = sum(
                1
                for a in Assignment.objects.filter(day=day, mode__in=["WFA", "WFH"])
                if a.roster.unit_id == opd.pk
            )
        found[opd.pk] = {
            "headcount": len(staff),
            "limit": limit,
            "away": per_day,
            "violations": sum(1 for n in per_day.values() if n > limit),
        }
    return found
