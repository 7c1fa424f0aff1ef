"""Pages of attendance: thin views over the access module, the services and the selectors."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring.exports import file_response
from organizations.access import agency_for_admin, agency_for_oversight, get_actor, opd_for_head
from organizations.dates import long_day
from organizations.models import Employee, Unit
from wfa_portal.converters import parse_id
from wfa_portal.htmx import render_page

from . import access, evidence, imports, selectors, services
from .attachments import download_response
from .figure import as_table, daily_figure
from .forms import (
    CheckInForm,
    CheckInUploadForm,
    CommentForm,
    DutyForm,
    PointForm,
    ReportForm,
    SourceForm,
    VerifyForm,
)
from .models import (
    AttendanceDuty,
    DailyReport,
    DayVerification,
    HomePoint,
    ImportSource,
    OfficePoint,
)

# How far back an employee may still write the report of a day away.
REPORT_DAYS_BACK = services.REPORT_DAYS_BACK


# --- the duty of a circular (BKPSDM) ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def duty_edit(request, circular_id: int):
    circular = access.circular_for_duty(request.user, circular_id)
    duty = AttendanceDuty.objects.filter(circular=circular).first()
    form = DutyForm.of(duty, request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            services.remove_duty(circular=circular)
            messages.success(request, _("Kewajiban presensi dihapus dari surat edaran."))
            return redirect("circulars:detail", circular.pk)
        if form.is_valid():
            services.save_duty(circular=circular, actor=request.user, values=form.cleaned_data)
            messages.success(request, _("Kewajiban presensi disimpan."))
            return redirect("circulars:detail", circular.pk)
    status = 400 if form.errors else 200
    context = {"circular": circular, "duty": duty, "form": form}
    return render(request, "attendance/duty_form.html", context, status=status)


# --- location points --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def office_point(request, unit_id: int):
    opd = access.opd_for_points(request.user, unit_id)
    point = OfficePoint.objects.filter(unit=opd).first()
    return _point_page(
        request, opd.name, point, lambda **kw: services.save_office_point(unit=opd, **kw)
    )


@require_http_methods(["GET", "POST"])
@login_required
def home_point(request, employee_id: int):
    employee = access.employee_for_home(request.user, employee_id)
    point = HomePoint.objects.filter(employee=employee).first()
    return _point_page(
        request,
        employee.name,
        point,
        lambda **kw: services.save_home_point(employee=employee, **kw),
    )


def _point_page(request, name: str, point, save):
    initial = {"lat": point.lat, "lng": point.lng, "radius_m": point.radius_m} if point else {}
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Titik lokasi disimpan."))
            return redirect(request.path)
    status = 400 if form.errors else 200
    context = {"name": name, "point": point, "form": form}
    return render(request, "attendance/point_form.html", context, status=status)


# --- the employee: check in and report ------------------------------------------------------


@require_GET
@login_required
def my_day(request):
    employee = access.me(request.user)
    opd = Unit.objects.select_related("agency").get(pk=employee.unit.opd_id)
    today = timezone.localdate()
    context = {
        "mine": selectors.my_attendance(employee, opd, today),
        "form": CheckInForm(),
        "today": today,
        "day_label": long_day(today),
    }
    return render(request, "attendance/my_day.html", context)


@require_POST
@login_required
def check_in(request):
    employee = access.me(request.user)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_words())
        return redirect("attendance:my_day")
    data = form.cleaned_data
    row = services.check_in(
        employee=employee,
        lat=data.get("lat"),
        lng=data.get("lng"),
        accuracy_m=data.get("accuracy"),
        device=request.headers.get("User-Agent", "")[:100],
    )
    time_label = timezone.localtime(row.at).strftime("%H:%M")
    if row.findings:
        words = "; ".join(w for _c, w, _s in selectors.finding_words(row.findings))
        messages.warning(
            request,
            _("Presensi pukul %(time)s tercatat, dengan catatan: %(words)s")
            % {"time": time_label, "words": words},
        )
    else:
        messages.success(request, _("Presensi pukul %(time)s tercatat.") % {"time": time_label})
    return redirect("attendance:my_day")


@require_http_methods(["GET", "POST"])
@login_required
def my_report(request, day: date):
    employee = access.me(request.user)
    today = timezone.localdate()
    if not (today - timedelta(days=REPORT_DAYS_BACK) <= day <= today):
        raise Http404
    report = selectors.reports_with_details(
        DailyReport.objects.filter(employee=employee, day=day)
    ).first()
    attachments = list(report.attachments.all()) if report else []
    initial = {"text": report.text, "targets": list(report.targets.all())} if report else {}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        targets=selectors.current_targets(employee, day),
        attachments=attachments,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_report_day(employee=employee, day=day)
            services.save_report(
                employee=employee,
                day=day,
                text=data["text"],
                attachments=data["attachments"],
                remove_attachment_ids=data["remove"],
                target_ids=[t.pk for t in data["targets"]],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Laporan kerja %(day)s disimpan.") % {"day": long_day(day)})
            return redirect("attendance:my_day")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "report": report,
        "attachments": attachments,
        "day": day,
        "day_label": long_day(day),
    }
    return render(request, "attendance/my_report.html", context, status=status)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@login_required
def attachment_download(request, attachment_id: int):
    return download_response(access.attachment_for_download(request.user, attachment_id))


# --- the head: verify and comment -----------------------------------------------------------


@require_GET
@login_required
def verify_today(request, unit_id: int):
    opd = opd_for_head(request.user, unit_id)
    return redirect("attendance:verify", unit_id=opd.pk, day=timezone.localdate())


@require_http_methods(["GET", "POST"])
@login_required
def verify(request, unit_id: int, day: date):
    opd = opd_for_head(request.user, unit_id)
    duty, rows = selectors.staff_days(opd, day)
    form = VerifyForm(request.POST or None, staff_ids=[r.staff.pk for r in rows])
    if request.method == "POST" and form.is_valid():
        try:
            n = services.decide_days(
                opd=opd,
                day=day,
                actor=request.user,
                employee_ids=form.cleaned_data["employees"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_decided(request, n, form.cleaned_data["status"])
            return redirect("attendance:verify", unit_id=opd.pk, day=day)
    reported = sum(1 for r in rows if r.away and r.report)
    away = sum(1 for r in rows if r.away)
    context = {
        "opd": opd,
        "day": day,
        "day_label": long_day(day),
        "duty": duty,
        "rows": rows,
        "form": form,
        "away": away,
        "reported": reported,
        "previous": day - timedelta(days=1),
        "following": day + timedelta(days=1),
    }
    status = 400 if form.errors else 200
    return render(request, "attendance/verify.html", context, status=status)


@require_POST
@login_required
def comment(request, unit_id: int, report_id: int):
    opd = opd_for_head(request.user, unit_id)
    report = access.report_for_comment(opd, report_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_report(
            report=report, actor=request.user, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Komentar disimpan."))
    else:
        messages.error(request, _("Komentar wajib diisi, paling banyak 500 karakter."))
    return redirect("attendance:verify", unit_id=opd.pk, day=report.day)


# --- the direct superior: verify the direct reports ------------------------------------------


@require_GET
@login_required
def team_today(request):
    access.team_of(request.user)
    return redirect("attendance:team", day=timezone.localdate())


@require_http_methods(["GET", "POST"])
@login_required
def team(request, day: date):
    members = access.team_of(request.user)
    rows = selectors.team_days(members, day)
    form = VerifyForm(request.POST or None, staff_ids=[r.staff.pk for r in rows])
    if request.method == "POST" and form.is_valid():
        try:
            n = services.decide_team_days(
                team=members,
                day=day,
                actor=request.user,
                employee_ids=form.cleaned_data["employees"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_decided(request, n, form.cleaned_data["status"])
            return redirect("attendance:team", day=day)
    context = {
        "day": day,
        "day_label": long_day(day),
        "rows": rows,
        "form": form,
        "away": sum(1 for r in rows if r.away),
        "reported": sum(1 for r in rows if r.away and r.report),
        "previous": day - timedelta(days=1),
        "following": day + timedelta(days=1),
    }
    status = 400 if form.errors else 200
    return render(request, "attendance/team.html", context, status=status)


@require_POST
@login_required
def team_comment(request, report_id: int):
    report = access.report_for_superior(request.user, report_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_report(
            report=report, actor=request.user, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Komentar disimpan."))
    else:
        messages.error(request, _("Komentar wajib diisi, paling banyak 500 karakter."))
    return redirect("attendance:team", day=report.day)


def _say_decided(request, n: int, status: str) -> None:
    word = (
        ngettext("%(n)d pegawai diverifikasi.", "%(n)d pegawai diverifikasi.", n)
        if status == DayVerification.Status.VERIFIED
        else ngettext("%(n)d pegawai dipersoalkan.", "%(n)d pegawai dipersoalkan.", n)
    )
    messages.success(request, word % {"n": n})


# --- imports from attendance apps (BKPSDM) --------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def sources(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    form = SourceForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pemetaan kolom disimpan."))
        return redirect("attendance:import_upload", agency_id=agency.pk)
    context = {
        "agency": agency,
        "form": form,
        "sources": ImportSource.objects.filter(agency=agency),
    }
    status = 400 if form.errors else 200
    return render(request, "attendance/sources.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    form = CheckInUploadForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        initial={"source": _chosen_source(agency, request.GET.get("sumber"))},
    )
    preview = batch = None
    if request.method == "POST" and form.is_valid():
        preview, batch = imports.stage(
            agency=agency,
            source=form.cleaned_data["source"],
            actor=request.user,
            filename=form.cleaned_data["file"].name,
            rows=form.cleaned_data["rows"],
        )
    context = {
        "agency": agency,
        "form": form,
        "preview": preview,
        "batch": batch,
        "has_sources": ImportSource.objects.filter(agency=agency).exists(),
    }
    status = 400 if form.errors or (preview and not preview.ok) else 200
    return render(request, "attendance/import.html", context, status=status)


def _chosen_source(agency, value) -> int | None:
    """The source just saved (``?sumber=``), if it is one of the agency's; else none."""
    pk = parse_id(value)
    if pk is None:
        return None
    return ImportSource.objects.filter(agency=agency, pk=pk).values_list("pk", flat=True).first()


