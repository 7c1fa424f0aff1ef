"""What the employee's pages read: the week's days (where and when) and its hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.utils import translation

from circulars.governing import policies_for_opd
from organizations.models import Employee
from policy import standing as engine
from policy.values import Mode
from schedules.models import Assignment

from .models import Arrangement, Recall
from .rules import day_hours, standing_rules


@dataclass
class DayPlan:
    day: date
    working: bool
    mode: str  # WFO, WFA, WFH, CUTI, DL; "" on a day off
    start: time | None = None
    end: time | None = None
    reason: str = ""  # the day off's name
    recalled: bool = False


@dataclass
class WeekHours:
    days: list[DayPlan]
    planned: str
    required: str
    short: bool
    warnings: list[str] = field(default_factory=list)


def week_hours(employee: Employee, week_start: date) -> WeekHours | None:
    """The employee's week under their arrangement: each day's place and hours, the hours
    planned against the weekly hours (pro rata of the working days), and the engine's
    warnings. None without an arrangement that week. A fixed number of queries."""
    end = week_start + timedelta(days=6)
    arrangement = (
        Arrangement.objects.filter(employee=employee, eligible=True)
        .overlapping(week_start, end)
        .select_related("policy", "shift")
        .first()
    )
    if arrangement is None:
        return None
    policy = arrangement.policy
    opd = employee.unit.parent or employee.unit
    policies = policies_for_opd(opd, week_start, end)
    modes = dict(
        Assignment.objects.filter(employee=employee, day__range=(week_start, end)).values_list(
            "day", "mode"
        )
    )
    recalled = set(
        Recall.objects.filter(employee=employee, day__range=(week_start, end)).values_list(
            "day", flat=True
        )
    )
    hours = day_hours(policy, arrangement.start_time, arrangement.shift)
    days, pattern = [], {}
    for n in range(5):
        day = week_start + timedelta(days=n)
        p = policies[day]
        if not p.working_day:
            days.append(DayPlan(day, False, "", reason=p.non_working_reason))
            continue
        mode = modes.get(day, Mode.WFO)
        days.append(DayPlan(day, True, mode, hours.start, hours.end, recalled=day in recalled))
        if mode not in (Mode.LEAVE, Mode.TRAVEL):
            pattern[n] = hours
    working = sum(1 for d in days if d.working)
    ramadan = any(policy.in_ramadan(d.day) for d in days)
    rules = standing_rules(policy, with_shifts=True)
    required = engine.required_minutes(rules.time, ramadan=ramadan) * working // 5
    planned = engine.planned_minutes(pattern)
    language = translation.get_language() or "id"
    full = engine.check_hours(dict.fromkeys(range(5), hours), rules, ramadan=ramadan)
    return WeekHours(
        days=days,
        planned=engine.hours_text(planned),
        required=engine.hours_text(required),
        short=planned < required,
        warnings=[f.message(language) for f in full],
    )
