"""The body of the compliance dashboard rendered once per agency, circular, filters,
day and language, and kept in the shared cache until something it shows changes (#18).

The body sums up every OPD of the agency: its OPDs, units and staff (access
version), the circular, its windows, limits and exemptions and every circular
that sets a day's limit (policy version), and the weeks, day counters, pending
requests and revocations of all OPDs (``schedules.versions.SCHEDULES_KEY``, which
every write of them bumps). The filters and the export links come from the query
string, the reminder buttons from whether this login may remind: both are in the
key, as are "today" (the circular's phase) and the language. The CSRF tokens of
the reminder forms are placeholders filled per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation

from circulars.governing import POLICY_VERSION_KEY
from circulars.models import Circular
from organizations.access import ACCESS_VERSION_KEY
from organizations.models import Agency
from schedules.versions import SCHEDULES_KEY
from wfa_portal.fragments import render_fragment
from wfa_portal.soft_cache import in_service_transaction, versioned_by

BODY = "monitoring/_dashboard_body.html"
DASHBOARD_SECONDS = 10 * 60


def dashboard_body(
    agency: Agency,
    circular: Circular,
    *,
    query: str,
    can_remind: bool,
    context: Callable[[], dict[str, Any]],
    keep: bool = True,
) -> tuple[str, bool]:
    """(the body's HTML with CSRF placeholders, whether it has days: the chart's
    scripts). ``context`` builds the template's context on a miss; ``keep`` False
    renders it afresh and keeps nothing (a query string the page's form never sends)."""

    def render() -> tuple[str, bool]:
        values = context()
        return render_fragment(BODY, values), bool(values["board"].days)

    if in_service_transaction() or not keep:
        return render()
    key = "wfa:dashboard:body:{}:{}:{}:{}:{}:{}".format(
        agency.pk,
        circular.pk,
        int(can_remind),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        hashlib.sha256(query.encode()).hexdigest()[:32],
    )
    depends = [POLICY_VERSION_KEY, ACCESS_VERSION_KEY, SCHEDULES_KEY]
    return versioned_by(depends, key, render, DASHBOARD_SECONDS)
