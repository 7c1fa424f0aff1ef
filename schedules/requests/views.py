"""Pages for employees (my days, my calendar, my requests) and for those who decide
about them (the OPD's request queue, acknowledgements, revocations).

Thin views: scope through ``employee_access``, input through ``employee_forms``,
every write through ``employee_services``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circulars.models import Circular
from organizations.access import agency_for_admin
from organizations.models import Employee, Unit
from wfa_portal.converters import parse_id
from wfa_portal.htmx import render_page
from wfa_portal.isoweek import monday_of
from wfa_portal.paging import paginate
from wfa_portal.shell import render_framed

from ..models import REASON_MAX_LENGTH, Acknowledgement, Revocation, Roster
from ..roster.access import opd_for_head_or_admin, roster_opd_for
from . import fragments
from . import selectors as sel
from . import services as svc
from .access import (
    closed_week_of_opd,
    my_employee,
    my_request,
    my_requests,
    requests_for_agency,
    requests_for_opd,
    revocation_to_reinstate,
    staff_for_revocation,
)
from .forms import (
    AskWeekBackForm,
    AwayRequestForm,
    DecideForm,
    QueueFilterForm,
    ReinstateForm,
    RevokeForm,
)
from .ical import build_calendar

FEED_HISTORY = timedelta(days=366)
ICS = "text/calendar; charset=utf-8"


# --- my days -------------------------------------------------------------------------


@require_GET
@login_required
def my_days(request):
    now = sel.today()
    return _render_my_days(request, now.year, now.month)


@require_GET
@login_required
def my_month(request, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return _render_my_days(request, year, month)


def _render_my_days(request, year: int, month: int):
    employee = my_employee(request.user)
    origin = f"{request.scheme}://{request.get_host()}"
    body = fragments.my_days(employee, year, month, origin)
    return render_framed(request, "schedules/requests/my_days.html", body=body)


@require_POST
@login_required
def choose_office(request, day: date):
    employee = my_employee(request.user)
    try:
        svc.choose_office(employee=employee, day=day, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Anda bekerja di kantor (WFO) pada %(day)s.") % {"day": sel.format_day(day)},
        )
    return redirect("requests:my_days")


@require_POST
@login_required
def acknowledge(request, circular_id: int):
    employee = my_employee(request.user)
    circular = _circular_in_force(sel.opd_of(employee), circular_id)
    svc.acknowledge(employee=employee, circular=circular)
    messages.success(
        request,
        _("Terima kasih: Anda telah menyetujui ketentuan SE %(number)s.")
        % {"number": circular.number},
    )
    return redirect("requests:my_days")


def _circular_in_force(opd, circular_id) -> Circular:
    for circular in sel.circulars_in_force(opd):
        if str(circular.pk) == str(circular_id):
            return circular
    raise Http404


# --- calendar ----------------------------------------------------------------------------


@require_GET
@login_required
def calendar_download(request):
    employee = my_employee(request.user)
    response = _ics(employee)
    response["Content-Disposition"] = 'attachment; filename="jadwal-saya.ics"'
    return response


@never_cache
@require_GET
def calendar_feed(request, token: str):
    """The public feed: the secret in the address is the only key."""
    employee = svc.employee_for_feed(token)
    if employee is None:
        raise Http404
    return _ics(employee)


@require_POST
@login_required
def feed_rotate(request):
    svc.rotate_feed_token(employee=my_employee(request.user))
    messages.success(
        request, _("Alamat kalender diganti. Alamat lama tidak berlaku lagi: perbarui langganan.")
    )
    return redirect("requests:my_days")


def _ics(employee: Employee) -> HttpResponse:
    days = sel.away_assignments(employee, sel.today() - FEED_HISTORY)
    return HttpResponse(build_calendar(employee, days), content_type=ICS)


# --- my requests ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def requests_page(request):
    employee = my_employee(request.user)
    opd = sel.opd_of(employee)
    circulars = sel.circulars_in_force(opd)
    form = AwayRequestForm(request.POST or None, circulars=circulars)
    if request.method == "POST" and form.is_valid():
        try:
            created = svc.request_days(
                employee=employee,
                circular=form.cleaned_data["circular"],
                days=form.cleaned_data["days"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Permohonan %(n)d hari dikirim ke atasan.",
                    "Permohonan %(n)d hari dikirim ke atasan.",
                    len(created),
                )
                % {"n": len(created)},
            )
            closed = sel.closed_weeks(opd, [r.day for r in created])
            if closed:
                messages.warning(request, _closed_week_notice(closed))
            return redirect("requests:requests")
    now = sel.today()
    offered = sel.requestable_days(employee, opd, now)
    chosen = {str(day) for day in request.POST.getlist("days")}
    paged = paginate(
        request,
        my_requests(request.user).select_related("circular", "decided_by").order_by("-day", "-pk"),
    )
    rows = paged.rows
    pending_days = [r.day for r in rows if r.is_pending]
    days = [d.day for d in offered] + pending_days
    closed = sel.closed_weeks(opd, days)
    status = {day: closed[monday_of(day)].status for day in days if monday_of(day) in closed}
    context = {
        "form": form,
        "offered": offered,
        "chosen": chosen,
        "circulars": circulars,
        "requests": rows,
        "paged": paged,
        # Days whose week the OPD already handed to BKPSDM (submitted or accepted).
        "submitted_days": {d for d, s in status.items() if s == Roster.Status.SUBMITTED},
        "accepted_days": {d for d, s in status.items() if s == Roster.Status.ACCEPTED},
    }
    return render(
        request, "schedules/requests/requests.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
def request_withdraw(request, pk: int):
    row = my_request(request.user, pk)
    try:
        svc.withdraw_request(away_request=row, employee=my_employee(request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Permohonan ditarik."))
    return redirect("requests:requests")


def _closed_week_notice(closed: dict) -> str:
    weeks = ", ".join(r.iso_week for r in closed.values())
    return _(
        "Jadwal minggu %(weeks)s sudah diajukan ke BKPSDM: atasan Anda baru dapat menyetujui "
        "permohonan itu setelah meminta BKPSDM mengembalikan jadwalnya."
    ) % {"weeks": weeks}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)


# --- the queues --------------------------------------------------------------------------------


QUEUE_TEMPLATE = "schedules/requests/queue.html"


@require_GET
@login_required
def queue(request, unit_id: int):
    opd = roster_opd_for(request.user, unit_id)
    units = Unit.objects.filter(Q(pk=opd.pk) | Q(parent_id=opd.pk)).order_by("parent_id", "name")
    return _queue_page(
        request,
        title=_("Permohonan pegawai %(opd)s") % {"opd": opd.short_name},
        agency=opd.agency,
        scope=requests_for_opd(request.user, opd),
        filters=QueueFilterForm(
            request.GET,
            units=list(units.values_list("pk", "name")),
            unit_label=_("Unit kerja"),
            rolls_up=False,
        ),
        action=reverse("requests:queue_decide", args=[opd.pk]),
        url=reverse("requests:queue", args=[opd.pk]),
        opd=opd,
    )


@require_POST
@login_required
def queue_decide(request, unit_id: int):
    opd = roster_opd_for(request.user, unit_id)
    # Any status: a request decided meanwhile (another tab, a colleague) is reported on
    # its row by the service instead of failing the whole batch.
    scope = requests_for_opd(request.user, opd)
    return _decide(request, scope, reverse("requests:queue", args=[opd.pk]))


@require_GET
@login_required
def agency_queue(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    opds = Unit.objects.opds().filter(agency=agency).order_by("name")
    return _queue_page(
        request,
        title=_("Permohonan kepala OPD — %(agency)s") % {"agency": agency.short_name},
        agency=agency,
        scope=requests_for_agency(request.user, agency),
        filters=QueueFilterForm(
            request.GET,
            units=list(opds.values_list("pk", "name")),
            unit_label=_("OPD"),
            rolls_up=True,
        ),
        action=reverse("requests:agency_queue_decide", args=[agency.pk]),
        url=reverse("requests:agency_queue", args=[agency.pk]),
        show_opd=True,
    )


@require_POST
@login_required
def agency_queue_decide(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    scope = requests_for_agency(request.user, agency)
    return _decide(request, scope, reverse("requests:agency_queue", args=[agency.pk]))


def _queue_page(request, *, title, agency, scope, filters, action, url, opd=None, show_opd=False):
    """One page of a queue, filtered; the same fixed number of queries on every page."""
    found = filters.filter(scope).select_related(
        "employee", "employee__unit", "circular", "decided_by"
    )
    paged = paginate(request, found.order_by("day", "employee__name", "pk"))
    context = {
        "title": title,
        "filters": filters,
        "paged": paged,
        "rows": sel.queue_rows(agency, paged.rows),
        "action": action,
        "url": url,
        "opd": opd,
        "show_opd": show_opd,
        "reason_max": REASON_MAX_LENGTH,
        "today": sel.today(),
    }
    status = 400 if filters.errors else 200
    return render_page(request, QUEUE_TEMPLATE, context, partial="results", status=status)


def _back(request, url: str) -> str:
    """The queue's address with the filters the decision was taken under (re-encoded)."""
    query = QueryDict(request.POST.get("query", "")[:1000]).copy()
    if not query.get("page", "").isdigit():
        query.pop("page", None)
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


