"""An employee's days away as an iCalendar (RFC 5545) document.

All-day events (``DTSTART;VALUE=DATE``) in Asia/Jakarta; the UID is stable per
assignment (employee and day), so a calendar that re-reads the feed updates
events instead of duplicating them.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from organizations.models import Employee

from ..models import ModeChoices

UID_DOMAIN = "wfa-portal"


def assignment_uid(employee_id: int, day: date) -> str:
    return f"wfa-{employee_id}-{day.isoformat()}@{UID_DOMAIN}"


def one_line(text: str) -> str:
    """Text for a content line: control characters (CR, LF, tab, NUL ...) become spaces.

    A name typed or imported with a line break would otherwise end the content line
    early (icalendar refuses LF and passes a lone CR through), breaking the feed.
    """
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def build_calendar(employee: Employee, days: list[tuple[int, date, str]]) -> bytes:
    """``days`` are (assignment id, day, mode) rows, as ``away_assignments`` reads them."""
    cal = Calendar()
    cal.add("prodid", "-//Portal WFA//Jadwal pegawai//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Jadwal kerja %(name)s") % {"name": one_line(employee.name)})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()  # aware, UTC: written as ...Z
    for _pk, day, mode in days:
        event = Event()
        event.add("uid", assignment_uid(employee.pk, day))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", str(ModeChoices(mode).label))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
