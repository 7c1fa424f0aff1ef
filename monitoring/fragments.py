"""The body of the compliance dashboard rendered once per agency, circular, filters,
day and language, and kept in the shared cache until something it shows changes (#18).

The body sums up every OPD of the agency: its OPDs, units and staff (access
version), the circular, its windows, limits and exemptions and every circular
that sets a day's limit (policy version), and the weeks, day counters, pending
requests and revocations of all OPDs (``schedules.versions.SCHEDULES_KEY``, which
every write of them bumps). The filters and the export links come from the query
string, the reminder buttons from whether this login may remind: both are in the
key, as are "today" (the circular's phase) and the language; only the filters the
page's form sends are kept (``_kept``). The CSRF tokens of the reminder forms are
placeholders filled per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import timezone, translation

from circulars.governing import POLICY_VERSION_KEY
from circulars.models import Circular
from organizations.access import ACCESS_VERSION_KEY
from organizations.models import Agency
from schedules.versions import SCHEDULES_KEY
from wfa_portal.fragments import render_fragment
from wfa_portal.soft_cache import in_service_transaction, versioned_by

from .forms import DashboardFilterForm

BODY = "monitoring/_dashboard_body.html"
DASHBOARD_SECONDS = 10 * 60


def dashboard_body(
    agency: Agency,
    circular: Circular,
    *,
    params: QueryDict,
    can_remind: bool,
    context: Callable[[], dict[str, Any]],
) -> tuple[str, bool]:
    """(the body's HTML with CSRF placeholders, whether it has days: the chart's
    scripts) for the request's query ``params``. ``context`` builds the template's
    context on a miss."""

    def render() -> tuple[str, bool]:
        values = context()
        return render_fragment(BODY, values), bool(values["board"].days)

    if in_service_transaction() or not _kept(params):
        return render()
    key = "wfa:dashboard:body:{}:{}:{}:{}:{}:{}".format(
        agency.pk,
        circular.pk,
        int(can_remind),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        hashlib.sha256(params.urlencode().encode()).hexdigest()[:32],
    )
    depends = [POLICY_VERSION_KEY, ACCESS_VERSION_KEY, SCHEDULES_KEY]
    return versioned_by(depends, key, render, DASHBOARD_SECONDS)


def _kept(params: QueryDict) -> bool:
    """Whether the body may be kept: unfiltered, or filtered as the page's own form
    sends it (a bounded set of addresses). Any other query string is answered afresh
    and kept nowhere, so guessing addresses cannot fill the shared cache."""
    if not params:
        return True
    form = DashboardFilterForm(params)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    sent = [("category", data["category"]), ("status", data["status"])]
    if data["problems"]:
        sent.append(("problems", "on"))
    return params.urlencode() == urlencode(sent)