def _decide(request, scope, url: str):
    """Approve or reject the posted requests; any id outside the scope is a 404.

    Each request is decided on its own through the services; the page then says how
    many were decided and, per refused request, who, which day and why.
    """
    back = _back(request, url)
    wanted = {parse_id(pk) for pk in request.POST.getlist("ids")}
    if None in wanted:
        raise Http404
    found = list(
        scope.filter(pk__in=wanted).select_related("employee").order_by("day", "employee__name")
    )
    if len(found) != len(wanted):
        raise Http404
    form = DecideForm(request.POST, ids=[r.pk for r in found])
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    approve = form.cleaned_data["action"] == DecideForm.APPROVE
    decided, refused = svc.decide_requests(
        requests=found, approve=approve, actor=request.user, reason=form.cleaned_data["reason"]
    )
    if decided:
        text = (
            ngettext("%(n)d permohonan disetujui.", "%(n)d permohonan disetujui.", len(decided))
            if approve
            else ngettext("%(n)d permohonan ditolak.", "%(n)d permohonan ditolak.", len(decided))
        )
        messages.success(request, text % {"n": len(decided)})
    if refused:
        messages.error(
            request,
            ngettext(
                "%(n)d permohonan tidak dapat diputuskan dan tetap menunggu:",
                "%(n)d permohonan tidak dapat diputuskan dan tetap menunggu:",
                len(refused),
            )
            % {"n": len(refused)},
        )
    for row, errors in refused:
        messages.error(
            request,
            _("%(name)s, %(day)s: %(errors)s")
            % {
                "name": row.employee.name,
                "day": sel.format_day(row.day),
                "errors": " ".join(errors),
            },
        )
    return redirect(back)


