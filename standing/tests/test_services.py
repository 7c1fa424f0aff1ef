"""The standing services: the policy's transitions, arrangements decided by the head
under the engine's rules, applications with a work plan, and recalls through the writer."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from organizations.models import DisciplinarySanction
from organizations.tests.factories import EmployeeFactory, RoleFactory, UserFactory
from schedules.models import Assignment, AssignmentChange
from schedules.roster.services import save_week
from standing import services as svc
from standing.models import Application, Arrangement, PolicyEvent, Recall, StandingPolicy
from wfa_portal.isoweek import monday_of

from .builders import criteria, make_policy, next_weekday

pytestmark = pytest.mark.django_db
D = date


def data(**overrides) -> svc.ArrangementData:
    values = {"eligible": True, "weekdays": [4], **criteria()}
    values.update(overrides)
    return svc.ArrangementData(**values)


def targets(n: int = 1) -> list[svc.Target]:
    return [svc.Target(f"Laporan {i}", "Dokumen di e-Kinerja") for i in range(n)]


# --- the policy ---------------------------------------------------------------------------


def test_draft_publish_end_with_history(world):
    policy = make_policy(world, publish=False)
    assert policy.status == StandingPolicy.Status.DRAFT
    svc.publish_policy(policy=policy, actor=world.admin)
    svc.end_policy(policy=policy, end=D(2026, 1, 31), reason="Evaluasi tahunan", actor=world.admin)
    policy.refresh_from_db()
    assert policy.status == StandingPolicy.Status.ENDED and policy.end == D(2026, 1, 31)
    actions = list(PolicyEvent.objects.filter(policy=policy).values_list("action", flat=True))
    assert actions == ["created", "published", "ended"]


def test_publishing_over_a_published_policy_is_refused(world):
    make_policy(world)
    second = make_policy(world, number="800/13", publish=False)
    with pytest.raises(ValidationError) as refused:
        svc.publish_policy(policy=second, actor=world.admin)
    assert "masih berlaku pada tanggal yang sama" in refused.value.messages[0]
    assert StandingPolicy.objects.get(pk=second.pk).status == StandingPolicy.Status.DRAFT


def test_a_published_policy_is_not_edited(world):
    policy = make_policy(world)
    with pytest.raises(ValidationError) as refused:
        svc.save_policy(agency=world.agency, actor=world.admin, data={"title": "x"}, policy=policy)
    assert "Hanya konsep yang dapat diubah" in refused.value.messages[0]


def test_ending_needs_a_reason(world):
    policy = make_policy(world)
    with pytest.raises(ValidationError) as refused:
        svc.end_policy(policy=policy, end=D(2026, 1, 1), reason=" ", actor=world.admin)
    assert refused.value.message_dict == {"end_reason": ["Tulis alasan kebijakan diakhiri."]}


def test_no_weekday_open_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        make_policy(world, open_weekdays=[])
    assert "Pilih paling sedikit satu hari" in refused.value.message_dict["open_weekdays"][0]


# --- arrangements -------------------------------------------------------------------------


def test_the_head_sets_an_arrangement_and_the_one_before_ends(world):
    policy = make_policy(world)
    first = svc.decide_arrangement(
        employee=world.employee, policy=policy, data=data(start=D(2025, 10, 1)), actor=world.head
    )
    second = svc.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=data(start=D(2025, 11, 1), place="other_office"),
        actor=world.head,
    )
    first.refresh_from_db()
    assert first.end == D(2025, 10, 31)
    assert second.end is None and second.place == "other_office"
    assert Arrangement.objects.filter(employee=world.employee).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"no_equipment": False}, "criteria", "keempat kriteria tugas"),
        ({"weekdays": [3]}, "weekdays", "Hari Kamis tidak dibuka"),
        ({"start_time": time(9, 0)}, "start_time", "di luar rentang yang diizinkan (07:00-08:30)"),
    ],
)
def test_an_arrangement_against_the_rules_is_refused(world, overrides, field, words):
    policy = make_policy(world)
    with pytest.raises(ValidationError) as refused:
        svc.decide_arrangement(
            employee=world.employee,
            policy=policy,
            data=data(start=D(2025, 10, 1), **overrides),
            actor=world.head,
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert not Arrangement.objects.exists()


def test_a_short_shift_cannot_reach_the_weekly_hours(world):
    policy = make_policy(world, shifts=[svc.ShiftRow("pendek", time(8, 0), time(14, 0), 30)])
    with pytest.raises(ValidationError) as refused:
        svc.decide_arrangement(
            employee=world.employee,
            policy=policy,
            data=data(start=D(2025, 10, 1), shift=policy.shifts.get()),
            actor=world.head,
        )
    assert "hanya mencapai 27.5 jam seminggu, kurang dari 37.5 jam" in " ".join(
        refused.value.message_dict["start_time"]
    )


def test_the_weekly_limit_has_its_exceptions(world):
    policy = make_policy(world, open_weekdays=[0, 1, 2, 3, 4])
    with pytest.raises(ValidationError):
        svc.decide_arrangement(
            employee=world.employee,
            policy=policy,
            data=data(start=D(2025, 10, 1), weekdays=[0, 2, 4]),
            actor=world.head,
        )
    row = svc.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=data(start=D(2025, 10, 1), weekdays=[0, 2, 4], weekly_exception="outside_duties"),
        actor=world.head,
    )
    assert row.weekdays == [0, 2, 4]


def test_a_sanctioned_employee_is_excluded(world):
    policy = make_policy(world)
    DisciplinarySanction.objects.create(employee=world.employee, start=D(2025, 9, 1))
    with pytest.raises(ValidationError) as refused:
        svc.decide_arrangement(
            employee=world.employee,
            policy=policy,
            data=data(start=D(2025, 10, 1)),
            actor=world.head,
        )
    assert "hukuman disiplin" in " ".join(refused.value.message_dict["eligible"])


def test_not_eligible_needs_no_criteria(world):
    policy = make_policy(world)
    row = svc.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=svc.ArrangementData(eligible=False, weekdays=[4], start=D(2025, 10, 1)),
        actor=world.head,
    )
    assert not row.eligible and row.weekdays == []


@pytest.mark.parametrize(
    "who", ["other_head", "foreign_head", "operator", "employee_user", "other_admin"]
)
def test_only_the_head_or_bkpsdm_decides(world, who):
    policy = make_policy(world)
    with pytest.raises(PermissionDenied):
        svc.decide_arrangement(
            employee=world.employee,
            policy=policy,
            data=data(start=D(2025, 10, 1)),
            actor=getattr(world, who),
        )


def head_employee(world):
    return EmployeeFactory(unit=world.opd, user=world.head)


def test_nobody_decides_their_own_and_a_head_answers_to_bkpsdm(world):
    policy = make_policy(world)
    mine = head_employee(world)
    with pytest.raises(PermissionDenied):
        svc.decide_arrangement(
            employee=mine, policy=policy, data=data(start=D(2025, 10, 1)), actor=world.head
        )
    # The second head of the same OPD may not decide for the head either.
    deputy = UserFactory(username="wakil")
    RoleFactory(user=deputy, kind="opd_head", unit=world.opd)
    with pytest.raises(PermissionDenied):
        svc.decide_arrangement(
            employee=mine, policy=policy, data=data(start=D(2025, 10, 1)), actor=deputy
        )
    row = svc.decide_arrangement(
        employee=mine, policy=policy, data=data(start=D(2025, 10, 1)), actor=world.admin
    )
    assert row.decided_by == world.admin


# --- applications -------------------------------------------------------------------------


def test_an_application_with_a_work_plan_goes_to_the_head(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Jarak rumah jauh",
        targets=targets(2),
        weekdays=[4],
    )
    assert [t.target for t in application.targets.all()] == ["Laporan 0", "Laporan 1"]
    told = Notification.objects.get(kind="standing_application")
    assert told.recipient == world.head
    assert world.employee.name in told.subject


def test_a_heads_application_goes_to_bkpsdm(world):
    policy = make_policy(world)
    mine = head_employee(world)
    svc.submit_application(
        employee=mine, policy=policy, reason="Alasan", targets=targets(), weekdays=[4]
    )
    told = Notification.objects.filter(kind="standing_application")
    assert list(told.values_list("recipient__username", flat=True)) == ["admin"]


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        ([], "paling sedikit satu target"),
        ([svc.Target("Laporan", "")], "Target 1: isi targetnya dan apa yang menunjukkan"),
    ],
)
def test_a_work_plan_must_be_measurable(world, plan, words):
    policy = make_policy(world)
    with pytest.raises(ValidationError) as refused:
        svc.submit_application(
            employee=world.employee, policy=policy, reason="x", targets=plan, weekdays=[4]
        )
    assert words in refused.value.message_dict["targets"][0]
    assert not Application.objects.exists()


def test_one_pending_application_at_a_time(world):
    policy = make_policy(world)
    svc.submit_application(
        employee=world.employee, policy=policy, reason="x", targets=targets(), weekdays=[4]
    )
    with pytest.raises(ValidationError) as refused:
        svc.submit_application(
            employee=world.employee, policy=policy, reason="y", targets=targets(), weekdays=[4]
        )
    assert "masih punya permohonan" in refused.value.messages[0]


def test_approving_sets_the_arrangement_and_tells_the_employee(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="x",
        targets=targets(),
        weekdays=[4],
        start=D(2025, 10, 1),
    )
    svc.approve_application(application=application, actor=world.head, data=data())
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    arrangement = Arrangement.objects.get(employee=world.employee)
    assert arrangement.application == application and arrangement.weekdays == [4]
    told = Notification.objects.filter(recipient=world.employee_user).get()
    assert told.subject == "Permohonan kerja fleksibel Anda disetujui"


def test_approving_without_the_criteria_leaves_it_pending(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="x",
        targets=targets(),
        weekdays=[4],
        start=D(2025, 10, 1),
    )
    with pytest.raises(ValidationError):
        svc.approve_application(
            application=application, actor=world.head, data=data(ict_doable=False)
        )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_rejecting_needs_a_reason(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee, policy=policy, reason="x", targets=targets(), weekdays=[4]
    )
    with pytest.raises(ValidationError):
        svc.reject_application(application=application, actor=world.head, note="")
    svc.reject_application(application=application, actor=world.head, note="Tugas butuh tatap muka")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_a_one_day_application_is_written_through_the_roster_rules(world):
    policy = make_policy(world)
    friday = next_weekday(4)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Urusan keluarga",
        targets=targets(),
        kind=Application.Kind.ONE_DAY,
        day=friday,
    )
    svc.approve_application(application=application, actor=world.head)
    assert Assignment.objects.get(employee=world.employee).day == friday


def test_a_one_day_application_on_a_closed_weekday_is_refused(world):
    policy = make_policy(world)
    with pytest.raises(ValidationError) as refused:
        svc.submit_application(
            employee=world.employee,
            policy=policy,
            reason="x",
            targets=targets(),
            kind=Application.Kind.ONE_DAY,
            day=next_weekday(2),
        )
    assert "tidak dibuka" in refused.value.message_dict["day"][0]


# --- recalls --------------------------------------------------------------------------------


def away_friday(world, employee):
    make_policy(world)
    friday = next_weekday(4)
    result = save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(employee.pk, friday): "WFA"},
        actor=world.head,
    )
    assert result.saved, result.violations
    return friday


def test_a_recall_makes_the_day_an_office_day_and_tells_the_employee(world):
    friday = away_friday(world, world.employee)
    [recall] = svc.recall(
        employees=[world.employee],
        day=friday,
        at=time(9, 0),
        reason="Rapat mendadak",
        actor=world.head,
    )
    assert not Assignment.objects.filter(employee=world.employee, day=friday).exists()
    assert AssignmentChange.objects.filter(
        employee=world.employee, day=friday, new_mode="WFO"
    ).exists()
    assert recall.released == 1
    told = Notification.objects.get(recipient=world.employee_user, kind="standing_recall")
    assert told.subject.startswith("Anda dipanggil ke kantor pada") and "09:00" in told.subject
    assert "Rapat mendadak" in told.body
    svc.confirm_recall(recall_row=recall, employee=world.employee)
    assert Recall.objects.get().confirmed_at is not None


def test_a_save_after_a_recall_cannot_put_the_day_away_again(world):
    """The recall stands: the grid (or the API) saving the same person away on the
    recalled day is refused with the reason on that day, and nothing is written."""
    friday = away_friday(world, world.employee)
    svc.recall(
        employees=[world.employee], day=friday, at=time(9, 0), reason="Rapat", actor=world.head
    )
    result = save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(world.employee.pk, friday): "WFA"},
        actor=world.head,
    )
    assert not result.saved
    [refusal] = [v for v in result.violations if v.code == "RECALLED"]
    assert refusal.day == friday
    assert "dipanggil ke kantor oleh kepala unit kerja" in refusal.message_id
    assert not Assignment.objects.filter(employee=world.employee, day=friday).exists()


def test_a_recall_of_someone_else_is_refused(world):
    friday = away_friday(world, world.employee)
    with pytest.raises(PermissionDenied):
        svc.recall(
            employees=[world.employee],
            day=friday,
            at=time(9, 0),
            reason="x",
            actor=world.other_head,
        )
    assert Assignment.objects.filter(employee=world.employee).exists()


def test_a_recall_needs_a_reason_and_comes_once(world):
    friday = away_friday(world, world.employee)
    with pytest.raises(ValidationError):
        svc.recall(
            employees=[world.employee], day=friday, at=time(9, 0), reason="", actor=world.head
        )
    svc.recall(employees=[world.employee], day=friday, at=time(9, 0), reason="x", actor=world.head)
    with pytest.raises(ValidationError) as refused:
        svc.recall(
            employees=[world.employee], day=friday, at=time(10, 0), reason="y", actor=world.head
        )
    assert "Sudah dipanggil ke kantor" in " ".join(refused.value.messages)


def test_everyone_away_on_a_day(world):
    friday = away_friday(world, world.employee)
    assert [e.pk for e in svc.away_on(world.opd, friday)] == [world.employee.pk]
