"""Working days: weekends, Indonesian public holidays, cuti bersama, and local changes.

National days come from the ``holidays`` package (categories public and
government: the latter holds cuti bersama). BKPSDM's DayOff rows add local
days off or cancel a national cuti bersama for their agency.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils import translation
from django.utils.translation import gettext as _

from .models import DayOff

_WEEKEND = {5, 6}


def each_day(start: date, end: date) -> Iterator[date]:
    """Start to end inclusive. Never steps past ``end``: ``end`` may be ``date.max``."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


@lru_cache(maxsize=64)
def _national(year: int, language: str) -> dict[date, str]:
    calendar = holidays.Indonesia(
        years=[year], categories=("public", "government"), language=language
    )
    return dict(calendar.items())


def national_days_off(start: date, end: date) -> dict[date, str]:
    """National holidays and cuti bersama between start and end, named in the active language."""
    language = "id" if (translation.get_language() or "id").startswith("id") else "en_US"
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update(
            {day: name for day, name in _national(year, language).items() if start <= day <= end}
        )
    return found


def non_working_days(agency_id: int, start: date, end: date) -> dict[date, str]:
    """Every day between start and end that is not a working day, with the reason (one query)."""
    return non_working_days_of([agency_id], start, end)[agency_id]


def non_working_days_of(
    agency_ids: list[int], start: date, end: date
) -> dict[int, dict[date, str]]:
    """``non_working_days`` of each agency, by agency id (one query for them all)."""
    shared = national_days_off(start, end)
    for day in each_day(start, end):
        if day.weekday() in _WEEKEND:
            shared.setdefault(day, _("Sabtu") if day.weekday() == 5 else _("Minggu"))
    found = {pk: dict(shared) for pk in agency_ids}
    for local in DayOff.objects.filter(agency_id__in=agency_ids, day__range=(start, end)):
        closed = found[local.agency_id]
        if local.off:
            closed[local.day] = local.name
        elif local.day.weekday() not in _WEEKEND:
            closed.pop(local.day, None)
    return found
