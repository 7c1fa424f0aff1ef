"""Pages of the circulars: thin views over access, forms, services and summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations.access import agencies_for_admin
from organizations.models import Agency
from wfa_portal.converters import parse_id
from wfa_portal.htmx import render_page
from wfa_portal.paging import paginate

from . import impact, services, summary
from .access import (
    circular_for_admin,
    circular_visible_to,
    circulars_visible_to,
    may_change_circular,
)
from .forms import CircularFilterForm, CircularFormBundle, RevokeForm
from .models import Circular, CircularEvent, CircularRead, Limit, Priority

PAGE_SIZE = 25
READS_PER_PAGE = 50


# --- Reading --------------------------------------------------------------------


@require_GET
@login_required
def circular_list(request):
    visible = circulars_visible_to(request.user)
    agencies = Agency.objects.filter(pk__in=visible.values("agency_id"))
    filters = CircularFilterForm(request.GET or None, agencies=agencies)
    circulars = filters.filter(visible).select_related("agency").prefetch_related("windows")
    paged = paginate(request, circulars.order_by("-issued_on", "-created_at", "-pk"), PAGE_SIZE)
    context = {
        "filters": filters,
        "page": paged.page,
        "paged": paged,
        "can_create": agencies_for_admin(request.user).exists(),
    }
    return render_page(request, "circulars/list.html", context, partial="results")


@require_GET
@login_required
def circular_detail(request, pk):
    circular = circular_visible_to(request.user, pk)
    circular = summary.with_rules(Circular.objects.filter(pk=circular.pk)).select_related(
        "agency", "parent", "parent__agency", "amends"
    )[0]
    services.mark_read(user=request.user, circular=circular)
    is_admin = may_change_circular(request.user, circular)
    windows = [(w.start, w.end) for w in circular.windows.all()]
    # A draft's author sees what publishing it would do to the rosters already made.
    show_impact = is_admin and circular.status == Circular.Status.DRAFT
    context = {
        "circular": circular,
        "is_admin": is_admin,
        "show_impact": show_impact,
        "impact": impact.impact_of(circular) if show_impact else None,
        "summary": summary.describe(circular),
        "months": summary.month_calendars(circular.agency_id, windows),
        "limits": summary.opd_limits(circular, circular.agency_id),
        "superseded_by": (
            circular.amendments.filter(status=Circular.Status.PUBLISHED).first()
            if circular.status == Circular.Status.SUPERSEDED
            else None
        ),
        "priorities": Priority.objects.filter(circular=circular).prefetch_related("regions"),
        "events": CircularEvent.objects.filter(circular=circular).select_related("actor"),
        # Every login of the agency may read it: the readers are paged.
        "reads": (
            paginate(
                request,
                CircularRead.objects.filter(circular=circular)
                .select_related("user")
                .order_by("first_read_at", "pk"),
                READS_PER_PAGE,
            )
            if is_admin
            else None
        ),
    }
    return render(request, "circulars/detail.html", context)


# --- Writing drafts -------------------------------------------------------------


def _agency_for_new(request) -> Agency:
    """The agency a new circular is drafted for: the admin's own (or the one chosen)."""
    agencies = agencies_for_admin(request.user).order_by("name")
    chosen = request.POST.get("agency") or request.GET.get("agency")
    if chosen:
        number = parse_id(chosen)
        agencies = agencies.filter(pk=number) if number is not None else agencies.none()
    agency = agencies.first()
    if agency is None:
        raise PermissionDenied
    return agency


