"""Standing policy rows in, ``policy.standing`` values out (the engine decides nothing here)."""

from __future__ import annotations

from datetime import date

from policy import limits
from policy.standing import Shift, StandingRules, TimeRules

from .models import StandingPolicy


def standing_rules(policy: StandingPolicy, *, with_shifts: bool = False) -> StandingRules:
    """The policy as the engine reads it. ``limits`` (and ``shifts`` when asked) should be
    prefetched by the caller."""
    published = int(policy.published_at.timestamp()) if policy.published_at else 0
    return StandingRules(
        policy_id=policy.pk,
        number=policy.number,
        agency_id=policy.agency_id,
        start=policy.start,
        end=policy.end,
        weekdays=frozenset(policy.open_weekdays),
        weekly_limit=policy.weekly_limit,
        cap_percent=policy.cap_percent,
        limits=tuple(
            limits.Limit(limits.Shape(row.shape), row.value, weekdays=frozenset(row.weekdays))
            for row in policy.limits.all()
        ),
        eligible_job_types=frozenset(policy.eligible_job_types),
        excludes_sanctioned=policy.excludes_sanctioned,
        new_employee_months=policy.new_employee_months,
        published=published,
        time=TimeRules(
            earliest_start=policy.earliest_start,
            latest_start=policy.latest_start,
            shifts=tuple(shift_of(s) for s in policy.shifts.all()) if with_shifts else (),
            weekly_minutes=policy.weekly_minutes,
            ramadan_minutes=policy.ramadan_minutes,
        ),
    )


def shift_of(row) -> Shift:
    return Shift(row.start, row.end, row.break_minutes, row.name)


def day_hours(policy: StandingPolicy, start_time, shift_row=None) -> Shift:
    """One working day of an arrangement: its shift, or the adjusted start time with the
    day's length the weekly hours ask (a fifth of them, plus an hour's break)."""
    if shift_row is not None:
        return shift_of(shift_row)
    from datetime import datetime, timedelta

    start = start_time or policy.earliest_start
    length = timedelta(minutes=policy.weekly_minutes // 5 + 60)
    end = (datetime.combine(date.min, start) + length).time()
    return Shift(start, end, 60)
