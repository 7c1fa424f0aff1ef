"""What each login should do next, for the home page: one small selector per role.

Each selector answers with at most two steps (words and a link) in a fixed number
of queries, whatever the number of staff, rosters or requests: it reads only the
first item that needs doing and a count. A login with several roles gets the
steps of each, the most pressing role first (BKPSDM, the inspectorate, the OPD,
the employee); the home page shows the first as its button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .access import Actor, get_actor
from .dates import long_date, long_day
from .models import Employee, Unit, User

# How far the head's and the employee's steps look ahead, and the inspector's back.
LOOK_AHEAD = timedelta(days=42)
LOOK_BACK = timedelta(days=14)


@dataclass(frozen=True)
class NextStep:
    role: str  # admin, inspector, roster, employee
    text: str
    button: str
    url: str


def next_steps(user: User) -> list[NextStep]:
    actor = get_actor(user)
    steps: list[NextStep] = []
    if actor.admin_agency_ids:
        steps += admin_steps(actor)
    if actor.inspector_agency_ids:
        steps += inspector_steps(actor)
    if actor.roster_unit_ids:
        steps += roster_steps(actor)
    if actor.employee is not None:
        steps += employee_steps(actor)
    return steps


def _today() -> date:
    return timezone.localdate()


# --- BKPSDM: weeks to accept, drafts to publish ---------------------------------------


def admin_steps(actor: Actor) -> list[NextStep]:
    """The oldest submitted week of the agency's OPDs, and the latest unpublished draft."""
    from circulars.models import Circular
    from schedules.models import Roster

    steps = []
    submitted = Roster.objects.submitted().filter(unit__agency_id__in=actor.admin_agency_ids)
    first = submitted.select_related("unit").order_by("week_start", "unit__name", "pk").first()
    if first is not None:
        count = submitted.count()
        text = ngettext(
            "%(n)d jadwal mingguan OPD menunggu diperiksa; yang pertama: %(opd)s minggu %(week)s.",
            "%(n)d jadwal mingguan OPD menunggu diperiksa; yang pertama: %(opd)s minggu %(week)s.",
            count,
        ) % {"n": count, "opd": first.unit.short_name, "week": first.iso_week}
        url = reverse("roster:oversight_detail", args=[first.pk])
        steps.append(NextStep("admin", text, _("Periksa jadwal"), url))
    draft = (
        Circular.objects.filter(agency_id__in=actor.admin_agency_ids, status=Circular.Status.DRAFT)
        .order_by("-updated_at", "-pk")
        .first()
    )
    if draft is not None:
        text = _("Draf SE %(number)s belum diterbitkan.") % {"number": draft.number}
        url = reverse("circulars:publish", args=[draft.pk])
        steps.append(NextStep("admin", text, _("Periksa dan terbitkan"), url))
    if not steps:
        text = _("Tidak ada yang menunggu Anda. Susun surat edaran bila ada kebijakan baru.")
        steps.append(NextStep("admin", text, _("Susun Surat Edaran"), reverse("circulars:create")))
    return steps


# --- the inspectorate: a day to check --------------------------------------------------


def inspector_steps(actor: Actor) -> list[NextStep]:
    """The latest day (today or in the last two weeks) on which an OPD of the agency had
    staff rostered away in a submitted week and nobody has checked its attendance yet."""
    from monitoring.models import AttendanceCheck
    from schedules.models import Assignment
    from schedules.requests.selectors import VISIBLE_STATUSES

    agency_id = min(actor.inspector_agency_ids)
    today = _today()
    unchecked = (
        Assignment.objects.filter(
            roster__unit__agency_id=agency_id,
            roster__status__in=VISIBLE_STATUSES,
            day__range=(today - LOOK_BACK, today),
        )
        .alias(
            checked=Exists(
                AttendanceCheck.objects.filter(
                    unit_id=OuterRef("roster__unit_id"), day=OuterRef("day")
                )
            )
        )
        .filter(checked=False)
        .order_by("-day", "roster__unit__name")
        .values_list("day", "roster__unit_id", "roster__unit__name")
        .first()
    )
    if unchecked is None:
        text = _("Semua hari yang dijadwalkan di luar kantor sudah diperiksa.")
        url = reverse("monitoring:attendance", args=[agency_id])
        return [NextStep("inspector", text, _("Lihat laporan kehadiran"), url)]
    day, unit_id, name = unchecked
    text = _("Kehadiran %(opd)s pada %(day)s belum diperiksa.") % {
        "opd": name,
        "day": long_day(day),
    }
    query = urlencode({"unit": unit_id, "day": day.isoformat()})
    url = f"{reverse('monitoring:attendance_record', args=[agency_id])}?{query}"
    return [NextStep("inspector", text, _("Catat kehadiran"), url)]


# --- heads and operators: a week to fill, requests to decide ---------------------------


