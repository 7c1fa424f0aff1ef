"""What the URL and the query string may carry: ids, ISO weeks and dates, read in one place.

Registered once for every URLconf (``isoweek``, ``isodate``, ``id``); the API's
filters, the forms and the views read ids with ``parse_id`` and weeks with
``wfa_portal.isoweek``, so ``²``, ``٣`` (Arabic-Indic three) or a 5,000-digit
number is refused the same way everywhere instead of reaching ``int()`` or the
database.
"""

from __future__ import annotations

import re
from datetime import date

from django.urls import register_converter

from . import isoweek

# The largest id a BigAutoField holds: PostgreSQL's bigint.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """A database id (or a page number) from text: ASCII digits only, within bigint; else None.

    ``int()`` alone accepts ``٣`` and ``+3`` and refuses ``²`` with a ValueError, and a
    number past bigint's range only fails in the database.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def parse_day(value: object) -> date | None:
    """``yyyy-mm-dd`` (ASCII digits) -> a date, else None."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class IdConverter:
    """A row id in the path; anything past bigint is no match (404), never a database error."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class IsoWeekConverter:
    """``2025-W13`` in the path, the Monday of that ISO week in the view (no such week: 404)."""

    regex = isoweek.PATTERN

    def to_python(self, value: str) -> date:
        return isoweek.parse_week(value)  # InvalidWeek is a ValueError: no match

    def to_url(self, value: date | str) -> str:
        return isoweek.format_week(value) if isinstance(value, date) else value


class IsoDateConverter:
    """``2025-03-24`` in the path, a date in the view (an impossible date: 404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        day = parse_day(value)
        if day is None:
            raise ValueError(value)
        return day

    def to_url(self, value: date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


register_converter(IdConverter, "id")
register_converter(IsoWeekConverter, "isoweek")
register_converter(IsoDateConverter, "isodate")
