"""BKPSDM's employee master: import from Excel/CSV with a preview, export, template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wfa_portal.htmx import render_page

from . import exporting, services
from .access import agency_for_admin, employee_for_admin, get_in_scope
from .forms import CircumstanceForm, EmployeeImportForm, EndSanctionForm, SanctionForm
from .models import Employee, ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def employee_import(request, agency_id):
    agency = agency_for_admin(request.user, agency_id)
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    preview = batch = None
    if request.method == "POST" and form.is_valid():
        preview, batch = services.stage_import(
            agency=agency,
            actor=request.user,
            filename=form.cleaned_data["file"].name,
            rows=form.cleaned_data["rows"],
        )
    context = {
        "agency": agency,
        "form": form,
        "preview": preview,
        "batch": batch,
        "employee_count": Employee.objects.active().filter(unit__agency=agency).count(),
    }
    return render(request, "organizations/employee_import.html", context)


@login_required
@require_POST
def employee_import_apply(request, agency_id, batch_id):
    agency = agency_for_admin(request.user, agency_id)
    batch = get_in_scope(ImportBatch.objects.filter(agency=agency), batch_id)
    try:
        batch = services.request_apply(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("employee_import", agency_id=agency.pk)
    return redirect("employee_import_status", agency_id=agency.pk, batch_id=batch.pk)


@login_required
@require_GET
def employee_import_status(request, agency_id, batch_id):
    """Where an applied or running import stands; htmx polls the progress partial."""
    agency = agency_for_admin(request.user, agency_id)
    batch = get_in_scope(ImportBatch.objects.filter(agency=agency).defer("rows"), batch_id)
    context = {"agency": agency, "batch": batch, "percent": services.import_progress(batch)}
    return render_page(
        request, "organizations/employee_import_status.html", context, partial="progress"
    )


@login_required
@require_GET
def employee_export(request, agency_id, fmt):
    agency = agency_for_admin(request.user, agency_id)
    rows = exporting.employee_rows(agency.pk)
    if fmt == "csv":
        content, content_type = exporting.to_csv(rows), "text/csv; charset=utf-8"
    else:
        content, content_type = exporting.to_xlsx(rows), XLSX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pegawai-{agency.code}.{fmt}"'
    return response


@login_required
@require_GET
def employee_template(request, agency_id):
    agency_for_admin(request.user, agency_id)
    response = HttpResponse(exporting.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-pegawai.xlsx"'
    return response


# --- Eligibility: sanctions and circumstances (BKPSDM admins of the employee's agency) ----


def _eligibility_page(request, employee, *, sanction_form=None, circumstance_form=None, status=200):
    context = {
        "employee": employee,
        "sanctions": list(employee.sanctions.order_by("-start", "-pk")),
        "circumstances": list(employee.circumstances.order_by("kind", "-pk")),
        "sanction_form": sanction_form or SanctionForm(),
        "end_form": EndSanctionForm(),
        "circumstance_form": circumstance_form or CircumstanceForm(),
    }
    return render(request, "organizations/employee_eligibility.html", context, status=status)


def _say_released(request, released: int) -> None:
    if released:
        messages.warning(
            request,
            ngettext(
                "%(n)d hari di luar kantor pegawai ini dikembalikan ke kantor (WFO); "
                "kepala OPD dan pegawai diberi tahu.",
                "%(n)d hari di luar kantor pegawai ini dikembalikan ke kantor (WFO); "
                "kepala OPD dan pegawai diberi tahu.",
                released,
            )
            % {"n": released},
        )


@login_required
@require_GET
def employee_eligibility(request, employee_id):
    employee = employee_for_admin(request.user, employee_id)
    return _eligibility_page(request, employee)


@login_required
@require_POST
def sanction_add(request, employee_id):
    employee = employee_for_admin(request.user, employee_id)
    form = SanctionForm(request.POST)
    if form.is_valid():
        try:
            _sanction, released = services.add_sanction(
                employee=employee, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Hukuman disiplin dicatat."))
            _say_released(request, released)
            return redirect("employee_eligibility", employee_id=employee.pk)
    return _eligibility_page(request, employee, sanction_form=form, status=400)


@login_required
@require_POST
def sanction_end(request, employee_id, sanction_id):
    employee = employee_for_admin(request.user, employee_id)
    sanction = get_in_scope(employee.sanctions.all(), sanction_id)
    form = EndSanctionForm(request.POST)
    if form.is_valid():
        try:
            services.end_sanction(
                sanction=sanction, end=form.cleaned_data["end"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tanggal selesai hukuman disimpan."))
    else:
        messages.error(request, _("Isi tanggal selesai hukuman."))
    return redirect("employee_eligibility", employee_id=employee.pk)


@login_required
@require_POST
def circumstance_add(request, employee_id):
    employee = employee_for_admin(request.user, employee_id)
    form = CircumstanceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            _row, released = services.add_circumstance(
                employee=employee, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Keadaan khusus pegawai dicatat."))
            _say_released(request, released)
            return redirect("employee_eligibility", employee_id=employee.pk)
    return _eligibility_page(request, employee, circumstance_form=form, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
