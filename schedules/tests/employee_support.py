"""Builders for the employee tests: a circular over the coming days, rostered days away."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from circulars.calendar import non_working_days
from policy.values import Mode
from schedules.models import Roster
from schedules.roster.services import save_week
from wfa_portal.isoweek import monday_of

from .support import add_staff, publish_circular


def today() -> date:
    return timezone.localdate()


def coming_working_days(agency, count: int, *, start: date | None = None) -> list[date]:
    """The next ``count`` working days strictly after today (or from ``start``)."""
    day = start or today() + timedelta(days=1)
    closed = non_working_days(agency.pk, day, day + timedelta(days=count * 3 + 20))
    found = []
    while len(found) < count:
        if day not in closed:
            found.append(day)
        day += timedelta(days=1)
    return found


def coming_circular(agency, *, days: int = 60, **kwargs):
    """A published circular whose window runs from today for ``days`` days."""
    kwargs.setdefault("number", "800/SAYA/2026")
    return publish_circular(agency, start=today(), end=today() + timedelta(days=days), **kwargs)


def staff_opd(world, extra: int = 3):
    """world.opd with colleague, employee and ``extra`` more: cap 50% allows 2 of 5 away."""
    world.extra = add_staff(world.opd, extra, prefix="Tambahan")
    return world


def roster_away(opd, employee, days, *, actor, mode=Mode.WFA, status=Roster.Status.SUBMITTED):
    """Put the employee away on ``days`` through save_week, then set the weeks' status."""
    by_week: dict[date, dict] = {}
    for day in days:
        by_week.setdefault(monday_of(day), {})[(employee.pk, day)] = mode
    for week, cells in by_week.items():
        # Reopen the week if an earlier call submitted it: the helper builds state.
        Roster.objects.filter(unit=opd, week_start=week).update(status=Roster.Status.DRAFT)
        result = save_week(opd=opd, week_start=week, cells=cells, actor=actor)
        assert result.saved, [v.message_id for v in result.errors]
        Roster.objects.filter(unit=opd, week_start=week).update(status=status)
