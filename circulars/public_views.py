"""The public page of an agency: its circulars in force, readable without a login.

Published circulars are public documents. This page shows only those in force
(published, with a window ending today or later) and never a draft, a revoked or
a superseded one; the PDF route serves published circulars of that agency only,
each drawn once per version (circulars.pdf_cache). Anonymous readers are limited
per address (settings.PUBLIC_RATES), so no one can tie up the web workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from organizations.access import get_in_scope
from organizations.models import Agency, Unit
from wfa_portal.ratelimit import limit_anonymous

from .models import Circular, Limit
from .pdf import pdf_response
from .summary import date_range_label, describe


@dataclass(frozen=True)
class PublicCircular:
    circular: Circular
    summary: str
    windows: list[str]
    upcoming: bool  # its first window has not started yet


def _in_force(agency: Agency, today: date) -> list[Circular]:
    return list(
        Circular.objects.in_force(today)
        .filter(agency=agency)
        .select_related("parent")
        .prefetch_related(
            "windows",
            Prefetch("exempt_units", queryset=Unit.objects.only("pk", "short_name", "name")),
            Prefetch("limits", queryset=Limit.objects.select_related("unit", "region")),
        )
        .order_by("-published_at", "-pk")
    )


def _public(circular: Circular, today: date) -> PublicCircular:
    windows = list(circular.windows.all())
    return PublicCircular(
        circular=circular,
        summary=describe(circular),
        windows=[date_range_label(w.start, w.end) for w in windows],
        upcoming=all(w.start > today for w in windows),
    )


@require_GET
@limit_anonymous("page")
def public_agency(request, agency_code):
    """No login: an agency's circulars in force, each with its summary, windows and PDF."""
    agency = get_object_or_404(Agency, code=agency_code)
    today = timezone.localdate()
    circulars = [_public(c, today) for c in _in_force(agency, today)]
    return render(
        request,
        "circulars/public_agency.html",
        {"agency": agency, "circulars": circulars, "today": today},
    )


@require_GET
@limit_anonymous("pdf")
def public_pdf(request, agency_code, pk):
    """The PDF of one of the agency's published circulars; 404 for anything else."""
    scope = Circular.objects.published().filter(agency__code=agency_code)
    return pdf_response(get_in_scope(scope, pk), request)
