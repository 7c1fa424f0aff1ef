"""The "Bagikan ke WhatsApp" page: a day's or a week's roster of an OPD as text to paste."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wfa_portal.converters import parse_day
from wfa_portal.isoweek import format_week, shift_week, week_days

from ..models import Roster
from .access import opd_for_head_or_admin
from .selectors import current_cells, staff_of, week_policies
from .share import roster_text, whatsapp_url


def _chosen_day(request, week: date) -> date | None:
    """The ``hari`` of the query (a day of this week), None for the whole week; else 404."""
    raw = request.GET.get("hari")
    if not raw:
        return None
    day = parse_day(raw)
    if day not in week_days(week):
        raise Http404
    return day


@require_GET
@login_required
def share_roster(request, unit_id: int, week: date):
    opd = opd_for_head_or_admin(request.user, unit_id)
    day = _chosen_day(request, week)
    days = week_days(week)
    policies = week_policies(opd, week)
    shown = [day] if day else [d for d in days if policies[d].working_day] or days
    text = roster_text(
        opd=opd,
        days=shown,
        staff=staff_of(opd),
        cells=current_cells(opd, week),
        policies=policies,
        roster=Roster.objects.filter(unit=opd, week_start=week).first(),
    )
    context = {
        "opd": opd,
        "week": week,
        "iso_week": format_week(week),
        "day": day,
        "days": [(d, policies[d].working_day) for d in days],
        "text": text,
        "whatsapp_url": whatsapp_url(text),
        # None at the calendar's edge (before 0001-W01, after 9999-W51): no link.
        "prev_week": _neighbour(week, -1),
        "next_week": _neighbour(week, 1),
    }
    return render(request, "schedules/share.html", context)


def _neighbour(week: date, weeks: int) -> str | None:
    monday = shift_week(week, weeks)
    return format_week(monday) if monday else None