@require_POST
@login_required
def ask_week_back(request, unit_id: int, roster_id: int):
    """The head asks BKPSDM, in one click, to return a submitted week of the OPD."""
    opd = roster_opd_for(request.user, unit_id)
    roster = closed_week_of_opd(opd, roster_id)
    back = _back(request, reverse("requests:queue", args=[opd.pk]))
    form = AskWeekBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    try:
        told = svc.ask_week_back(roster=roster, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    week = {"week": roster.iso_week}
    if told:
        messages.success(
            request,
            _(
                "BKPSDM diminta mengembalikan jadwal minggu %(week)s. Setelah dikembalikan, "
                "setujui permohonannya di sini."
            )
            % week,
        )
    else:
        messages.info(
            request,
            _("BKPSDM sudah diminta mengembalikan jadwal minggu %(week)s; tunggu keputusannya.")
            % week,
        )
    return redirect(back)


# --- acknowledgements --------------------------------------------------------------------------


ACK_STATES = ("done", "open")


@require_GET
@login_required
def acknowledgements(request, unit_id: int):
    """Who of the OPD confirmed the chosen circular's conditions: paged, by state or name."""
    opd = opd_for_head_or_admin(request.user, unit_id)
    circulars = sel.circulars_in_force(opd)
    chosen = next((c for c in circulars if str(c.pk) == request.GET.get("se")), None)
    chosen = chosen or (circulars[0] if circulars else None)
    state = request.GET.get("state") if request.GET.get("state") in ACK_STATES else ""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    staff = Employee.objects.of_opd(opd.pk).active()
    total = done = 0
    paged = None
    if chosen is not None:
        staff = staff.annotate(
            acknowledged_at=Subquery(
                Acknowledgement.objects.filter(circular=chosen, employee=OuterRef("pk")).values(
                    "acknowledged_at"
                )[:1]
            )
        )
        counts = staff.aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False))
        )
        total, done = counts["total"], counts["done"]
        if state:
            staff = staff.filter(acknowledged_at__isnull=state == "open")
        if query:
            staff = staff.filter(Q(name__icontains=query) | Q(nip__startswith=query))
        paged = paginate(request, staff.order_by("name", "pk"))
    context = {
        "opd": opd,
        "circulars": circulars,
        "chosen": chosen,
        "paged": paged,
        "rows": [(e, e.acknowledged_at) for e in paged.rows] if paged else [],
        "done": done,
        "total": total,
        "state": state,
        "query": query,
    }
    return render(request, "schedules/requests/acknowledgements.html", context)


