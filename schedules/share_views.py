"""The "Bagikan ke WhatsApp" page: a day's or a week's roster of an OPD as text to paste."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import opd_for_sharing
from .models import Roster
from .selectors import current_cells, iso_week, staff_of, week_days, week_policies
from .share import roster_text, whatsapp_url


def _chosen_day(request, week: date) -> date | None:
    """The ``hari`` of the query (a day of this week), None for the whole week; else 404."""
    raw = request.GET.get("hari")
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    if not week <= day <= week + timedelta(days=6):
        raise Http404
    return day


@require_GET
@login_required
def share_roster(request, unit_id: int, week: date):
    opd = opd_for_sharing(request.user, unit_id)
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
        "iso_week": iso_week(week),
        "day": day,
        "days": [(d, policies[d].working_day) for d in days],
        "text": text,
        "whatsapp_url": whatsapp_url(text),
        "prev_week": iso_week(week - timedelta(days=7)),
        "next_week": iso_week(week + timedelta(days=7)),
    }
    return render(request, "schedules/share.html", context)
