"""Demo rosters for `manage.py seed_demo`: Pemkot Serang's OPDs under the example circular.

For this week and the next two, every OPD of Pemkot Serang that may work away
gets the planner's proposal saved through the roster service; most weeks are
submitted, some left as drafts so the dashboard has something to show. Weeks
that already have a roster are left alone, so the step can run again.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organizations.models import Role, Unit, User

from .autofill import propose_week
from .models import Roster
from .services import save_week, submit_week

AGENCY = "pemkot-serang"
WEEKS = 3


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
                if not _fill(opd, week_start, actor):
                    continue
                saved += 1
                # Diskominfo submits every week (its employee login shows the days);
                # every third OPD keeps its last week as a draft.
                if opd.code == "diskominfo" or index % 3 or week < WEEKS - 1:
                    submit_week(opd=opd, week_start=week_start, actor=actor)
                    submitted += 1
    return [f"Jadwal demo: {saved} minggu diisi, {submitted} diajukan."]


def _head_of(opd: Unit) -> User | None:
    role = Role.objects.filter(unit=opd, kind=Role.Kind.OPD_HEAD).select_related("user").first()
    return role.user if role else User.objects.filter(is_superuser=True).first()


def _fill(opd: Unit, week_start, actor: User) -> bool:
    proposal = propose_week(opd=opd, week_start=week_start)
    cells = {key: proposal.check.proposed[key] for key in proposal.proposed}
    if not cells:
        return False
    return save_week(opd=opd, week_start=week_start, cells=cells, actor=actor).saved
