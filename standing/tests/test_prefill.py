"""The week grid pre-filled from the standing arrangements: shown as a proposal, judged by
the rules, saved only by the head; recalled days and event-circular dates left out; the
weekly-limit exception reaches the rules."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from circulars.tests.circular_builders import make_published
from schedules.models import Assignment
from schedules.roster.services import check_week, save_week
from standing import services as svc
from standing.prefill import arrangement_cells, week_proposal
from wfa_portal.isoweek import format_week, monday_of

from .builders import criteria, make_policy, next_weekday

pytestmark = pytest.mark.django_db
D = date


def arranged(world, employee, **overrides):
    policy = make_policy(world, start=D(2025, 1, 1), **overrides.pop("policy", {}))
    fields = {"eligible": True, "weekdays": [4], "start": D(2025, 1, 1), **criteria(), **overrides}
    svc.decide_arrangement(
        employee=employee, policy=policy, data=svc.ArrangementData(**fields), actor=world.head
    )
    return policy


def test_the_grid_of_next_week_proposes_the_fridays(world, client_for):
    arranged(world, world.employee)
    friday = next_weekday(4, timezone_today() + timedelta(days=3))
    url = reverse("roster:week", args=[world.opd.pk, format_week(friday)])
    page = client_for(world.head).get(url).content.decode()
    assert 'data-testid="proposal-legend"' in page
    assert "diisi otomatis dan belum disimpan" in page
    # Nothing is written until the head saves.
    assert not Assignment.objects.exists()


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_cells_are_the_usual_days_on_standing_days_only(world):
    arranged(world, world.employee)
    friday = next_weekday(4)
    check = check_week(opd=world.opd, week_start=monday_of(friday))
    cells = arrangement_cells(world.opd, monday_of(friday), check.policies, {world.employee.pk})
    assert cells == {(world.employee.pk, friday): "WFH"}
    proposal = week_proposal(check)
    assert proposal.proposed == {(world.employee.pk, friday)}
    assert not proposal.check.errors


def test_a_recalled_day_is_not_proposed(world):
    arranged(world, world.employee)
    friday = next_weekday(4)
    svc.recall(employees=[world.employee], day=friday, at=time(8, 0), reason="x", actor=world.head)
    check = check_week(opd=world.opd, week_start=monday_of(friday))
    assert week_proposal(check) is None


def test_an_event_circular_replaces_the_standing_days(world):
    arranged(world, world.employee)
    friday = next_weekday(4)
    make_published(
        world.agency, number="SE/LEBARAN", windows=[(friday - timedelta(days=4), friday)]
    )
    check = check_week(opd=world.opd, week_start=monday_of(friday))
    assert (
        arrangement_cells(world.opd, monday_of(friday), check.policies, {world.employee.pk}) == {}
    )


def test_a_saved_week_is_shown_as_saved(world):
    arranged(world, world.employee)
    friday = next_weekday(4)
    save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(world.colleague.pk, friday): "WFA"},
        actor=world.head,
    )
    assert week_proposal(check_week(opd=world.opd, week_start=monday_of(friday))) is None


def test_the_weekly_limit_exception_reaches_the_rules(world):
    policy = {"open_weekdays": [0, 1, 2, 3, 4]}
    arranged(world, world.employee, policy=policy, weekdays=[0, 1, 2], weekly_exception="special")
    monday = monday_of(next_weekday(0)) + timedelta(days=7)
    cells = {(world.employee.pk, monday + timedelta(days=n)): "WFA" for n in range(4)}
    check = check_week(opd=world.opd, week_start=monday, cells=cells)
    assert not [v for v in check.violations if v.code == "WEEKLY_LIMIT"]
    cells = {(world.colleague.pk, monday + timedelta(days=n)): "WFA" for n in range(3)}
    check = check_week(opd=world.opd, week_start=monday, cells=cells)
    assert [v.code for v in check.violations if v.code == "WEEKLY_LIMIT"] == ["WEEKLY_LIMIT"]


def test_the_prefilled_grid_costs_the_same_queries(world, client_for, count_queries):
    from organizations.tests.factories import EmployeeFactory

    policy = arranged(world, world.employee)
    friday = next_weekday(4, timezone_today() + timedelta(days=3))
    url = reverse("roster:week", args=[world.opd.pk, format_week(friday)])
    client = client_for(world.head)
    small, _ = count_queries(client.get, url)
    for _ in range(4):
        e = EmployeeFactory(unit=world.opd)
        svc.decide_arrangement(
            employee=e,
            policy=policy,
            data=svc.ArrangementData(
                eligible=True, weekdays=[4], start=D(2025, 1, 1), **criteria()
            ),
            actor=world.head,
        )
    large, response = count_queries(client.get, url)
    assert large == small
    assert "5 sel bertanda ini diisi otomatis" in response.content.decode()
