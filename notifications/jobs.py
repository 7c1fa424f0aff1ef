"""Scheduled reminders (Celery beat): roster deadlines, tomorrow's place of work,
and BKPSDM's morning summary of missing rosters.

Each job takes ``today`` so tests can run any day; each is idempotent per day
through its event keys, so a beat that fires twice sends nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from circulars.calendar import national_days_off
from circulars.governing import circular_policy, reached_agency_ids
from circulars.models import Circular
from organizations.models import Unit
from policy.values import AWAY_MODES
from schedules.models import Assignment, AssignmentChange, Roster

from . import events

DONE = (Roster.Status.SUBMITTED, Roster.Status.ACCEPTED)


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def next_working_day(today: date) -> date:
    """The next day that is neither a weekend nor a national day off."""
    closed = national_days_off(today, today + timedelta(days=21))
    day = today + timedelta(days=1)
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def opds_to_roster(start: date, end: date) -> dict[int, Unit]:
    """OPDs that a published circular asks to roster between start and end: those
    its policy lets send someone away (a frontline OPD is not asked), in every
    agency it reaches (``circulars.governing.reached_agency_ids``: a ministry's
    circular reaches the regional governments it addresses). A fixed number of
    queries whatever the number of circulars and agencies."""
    circulars = list(
        Circular.objects.published()
        .overlapping(start, end)
        .select_related("agency")
        .prefetch_related("exempt_units", "limits")
    )
    reached = reached_agency_ids(circulars)
    agency_ids = {pk for ids in reached.values() for pk in ids}
    by_agency: dict[int, list[Unit]] = defaultdict(list)
    for opd in Unit.objects.opds().filter(agency_id__in=agency_ids).order_by("name", "pk"):
        by_agency[opd.agency_id].append(opd)
    opds: dict[int, Unit] = {}
    for circular in circulars:
        for agency_id in reached[circular.pk]:
            for opd in by_agency[agency_id]:
                if opd.pk not in opds and circular_policy(circular, opd).modes_allowed():
                    opds[opd.pk] = opd
    return opds


def missing_rosters(opds: dict[int, Unit], week_start: date) -> list[Unit]:
    done = set(
        Roster.objects.filter(unit_id__in=opds, week_start=week_start, status__in=DONE).values_list(
            "unit_id", flat=True
        )
    )
    return sorted((o for pk, o in opds.items() if pk not in done), key=lambda o: o.name)


def remind_roster_deadlines(today: date) -> int:
    """On the two working days before a week that a circular covers (Thursday and
    Friday, or the eve of the circular's roster deadline), remind the heads and
    operators of OPDs whose roster for that week is not submitted yet."""
    week_start = next_monday(today)
    deadline_eve = Circular.objects.published().filter(
        roster_deadline__in=[today, today + timedelta(days=1)]
    )
    if today.weekday() not in (3, 4) and not deadline_eve.exists():
        return 0
    opds = opds_to_roster(week_start, week_start + timedelta(days=6))
    sent = 0
    for opd in missing_rosters(opds, week_start):
        sent += events.roster_deadline_reminder(opd, week_start, today)
    return sent


def notify_tomorrow(today: date) -> int:
    """The evening before: tell each employee away on the next working day, and each
    whose day there changed in the last day (back to the office, say)."""
    day = next_working_day(today)
    by_mode: dict[str, set[int]] = defaultdict(set)
    away = Assignment.objects.filter(
        day=day,
        mode__in=[m.value for m in AWAY_MODES],
        roster__status__in=DONE,
        employee__active=True,
        employee__user__is_active=True,
    ).values_list("mode", "employee__user_id")
    for mode, user_id in away:
        by_mode[mode].add(user_id)
    changed_to_office = AssignmentChange.objects.filter(
        day=day,
        new_mode="WFO",
        changed_at__date__gte=today - timedelta(days=1),
        employee__user__is_active=True,
    ).values_list("employee__user_id", flat=True)
    by_mode["WFO"].update(set(changed_to_office) - set().union(*by_mode.values()))
    return sum(
        events.tomorrow(day, mode, user_ids) for mode, user_ids in by_mode.items() if user_ids
    )


def summarize_missing_rosters(today: date) -> int:
    """Each morning a window is open: BKPSDM hears which of its OPDs have no roster
    submitted for the current week."""
    week_start = today - timedelta(days=today.weekday())
    if today.weekday() >= 5:
        return 0
    missing = missing_rosters(opds_to_roster(today, today), week_start)
    per_agency: dict[int, list[Unit]] = defaultdict(list)
    for opd in missing:
        per_agency[opd.agency_id].append(opd)
    return sum(
        events.missing_rosters_summary(agency_id, opds, today)
        for agency_id, opds in per_agency.items()
    )


__all__ = [
    "next_working_day",
    "notify_tomorrow",
    "remind_roster_deadlines",
    "summarize_missing_rosters",
]
