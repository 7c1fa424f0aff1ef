"""The standing flexible-work regime (Permen PANRB 4/2025), as pure functions.

Pure Python. An agency's standing policy runs all year: days away only on the
weekdays it opens, at most ``weekly_limit`` of them per employee and week
(unless the employee's duties are outside the office or they are in a special
situation, *keadaan khusus*), a cap per weekday in any shape of
``policy.limits``, and flexible time: an adjusted start inside an allowed
window, or shifts, as long as the week's hours are met (37.5 hours; 32.5 in
Ramadan).

``term`` turns the policy into a ``policy.layers.Term`` of the STANDING layer
(the days themselves are resolved there with every other layer). The rest
checks what the unit head decides for one employee, each finding with a
stable code (``values.Code``) and its message in Indonesian and English
(``texts.STANDING_TEXTS``):

- ``check_days``: WEEKDAY_CLOSED for a usual day away the policy keeps
  closed; WEEKLY_LIMIT when the usual days away pass the weekly limit and no
  exception applies.
- ``check_hours``: START_OUTSIDE_WINDOW for a start time outside the window,
  UNKNOWN_SHIFT for a shift the policy does not define, HOURS_SHORT when the
  pattern cannot reach the weekly hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from policy.layers import Layer, Term, standing_term_id
from policy.limits import Limit
from policy.texts import STANDING_TEXTS, standing_names, weekday_names
from policy.values import Code, Mode

__all__ = [
    "Finding",
    "Shift",
    "StandingRules",
    "TimeRules",
    "WeeklyException",
    "check_days",
    "check_hours",
    "hours_text",
    "planned_minutes",
    "required_minutes",
    "term",
]

WEEK_MINUTES = 37 * 60 + 30  # 37.5 hours from 07:30
RAMADAN_MINUTES = 32 * 60 + 30  # 32.5 hours from 08:00 (Perpres 21/2023)


class WeeklyException(StrEnum):
    """Why the weekly limit does not bind an employee."""

    NONE = ""
    OUTSIDE_DUTIES = "outside_duties"  # duties carried out outside the office
    SPECIAL = "special"  # keadaan khusus


@dataclass(frozen=True, slots=True)
class Shift:
    """A working day's hours: start, end and the break taken (minutes)."""

    start: time
    end: time
    break_minutes: int = 60
    name: str = ""

    @property
    def minutes(self) -> int:
        span = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        return max(0, span - self.break_minutes)


@dataclass(frozen=True, slots=True)
class TimeRules:
    """Flexible time: the window a start may fall in, the shifts, the hours to meet."""

    earliest_start: time | None = None
    latest_start: time | None = None
    shifts: tuple[Shift, ...] = ()
    weekly_minutes: int = WEEK_MINUTES
    ramadan_minutes: int = RAMADAN_MINUTES


@dataclass(frozen=True, slots=True)
class StandingRules:
    """An agency's standing policy as the engine reads it."""

    policy_id: int
    number: str
    agency_id: int
    start: date
    end: date | None = None
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    weekly_limit: int = 2
    cap_percent: int = 100
    limits: tuple[Limit, ...] = ()  # a limit's weekdays scope it to those days
    arrangement: Mode | None = None
    eligible_job_types: frozenset[str] = frozenset()
    excludes_sanctioned: bool = True
    new_employee_months: int | None = None
    exempt_roles: frozenset[str] = frozenset()
    published: int = 0
    time: TimeRules = TimeRules()


@dataclass(frozen=True, slots=True)
class Finding:
    code: Code
    message_id: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_id


def _finding(code: Code, **fields: object) -> Finding:
    text_id, text_en = STANDING_TEXTS[code]
    return Finding(code, text_id.format(**fields), text_en.format(**fields))


def term(rules: StandingRules) -> Term:
    """The policy as a term of the STANDING layer (``policy.layers``)."""
    return Term(
        circular_id=standing_term_id(rules.policy_id),
        number=rules.number,
        layer=Layer.STANDING,
        agency_id=rules.agency_id,
        windows=((rules.start, rules.end or date.max),),
        arrangement=rules.arrangement,
        cap_percent=rules.cap_percent,
        limits=rules.limits,
        exempt_roles=rules.exempt_roles,
        weekly_limit=rules.weekly_limit,
        eligible_job_types=rules.eligible_job_types,
        excludes_sanctioned=rules.excludes_sanctioned,
        new_employee_months=rules.new_employee_months,
        published=rules.published,
        weekdays=rules.weekdays,
    )


def check_days(
    weekdays: Iterable[int],
    rules: StandingRules,
    exception: WeeklyException = WeeklyException.NONE,
) -> list[Finding]:
    """What is wrong with an arrangement's usual days away (weekday numbers)."""
    days = sorted(set(weekdays))
    names = standing_names(rules.number)
    found = [
        _finding(Code.WEEKDAY_CLOSED, **names, **weekday_names(day))
        for day in days
        if day not in rules.weekdays
    ]
    if not exception and len(days) > rules.weekly_limit:
        found.append(
            _finding(Code.WEEKLY_LIMIT, **names, requested=len(days), allowed=rules.weekly_limit)
        )
    return found


def required_minutes(rules: TimeRules, *, ramadan: bool = False) -> int:
    return rules.ramadan_minutes if ramadan else rules.weekly_minutes


def planned_minutes(pattern: Mapping[int, Shift]) -> int:
    """The minutes a week's pattern (weekday -> the day's hours) plans."""
    return sum(shift.minutes for shift in pattern.values())


def hours_text(minutes: int) -> str:
    """37.5, 32.5, 40 (hours, as the regulation writes them)."""
    hours = minutes / 60
    return f"{hours:g}" if hours == int(hours) else f"{hours:.1f}".rstrip("0")


def check_hours(
    pattern: Mapping[int, Shift],
    rules: StandingRules,
    *,
    ramadan: bool = False,
) -> list[Finding]:
    """Whether a week's pattern of hours keeps the policy's flexible-time rules.

    A day whose ``Shift`` carries a name must be one of the policy's shifts; a
    day without a name is an adjusted start time and must fall in the window.
    """
    t, names = rules.time, standing_names(rules.number)
    found: list[Finding] = []
    shifts = {s.name for s in t.shifts}
    for day in sorted(pattern):
        shift = pattern[day]
        if shift.name:
            if shift.name not in shifts:
                found.append(_finding(Code.UNKNOWN_SHIFT, **names, shift=shift.name))
            continue
        early, late = t.earliest_start, t.latest_start
        if (early and shift.start < early) or (late and shift.start > late):
            found.append(
                _finding(
                    Code.START_OUTSIDE_WINDOW,
                    start=shift.start.strftime("%H:%M"),
                    earliest=early.strftime("%H:%M") if early else "00:00",
                    latest=late.strftime("%H:%M") if late else "23:59",
                    **weekday_names(day),
                )
            )
    planned, required = planned_minutes(pattern), required_minutes(t, ramadan=ramadan)
    if planned < required:
        found.append(
            _finding(
                Code.HOURS_SHORT,
                planned=hours_text(planned),
                required=hours_text(required),
                ramadan_id=" pada bulan Ramadan" if ramadan else "",
                ramadan_en=" in Ramadan" if ramadan else "",
            )
        )
    return found
