"""Demo rosters for `manage.py seed_demo`: Pemkot Serang's OPDs under the example circular.

For this week and the next two, every OPD of Pemkot Serang that may work away
gets the planner's proposal saved through the roster service; most weeks are
submitted (BKPSDM has weeks to accept), some left as drafts so the dashboard
has something to show. Weeks that already have a roster are left alone, so the
step can run again.

Diskominfo, whose logins the README names, is arranged so that every demo role
has something to do at once: this week is submitted (the employee sees their
days, the inspector has a day to check), next week is an empty draft for the
head to fill, and three colleagues have asked for a day of it (pending in the
head's queue). The demo employee asks for nothing, so they have days to request.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from circulars.governing import governed
from organizations.models import Employee, Role, Unit, User

from .models import AwayRequest, Roster
from .requests.services import request_days
from .roster.autofill import propose_week
from .roster.services import save_week, submit_week

AGENCY = "pemkot-serang"
WEEKS = 3
DEMO_OPD = "diskominfo"
DEMO_EMPLOYEE_LOGIN = "pegawai.diskominfo"
REQUESTERS = 3


def seed(stdout=None) -> list[str]:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    saved = submitted = 0
    with transaction.atomic():
        for index, opd in enumerate(Unit.objects.opds().filter(agency__code=AGENCY)):
            actor = _head_of(opd)
            for week in range(WEEKS):
                week_start = monday + timedelta(weeks=week)
                if actor is None or Roster.objects.filter(unit=opd, week_start=week_start).exists():
                    continue
                if opd.code == DEMO_OPD and week > 0:
                    continue  # left for the demo head (see the module docstring)
                if not _fill(opd, week_start, actor):
                    continue
                saved += 1
                # Every third OPD keeps its last week as a draft.
                if opd.code == DEMO_OPD or index % 3 or week < WEEKS - 1:
                    submit_week(opd=opd, week_start=week_start, actor=actor)
                    submitted += 1
        asked = _demo_opd_next_week(monday + timedelta(weeks=1))
    return [
        f"Jadwal demo: {saved} minggu diisi, {submitted} diajukan.",
        f"Permohonan demo: {asked} baru.",
    ]


def _head_of(opd: Unit) -> User | None:
    role = Role.objects.filter(unit=opd, kind=Role.Kind.OPD_HEAD).select_related("user").first()
    return role.user if role else User.objects.filter(is_superuser=True).first()


def _fill(opd: Unit, week_start, actor: User) -> bool:
    proposal = propose_week(opd=opd, week_start=week_start)
    cells = {key: proposal.check.proposed[key] for key in proposal.proposed}
    if not cells:
        return False
    return save_week(opd=opd, week_start=week_start, cells=cells, actor=actor).saved


def _demo_opd_next_week(week_start: date) -> int:
    """Diskominfo's next week: an empty draft, and colleagues' requests for its days."""
    opd = (
        Unit.objects.opds().select_related("agency").filter(agency__code=AGENCY).get(code=DEMO_OPD)
    )
    Roster.objects.get_or_create(unit=opd, week_start=week_start)
    if AwayRequest.objects.filter(employee__in=Employee.objects.of_opd(opd.pk)).exists():
        return 0  # seeded before
    policies, circulars = governed(opd, week_start, week_start + timedelta(days=6))
    days = [
        day
        for day, policy in sorted(policies.items())
        if policy.is_open() and not policy.unit_exempt
    ]
    if not days:
        return 0
    circular = circulars[policies[days[0]].circular_id]
    heads = set(
        Role.objects.filter(unit=opd, kind=Role.Kind.OPD_HEAD).values_list("user_id", flat=True)
    )
    requesters = [
        e
        for e in Employee.objects.of_opd(opd.pk).active().select_related("user").order_by("name")
        if not e.role_tags
        and e.user_id not in heads
        and not (e.user_id and e.user.username == DEMO_EMPLOYEE_LOGIN)
    ][:REQUESTERS]
    for i, employee in enumerate(requesters):
        request_days(
            employee=employee,
            circular=circular,
            days=[days[i % len(days)]],
            note="Data demo: mohon bekerja dari mana saja.",
        )
    return len(requesters)
