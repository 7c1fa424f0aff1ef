"""A new attendance app's column mapping, proposed from a sample file and confirmed.

BKPSDM uploads a file of the new app; its header row and first rows are read (within the
upload limits, ``organizations.tables``), ``attendance.mapping`` proposes which column is
the NIP, the date, the time, the location and the device, and the page shows the
proposal over the sample for the user to confirm or correct before it is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organizations.access import agency_for_admin

from .forms import COLUMN_FIELDS, SampleFileForm, SourceFromFileForm
from .imports import _key


@require_http_methods(["GET", "POST"])
@login_required
def source_from_file(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    if request.method == "POST" and "sample" in request.POST:
        return _confirm(request, agency)
    upload = SampleFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload.is_valid():
        form = SourceFromFileForm.proposed(
            agency=agency,
            table=upload.cleaned_data["rows"],
            filename=upload.cleaned_data["file"].name,
        )
        return _page(request, agency, form=form)
    status = 400 if upload.errors else 200
    return _page(request, agency, upload=upload, status=status)


def _confirm(request, agency):
    form = SourceFromFileForm(request.POST, agency=agency)
    if form.is_valid():
        source = form.save()
        messages.success(
            request,
            _("Pemetaan kolom '%(name)s' disimpan dan sudah dipilih di bawah: unggah berkasnya.")
            % {"name": source.name},
        )
        upload = reverse("attendance:import_upload", args=[agency.pk])
        return redirect(f"{upload}?sumber={source.pk}")
    return _page(request, agency, form=form, status=400)


def _page(request, agency, *, upload=None, form=None, status=200):
    rows = form.sample_rows() if form is not None else []
    fields = [form[f] for f in COLUMN_FIELDS.values()] if form is not None else []
    chosen = {_key(str(f.value() or "")): f.label for f in fields if f.value()}
    context = {
        "agency": agency,
        "upload": upload,
        "form": form,
        # Each header of the sample with the field it is mapped to ("" when none).
        "header": [(h, chosen.get(_key(h), "")) for h in (rows[0] if rows else [])],
        "rows": rows[1:],
        "column_fields": fields,
    }
    return render(request, "attendance/source_from_file.html", context, status=status)
