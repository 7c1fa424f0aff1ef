"""The one writer under real concurrency (PostgreSQL, one connection per thread).

Each test races two writers many rounds, each round on a fresh OPD of four staff
(cap 50%: two may be away) with one already away, and checks afterwards: never a
day away for a revoked permission, never more away than the limit, and every
counter equal to the rows it counts.
"""

from collections import Counter

import pytest

from organizations.tests.factories import RoleFactory, UnitFactory
from policy.values import Code, Mode
from schedules.models import (
    Assignment,
    AssignmentChange,
    AwayRequest,
    DayCounter,
    Revocation,
)
from schedules.requests import services as svc
from schedules.roster.services import RulesRefused, save_week
from wfa_portal.isoweek import monday_of

from .employee_support import coming_circular, coming_working_days, roster_away
from .support import add_staff
from .threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 15
MOVE_ROUNDS = 10  # a move judges both OPDs' weeks: slower rounds


def assert_counters_match_rows(opd):
    away = Assignment.objects.filter(roster__unit=opd, mode__in=[Mode.WFA, Mode.WFH])
    rows = Counter(away.values_list("day", flat=True))
    counters = {c.day: c.away for c in DayCounter.objects.filter(unit=opd) if c.away}
    assert counters == dict(rows)


@pytest.fixture
def race(postgres_db, world):
    world.circular = coming_circular(world.agency)
    (world.day,) = coming_working_days(world.agency, 1)
    return world


def fresh_opd(race, round_no, tag):
    """Four staff, ``a`` already away on the day: one more may go. ``opd.head`` and
    ``opd.operator`` fill its roster and decide its requests."""
    opd = UnitFactory(agency=race.agency, code=f"{tag}-{round_no}")
    opd.head = RoleFactory(kind="opd_head", unit=opd).user
    opd.operator = RoleFactory(kind="operator", unit=opd).user
    staff = add_staff(opd, 4)
    roster_away(opd, staff[0], [race.day], actor=race.admin, status="draft")
    return opd, staff


def ask(race, employee):
    return AwayRequest.objects.create(
        employee=employee, circular=race.circular, day=race.day, mode="WFA"
    )


def test_revocation_racing_approval_of_the_same_employee_never_leaves_the_day_away(race):
    for round_no in range(ROUNDS):
        opd, (_a, b, _c, _d) = fresh_opd(race, round_no, "revoke-approve")
        request = ask(race, b)

        outcomes = run_together(
            lambda b=b: svc.revoke_permission(
                employee=b, circular=race.circular, reason="Tidak hadir rapat", actor=race.admin
            ),
            lambda request=request, opd=opd: svc.approve_request(
                away_request=request, actor=opd.head
            ),
        )

        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert "result" in outcomes[0], (round_no, outcomes)  # the revocation always stands
        assert Revocation.objects.active().filter(employee=b).exists()
        assert not Assignment.objects.filter(employee=b, day=race.day).exists(), round_no
        status = AwayRequest.objects.get(pk=request.pk).status
        if status == AwayRequest.Status.APPROVED:
            # The approval came first; the revocation then gave the day back.
            assert AssignmentChange.objects.filter(
                employee=b, day=race.day, old_mode="WFA", new_mode="WFO"
            ).exists()
        else:
            assert status == AwayRequest.Status.REJECTED, (round_no, outcomes)
        assert_counters_match_rows(opd)


def test_approval_racing_a_grid_save_never_goes_over_the_limit(race):
    outcomes_seen = set()
    for round_no in range(ROUNDS):
        opd, (_a, b, c, _d) = fresh_opd(race, round_no, "approve-grid")
        request = ask(race, b)

        outcomes = run_together(
            lambda request=request, opd=opd: svc.approve_request(
                away_request=request, actor=opd.head
            ),
            lambda opd=opd, c=c: save_week(
                opd=opd,
                week_start=monday_of(race.day),
                cells={(c.pk, race.day): Mode.WFA},
                actor=opd.operator,
            ),
        )

        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        approved = "result" in outcomes[0]
        saved = outcomes[1]["result"].saved
        assert approved != saved, (round_no, outcomes)  # room for exactly one more
        away = Assignment.objects.filter(roster__unit=opd, day=race.day).count()
        assert away == 2
        assert DayCounter.objects.get(unit=opd, day=race.day).away == 2
        if not approved:
            assert isinstance(outcomes[0]["refused"], RulesRefused)
            assert {v.code for v in outcomes[0]["refused"].violations} == {Code.CAP_EXCEEDED}
            assert AwayRequest.objects.get(pk=request.pk).is_pending
        outcomes_seen.add("approval" if approved else "grid")
        assert_counters_match_rows(opd)
    print(f"winners over {ROUNDS} rounds: {sorted(outcomes_seen)}")


def test_two_approvals_at_the_cap_approve_exactly_one(race):
    for round_no in range(ROUNDS):
        opd, (_a, b, c, _d) = fresh_opd(race, round_no, "approve-approve")
        first, second = ask(race, b), ask(race, c)

        outcomes = run_together(
            lambda r=first, opd=opd: svc.approve_request(away_request=r, actor=opd.head),
            lambda r=second, opd=opd: svc.approve_request(away_request=r, actor=opd.operator),
        )

        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert sum("result" in o for o in outcomes) == 1, (round_no, outcomes)
        (refused,) = [o["refused"] for o in outcomes if "refused" in o]
        assert {v.code for v in refused.violations} == {Code.CAP_EXCEEDED}
        statuses = sorted(
            AwayRequest.objects.filter(pk__in=[first.pk, second.pk]).values_list(
                "status", flat=True
            )
        )
        assert statuses == ["approved", "pending"]
        assert Assignment.objects.filter(roster__unit=opd, day=race.day).count() == 2
        assert DayCounter.objects.get(unit=opd, day=race.day).away == 2
        assert_counters_match_rows(opd)


def test_a_move_racing_an_approval_in_the_new_opd_never_goes_over_its_limit(race):
    """The mover is away on the day at home; the new OPD has room for one more (4 staff,
    1 away; with the mover 5 staff: still 2). The move and an approval there race: one
    wins, the other is refused, and both OPDs' counters equal their rows."""
    for round_no in range(MOVE_ROUNDS):
        home = UnitFactory(agency=race.agency, code=f"move-home-{round_no}")
        mover, _stays = add_staff(home, 2)
        roster_away(home, mover, [race.day], actor=race.admin, status="draft")
        target, (_a, b, _c, _d) = fresh_opd(race, round_no, "move-approve")
        request = ask(race, b)

        outcomes = run_together(
            lambda mover=mover, target=target: svc.move_employee(
                employee=mover, unit=target, actor=race.admin
            ),
            lambda request=request, target=target: svc.approve_request(
                away_request=request, actor=target.head
            ),
        )

        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert sum("result" in o for o in outcomes) == 1, (round_no, outcomes)
        (refused,) = [o["refused"] for o in outcomes if "refused" in o]
        assert {v.code for v in refused.violations} == {Code.CAP_EXCEEDED}
        assert Assignment.objects.filter(roster__unit=target, day=race.day).count() == 2
        assert_counters_match_rows(target)
        assert_counters_match_rows(home)
