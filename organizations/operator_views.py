"""A head delegates roster filling to operators of their OPD."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import opd_for_head
from .forms import OperatorForm
from .models import Role


@login_required
@require_http_methods(["GET", "POST"])
def opd_operators(request, unit_id):
    opd = opd_for_head(request.user, unit_id)
    form = OperatorForm(request.POST or None, candidates=services.operator_candidates(opd))
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_operator(
                opd=opd, employee=form.cleaned_data["employee"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s kini operator %(opd)s.")
                % {"name": form.cleaned_data["employee"].name, "opd": opd.short_name},
            )
            return redirect("opd_operators", unit_id=opd.pk)
    operators = (
        Role.objects.filter(unit=opd, kind=Role.Kind.OPERATOR)
        .select_related("user", "user__employee", "granted_by")
        .order_by("user__first_name")
    )
    context = {"opd": opd, "form": form, "operators": operators}
    return render(request, "organizations/opd_operators.html", context)


@login_required
@require_POST
def opd_operator_revoke(request, unit_id, role_id):
    opd = opd_for_head(request.user, unit_id)
    try:
        services.revoke_operator(opd=opd, role_id=role_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Operator dicabut."))
    return redirect("opd_operators", unit_id=opd.pk)
