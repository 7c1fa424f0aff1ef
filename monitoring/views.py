"""BKPSDM's and the inspectorate's pages: the compliance dashboard, attendance checks,
and the exports. Thin views: scope through ``monitoring.access``, input through
``forms``, writes through ``services``.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations.access import agencies_for_oversight, agency_for_admin, agency_for_oversight
from organizations.dates import long_date
from organizations.models import Employee, Unit
from schedules.models import Roster
from schedules.roster.access import may_oversee_opd
from wfa_portal.htmx import render_page_or_part
from wfa_portal.isoweek import format_week
from wfa_portal.paging import paginate
from wfa_portal.shell import render_framed

from . import exports, fragments, services
from .access import (
    check_of_agency,
    circular_for_agency,
    circulars_for_agency,
    import_of_agency,
    may_remind,
    opd_for_monitoring,
    opd_of_agency,
    require_monitoring,
)
from .attendance import absent_by_check, attendance_report, check_entries, scheduled_modes
from .dashboard import Filters, build_dashboard
from .forms import (
    AttendanceEntryForm,
    AttendanceImportForm,
    AttendanceTargetForm,
    DashboardFilterForm,
    PeriodForm,
)

ENTRIES_PER_PAGE = 50


@require_GET
@login_required
def index(request):
    """The agencies this login watches, each with the circulars that govern it."""
    require_monitoring(request.user)
    agencies = list(agencies_for_oversight(request.user).order_by("name"))
    entries = [
        (
            agency,
            list(
                circulars_for_agency(agency)
                .with_phase_bounds()
                .order_by("-published_at", "-pk")[:20]
            ),
        )
        for agency in agencies
    ]
    return render(request, "monitoring/index.html", {"entries": entries})


def _filters(request) -> tuple[DashboardFilterForm, Filters]:
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, Filters(data["category"], data["status"], data["problems"])
    return form, Filters()


@require_GET
@login_required
def dashboard(request, agency_id: int, circular_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    circular = circular_for_agency(agency, circular_id)
    can_remind = may_remind(request.user, agency)
    query = request.GET.urlencode()

    def context() -> dict:
        form, filters = _filters(request)
        board = build_dashboard(agency, circular, filters)
        return {"board": board, "form": form, "can_remind": can_remind, "query": query}

    def page() -> HttpResponse:
        body, has_days = fragments.dashboard_body(
            agency,
            circular,
            params=request.GET,
            can_remind=can_remind,
            context=context,
        )
        frame = {"has_days": has_days}
        return render_framed(request, "monitoring/dashboard.html", frame=frame, body=body)

    # A change of the filters asks for the table alone: rendered afresh.
    return render_page_or_part(
        request, page=page, part=lambda: (f"{fragments.BODY}#table", context())
    )


@require_POST
@login_required
def remind(request, agency_id: int, circular_id: int):
    """Remind the OPDs that still owe a week (or the one OPD named): once per day each."""
    agency = agency_for_admin(request.user, agency_id)
    circular = circular_for_agency(agency, circular_id)
    board = build_dashboard(agency, circular)
    outstanding = [row.opd for row in board.outstanding_rows]
    if request.POST.get("opd"):
        opd = opd_of_agency(agency, request.POST["opd"])
        outstanding = [o for o in outstanding if o.pk == opd.pk]
    if not outstanding:
        messages.info(request, _("Tidak ada OPD yang perlu diingatkan."))
    else:
        sent = services.remind_outstanding(circular=circular, opds=outstanding)
        if sent:
            messages.success(
                request,
                ngettext(
                    "Pengingat dikirim ke %(n)d penerima di %(opds)d OPD.",
                    "Pengingat dikirim ke %(n)d penerima di %(opds)d OPD.",
                    sent,
                )
                % {"n": sent, "opds": len(outstanding)},
            )
        else:
            messages.info(request, _("OPD ini sudah diingatkan hari ini."))
    return redirect("monitoring:dashboard", agency_id=agency.pk, circular_id=circular.pk)


@require_GET
@login_required
def dashboard_export(request, agency_id: int, circular_id: int, fmt: str):
    agency = agency_for_oversight(request.user, agency_id)
    circular = circular_for_agency(agency, circular_id)
    _form, filters = _filters(request)
    return exports.file_response(
        lambda: exports.dashboard_table(build_dashboard(agency, circular, filters)),
        fmt,
        f"rekap-{agency.code}-se-{circular.pk}",
    )


@require_GET
@login_required
def revocations_export(request, agency_id: int, circular_id: int, fmt: str):
    """The revocation report of the circular (404 until revocations exist)."""
    agency = agency_for_oversight(request.user, agency_id)
    circular = circular_for_agency(agency, circular_id)
    return exports.file_response(
        lambda: exports.revocations_table(agency, circular),
        fmt,
        f"pencabutan-{agency.code}-se-{circular.pk}",
    )


# --- an OPD's week, read only ----------------------------------------------------------


@require_GET
@login_required
def opd_week(request, unit_id: int, week: date):
    opd = opd_for_monitoring(request.user, unit_id)
    table = exports.roster_table(opd, week)
    roster = Roster.objects.filter(unit=opd, week_start=week).first()
    review_url = ""
    if roster and may_oversee_opd(request.user, opd):
        review_url = reverse("roster:oversight_detail", args=[roster.pk])
    # The footer (day counts, limits, over-cap marks) is the whole OPD's; the staff rows
    # are paged.
    paged = paginate(request, table.rows, ENTRIES_PER_PAGE)
    context = {
        "opd": opd,
        "iso_week": format_week(week),
        "table": table,
        "paged": paged,
        "rows": paged.rows,
        "roster": roster,
        "review_url": review_url,
    }
    return render(request, "monitoring/opd_week.html", context)


@require_GET
@login_required
def opd_week_export(request, unit_id: int, week: date, fmt: str):
    opd = opd_for_monitoring(request.user, unit_id)
    return exports.file_response(
        lambda: exports.roster_table(opd, week), fmt, f"jadwal-{opd.code}-{format_week(week)}"
    )


# --- attendance --------------------------------------------------------------------------


def _period(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


@require_GET
@login_required
def attendance(request, agency_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    form, start, end = _period(request)
    report = attendance_report(agency, start, end)
    context = {"agency": agency, "report": report, "form": form, "query": request.GET.urlencode()}
    return render(request, "monitoring/attendance.html", context)


@require_GET
@login_required
def attendance_export(request, agency_id: int, fmt: str):
    agency = agency_for_oversight(request.user, agency_id)
    _form, start, end = _period(request)
    return exports.file_response(
        lambda: exports.attendance_table(attendance_report(agency, start, end)),
        fmt,
        f"kehadiran-{agency.code}",
    )


@require_GET
@login_required
def attendance_detail(request, agency_id: int, check_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    check = check_of_agency(agency, check_id)
    discrepant = request.GET.get("only") == "discrepant"
    paged = paginate(request, check_entries(check, discrepant_only=discrepant), ENTRIES_PER_PAGE)
    context = {
        "agency": agency,
        "check": check,
        "entries": paged.rows,
        "paged": paged,
        "discrepant": discrepant,
    }
    return render(request, "monitoring/attendance_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def attendance_record(request, agency_id: int):
    """Quick entry: pick an OPD and a day, then tick only the absent (everyone else came)."""
    agency = agency_for_oversight(request.user, agency_id)
    opds = list(Unit.objects.opds().filter(agency=agency).order_by("name"))
    source = request.POST if request.method == "POST" else (request.GET or None)
    target = AttendanceTargetForm(source, opds=opds)
    staff = entry = None
    if target.is_bound and target.is_valid():
        opd, day = target.cleaned_data["unit"], target.cleaned_data["day"]
        staff = list(
            Employee.objects.of_opd(opd.pk).active().select_related("unit").order_by("name", "pk")
        )
        modes = scheduled_modes(opd.pk, day)
        for employee in staff:
            employee.scheduled = modes.get(employee.pk, "WFO")
        entry = AttendanceEntryForm(
            request.POST if request.method == "POST" else None,
            staff_ids=[e.pk for e in staff],
        )
        if request.method == "POST" and entry.is_valid():
            try:
                check = services.record_attendance(
                    opd=opd,
                    day=day,
                    actor=request.user,
                    absent_ids=entry.cleaned_data["absent"],
                    times=entry.cleaned_data["times"],
                    note=entry.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Kehadiran %(opd)s pada %(day)s dicatat.")
                    % {"opd": opd.name, "day": long_date(day)},
                )
                return redirect(
                    "monitoring:attendance_detail", agency_id=agency.pk, check_id=check.pk
                )
    elif request.method == "POST":
        status = 400
        return render(
            request,
            "monitoring/attendance_record.html",
            {"agency": agency, "target": target, "staff": None, "entry": None},
            status=status,
        )
    context = {"agency": agency, "target": target, "staff": staff, "entry": entry}
    return render(request, "monitoring/attendance_record.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def attendance_import(request, agency_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    preview = batch = None
    if request.method == "POST" and form.is_valid():
        preview, batch = services.stage_attendance_import(
            agency=agency,
            actor=request.user,
            filename=form.cleaned_data["file"].name,
            rows=form.cleaned_data["rows"],
        )
    rows = []
    if batch is not None:
        ids = {unit for unit, _day, _n in preview.checks}
        names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
        absent = absent_by_check(preview)
        rows = [
            (names.get(unit, ""), day, n, absent[(unit, day)]) for unit, day, n in preview.checks
        ]
    context = {
        "agency": agency,
        "form": form,
        "preview": preview,
        "batch": batch,
        "check_rows": rows,
        "absent_total": sum(row[3] for row in rows),
    }
    return render(request, "monitoring/attendance_import.html", context)


@require_POST
@login_required
def attendance_import_apply(request, agency_id: int, import_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    batch = import_of_agency(agency, import_id)
    try:
        n = services.apply_attendance_import(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:attendance_import", agency_id=agency.pk)
    messages.success(
        request,
        ngettext(
            "Impor selesai: %(n)d pemeriksaan kehadiran dicatat.",
            "Impor selesai: %(n)d pemeriksaan kehadiran dicatat.",
            n,
        )
        % {"n": n},
    )
    return redirect("monitoring:attendance", agency_id=agency.pk)
