"""The pages of standing flexible work. Views parse, ask ``standing.access`` for the
object and ``standing.services`` for the change, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations.access import agency_for_admin, agency_for_oversight, opd_for_head
from wfa_portal.htmx import render_page
from wfa_portal.isoweek import monday_of
from wfa_portal.paging import paginate

from . import access
from . import services as svc
from .board import board, finding_names, monitoring_table
from .forms import (
    ApplicationForm,
    ApproveForm,
    ArrangementForm,
    EndPolicyForm,
    LimitFormSet,
    PeriodForm,
    PolicyForm,
    RecallForm,
    RejectForm,
    ShiftFormSet,
    TargetFormSet,
    TargetReportForm,
    TargetReviewForm,
)
from .models import Application, Arrangement, AwayMode, PolicyEvent, Recall
from .selectors import week_hours

PAGE = 50


def _errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form's fields (or on the form when it names none)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages)
    else:
        form.add_error(None, error.messages)


@require_GET
@login_required
def index(request):
    """The entry of the navigation: BKPSDM to its policies, a head to their OPD, an
    employee to their own page."""
    from organizations.access import get_actor

    actor = get_actor(request.user)
    if actor.admin_agency_ids:
        return redirect("standing:policies", min(actor.admin_agency_ids))
    if actor.head_unit_ids:
        return redirect("standing:queue", min(actor.head_unit_ids))
    if actor.employee is not None:
        return redirect("standing:mine")
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


# --- BKPSDM: the policy ------------------------------------------------------------------


@require_GET
@login_required
def policies(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    rows = access.policies_for_admin(request.user).filter(agency=agency)[:PAGE]
    return render(
        request,
        "standing/policies.html",
        {"agency": agency, "rows": rows, "title": _("Kebijakan kerja fleksibel")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_form(request, agency_id: int, pk: int | None = None):
    agency = agency_for_admin(request.user, agency_id)
    policy = None
    if pk is not None:
        policy = access.policy_for_admin(request.user, pk)
        if policy.agency_id != agency.pk:
            from django.http import Http404

            raise Http404
    initial_limits = (
        [
            {"weekdays": row.weekdays, "shape": row.shape, "value": row.value}
            for row in policy.limits.all()
        ]
        if policy
        else []
    )
    initial_shifts = (
        [
            {"name": s.name, "start": s.start, "end": s.end, "break_minutes": s.break_minutes}
            for s in policy.shifts.all()
        ]
        if policy
        else []
    )
    data = request.POST if request.method == "POST" else None
    form = PolicyForm(data, instance=policy)
    limits = LimitFormSet(data, prefix="limits", initial=initial_limits)
    shifts = ShiftFormSet(data, prefix="shifts", initial=initial_shifts)
    if request.method == "POST" and form.is_valid() and limits.is_valid() and shifts.is_valid():
        try:
            saved = svc.save_policy(
                agency=agency,
                actor=request.user,
                data=form.data_for_service(),
                limits=[
                    svc.LimitRow(f["weekdays"], f["shape"], f["value"])
                    for f in limits.cleaned_data
                    if f.get("shape")
                ],
                shifts=[
                    svc.ShiftRow(f["name"], f["start"], f["end"], f.get("break_minutes") or 0)
                    for f in shifts.cleaned_data
                    if f.get("name")
                ],
                policy=policy,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Konsep kebijakan disimpan."))
            return redirect("standing:policy", saved.pk)
    context = {"agency": agency, "policy": policy, "form": form, "limits": limits, "shifts": shifts}
    return render(request, "standing/policy_form.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def policy_detail(request, pk: int):
    policy = access.policy_for_admin(request.user, pk)
    context = {
        "policy": policy,
        "limits": list(policy.limits.all()),
        "shifts": list(policy.shifts.all()),
        "events": list(PolicyEvent.objects.filter(policy=policy).select_related("actor")),
        "end_form": EndPolicyForm(),
    }
    return render(request, "standing/policy_detail.html", context)


@require_POST
@login_required
def policy_publish(request, pk: int):
    policy = access.policy_for_admin(request.user, pk)
    try:
        svc.publish_policy(policy=policy, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kebijakan diterbitkan dan berlaku."))
    return redirect("standing:policy", policy.pk)


@require_POST
@login_required
def policy_end(request, pk: int):
    policy = access.policy_for_admin(request.user, pk)
    form = EndPolicyForm(request.POST)
    if form.is_valid():
        try:
            svc.end_policy(
                policy=policy,
                end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kebijakan diakhiri."))
    else:
        messages.error(request, _("Isi tanggal akhir dan alasannya."))
    return redirect("standing:policy", policy.pk)


@require_GET
def public_policy(request, pk: int):
    policy = access.public_policy(pk)
    context = {
        "policy": policy,
        "limits": list(policy.limits.all()),
        "shifts": list(policy.shifts.all()),
    }
    return render(request, "standing/public_policy.html", context)


@require_GET
def public_policy_pdf(request, pk: int):
    """The published (or ended) policy as a PDF in the layout of a decree."""
    from django.http import HttpResponse

    from .pdf import decree_pdf

    policy = access.public_policy(pk)
    response = HttpResponse(decree_pdf(policy), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kebijakan-{policy.pk}.pdf"'
    return response


# --- the employee ------------------------------------------------------------------------


@require_GET
@login_required
def mine(request):
    employee = access.my_employee(request.user)
    today = timezone.localdate()
    policy = svc.current_policy(employee.unit.agency_id, today)
    context = {
        "employee": employee,
        "policy": policy,
        "arrangements": list(
            Arrangement.objects.filter(employee=employee).select_related("policy", "shift")[:PAGE]
        ),
        "applications": list(
            access.my_applications(request.user).prefetch_related("targets")[:PAGE]
        ),
        "recalls": list(Recall.objects.filter(employee=employee)[:PAGE]),
        "week": week_hours(employee, monday_of(today)),
    }
    return render(request, "standing/mine.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def apply(request):
    employee = access.my_employee(request.user)
    policy = svc.current_policy(employee.unit.agency_id, timezone.localdate())
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, request.FILES or None)
    targets = TargetFormSet(data, prefix="targets")
    if request.method == "POST" and policy is None:
        form.add_error(
            None, _("Instansi Anda belum memiliki kebijakan kerja fleksibel yang berlaku.")
        )
    elif request.method == "POST" and form.is_valid() and targets.is_valid():
        f = form.cleaned_data
        try:
            svc.submit_application(
                employee=employee,
                policy=policy,
                reason=f["reason"],
                targets=[
                    svc.Target(t.get("target", ""), t.get("evidence_of_done", ""))
                    for t in targets.cleaned_data
                ],
                kind=f["kind"],
                weekdays=f["weekdays"],
                day=f["day"],
                place=f["place"],
                place_note=f["place_note"],
                start_time=f["start_time"],
                start=f["start"],
                evidence=f["evidence"],
                mode=f["mode"] or AwayMode.WFA,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Permohonan terkirim ke atasan Anda."))
            return redirect("standing:mine")
    context = {"form": form, "targets": targets, "policy": policy}
    status = 400 if request.method == "POST" else 200
    return render(request, "standing/apply.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def recall_page(request, pk: int):
    """The employee's recall, on a phone: the day, the time, the reason, and one button."""
    row = access.my_recall(request.user, pk)
    if request.method == "POST":
        row = svc.confirm_recall(recall_row=row, employee=access.my_employee(request.user))
        messages.success(request, _("Terima kasih, kehadiran Anda sudah dikonfirmasi."))
        return redirect("standing:recall", row.pk)
    return render(request, "standing/recall.html", {"recall": row})


