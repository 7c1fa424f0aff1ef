"""Roster pages: the weekly grid of an OPD, and BKPSDM's review of submitted weeks.

Thin views: scope through ``schedules.roster.access``, input through ``forms``, every
write through ``services``. An htmx request gets a named partial of the same
template; a plain one the full page.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from organizations.models import Unit
from wfa_portal.converters import parse_id
from wfa_portal.fragments import page_context
from wfa_portal.htmx import render_page, render_page_or_part
from wfa_portal.isoweek import format_week, week_days
from wfa_portal.paging import paginate
from wfa_portal.shell import render_framed

from ..models import Roster
from ..requests.selectors import weeks_asked_back
from . import fragments
from .access import (
    can_oversee_rosters,
    roster_for_oversight,
    roster_opd_for,
    roster_opds_for,
    rosters_for_oversight,
)
from .autofill import Proposal, propose_week
from .forms import ReturnForm, TargetsForm, WeekCellsForm
from .fragments import week_context
from .oversight_forms import OversightFilterForm
from .selectors import staff_of
from .services import (
    WeekCheck,
    accept_week,
    check_week,
    copy_last_week,
    return_week,
    save_week,
    submit_week,
)

TEMPLATE = "schedules/week.html"


@require_GET
@login_required
def index(request):
    """The rosters this login works on: own OPDs' weeks, and BKPSDM's review list."""
    opds = list(roster_opds_for(request.user).select_related("agency"))
    oversees = can_oversee_rosters(request.user)
    if not opds and not oversees:
        raise PermissionDenied
    context = {"opds": opds, "oversees": oversees, "this_week": format_week(timezone.localdate())}
    return render(request, "schedules/index.html", context)


@require_GET
@login_required
def current_week(request, unit_id: int):
    opd = roster_opd_for(request.user, unit_id)
    return redirect("roster:week", unit_id=opd.pk, week=format_week(timezone.localdate()))


@require_GET
@login_required
def week_grid(request, unit_id: int, week: date):
    """The week's grid (a week nobody filled yet comes pre-filled from the standing
    arrangements), from the shared cache until something it shows changes."""
    opd = roster_opd_for(request.user, unit_id)
    body = fragments.week_grid(opd, week, _page(request))
    frame = {"opd_name": opd.short_name, "iso_week": format_week(week)}
    return render_page_or_part(
        request,
        page=lambda: render_framed(request, TEMPLATE, frame=frame, body=body),
        part=lambda: (f"{TEMPLATE}#body", page_context(request, body=body)),
    )


@require_POST
@login_required
def week_validate(request, unit_id: int, week: date):
    """Validate the posted grid without saving: counters and violations (htmx)."""
    opd = roster_opd_for(request.user, unit_id)
    cells = _posted_cells(request, opd, week)
    if cells is None:
        return _render_week(request, check_week(opd=opd, week_start=week), None, status=400)
    check = check_week(opd=opd, week_start=week, cells=cells)
    return _render_week(request, check, check.roster, oob=True)


@require_POST
@login_required
def week_save(request, unit_id: int, week: date):
    opd = roster_opd_for(request.user, unit_id)
    cells = _posted_cells(request, opd, week)
    if cells is None:
        return _back_to_week(request, opd, week)
    return _save_and_answer(request, opd, week, cells)


@require_POST
@login_required
def week_copy(request, unit_id: int, week: date):
    """Propose last week's away pattern on this week's open days, validated and saved."""
    opd = roster_opd_for(request.user, unit_id)
    current = check_week(opd=opd, week_start=week)
    copied = copy_last_week(current)
    if copied is None:
        messages.error(request, _("Tidak ada minggu sebelum minggu ini untuk disalin."))
        return _render_week(request, current, current.roster, full=True, status=400)
    if not copied.had_away:
        messages.info(request, _("Minggu lalu tidak ada pegawai yang bekerja di luar kantor."))
    cells = copied.cells
    return _save_and_answer(request, opd, week, cells)


@require_POST
@login_required
def week_autofill(request, unit_id: int, week: date):
    """The planner's proposal ("Isi otomatis") around the posted grid: shown, not saved.

    htmx swaps in the grid; without JavaScript the full page comes back with the
    proposal in the form, and "Simpan jadwal" saves it as any other edit.
    """
    opd = roster_opd_for(request.user, unit_id)
    cells = _posted_cells(request, opd, week)
    targets = TargetsForm(request.POST, days=week_days(week))
    if cells is not None and not targets.is_valid():
        messages.error(request, " ".join(targets.non_field_errors()))
    if cells is None or not targets.is_valid():
        return redirect("roster:week", unit_id=opd.pk, week=week)
    proposal = propose_week(
        opd=opd, week_start=week, cells=cells, targets=targets.cleaned_data["targets"]
    )
    if proposal.check.roster is not None and not proposal.check.roster.is_editable:
        return redirect("roster:week", unit_id=opd.pk, week=week)
    return _render_week(request, proposal.check, proposal.check.roster, proposal=proposal)


@require_POST
@login_required
def week_submit(request, unit_id: int, week: date):
    opd = roster_opd_for(request.user, unit_id)
    try:
        submit_week(opd=opd, week_start=week, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Jadwal diajukan ke BKPSDM."))
    return redirect("roster:week", unit_id=opd.pk, week=week)


# --- BKPSDM ----------------------------------------------------------------------


@require_GET
@login_required
def oversight_list(request):
    if not can_oversee_rosters(request.user):
        raise PermissionDenied
    scope = rosters_for_oversight(request.user)
    opds = Unit.objects.opds().filter(pk__in=scope.values("unit_id")).order_by("name")
    filters = OversightFilterForm(request.GET, units=list(opds.values_list("pk", "name")))
    rosters = (
        filters.filter(scope)
        .select_related("unit", "unit__agency", "submitted_by")
        .order_by("week_start", "unit__name", "pk")
    )
    paged = paginate(request, rosters)
    rows = paged.rows
    context = {
        "rosters": rows,
        "paged": paged,
        "filters": filters,
        "asked_back": weeks_asked_back(rows),
    }
    status = 400 if filters.errors else 200
    return render_page(
        request, "schedules/oversight_list.html", context, partial="results", status=status
    )


@require_GET
@login_required
def oversight_detail(request, roster_id: int):
    roster = roster_for_oversight(request.user, roster_id)
    check = check_week(opd=roster.unit, week_start=roster.week_start)
    return _render_week(request, check, roster, review=True, return_form=ReturnForm())


@require_POST
@login_required
def oversight_return(request, roster_id: int):
    roster = roster_for_oversight(request.user, roster_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        check = check_week(opd=roster.unit, week_start=roster.week_start)
        return _render_week(request, check, roster, review=True, return_form=form, status=400)
    try:
        return_week(roster=roster, actor=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roster:oversight_detail", roster_id=roster.pk)
    messages.success(request, _("Jadwal %(roster)s dikembalikan ke OPD.") % {"roster": str(roster)})
    return redirect("roster:oversight")


@require_POST
@login_required
def oversight_accept(request, roster_id: int):
    roster = roster_for_oversight(request.user, roster_id)
    try:
        accept_week(roster=roster, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roster:oversight_detail", roster_id=roster.pk)
    messages.success(request, _("Jadwal %(roster)s diterima.") % {"roster": str(roster)})
    return redirect("roster:oversight")


# --- helpers ---------------------------------------------------------------------


def _posted_cells(request, opd, week: date):
    """The posted cells of the OPD's active staff on the week's days, or None (message)."""
    form = WeekCellsForm(
        request.POST, employee_ids=[e.pk for e in staff_of(opd)], days=week_days(week)
    )
    if form.is_valid():
        return form.cleaned_data["cells"]
    messages.error(request, " ".join(form.non_field_errors()))
    return None


def _page(request) -> int:
    """The page of staff asked for (``hal``, in the query or the posted form), 1 by default."""
    raw = request.POST.get("hal") or request.GET.get("hal") or ""
    return parse_id(raw) or 1


def _back_to_week(request, opd, week: date):
    target = reverse("roster:week", kwargs={"unit_id": opd.pk, "week": week})
    page = _page(request)
    return redirect(f"{target}?hal={page}" if page > 1 else target)


def _save_and_answer(request, opd, week: date, cells):
    try:
        result = save_week(opd=opd, week_start=week, cells=cells, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_week(request, opd, week)
    if not result.saved:
        messages.error(
            request,
            ngettext(
                "Jadwal tidak disimpan: %(n)d pelanggaran harus diperbaiki lebih dulu.",
                "Jadwal tidak disimpan: %(n)d pelanggaran harus diperbaiki lebih dulu.",
                len(result.errors),
            )
            % {"n": len(result.errors)},
        )
        return _render_week(request, result.check, result.roster, full=True)
    messages.success(
        request,
        ngettext(
            "Jadwal disimpan (%(n)d perubahan).",
            "Jadwal disimpan (%(n)d perubahan).",
            result.changed,
        )
        % {"n": result.changed},
    )
    return _back_to_week(request, opd, week)


def _render_week(
    request,
    check: WeekCheck,
    roster: Roster | None,
    *,
    oob: bool = False,
    full: bool = False,
    review: bool = False,
    return_form: ReturnForm | None = None,
    proposal: Proposal | None = None,
    status: int = 200,
):
    context = week_context(
        check,
        roster,
        page=_page(request),
        proposal=proposal,
        review=review,
        oob=oob,
        return_form=return_form,
    )
    partial = "" if full else ("feedback" if oob else "grid")
    return render_page(request, TEMPLATE, context, partial=partial, status=status)
