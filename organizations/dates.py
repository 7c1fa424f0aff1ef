"""The portal's one way of writing a date for people: ``1 Desember 2026`` (``1 December 2026``).

Pages, notifications, PDFs and the human text of exports all write dates through
these helpers (templates through the ``long_date`` and ``long_day`` filters), in
the active language. Machine formats (ISO dates in URLs, CSV cells, the API) are
not for people and stay as they are.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

LONG_DATE = "j F Y"  # 1 Desember 2026
LONG_DAY = "l, j F Y"  # Selasa, 1 Desember 2026


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date(value: date | datetime | None) -> str:
    """ "1 Desember 2026" in the active language; "" for no date."""
    return date_format(_as_date(value), LONG_DATE) if value else ""


def long_day(value: date | datetime | None) -> str:
    """ "Selasa, 1 Desember 2026" in the active language; "" for no date."""
    return date_format(_as_date(value), LONG_DAY) if value else ""


def long_datetime(value: datetime | None) -> str:
    """ "1 Desember 2026 14.05" (local time): a date as ``long_date``, then the time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{long_date(local)} {local:%H.%M}"