@require_http_methods(["GET", "POST"])
@login_required
def target_report(request, pk: int):
    """The employee reports a target of their approved work plan: what shows it is done."""
    row = access.my_target(request.user, pk)
    form = TargetReportForm(
        request.POST or None, initial={"result": row.result, "note": row.result_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.report_target(
                target=row,
                employee=access.my_employee(request.user),
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Hasil target dilaporkan kepada atasan Anda."))
            return redirect("standing:mine")
    status = 400 if request.method == "POST" else 200
    return render(request, "standing/target_report.html", {"row": row, "form": form}, status=status)


# --- the head ----------------------------------------------------------------------------


@require_GET
@login_required
def targets(request):
    """The reported targets this login reviews (its OPDs' staff; BKPSDM: the heads')."""
    rows = access.targets_awaiting_review(request.user).select_related(
        "application__employee__unit"
    )
    paged = paginate(request, rows.order_by("reported_at", "pk"))
    return render(request, "standing/targets.html", {"paged": paged, "rows": paged.rows})


@require_http_methods(["GET", "POST"])
@login_required
def target_review(request, pk: int):
    """The head says whether a reported target is met, with a comment."""
    row = access.target_for_decider(request.user, pk)
    form = TargetReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.review_target(
                target=row,
                actor=request.user,
                met=form.cleaned_data["verdict"] == "met",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Penilaian target disimpan."))
            return redirect("standing:targets")
    status = 400 if request.method == "POST" else 200
    return render(request, "standing/target_review.html", {"row": row, "form": form}, status=status)


def _recall_figures(rows) -> dict:
    speed = ExpressionWrapper(F("confirmed_at") - F("created_at"), output_field=DurationField())
    figures = rows.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        speed=Avg(speed, filter=Q(confirmed_at__isnull=False)),
    )
    average = figures.pop("speed")
    figures["minutes"] = int(average.total_seconds() // 60) if average is not None else None
    return figures


@require_GET
@login_required
def queue(request, unit_id: int):
    opd = opd_for_head(request.user, unit_id)
    today = timezone.localdate()
    staff = access.decidable_staff(request.user, opd)
    recalls = access.recalls_of_opd(request.user, opd)
    context = {
        "opd": opd,
        "pending": list(
            access.queue_for_opd(request.user, opd)
            .select_related("employee")
            .prefetch_related("targets")[:PAGE]
        ),
        "arrangements": list(
            Arrangement.objects.filter(employee__in=staff)
            .current(today)
            .select_related("employee", "shift")[:PAGE]
        ),
        "staff": list(staff.order_by("name")[:PAGE]),
        "recalls": list(recalls.select_related("employee")[:PAGE]),
        "figures": _recall_figures(recalls),
        "recall_form": RecallForm(staff=staff, initial={"at": "08:00"}),
    }
    return render_page(request, "standing/queue.html", context)


@require_GET
@login_required
def agency_queue(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    recalls = access.recalls_visible_to(request.user).filter(employee__unit__agency=agency)
    context = {
        "agency": agency,
        "pending": list(
            access.queue_for_agency(request.user, agency)
            .select_related("employee__unit")
            .prefetch_related("targets")[:PAGE]
        ),
        "recalls": list(recalls.select_related("employee__unit", "recalled_by")[:PAGE]),
        "figures": _recall_figures(recalls),
    }
    return render(request, "standing/agency_queue.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def application_detail(request, pk: int):
    row = access.application_for_decider(request.user, pk)
    approve = ApproveForm(
        request.POST if request.POST.get("decision") == "approve" else None,
        policy=row.policy,
        initial={"start": row.start, "start_time": row.start_time},
    )
    reject = RejectForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST" and row.status == Application.Status.PENDING:
        try:
            if request.POST.get("decision") == "approve" and approve.is_valid():
                f = approve.cleaned_data
                svc.approve_application(
                    application=row,
                    actor=request.user,
                    data=svc.ArrangementData(
                        eligible=True,
                        weekdays=row.weekdays,
                        start_time=f["start_time"],
                        shift=f["shift"],
                        weekly_exception=f["weekly_exception"] or "",
                        start=f["start"],
                        end=f["end"],
                        ict_doable=f["ict_doable"],
                        little_contact=f["little_contact"],
                        no_supervision=f["no_supervision"],
                        no_equipment=f["no_equipment"],
                    ),
                )
                messages.success(request, _("Permohonan disetujui."))
                return redirect("standing:application", row.pk)
            if request.POST.get("decision") == "reject" and reject.is_valid():
                svc.reject_application(
                    application=row, actor=request.user, note=reject.cleaned_data["note"]
                )
                messages.success(request, _("Permohonan ditolak."))
                return redirect("standing:application", row.pk)
        except ValidationError as error:
            _errors(approve if request.POST.get("decision") == "approve" else reject, error)
    context = {
        "row": row,
        "targets": list(row.targets.all()),
        "approve": approve,
        "reject": reject,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "standing/application.html", context, status=status)


@require_GET
@login_required
def application_evidence(request, pk: int):
    """The application's evidence file, for its decider or its employee only."""
    from django.http import FileResponse, Http404

    from organizations.access import get_actor

    if get_actor(request.user).employee is not None:
        mine = access.my_applications(request.user).filter(pk=pk).first()
    else:
        mine = None
    row = mine or access.application_for_decider(request.user, pk)
    if not row.evidence:
        raise Http404
    return FileResponse(row.evidence.open("rb"), as_attachment=True)


@require_http_methods(["GET", "POST"])
@login_required
def arrangement_form(request, unit_id: int, employee_id: int):
    opd = access.opd_for_decider(request.user, unit_id)
    employee = access.employee_for_decider(request.user, opd, employee_id)
    policy = svc.current_policy(opd.agency_id, timezone.localdate())
    form = ArrangementForm(request.POST or None, policy=policy)
    if request.method == "POST" and policy is None:
        form.add_error(None, _("Belum ada kebijakan kerja fleksibel yang berlaku."))
    elif request.method == "POST" and form.is_valid():
        f = form.cleaned_data
        try:
            svc.decide_arrangement(
                employee=employee,
                policy=policy,
                actor=request.user,
                data=svc.ArrangementData(
                    eligible=f["eligible"],
                    weekdays=f["weekdays"],
                    place=f["place"],
                    place_note=f["place_note"],
                    start_time=f["start_time"],
                    shift=f["shift"],
                    weekly_exception=f["weekly_exception"] or "",
                    start=f["start"],
                    end=f["end"],
                    ict_doable=f["ict_doable"],
                    little_contact=f["little_contact"],
                    no_supervision=f["no_supervision"],
                    no_equipment=f["no_equipment"],
                    note=f["note"],
                ),
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Pengaturan kerja fleksibel disimpan."))
            return redirect("standing:queue", opd.pk)
    history = list(
        Arrangement.objects.filter(employee=employee).select_related("shift", "decided_by")[:PAGE]
    )
    context = {"opd": opd, "employee": employee, "policy": policy, "form": form, "history": history}
    status = 400 if request.method == "POST" else 200
    return render(request, "standing/arrangement_form.html", context, status=status)


@require_POST
@login_required
def recall_create(request, unit_id: int):
    opd = opd_for_head(request.user, unit_id)
    staff = access.decidable_staff(request.user, opd)
    form = RecallForm(request.POST, staff=staff)
    if form.is_valid():
        f = form.cleaned_data
        if f["employee"]:
            employees = [f["employee"]]
        else:
            allowed = set(staff.values_list("pk", flat=True))
            employees = [e for e in svc.away_on(opd, f["day"]) if e.pk in allowed]
        try:
            rows = svc.recall(
                employees=employees,
                day=f["day"],
                at=f["at"],
                reason=f["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(n)d pegawai dipanggil ke kantor dan sudah diberi tahu.") % {"n": len(rows)},
            )
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(reverse("standing:queue", args=[opd.pk]))


# --- BKPSDM: monitoring -----------------------------------------------------------------


def _period(request):
    from datetime import timedelta

    today = timezone.localdate()
    monday = monday_of(today)
    form = PeriodForm(
        request.GET or None,
        initial={"start": monday - timedelta(weeks=8), "end": monday + timedelta(days=4)},
    )
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        return form, f["start"], f["end"], f["pivot"]
    if form.is_bound:
        return form, None, None, None
    return form, monday - timedelta(weeks=8), monday + timedelta(days=4), None


@require_GET
@login_required
def monitoring(request, agency_id: int):
    agency = agency_for_oversight(request.user, agency_id)
    form, start, end, pivot = _period(request)
    data = board(agency, start, end, pivot) if start else None
    context = {
        "agency": agency,
        "form": form,
        "board": data,
        "query": request.GET.urlencode(),
        "finding_names": finding_names(),
    }
    return render(request, "standing/monitoring.html", context, status=200 if start else 400)


@require_GET
@login_required
def monitoring_export(request, agency_id: int, fmt: str):
    from monitoring.exports import file_response

    agency = agency_for_oversight(request.user, agency_id)
    _form, start, end, pivot = _period(request)
    if start is None:
        from django.http import Http404

        raise Http404
    return file_response(
        lambda: monitoring_table(board(agency, start, end, pivot)),
        fmt,
        f"kerja-fleksibel-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}",
    )