def _form_page(request, bundle: CircularFormBundle, circular: Circular | None, status=200):
    context = {"bundle": bundle, "form": bundle.form, "circular": circular, "agency": bundle.agency}
    if circular is None:
        # An admin of several agencies (or a superuser) picks the issuer first.
        context["admin_agencies"] = list(agencies_for_admin(request.user).order_by("name"))
    return render(request, "circulars/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def circular_create(request):
    agency = _agency_for_new(request)
    if request.method == "GET":
        return _form_page(request, CircularFormBundle(agency=agency), None)
    bundle = CircularFormBundle(agency=agency, data=request.POST, files=request.FILES)
    if bundle.is_valid():
        try:
            circular = services.create_draft(
                user=request.user, agency=agency, draft=bundle.to_draft()
            )
        except ValidationError as error:
            bundle.add_errors(error)
        else:
            messages.success(
                request, _("Draf SE %(number)s disimpan.") % {"number": circular.number}
            )
            return redirect("circulars:detail", pk=circular.pk)
    return _form_page(request, bundle, None, status=400)


def _not_editable(request, circular: Circular):
    messages.warning(
        request,
        _(
            "SE %(number)s sudah diterbitkan dan tidak dapat diubah. "
            "Gunakan “Ubah dengan SE baru” untuk membuat perubahannya."
        )
        % {"number": circular.number},
    )
    return redirect("circulars:detail", pk=circular.pk)


@require_http_methods(["GET", "POST"])
@login_required
def circular_edit(request, pk):
    circular = circular_for_admin(request.user, pk)
    if not circular.is_editable:
        return _not_editable(request, circular)
    if request.method == "GET":
        return _form_page(
            request, CircularFormBundle(agency=circular.agency, circular=circular), circular
        )
    bundle = CircularFormBundle(
        agency=circular.agency, circular=circular, data=request.POST, files=request.FILES
    )
    if bundle.is_valid():
        try:
            services.update_draft(user=request.user, circular=circular, draft=bundle.to_draft())
        except ValidationError as error:
            bundle.add_errors(error)
        else:
            messages.success(request, _("Perubahan draf SE disimpan."))
            return redirect("circulars:detail", pk=circular.pk)
    return _form_page(request, bundle, circular, status=400)


@require_POST
@login_required
def circular_preview(request):
    """What the rules typed so far mean for each OPD of the agency (htmx partial)."""
    circular = None
    if request.POST.get("circular"):
        circular = circular_for_admin(request.user, request.POST["circular"])
        agency = circular.agency
    else:
        agency = _agency_for_new(request)
    bundle = CircularFormBundle(agency=agency, circular=circular, data=request.POST)
    bundle.is_valid()
    context = {"limits": summary.opd_limits(_unsaved_terms(bundle), agency.pk), "agency": agency}
    return render_page(request, "circulars/preview.html", context, partial="table")


def _unsaved_terms(bundle: CircularFormBundle) -> summary.UnsavedTerms:
    """The typed rules, read leniently: a field still in error counts as empty."""
    data = getattr(bundle.form, "cleaned_data", {})
    cap = data.get("cap_percent")
    cap = cap if isinstance(cap, int) else 0
    rows = []
    for form in bundle.limits.forms:
        row = getattr(form, "cleaned_data", {})
        if row.get("shape") and row.get("value") is not None and not row.get("DELETE"):
            rows.append(
                Limit(
                    shape=row["shape"],
                    value=row["value"],
                    category=row.get("category") or "",
                    unit_id=row["unit"].pk if row.get("unit") else None,
                    region_id=row["region"].pk if row.get("region") else None,
                    start=row.get("start"),
                    end=row.get("end"),
                )
            )
    return summary.UnsavedTerms.of(
        number=data.get("number") or _("(draf)"),
        cap_percent=cap,
        exempt_categories=list(data.get("exempt_categories") or []),
        exempt_units=list(data.get("exempt_units") or []),
        limits=rows,
    )


# --- Publish, amend, revoke: a confirmation page, then a POST --------------------


def _confirm(request, circular, action, *, errors=None, form=None, extra=None, status=200):
    context = {"circular": circular, "action": action, "errors": errors or {}, "form": form}
    context.update(extra or {})
    return render(request, "circulars/confirm.html", context, status=status)


def _labelled(errors: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Service errors with the name of the field they concern."""
    labels = {
        "windows": _("Masa berlaku"),
        "limits": _("Batas khusus"),
        "priorities": _("Prioritas"),
        "__all__": "",
    }
    out = []
    for name, messages_ in errors.items():
        if name in labels:
            label = labels[name]
        else:
            try:
                label = str(Circular._meta.get_field(name).verbose_name).capitalize()
            except FieldDoesNotExist:
                label = name
        out.append((label, messages_))
    return out


@require_http_methods(["GET", "POST"])
@login_required
def circular_publish(request, pk):
    circular = circular_for_admin(request.user, pk)
    if not circular.is_editable:
        return _not_editable(request, circular)
    circular = summary.with_rules(Circular.objects.filter(pk=circular.pk)).select_related(
        "agency", "parent", "amends"
    )[0]

    def extra() -> dict:
        return {
            "limits": summary.opd_limits(circular, circular.agency_id),
            "impact": impact.impact_of(circular),
        }

    if request.method == "GET":
        problems = services.publish_problems(circular)
        return _confirm(request, circular, "publish", errors=_labelled(problems), extra=extra())
    try:
        services.publish_circular(user=request.user, circular=circular)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return _confirm(request, circular, "publish", errors=_labelled(errors), extra=extra())
    messages.success(
        request, _("SE %(number)s diterbitkan dan berlaku.") % {"number": circular.number}
    )
    return redirect("circulars:detail", pk=circular.pk)


def _not_in_force(request, circular: Circular):
    messages.warning(
        request,
        _(
            "SE %(number)s tidak sedang berlaku: hanya surat edaran yang berlaku yang dapat "
            "diubah atau dicabut."
        )
        % {"number": circular.number},
    )
    return redirect("circulars:detail", pk=circular.pk)


@require_http_methods(["GET", "POST"])
@login_required
def circular_amend(request, pk):
    circular = circular_for_admin(request.user, pk)
    if circular.status != Circular.Status.PUBLISHED:
        return _not_in_force(request, circular)
    if request.method == "GET":
        return _confirm(request, circular, "amend")
    try:
        new = services.amend_circular(user=request.user, circular=circular)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("circulars:detail", pk=circular.pk)
    messages.success(
        request,
        _("Draf perubahan atas SE %(number)s dibuat. Sesuaikan isinya lalu terbitkan.")
        % {"number": circular.number},
    )
    return redirect("circulars:edit", pk=new.pk)


@require_http_methods(["GET", "POST"])
@login_required
def circular_revoke(request, pk):
    circular = circular_for_admin(request.user, pk)
    if circular.status != Circular.Status.PUBLISHED:
        return _not_in_force(request, circular)
    if request.method == "GET":
        return _confirm(request, circular, "revoke", form=RevokeForm())
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_circular(
                user=request.user, circular=circular, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("circulars:detail", pk=circular.pk)
        messages.success(request, _("SE %(number)s dicabut.") % {"number": circular.number})
        return redirect("circulars:detail", pk=circular.pk)
    return _confirm(request, circular, "revoke", form=form)