@require_POST
@login_required
def import_apply(request, agency_id: int, import_id: int):
    agency = agency_for_admin(request.user, agency_id)
    batch = access.import_of_agency(agency, import_id)
    try:
        batch = imports.request_apply(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("attendance:import_status", agency_id=agency.pk, import_id=batch.pk)


@require_GET
@login_required
def import_status(request, agency_id: int, import_id: int):
    agency = agency_for_admin(request.user, agency_id)
    batch = access.import_of_agency(agency, import_id)
    batch.refresh_from_db()
    context = {"agency": agency, "batch": batch, "percent": imports.progress(batch)}
    return render_page(request, "attendance/import_status.html", context, partial="progress")


# --- the daily figure (BKPSDM, inspectorate) ---------------------------------------------------


@require_GET
@login_required
def figure_today(request, agency_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    return redirect("attendance:figure", agency_id=agency.pk, day=timezone.localdate())


@require_GET
@login_required
def figure(request, agency_id: int, day: date):
    agency = agency_for_oversight(request.user, agency_id)
    context = {
        "agency": agency,
        "day": day,
        "day_label": long_day(day),
        "figure": daily_figure(agency, day),
        "previous": day - timedelta(days=1),
        "following": day + timedelta(days=1),
    }
    return render(request, "attendance/figure.html", context)


@require_GET
@login_required
def figure_export(request, agency_id: int, day: date, fmt: str):
    agency = agency_for_oversight(request.user, agency_id)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    return file_response(
        lambda: as_table(daily_figure(agency, day)), fmt, f"rekap-harian-{agency.code}-{day}"
    )


# --- evidence for performance systems ----------------------------------------------------------


@require_GET
@login_required
def evidence_export(request, employee_id: int, year: int, month: int, fmt: str):
    employee = access.employee_for_evidence(request.user, employee_id)
    if fmt not in ("xlsx", "csv") or not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    employee = Employee.objects.select_related("unit", "unit__agency").get(pk=employee.pk)
    return file_response(
        lambda: evidence.as_table(employee, year, month),
        fmt,
        f"bukti-kerja-{employee.nip}-{year}-{month:02d}",
    )


# --- the index: each role's way in -------------------------------------------------------------


@require_GET
@login_required
def index(request):
    from organizations.access import agencies_for_admin, agencies_for_oversight
    from schedules.roster.access import roster_opds_for

    actor = get_actor(request.user)
    context = {
        "employee": actor.employee,
        "has_team": access.reports_verified_by(request.user).exists(),
        "headed": roster_opds_for(request.user).filter(pk__in=actor.head_unit_ids)
        if not actor.is_superuser
        else Unit.objects.none(),
        "points": access.opds_for_points(request.user).order_by("name")[:200],
        "watched": agencies_for_oversight(request.user).order_by("name"),
        "administered": set(agencies_for_admin(request.user).values_list("pk", flat=True)),
    }
    return render(request, "attendance/index.html", context)
