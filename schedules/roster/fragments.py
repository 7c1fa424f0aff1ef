"""The grid of an OPD's week as a GET shows it, rendered once per OPD, week, page of
staff, day and language, and kept in the shared cache until something it shows
changes (#18).

The grid shows the OPD, its staff, units and roles (access version), the rules of
each day and the standing policy (policy version), the week's roster and stored
cells and the day counters (the OPD's days version, bumped by every writer of
them and by a change of the roster's status or comments), and what the rules read
of the staff beside their rows: sanctions, circumstance groups, revoked
permissions, standing arrangements (a week nobody filled is shown pre-filled from
them) and recalls (``STAFF_FACTS_KEY``). "Today" (the column a phone opens on,
the circumstances still current) and the language are in the key. It is the same
for every login allowed to see the OPD's grid; the access check stays in the
view, before the cache is asked. The CSRF tokens of its forms are placeholders
filled per request. Only the weeks around this one are kept (``KEPT_WEEKS``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone, translation

from circulars.governing import POLICY_VERSION_KEY
from organizations.access import ACCESS_VERSION_KEY
from organizations.models import Unit
from standing.prefill import week_proposal
from wfa_portal.fragments import render_fragment
from wfa_portal.isoweek import monday_of
from wfa_portal.soft_cache import in_service_transaction, versioned_by

from .. import versions
from ..models import Roster
from ..templatetags.roster_grid import mode_labels
from .autofill import Proposal
from .selectors import build_grid
from .services import WeekCheck, check_week

GRID = "schedules/week.html#grid"
GRID_SECONDS = 60 * 60
# Kept: the weeks people visit (around this one) and the pages of OPDs up to 5,000 staff.
# Any other week or page is rendered afresh, so no guessing of addresses fills the cache.
KEPT_WEEKS = 8
KEPT_PAGES = 50


def week_grid(opd: Unit, week_start: date, page: int) -> str:
    """The grid's HTML (the ``grid`` partial of ``schedules/week.html``), with CSRF
    placeholders: the stored week, or the standing arrangements' proposal for a
    week nobody filled yet."""

    def render() -> str:
        return _render(opd, week_start, page)

    this_week = monday_of(timezone.localdate())
    near = abs((week_start - this_week).days) <= KEPT_WEEKS * 7
    if in_service_transaction() or not near or page > KEPT_PAGES:
        return render()
    key = "wfa:roster:grid:{}:{}:{}:{}:{}".format(
        opd.pk,
        week_start.isoformat(),
        page,
        timezone.localdate().isoformat(),
        translation.get_language() or "",
    )
    depends = [
        POLICY_VERSION_KEY,
        ACCESS_VERSION_KEY,
        versions.opd_days_key(opd.pk),
        versions.STAFF_FACTS_KEY,
    ]
    return versioned_by(depends, key, render, GRID_SECONDS)


def _render(opd: Unit, week_start: date, page: int) -> str:
    check = check_week(opd=opd, week_start=week_start)
    proposal = week_proposal(check)
    if proposal is not None:
        check = proposal.check
    context = week_context(check, check.roster, page=page, proposal=proposal)
    return render_fragment(GRID, context)


def week_context(
    check: WeekCheck,
    roster: Roster | None,
    *,
    page: int,
    proposal: Proposal | None = None,
    review: bool = False,
    oob: bool = False,
    return_form: Any = None,
) -> dict[str, Any]:
    """The context of ``schedules/week.html`` for a checked week (every render of the
    grid, cached or not): its grid, built for ``page`` of the staff."""
    grid = build_grid(
        opd=check.opd,
        week_start=check.week_start,
        roster=roster,
        employees=check.employees,
        policies=check.policies,
        cells=check.proposed,
        violations=check.violations,
        stored=check.current,
        proposed=proposal.proposed if proposal else frozenset(),
        targets=proposal.targets if proposal else None,
        members=check.members,
        page=page,
    )
    return {
        "opd_name": check.opd.short_name,
        "iso_week": grid.iso_week,
        "grid": grid,
        "editable": grid.editable and not review,
        "review": review,
        "return_form": return_form,
        "oob": oob,
        "proposal": proposal,
        "mode_labels": mode_labels(),
    }
