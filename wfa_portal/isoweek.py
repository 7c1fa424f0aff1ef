"""ISO weeks as the portal reads and writes them (``2025-W13``): one parser, one formatter.

Every page, the API and the URL converter go through here, so a week is valid
in one place only: four ASCII digits, ``-W``, two digits, a week that exists in
that ISO year, and a Monday and a Sunday that both lie inside the calendar
Python can hold (``date.min`` .. ``date.max``). ``0001-W01`` is the first week
and ``9999-W51`` the last: the Sunday of ``9999-W52`` would fall in year 10000.

The neighbours of a week are asked for with ``shift_week``, which answers None at the
edge of the calendar instead of overflowing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils.translation import gettext as _

PATTERN = r"[0-9]{4}-W[0-9]{2}"
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_SUNDAY = timedelta(days=6)


class InvalidWeek(ValueError):
    """A text that is no ISO week the portal can show; ``str()`` is the user's message."""


def parse_week(text: object) -> date:
    """``2025-W13`` -> the Monday of that week; anything else raises InvalidWeek."""
    found = _WEEK.fullmatch(str(text)) if isinstance(text, str) else None
    if found is None:
        raise InvalidWeek(_("Minggu harus berformat YYYY-Www, mis. 2025-W13."))
    year, week = int(found.group(1)), int(found.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
        monday + _SUNDAY  # noqa: B018 - the Sunday must exist too
    except (ValueError, OverflowError):
        raise InvalidWeek(
            _("Minggu %(week)s tidak ada di kalender.") % {"week": f"{year:04d}-W{week:02d}"}
        ) from None
    return monday


def format_week(day: date) -> str:
    """The ISO week of any day, ``0001-W01`` .. ``9999-W52``."""
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> list[date]:
    """Monday to Sunday of a week that ``parse_week`` accepted."""
    return [monday + timedelta(days=i) for i in range(7)]


def shift_week(monday: date, weeks: int) -> date | None:
    """The Monday ``weeks`` weeks away, or None when that week leaves the calendar."""
    try:
        other = monday + timedelta(weeks=weeks)
        other + _SUNDAY  # noqa: B018
    except OverflowError:
        return None
    return other
