"""What a circular means, in words and figures, for the pages that show it.

Reads only: a plain-language summary, the windows on month calendars, and the
daily limit of every OPD of the issuing agency, in a constant number of queries.
The figures come from ``circulars.governing`` so the pages and the rosters agree.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations.dates import long_date
from organizations.models import Employee, RoleTag, ServiceCategory, Unit

from . import governing
from .calendar import non_working_days
from .models import Circular, Limit


def date_range_label(start: date, end: date) -> str:
    """ "24–27 Maret 2025", "28 Agustus – 28 September 2023", "8 April 2025"."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def plain_summary(
    circular: Any, windows: list[tuple[date, date]], exempt_unit_names: list[str]
) -> str:
    """E.g. "WFA 24–27 Maret 2025, paling banyak 50% pegawai per OPD per hari;
    dikecualikan: layanan Kesehatan, Bendahara"."""
    when = ", ".join(date_range_label(s, e) for s, e in sorted(windows)) or _("(belum ada masa)")
    text = _("%(arrangement)s %(when)s, paling banyak %(cap)s%% pegawai per OPD per hari") % {
        "arrangement": circular.arrangement,
        "when": when,
        "cap": circular.cap_percent,
    }
    if circular.weekly_limit:
        text += _(", paling banyak %(n)s hari per pegawai per minggu") % {
            "n": circular.weekly_limit
        }
    exempt = [
        _("layanan %(category)s") % {"category": ServiceCategory(c).label}
        for c in circular.exempt_categories
    ]
    exempt += [str(RoleTag(r).label) for r in circular.exempt_roles]
    exempt += exempt_unit_names
    if exempt:
        text += _("; dikecualikan: %(list)s") % {"list": ", ".join(exempt)}
    return text


# --- Month calendars --------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    in_window: bool
    closed_reason: str


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[CalendarDay]]

    @property
    def label(self) -> str:
        return date_format(self.first, "F Y")


MAX_MONTHS = 6


def month_calendars(agency_id: int, windows: list[tuple[date, date]]) -> list[Month]:
    """The months the windows touch (at most six), each a table of weeks (one query)."""
    if not windows:
        return []
    start = min(s for s, _e in windows)
    end = max(e for _s, e in windows)
    months: list[date] = []
    cursor = start.replace(day=1)
    while cursor <= end and len(months) < MAX_MONTHS:
        months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    grid = pycalendar.Calendar(firstweekday=0)
    all_weeks = {m: grid.monthdatescalendar(m.year, m.month) for m in months}
    first_shown = all_weeks[months[0]][0][0]
    last_shown = all_weeks[months[-1]][-1][-1]
    closed = non_working_days(agency_id, first_shown, last_shown)
    return [
        Month(
            first=m,
            weeks=[
                [
                    CalendarDay(
                        day=d,
                        in_month=d.month == m.month,
                        in_window=any(s <= d <= e for s, e in windows),
                        closed_reason=closed.get(d, ""),
                    )
                    for d in week
                ]
                for week in all_weeks[m]
            ],
        )
        for m in months
    ]


# --- Daily limits per OPD ---------------------------------------------------------


@dataclass(frozen=True)
class OpdLimit:
    opd: Unit
    headcount: int
    cap_percent: int
    daily_limit: int
    exempt_reason: str

    @property
    def exempt(self) -> bool:
        return bool(self.exempt_reason)


class _Rows:
    """A stand-in for a related manager: governing reads ``.all()`` only."""

    def __init__(self, rows: list) -> None:
        self._rows = rows

    def all(self) -> list:
        return self._rows


@dataclass
class UnsavedTerms:
    """The rules typed in a form, shaped like a Circular for ``governing``."""

    number: str
    cap_percent: int
    exempt_categories: list[str]
    exempt_units: _Rows
    limits: _Rows
    pk: int = 0  # not saved yet
    arrangement: str = "WFA"
    exempt_roles: list[str] = field(default_factory=list)
    weekly_limit: int | None = None

    @classmethod
    def of(
        cls,
        *,
        number: str,
        cap_percent: int,
        exempt_categories: list[str],
        exempt_units: list,
        limits: list,
    ) -> UnsavedTerms:
        """Typed terms from plain lists (the preview of a form not yet saved)."""
        return cls(
            number=number,
            cap_percent=cap_percent,
            exempt_categories=exempt_categories,
            exempt_units=_Rows(exempt_units),
            limits=_Rows(limits),
        )


def opd_limits(circular: Any, agency_id: int) -> list[OpdLimit]:
    """Each OPD of the agency under the circular: headcount, cap, limit, exemption.

    Four queries whatever the number of OPDs and staff (circular rows must be
    prefetched or be an UnsavedTerms).
    """
    opds = list(Unit.objects.opds().filter(agency_id=agency_id).order_by("name"))
    headcount = Employee.objects.headcount_by_opd([opd.pk for opd in opds])
    rows = []
    for opd in opds:
        policy = governing.circular_policy(circular, opd)
        count = headcount.get(opd.pk, 0)
        rows.append(
            OpdLimit(
                opd=opd,
                headcount=count,
                cap_percent=policy.unit_cap_percent(),
                daily_limit=policy.limit_for(count) or 0,
                exempt_reason=policy.unit_exempt_reason,
            )
        )
    return rows


def with_rules(queryset):
    """Prefetch what the summary and the limits read from a circular."""
    return queryset.prefetch_related(
        "windows",
        Prefetch("limits", queryset=Limit.objects.select_related("unit", "region")),
        Prefetch("exempt_units", queryset=Unit.objects.only("pk", "short_name", "name")),
    )


def describe(circular: Circular) -> str:
    windows = [(w.start, w.end) for w in circular.windows.all()]
    names = [u.short_name for u in circular.exempt_units.all()]
    text = plain_summary(circular, windows, names)
    others = [str(limit) for limit in circular.limits.all()]
    if others:
        text += _("; batas lain: %(list)s") % {"list": "; ".join(others)}
    return text
