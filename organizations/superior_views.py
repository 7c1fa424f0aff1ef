"""A head names the direct superior of each of their staff (who verifies their attendance)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wfa_portal.paging import paginate

from . import services
from .access import opd_for_head
from .forms import SuperiorForm
from .models import Employee


@login_required
@require_http_methods(["GET", "POST"])
def opd_superiors(request, unit_id):
    opd = opd_for_head(request.user, unit_id)
    staff = Employee.objects.active().of_opd(opd.pk)
    form = SuperiorForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        employee, superior = form.cleaned_data["employee"], form.cleaned_data["superior"]
        try:
            services.set_superior(employee=employee, superior=superior)
        except ValidationError as error:
            form.add_error("superior", error.messages)
        else:
            named = superior.name if superior else _("tidak ada")
            messages.success(
                request,
                _("Atasan langsung %(name)s: %(superior)s.")
                % {"name": employee.name, "superior": named},
            )
            return redirect("opd_superiors", unit_id=opd.pk)
    paged = paginate(request, staff.select_related("superior", "unit").order_by("name", "pk"))
    context = {"opd": opd, "form": form, "paged": paged}
    status = 400 if form.errors else 200
    return render(request, "organizations/opd_superiors.html", context, status=status)
