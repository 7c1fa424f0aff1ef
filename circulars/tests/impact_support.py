"""A future week with stored rosters, for the impact and apply tests.

The impact only counts days from today on, so the week is chosen in the future:
the first week at least three weeks ahead whose Monday to Thursday are working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from circulars.calendar import non_working_days
from circulars.models import Circular, Window
from organizations.models import Agency, Employee, Unit
from schedules.models import Assignment, DayCounter, Roster
from schedules.tests.support import add_staff
from wfa_portal.isoweek import monday_of


def future_week(agency: Agency) -> date:
    monday = monday_of(timezone.localdate()) + timedelta(weeks=3)
    while True:
        closed = non_working_days(agency.pk, monday, monday + timedelta(days=3))
        if not closed:
            return monday
        monday += timedelta(weeks=1)


def published(agency: Agency, number: str, start: date, end: date, **fields) -> Circular:
    circular = Circular.objects.create(
        agency=agency,
        number=number,
        title=f"Uji {number}",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=fields.pop("cap_percent", 50),
        **fields,
    )
    Window.objects.create(circular=circular, start=start, end=end)
    return circular


def store_week(
    opd: Unit, monday: date, away: dict[Employee, list[date]], status: str = "submitted"
) -> Roster:
    """A stored week (as the writer leaves it: rows and recounted counters)."""
    roster = Roster.objects.create(unit=opd, week_start=monday, status=status)
    rows = [
        Assignment(roster=roster, employee=e, day=d, mode="WFA") for e, days in away.items()
        for d in days
    ]  # fmt: skip
    Assignment.objects.bulk_create(rows)
    counts: dict[date, int] = {}
    for row in rows:
        counts[row.day] = counts.get(row.day, 0) + 1
    DayCounter.objects.bulk_create([DayCounter(unit=opd, day=d, away=n) for d, n in counts.items()])
    return roster


@dataclass
class Scene:
    """An OPD of four (one struktural, one a treasurer), a circular at 50% over a
    future week, and the week submitted with two away on Monday and one on Tuesday."""

    monday: date
    circular: Circular
    opd: Unit
    staff: list[Employee]
    roster: Roster

    @property
    def tuesday(self) -> date:
        return self.monday + timedelta(days=1)


def make_scene(world, *, status: str = "submitted", staff: int = 4) -> Scene:
    monday = future_week(world.agency)
    circular = published(world.agency, "800/1/2026", monday, monday + timedelta(days=3))
    people = add_staff(world.other_opd, staff, prefix="Staf", job_type="pelaksana")
    people[0].job_type = "struktural"
    people[0].save(update_fields=["job_type"])
    people[1].role_tags = ["treasurer"]
    people[1].save(update_fields=["role_tags"])
    roster = store_week(
        world.other_opd,
        monday,
        {people[0]: [monday], people[1]: [monday + timedelta(days=1)], people[2]: [monday]},
        status=status,
    )
    return Scene(monday, circular, world.other_opd, people, roster)
