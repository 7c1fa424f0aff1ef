"""Builders for the attendance tests: a circular with a duty covering a day, days away."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from attendance.models import AttendanceDuty
from schedules.models import Assignment, Roster
from schedules.tests.support import publish_circular
from wfa_portal.isoweek import monday_of

# A Tuesday (8 April 2025: Pemkab Serang's WFA day) inside no holiday.
DAY = date(2025, 4, 8)


def duty_circular(agency, *, day: date = DAY, place: str = "anywhere", **fields):
    circular = publish_circular(
        agency, start=day - timedelta(days=1), end=day + timedelta(days=3), number=None
    )
    AttendanceDuty.objects.create(
        circular=circular,
        times=fields.pop("times", ["07:30", "16:00"]),
        tolerance_minutes=fields.pop("tolerance_minutes", 15),
        place=place,
        **fields,
    )
    return circular


def away(opd, employee, day: date = DAY, mode: str = "WFH") -> Assignment:
    """A stored day away (test state: the roster rules are the writer's tests' business)."""
    roster, _created = Roster.objects.get_or_create(
        unit=opd, week_start=monday_of(day), defaults={"status": Roster.Status.SUBMITTED}
    )
    return Assignment.objects.create(roster=roster, employee=employee, day=day, mode=mode)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
