"""Attendance findings per OPD over a period, split before and after a pivot day: what the
before/after comparison of standing flexible work (Permen PANRB 4/2025) counts.

- late, early, outside the radius, suspicious: the check-ins whose stored findings
  (``CheckIn.findings``, codes of ``policy.attendance.Finding``) say so, counted by the
  OPD the employee works in now;
- missing: the times of a circular's attendance duty that passed without a check-in on
  a day away (as the head's screen and the evidence export judge them), counted by the
  OPD whose roster holds the day away.

A fixed number of queries whatever the number of OPDs, staff, days or check-ins: one
for the stored findings; for the missing times, the governing circulars of the period
(``circulars.governing.load``), their duties, and, only when some day has a duty, the
days away on those days and their check-ins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, time

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractHour, ExtractMinute
from django.utils import timezone

from circulars import governing
from circulars.calendar import each_day
from organizations.models import Agency, Unit
from policy import attendance as rules
from policy.values import AWAY_MODES
from schedules.models import Assignment

from .models import AttendanceDuty, CheckIn

# The stored findings counted, by the name of their figure.
CODES = {
    "late": rules.Finding.LATE,
    "early": rules.Finding.EARLY,
    "outside": rules.Finding.OUTSIDE,
}
AWAY = [m.value for m in AWAY_MODES]


@dataclass
class Findings:
    late: int = 0
    early: int = 0
    outside: int = 0
    missing: int = 0
    suspicious: int = 0

    def counts(self) -> list[int]:
        return [getattr(self, f.name) for f in fields(self)]


@dataclass
class Halves:
    before: Findings
    after: Findings

    def pairs(self) -> list[tuple[int, int]]:
        """(before, after) of each finding, in the order of ``Findings``."""
        return list(zip(self.before.counts(), self.after.counts(), strict=True))

    def half(self, day: date, pivot: date) -> Findings:
        return self.before if day < pivot else self.after


def findings_by_opd(
    agency: Agency, start: date, end: date, pivot: date, *, opds: list[Unit] | None = None
) -> dict[int, Halves]:
    """OPD id -> the findings before ``pivot`` and from it on, over ``start``..``end``
    (``opds``: the agency's OPDs when the caller has loaded them already)."""
    if opds is None:
        opds = list(Unit.objects.opds().filter(agency=agency))
    found = {o.pk: Halves(Findings(), Findings()) for o in opds}
    _add_stored(agency, start, end, pivot, found)
    _add_missing(agency, opds, start, end, pivot, found)
    return found


def _add_stored(
    agency: Agency, start: date, end: date, pivot: date, found: dict[int, Halves]
) -> None:
    rows = CheckIn.objects.filter(employee__unit__agency=agency, day__range=(start, end))
    rows = rows.annotate(opd=Coalesce("employee__unit__parent_id", "employee__unit_id"))
    if connection.vendor != "postgresql":  # no JSON containment: count in Python (dev only)
        _add_stored_in_python(rows, pivot, found)
        return
    counts = {}
    for side, when in (("before", Q(day__lt=pivot)), ("after", Q(day__gte=pivot))):
        for name, code in CODES.items():
            counts[f"{side}_{name}"] = Count("pk", filter=when & Q(findings__contains=[code]))
        counts[f"{side}_suspicious"] = Count("pk", filter=when & Q(suspicious=True))
    for row in rows.values("opd").annotate(**counts).order_by():
        halves = found.get(row["opd"])
        if halves is None:
            continue
        for side in ("before", "after"):
            target = getattr(halves, side)
            for name in (*CODES, "suspicious"):
                setattr(target, name, row[f"{side}_{name}"])


def _add_stored_in_python(rows, pivot: date, found: dict[int, Halves]) -> None:
    flagged = rows.filter(Q(suspicious=True) | ~Q(findings=[]))
    for opd, day, codes, suspicious in flagged.values_list("opd", "day", "findings", "suspicious"):
        if opd not in found:
            continue
        target = found[opd].half(day, pivot)
        for name, code in CODES.items():
            if code.value in codes:
                setattr(target, name, getattr(target, name) + 1)
        target.suspicious += bool(suspicious)


def _duty_days(
    agency: Agency, opds: list[Unit], start: date, end: date
) -> dict[tuple[int, date], rules.Duty]:
    """(OPD, day) -> the attendance duty of the circular governing that day, if any. Only
    the days inside the windows of a circular stating a duty are resolved."""
    loaded = governing.load(agency, start, end)
    if not loaded.circulars:
        return {}
    duties = {
        d.circular_id: d.as_rule()
        for d in AttendanceDuty.objects.filter(circular_id__in=list(loaded.circulars))
        if d.times
    }
    days = sorted(
        {
            day
            for circular_id in duties
            for w in loaded.circulars[circular_id].windows.all()
            for day in each_day(max(w.start, start), min(w.end, end))
        }
    )
    found = {}
    for opd in opds:
        for day in days:
            policy = loaded.policy(opd, day)
            applied = policy.circular_ids or ((policy.circular_id,) if policy.circular_id else ())
            duty = next((duties[c] for c in applied if c in duties), None)
            if duty is not None:
                found[(opd.pk, day)] = duty
    return found


def _add_missing(
    agency: Agency,
    opds: list[Unit],
    start: date,
    end: date,
    pivot: date,
    found: dict[int, Halves],
) -> None:
    today = timezone.localdate()
    end = min(end, today)
    if end < start:
        return
    duty_days = _duty_days(agency, opds, start, end)
    if not duty_days:
        return
    days = sorted({day for _opd, day in duty_days})
    away = {
        (employee, day): opd
        for opd, employee, day in Assignment.objects.filter(
            roster__unit__agency=agency, day__in=days, mode__in=AWAY
        )
        .values_list("roster__unit_id", "employee_id", "day")
        .iterator()
        if (opd, day) in duty_days and opd in found
    }
    checked: dict[tuple[int, date], list[time]] = defaultdict(list)
    # The wall-clock hour and minute, in the portal's time zone, as the database reads them.
    for employee, day, hour, minute in (
        CheckIn.objects.filter(employee__unit__agency=agency, day__in=days)
        .values_list("employee_id", "day", ExtractHour("at"), ExtractMinute("at"))
        .iterator()
    ):
        if (employee, day) in away:
            checked[(employee, day)].append(time(hour, minute))
    now = timezone.localtime().time()
    for (employee, day), opd in away.items():
        missed = rules.missing_times(
            duty_days[(opd, day)], checked.get((employee, day), ()), now if day == today else None
        )
        if missed:
            found[opd].half(day, pivot).missing += len(missed)