@require_GET
@login_required
def agency_acknowledgements(request, agency_id: int):
    """BKPSDM: per OPD of the agency, how many staff confirmed the chosen circular."""
    agency = agency_for_admin(request.user, agency_id)
    opds = list(Unit.objects.opds().filter(agency=agency).select_related("agency"))
    circulars = sel.circulars_in_force(opds[0]) if opds else []
    chosen = next((c for c in circulars if str(c.pk) == request.GET.get("se")), None)
    chosen = chosen or (circulars[0] if circulars else None)
    headcount = Employee.objects.headcount_by_opd([o.pk for o in opds])
    confirmed = sel.acknowledged_by_opd(chosen, [o.pk for o in opds]) if chosen else {}
    rows = [(o, confirmed.get(o.pk, 0), headcount.get(o.pk, 0)) for o in opds]
    context = {"agency": agency, "circulars": circulars, "chosen": chosen, "rows": rows}
    return render(request, "schedules/requests/agency_acknowledgements.html", context)


# --- revocation --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def revocations(request, unit_id: int):
    opd = opd_for_head_or_admin(request.user, unit_id)
    # Only staff this login may sanction can be chosen (never oneself, never one's head).
    staff = staff_for_revocation(opd, request.user).order_by("name", "pk")
    form = RevokeForm(request.POST or None, staff=staff, circulars=sel.circulars_in_force(opd))
    if request.method == "POST" and form.is_valid():
        try:
            svc.revoke_permission(
                employee=form.cleaned_data["employee"],
                circular=form.cleaned_data["circular"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Izin %(name)s dicabut; hari di luar kantor berikutnya menjadi WFO.")
                % {"name": form.cleaned_data["employee"].name},
            )
            return redirect("requests:revocations", unit_id=opd.pk)
    paged = paginate(
        request,
        Revocation.objects.filter(employee__in=staff_for_revocation(opd))
        .select_related("employee", "circular", "revoked_by", "reinstated_by")
        .order_by("-revoked_at", "-pk"),
    )
    rows = paged.rows
    on_page = [r.employee_id for r in rows]
    context = {
        "opd": opd,
        "form": form,
        "rows": rows,
        "paged": paged,
        "reinstate_form": ReinstateForm(),
        "sanctionable": set(staff.filter(pk__in=on_page).values_list("pk", flat=True)),
    }
    return render(
        request,
        "schedules/requests/revocations.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def reinstate(request, pk: int):
    revocation = revocation_to_reinstate(request.user, pk)
    form = ReinstateForm(request.POST)
    back = redirect("requests:revocations", unit_id=revocation.employee.unit.opd_id)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return back
    try:
        svc.reinstate_permission(
            revocation=revocation, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Izin %(name)s dipulihkan.") % {"name": revocation.employee.name}
        )
    return back


@require_GET
@login_required
def revocation_report(request, agency_id: int):
    agency = agency_for_admin(request.user, agency_id)
    found = Revocation.objects.filter(employee__unit__agency=agency)
    # The figures per circular count every row; the rows themselves are paged.
    counts = {
        row["circular_id"]: row
        for row in found.values("circular_id").annotate(
            active=Count("pk", filter=Q(reinstated_at__isnull=True)),
            reinstated=Count("pk", filter=Q(reinstated_at__isnull=False)),
        )
    }
    paged = paginate(
        request,
        found.select_related("employee", "employee__unit", "circular", "revoked_by").order_by(
            "circular__number", "-revoked_at", "-pk"
        ),
    )
    by_circular: dict[int, dict] = {}
    for row in paged.rows:
        entry = by_circular.setdefault(
            row.circular_id,
            {
                "circular": row.circular,
                "active": counts[row.circular_id]["active"],
                "reinstated": counts[row.circular_id]["reinstated"],
                "rows": [],
            },
        )
        entry["rows"].append(row)
    context = {
        "agency": agency,
        "groups": list(by_circular.values()),
        "total": paged.page.paginator.count,
        "paged": paged,
    }
    return render(request, "schedules/requests/revocation_report.html", context)
