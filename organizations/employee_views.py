"""BKPSDM's employee master: import from Excel/CSV with a preview, export, template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import exporting, services
from .access import agency_for_admin, get_in_scope
from .forms import EmployeeImportForm
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
        created, updated = services.apply_import(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Impor selesai: %(created)s pegawai baru, %(updated)s diperbarui.")
            % {"created": created, "updated": updated},
        )
    return redirect("employee_import", agency_id=agency.pk)


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
