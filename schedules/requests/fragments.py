"""The body of "Jadwal saya" rendered once per employee, month and day, and kept in the
shared cache until something it shows changes (#18).

The fragment shows the employee and their OPD (access version), the rules and
circulars that govern the days (policy version), the employee's visible days
away (their OPD's days version: every write of assignments, every change of a
week's status), their requests and acknowledgements (their own version), and
today's attendance duty (duties version) and their calendar address (their own
version); "today", the language and the request's origin (the feed address's
scheme and host) are in the key. Only the months around this one are kept
(``KEPT_MONTHS``). The CSRF tokens, the messages and the navigation stay outside it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import translation

from circulars.governing import POLICY_VERSION_KEY
from organizations.access import ACCESS_VERSION_KEY
from organizations.models import Employee
from wfa_portal.fragments import render_fragment
from wfa_portal.soft_cache import in_service_transaction, versioned_by

from .. import versions
from . import selectors as sel
from . import services as svc

UPCOMING_DAYS = 7
MY_DAYS_SECONDS = 60 * 60
# Kept: the months around this one; any other month is rendered afresh, so no guessing
# of addresses fills the cache.
KEPT_MONTHS = 12


def my_days(employee: Employee, year: int, month: int, origin: str) -> str:
    """The body's HTML, with CSRF placeholders; ``origin`` (scheme and host of the
    request) begins the calendar feed's address."""
    now = sel.today()

    def render() -> str:
        return _render(employee, year, month, now, origin)

    near = abs((year - now.year) * 12 + month - now.month) <= KEPT_MONTHS
    if in_service_transaction() or not near:
        return render()
    key = "wfa:my-days:body:{}:{}-{:02d}:{}:{}:{}".format(
        employee.pk, year, month, now.isoformat(), translation.get_language() or "", origin
    )
    depends = [
        POLICY_VERSION_KEY,
        ACCESS_VERSION_KEY,
        versions.opd_days_key(employee.unit.opd_id),
        versions.employee_days_key(employee.pk),
        versions.DUTIES_KEY,
    ]
    return versioned_by(depends, key, render, MY_DAYS_SECONDS)


def _render(employee: Employee, year: int, month: int, now: date, origin: str) -> str:
    opd = sel.opd_of(employee)
    coming = (now, now + timedelta(days=UPCOMING_DAYS - 1))
    upcoming, month_days = sel.my_days_of(employee, opd, coming, sel.month_bounds(year, month))
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=32)
    token, acknowledged = svc.feed_and_acknowledged(employee)
    context = {
        "employee": employee,
        "opd": opd,
        "upcoming": upcoming,
        "weeks": sel.weeks_of(month_days),
        "month": first,
        "previous": (previous.year, previous.month),
        "following": (following.year, following.month),
        "to_acknowledge": sel.circulars_to_acknowledge(upcoming + month_days, acknowledged),
        "feed_url": origin + reverse("requests:feed", args=[token]),
    }
    return render_fragment("schedules/requests/_my_days_body.html", context)
