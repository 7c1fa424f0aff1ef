"""Giving days back under the same counter lock as the roster writer (PostgreSQL, threads)."""

import os

import pytest
from django.db import connection

from organizations.tests.factories import UnitFactory
from schedules.models import Assignment, AwayRequest, DayCounter
from schedules.requests import services as svc

from .employee_support import coming_circular, coming_working_days, roster_away
from .support import add_staff
from .threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        reason = f"needs PostgreSQL, the database is {connection.vendor}"
        if os.environ.get("WFA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def test_revocation_racing_an_approval_keeps_the_counter_exact_and_under_the_cap(world):
    circular = coming_circular(world.agency)
    (day,) = coming_working_days(world.agency, 1)
    for round_no in range(ROUNDS):
        opd = UnitFactory(agency=world.agency, code=f"race-emp-{round_no}")
        a, b, c, _d = add_staff(opd, 4)  # 50% of 4: two may be away
        roster_away(opd, a, [day], actor=world.admin, status="draft")
        roster_away(opd, b, [day], actor=world.admin, status="draft")
        request = AwayRequest.objects.create(employee=c, circular=circular, day=day, mode="WFA")

        outcomes = run_together(
            lambda a=a: svc.revoke_permission(
                employee=a, circular=circular, reason="race", actor=world.admin
            ),
            lambda request=request: svc.approve_request(away_request=request, actor=world.admin),
        )

        assert not any("error" in o for o in outcomes), outcomes
        away = Assignment.objects.filter(roster__unit=opd, day=day).count()
        assert away <= 2
        assert DayCounter.objects.get(unit=opd, day=day).away == away
        approved = AwayRequest.objects.get(pk=request.pk).status == "approved"
        assert away == (2 if approved else 1)
