"""Publishing (and applying its impact) racing a grid save, on PostgreSQL with real threads.

Each round: a fresh agency whose circular lets a treasurer go, an amendment that keeps
treasurers at the office, and at the same moment the head puts the treasurer away on
the grid. Whichever wins, the treasurer is never left away under the published
amendment, and the day counters equal the rows they count.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest

from circulars import services
from circulars.models import Circular
from circulars.tests.impact_support import future_week, published
from organizations.tests.factories import AgencyFactory, RoleFactory, UnitFactory
from policy.values import Mode
from schedules.models import Assignment, DayCounter
from schedules.roster.services import save_week
from schedules.tests.support import add_staff
from schedules.tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 12


def test_publish_racing_a_grid_save_never_leaves_a_barred_day_away(postgres_db):
    outcomes_seen = Counter()
    for round_no in range(ROUNDS):
        agency = AgencyFactory(code=f"race-{round_no}")
        admin = RoleFactory(kind="bkpsdm_admin", agency=agency).user
        opd = UnitFactory(agency=agency, code=f"race-opd-{round_no}")
        head = RoleFactory(kind="opd_head", unit=opd).user
        treasurer, *_others = add_staff(opd, 4, prefix=f"R{round_no}")
        treasurer.role_tags = ["treasurer"]
        treasurer.save(update_fields=["role_tags"])
        monday = future_week(agency)
        circular = published(agency, f"SE/{round_no}", monday, monday + timedelta(days=3))
        draft = services.amend_circular(user=admin, circular=circular)
        draft.exempt_roles = ["treasurer"]
        draft.save(update_fields=["exempt_roles"])

        outcomes = run_together(
            lambda draft=draft, admin=admin: services.publish_circular(user=admin, circular=draft),
            lambda opd=opd, monday=monday, head=head, t=treasurer, late=round_no % 2: (
                # Every other round the save starts a little later, so both orders occur.
                time.sleep(0.2 * late),
                save_week(opd=opd, week_start=monday, cells={(t.pk, monday): Mode.WFA}, actor=head),
            )[1],
        )
        assert not any("error" in o for o in outcomes), outcomes
        assert "refused" not in outcomes[0], outcomes[0]
        assert Circular.objects.get(pk=draft.pk).status == Circular.Status.PUBLISHED
        saved = outcomes[1]["result"].saved
        outcomes_seen["saved then released" if saved else "refused"] += 1
        assert not Assignment.objects.filter(
            employee=treasurer, mode__in=[Mode.WFA, Mode.WFH]
        ).exists()
        away = Assignment.objects.filter(roster__unit=opd, mode__in=[Mode.WFA, Mode.WFH])
        rows = Counter(away.values_list("day", flat=True))
        counters = {c.day: c.away for c in DayCounter.objects.filter(unit=opd) if c.away}
        assert counters == dict(rows)
    print(dict(outcomes_seen))
