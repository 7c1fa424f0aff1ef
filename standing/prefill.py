"""The weekly grid pre-filled from the standing arrangements: a proposal, never saved.

``week_proposal`` is what the grid asks on a week nobody has filled yet: every
employee with a current arrangement is proposed away on their usual weekdays
that the standing policy governs (an event circular over it replaces it on its
dates, so nothing is proposed there), except a day they were recalled. The cells
are judged by the rules like any edit (``schedules.roster.services.check_week``), shown
with the planner's "filled in, not saved" marks, and saved only by the head's
"Simpan jadwal" through ``save_week`` and the one writer.

``weekly_limit_exempt`` tells the rules who is free of the weekly limit
(duties outside the office, keadaan khusus) on the standing days checked.
"""

from __future__ import annotations

from datetime import date, timedelta

from organizations.models import Unit
from policy.layers import standing_pk
from policy.values import DayPolicy, Mode

from .models import Arrangement, Place, Recall


def arrangement_cells(
    opd: Unit, week_start: date, policies: dict[date, DayPolicy], employee_ids: set[int]
) -> dict[tuple[int, date], Mode]:
    """(employee, day) -> the mode of the arrangements on the week's standing days (two
    queries; none when no standing policy governs a day of the week)."""
    days = [d for d, p in policies.items() if p.is_open() and standing_pk(p.circular_id)]
    if not days or not employee_ids:
        return {}
    end = week_start + timedelta(days=6)
    rows = (
        Arrangement.objects.filter(employee_id__in=employee_ids, eligible=True)
        .overlapping(week_start, end)
        .values_list("employee_id", "weekdays", "place", "start", "end")
    )
    recalled = set(
        Recall.objects.filter(
            employee_id__in=employee_ids, day__range=(week_start, end)
        ).values_list("employee_id", "day")
    )
    cells = {}
    for emp, weekdays, place, start, stop in rows:
        mode = Mode.WFH if place == Place.HOME else Mode.WFA
        for day in days:
            inside = start <= day and (stop is None or day <= stop)
            if inside and day.weekday() in weekdays and (emp, day) not in recalled:
                allowed = policies[day].modes_allowed()
                cells[(emp, day)] = mode if mode in allowed else Mode.WFA
    return cells


def week_proposal(check):
    """The grid's proposal from the arrangements (a ``schedules.roster.autofill.Proposal``),
    or None.

    Only for an editable week with nothing stored yet: once the head saved the
    week, the grid shows what they saved."""
    from schedules.roster.autofill import Proposal
    from schedules.roster.services import check_week

    if check.current or (check.roster is not None and not check.roster.is_editable):
        return None
    ids = {e.pk for e in check.employees}
    cells = arrangement_cells(check.opd, check.week_start, check.policies, ids)
    if not cells:
        return None
    after = check_week(opd=check.opd, week_start=check.week_start, cells=cells)
    return Proposal(check=after, proposed=frozenset(cells), targets={})


def recalled_days(employee_ids: list[int], policies) -> dict[int, frozenset[date]]:
    """The days each of the employees was recalled to the office over the period of
    ``policies`` (one query, none without a standing day: recalls are of standing
    flexible work). The rules then bar those days (``Code.RECALLED``)."""
    days = [p.day for p in policies]
    if not employee_ids or not any(standing_pk(p.circular_id) for p in policies):
        return {}
    found: dict[int, set[date]] = {}
    rows = Recall.objects.filter(
        employee_id__in=employee_ids, day__range=(min(days), max(days))
    ).values_list("employee_id", "day")
    for employee_id, day in rows:
        found.setdefault(employee_id, set()).add(day)
    return {emp: frozenset(d) for emp, d in found.items()}


def weekly_limit_exempt(employee_ids: list[int], policies) -> set[int]:
    """Who of the employees has an arrangement whose weekly limit does not bind (duties
    outside the office, keadaan khusus) over the standing days of ``policies`` (one query,
    none without a standing day)."""
    days = [p.day for p in policies if standing_pk(p.circular_id)]
    if not days or not employee_ids:
        return set()
    return set(
        Arrangement.objects.filter(employee_id__in=employee_ids, eligible=True)
        .exclude(weekly_exception="")
        .overlapping(min(days), max(days))
        .values_list("employee_id", flat=True)
    )