def roster_steps(actor: Actor) -> list[NextStep]:
    """The OPD's first coming week that a circular opens and that is still a draft (or not
    started), and its staff's requests waiting for a decision."""
    from circulars.governing import policies_for_opd
    from schedules.models import Roster
    from schedules.requests.access import queue_for_opd
    from wfa_portal.isoweek import format_week, monday_of

    opd = Unit.objects.select_related("agency").get(pk=min(actor.roster_unit_ids))
    start = monday_of(_today())
    policies = policies_for_opd(opd, start, start + LOOK_AHEAD - timedelta(days=1))
    weeks = sorted(
        {monday_of(day) for day, p in policies.items() if p.is_open() and not p.unit_exempt}
    )
    rosters = dict(
        Roster.objects.filter(unit=opd, week_start__in=weeks).values_list("week_start", "status")
    )
    steps = []
    week = next((w for w in weeks if rosters.get(w, Roster.Status.DRAFT) == "draft"), None)
    if week is not None:
        values = {
            "opd": opd.short_name,
            "week": format_week(week),
            "start": long_date(week),
            "end": long_date(week + timedelta(days=6)),
        }
        if week in rosters:
            text = _("Jadwal %(opd)s minggu %(week)s (%(start)s – %(end)s) masih draf.") % values
        else:
            text = _("Jadwal %(opd)s minggu %(week)s (%(start)s – %(end)s) belum diisi.") % values
        url = reverse("roster:week", kwargs={"unit_id": opd.pk, "week": week})
        steps.append(NextStep("roster", text, _("Isi jadwal"), url))
    if opd.pk in actor.head_unit_ids:
        user = User(pk=actor.user_id)
        pending = queue_for_opd(user, opd).count()
        if pending:
            text = ngettext(
                "%(n)d permohonan pegawai menunggu keputusan Anda.",
                "%(n)d permohonan pegawai menunggu keputusan Anda.",
                pending,
            ) % {"n": pending}
            url = reverse("requests:queue", args=[opd.pk])
            steps.append(NextStep("roster", text, _("Putuskan permohonan"), url))
    if not steps and not weeks:
        text = _(
            "Tidak ada surat edaran yang membuka hari di luar kantor bagi %(opd)s dalam enam "
            "minggu ke depan."
        ) % {"opd": opd.short_name}
    elif not steps:
        text = _("Jadwal %(opd)s sudah diajukan untuk setiap minggu yang dibuka surat edaran.") % {
            "opd": opd.short_name
        }
    if not steps:
        url = reverse("roster:current_week", args=[opd.pk])
        steps.append(NextStep("roster", text, _("Lihat jadwal minggu ini"), url))
    return steps


# --- employees: a day they may ask for ---------------------------------------------------


def employee_steps(actor: Actor) -> list[NextStep]:
    """The first coming working day a circular opens on which this employee could ask to
    work away: no rule bars them, nothing is pending or rostered away that day, and the
    OPD has not submitted that week yet (so the head can still approve it)."""
    day, circular = requestable_day(actor.employee)
    if day is None:
        text = _("Belum ada hari yang dapat Anda ajukan di luar kantor.")
        return [NextStep("employee", text, _("Lihat jadwal saya"), reverse("requests:my_days"))]
    text = _("Anda dapat mengajukan %(mode)s pada %(day)s (SE %(number)s).") % {
        "mode": circular.arrangement,
        "day": long_day(day),
        "number": circular.number,
    }
    url = f"{reverse('requests:requests')}#day-{day.isoformat()}"
    return [NextStep("employee", text, _("Ajukan hari di luar kantor"), url)]


def requestable_day(employee: Employee):
    """(day, circular) of the first day the employee may ask for, or (None, None)."""
    from policy.values import AWAY_MODES
    from schedules.models import Assignment, AwayRequest, Roster
    from schedules.requests.selectors import governed, opd_of
    from schedules.roster.selectors import revoked_circular_ids
    from wfa_portal.isoweek import monday_of

    opd = opd_of(employee)
    start = _today() + timedelta(days=1)
    policies, circulars = governed(opd, start, start + LOOK_AHEAD)
    taken = set(
        AwayRequest.objects.pending()
        .filter(employee=employee, day__gte=start)
        .values_list("day", flat=True)
    )
    taken |= set(
        Assignment.objects.filter(
            employee=employee, day__gte=start, mode__in=[m.value for m in AWAY_MODES]
        ).values_list("day", flat=True)
    )
    closed_weeks = set(
        Roster.objects.filter(unit=opd, week_start__gte=monday_of(start))
        .exclude(status=Roster.Status.DRAFT)
        .values_list("week_start", flat=True)
    )
    revoked = revoked_circular_ids(opd, [employee.pk]).get(employee.pk, frozenset())
    roles = set(employee.role_tags or [])
    for day, policy in sorted(policies.items()):
        if not policy.is_open() or policy.unit_exempt or day in taken:
            continue
        if monday_of(day) in closed_weeks:
            continue
        if roles & policy.exempt_roles or policy.circular_id in revoked:
            continue
        if policy.circular_id not in circulars:  # a standing policy's day: no request asked
            continue
        return day, circulars[policy.circular_id]
    return None, None
