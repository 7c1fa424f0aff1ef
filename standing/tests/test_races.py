"""Two writes of standing flexible work at the same moment, in real threads on PostgreSQL:
the writer's employee lock and the row locks keep one outcome, never an error."""

from __future__ import annotations

from datetime import time

import pytest

from schedules.models import Assignment
from schedules.roster.services import save_week
from schedules.tests.threads import run_together
from standing import services as svc
from standing.models import Application, Arrangement, Recall
from wfa_portal.isoweek import monday_of

from .builders import criteria, make_policy, next_weekday

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROUNDS = 4


def test_two_recalls_of_the_same_day_make_one(postgres_db, world):
    make_policy(world)
    friday = next_weekday(4)
    for round_no in range(ROUNDS):
        Recall.objects.all().delete()
        save_week(
            opd=world.opd,
            week_start=monday_of(friday),
            cells={(world.employee.pk, friday): "WFA"},
            actor=world.head,
        )
        outcomes = run_together(
            *(
                lambda who=who: svc.recall(
                    employees=[world.employee], day=friday, at=time(9, 0), reason="x", actor=who
                )
                for who in (world.head, world.admin)
            )
        )
        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert sorted("result" in o for o in outcomes) == [False, True], (round_no, outcomes)
        refused = next(o["refused"] for o in outcomes if "refused" in o)
        assert "Sudah dipanggil ke kantor" in " ".join(refused.messages)
        assert Recall.objects.get().released == 1
        assert not Assignment.objects.filter(employee=world.employee, day=friday).exists()


def test_approving_and_rejecting_at_once_decide_once(postgres_db, world):
    policy = make_policy(world)
    for round_no in range(ROUNDS):
        Arrangement.objects.all().delete()
        Application.objects.all().delete()
        row = svc.submit_application(
            employee=world.employee,
            policy=policy,
            reason="x",
            targets=[svc.Target("t", "b")],
            weekdays=[4],
            start=policy.start,
        )
        data = svc.ArrangementData(eligible=True, weekdays=[4], **criteria())
        outcomes = run_together(
            lambda row=row, data=data: svc.approve_application(
                application=row, actor=world.head, data=data
            ),
            lambda row=row: svc.reject_application(application=row, actor=world.admin, note="n"),
        )
        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert sorted("result" in o for o in outcomes) == [False, True], (round_no, outcomes)
        status = Application.objects.get().status
        assert Arrangement.objects.exists() == (status == "approved"), round_no


def test_two_applications_at_once_leave_one_pending(postgres_db, world):
    policy = make_policy(world)
    for round_no in range(ROUNDS):
        Application.objects.all().delete()
        outcomes = run_together(
            *(
                lambda reason=reason: svc.submit_application(
                    employee=world.employee,
                    policy=policy,
                    reason=reason,
                    targets=[svc.Target("t", "b")],
                    weekdays=[4],
                )
                for reason in ("a", "b")
            )
        )
        assert not any("error" in o for o in outcomes), (round_no, outcomes)
        assert Application.objects.filter(status="pending").count() == 1, round_no
