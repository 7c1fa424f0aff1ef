from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Notification
from organizations.models import RoleTag, ServiceCategory
from organizations.tests.factories import EmployeeFactory
from policy.values import Code, Mode
from schedules.models import (
    Acknowledgement,
    Assignment,
    AssignmentChange,
    AwayRequest,
    DayCounter,
    Revocation,
    Roster,
)
from schedules.requests import services as svc
from schedules.roster.selectors import revoked_circular_ids
from schedules.roster.services import save_week
from wfa_portal.isoweek import monday_of

from .employee_support import (
    coming_circular,
    coming_working_days,
    roster_away,
    staff_opd,
    today,
)
from .support import publish_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.days = coming_working_days(world.agency, 4)
    return world


def away(employee):
    return set(Assignment.objects.filter(employee=employee).values_list("day", flat=True))


def notified(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


class TestModels:
    def test_one_pending_request_per_employee_and_day(self, se):
        day = se.days[0]
        AwayRequest.objects.create(employee=se.employee, circular=se.circular, day=day, mode="WFA")
        AwayRequest.objects.create(
            employee=se.employee, circular=se.circular, day=day, mode="WFA", status="rejected"
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            AwayRequest.objects.create(
                employee=se.employee, circular=se.circular, day=day, mode="WFA"
            )

    def test_one_active_revocation_per_employee_and_circular(self, se):
        Revocation.objects.create(
            employee=se.employee, circular=se.circular, reason="x", reinstated_at=timezone.now()
        )
        Revocation.objects.create(employee=se.employee, circular=se.circular, reason="y")
        with pytest.raises(IntegrityError), transaction.atomic():
            Revocation.objects.create(employee=se.employee, circular=se.circular, reason="z")

    def test_revoked_circular_ids_reads_active_revocations_only(self, se):
        Revocation.objects.create(employee=se.employee, circular=se.circular, reason="x")
        Revocation.objects.create(
            employee=se.colleague, circular=se.circular, reason="x", reinstated_at=timezone.now()
        )
        ids = [se.employee.pk, se.colleague.pk]
        assert revoked_circular_ids(se.opd, ids) == {se.employee.pk: frozenset({se.circular.pk})}

    def test_the_rules_refuse_a_day_away_after_revocation(self, se):
        Revocation.objects.create(employee=se.employee, circular=se.circular, reason="x")
        day = se.days[0]
        result = save_week(
            opd=se.opd,
            week_start=monday_of(day),
            cells={(se.employee.pk, day): Mode.WFA},
            actor=se.head,
        )
        assert not result.saved
        assert [v.code for v in result.errors] == [Code.PERMISSION_REVOKED]
        assert away(se.employee) == set()


class TestRequestDays:
    def test_creates_one_pending_request_per_day(self, se):
        rows = svc.request_days(
            employee=se.employee, circular=se.circular, days=se.days[:2], note="mudik"
        )
        assert [(r.day, r.mode, r.status, r.note) for r in rows] == [
            (se.days[0], "WFA", "pending", "mudik"),
            (se.days[1], "WFA", "pending", "mudik"),
        ]

    def refused(self, se, days, circular=None, employee=None):
        with pytest.raises(ValidationError) as caught:
            svc.request_days(
                employee=employee or se.employee, circular=circular or se.circular, days=days
            )
        return " ".join(caught.value.message_dict["days"])

    def test_refuses_a_past_day_and_today(self, se):
        message = self.refused(se, [today() - timedelta(days=1), today()])
        assert "hari yang sudah lewat" in message
        assert AwayRequest.objects.count() == 0

    def test_refuses_a_day_outside_the_window(self, se):
        late = coming_working_days(se.agency, 1, start=today() + timedelta(days=90))
        assert "di luar masa berlaku SE 800/SAYA/2026" in self.refused(se, late)

    def test_refuses_a_non_working_day(self, se):
        day = today() + timedelta(days=1)
        while day.weekday() != 5:
            day += timedelta(days=1)
        assert "bukan hari kerja (Sabtu)" in self.refused(se, [day])

    def test_refuses_a_duplicate_pending_request_and_saves_nothing_of_the_batch(self, se):
        svc.request_days(employee=se.employee, circular=se.circular, days=[se.days[0]])
        message = self.refused(se, [se.days[1], se.days[0]])
        assert "sudah ada permohonan yang menunggu keputusan" in message
        assert AwayRequest.objects.count() == 1

    def test_refuses_an_exempt_role(self, se):
        se.circular.exempt_roles = [RoleTag.TREASURER]
        se.circular.save()
        se.employee.role_tags = [RoleTag.TREASURER]
        se.employee.save()
        assert "bendahara" in self.refused(se, [se.days[0]])

    def test_refuses_a_frontline_opd(self, se):
        se.opd.category = ServiceCategory.HEALTH
        se.opd.save()
        se.circular.exempt_categories = [ServiceCategory.HEALTH]
        se.circular.save()
        assert "wajib bekerja di kantor" in self.refused(se, [se.days[0]])

    def test_refuses_a_revoked_employee(self, se):
        Revocation.objects.create(employee=se.employee, circular=se.circular, reason="x")
        assert "dicabut" in self.refused(se, [se.days[0]])
        assert AwayRequest.objects.count() == 0

    def test_refuses_nothing_chosen(self, se):
        assert "minimal satu hari" in self.refused(se, [])

    def test_withdraw_a_pending_request(self, se):
        (row,) = svc.request_days(employee=se.employee, circular=se.circular, days=[se.days[0]])
        svc.withdraw_request(away_request=row, employee=se.employee)
        row.refresh_from_db()
        assert row.status == "withdrawn"
        with pytest.raises(ValidationError):
            svc.withdraw_request(away_request=row, employee=se.employee)


class TestDecide:
    def request(self, se, employee=None, day=None):
        (row,) = svc.request_days(
            employee=employee or se.employee, circular=se.circular, days=[day or se.days[0]]
        )
        return row

    def test_approval_writes_the_day_through_the_roster_and_notifies(self, se):
        row = self.request(se)
        svc.approve_request(away_request=row, actor=se.head)
        row.refresh_from_db()
        assert (row.status, row.decided_by) == ("approved", se.head)
        assert away(se.employee) == {se.days[0]}
        assert DayCounter.objects.get(unit=se.opd, day=se.days[0]).away == 1
        assert notified(se.employee_user, "request_decided").count() == 1

    def test_approval_that_breaks_the_cap_is_refused_and_stays_pending(self, se):
        day = se.days[0]
        save_week(
            opd=se.opd,
            week_start=monday_of(day),
            cells={(se.extra[0].pk, day): Mode.WFA, (se.extra[1].pk, day): Mode.WFA},
            actor=se.head,
        )
        row = self.request(se)
        with pytest.raises(ValidationError) as caught:
            svc.approve_request(away_request=row, actor=se.head)
        assert "batas" in " ".join(caught.value.messages).lower()
        row.refresh_from_db()
        assert row.status == "pending"
        assert away(se.employee) == set()
        assert notified(se.employee_user, "request_decided").count() == 0

    def test_rejection_needs_a_reason(self, se):
        row = self.request(se)
        with pytest.raises(ValidationError):
            svc.reject_request(away_request=row, actor=se.head, reason="  ")
        svc.reject_request(away_request=row, actor=se.head, reason="Rapat mendadak")
        row.refresh_from_db()
        assert (row.status, row.reason) == ("rejected", "Rapat mendadak")
        assert notified(se.employee_user, "request_decided").count() == 1

    def test_bulk_approval_decides_each_on_its_own(self, se):
        day = se.days[0]
        save_week(
            opd=se.opd,
            week_start=monday_of(day),
            cells={(se.extra[0].pk, day): Mode.WFA},
            actor=se.head,
        )
        first = self.request(se, se.employee, day)
        second = self.request(se, se.colleague, day)
        decided, refused = svc.decide_requests(
            requests=[first, second], approve=True, actor=se.head
        )
        assert [r.pk for r in decided] == [first.pk]
        assert [r.pk for r, _messages in refused] == [second.pk]
        assert AwayRequest.objects.get(pk=second.pk).status == "pending"

    def test_a_head_cannot_approve_their_own_request(self, se):
        own = EmployeeFactory(unit=se.opd, user=se.head)
        row = self.request(se, own)
        with pytest.raises(ValidationError, match="sendiri"):
            svc.approve_request(away_request=row, actor=se.head)
        assert AwayRequest.objects.get(pk=row.pk).status == "pending"

    def test_a_heads_request_goes_to_bkpsdm_not_the_operator(self, se):
        own = EmployeeFactory(unit=se.opd, user=se.head)
        row = self.request(se, own)
        with pytest.raises(ValidationError, match="BKPSDM"):
            svc.approve_request(away_request=row, actor=se.operator)
        with pytest.raises(ValidationError):
            svc.approve_request(away_request=row, actor=se.other_admin)
        svc.approve_request(away_request=row, actor=se.admin)
        assert AwayRequest.objects.get(pk=row.pk).status == "approved"

    def test_a_request_for_a_day_gone_by_cannot_be_approved(self, se):
        row = self.request(se)
        AwayRequest.objects.filter(pk=row.pk).update(day=today())
        row.refresh_from_db()
        with pytest.raises(ValidationError, match="sudah lewat"):
            svc.approve_request(away_request=row, actor=se.head)
        svc.reject_request(away_request=row, actor=se.head, reason="Lewat")
        assert AwayRequest.objects.get(pk=row.pk).status == "rejected"

    def test_another_opds_head_cannot_decide(self, se):
        row = self.request(se)
        with pytest.raises(ValidationError):
            svc.approve_request(away_request=row, actor=se.other_head)
        assert away(se.employee) == set()


class TestChooseOffice:
    def test_a_coming_day_of_a_submitted_week_becomes_wfo(self, se):
        roster_away(se.opd, se.employee, se.days[:2], actor=se.head)
        svc.choose_office(employee=se.employee, day=se.days[0], actor=se.employee_user)
        assert away(se.employee) == {se.days[1]}
        assert DayCounter.objects.get(unit=se.opd, day=se.days[0]).away == 0
        change = AssignmentChange.objects.get(day=se.days[0], new_mode="WFO")
        assert (change.old_mode, change.changed_by) == ("WFA", se.employee_user)
        assert notified(se.head, "wfo_chosen").count() == 1

    def test_works_on_an_accepted_week(self, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head, status="accepted")
        svc.choose_office(employee=se.employee, day=se.days[0], actor=se.employee_user)
        assert away(se.employee) == set()
        assert Roster.objects.get().status == "accepted"

    def test_refuses_today_and_days_not_away(self, se):
        with pytest.raises(ValidationError, match="setelah hari ini"):
            svc.choose_office(employee=se.employee, day=today(), actor=se.employee_user)
        with pytest.raises(ValidationError, match="tidak dijadwalkan"):
            svc.choose_office(employee=se.employee, day=se.days[0], actor=se.employee_user)

    def test_a_draft_week_is_not_the_employees_to_change(self, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head, status="draft")
        with pytest.raises(ValidationError):
            svc.choose_office(employee=se.employee, day=se.days[0], actor=se.employee_user)
        assert away(se.employee) == {se.days[0]}


class TestRevocation:
    def test_revocation_sends_coming_days_back_and_blocks_new_ones(self, se):
        roster_away(se.opd, se.employee, se.days[:3], actor=se.head)
        (pending,) = svc.request_days(employee=se.employee, circular=se.circular, days=[se.days[3]])
        revocation = svc.revoke_permission(
            employee=se.employee,
            circular=se.circular,
            reason="Tidak dapat dihubungi",
            actor=se.head,
        )
        assert away(se.employee) == set()
        assert all(c.away == 0 for c in DayCounter.objects.filter(day__in=se.days[:3]))
        assert AssignmentChange.objects.filter(new_mode="WFO").count() == 3
        assert AwayRequest.objects.get(pk=pending.pk).status == "rejected"
        assert notified(se.employee_user, "permission_revoked").count() == 1
        assert notified(se.admin, "permission_revoked").count() == 1
        assert notified(se.other_admin, "permission_revoked").count() == 0
        assert revocation.is_active
        Roster.objects.update(status=Roster.Status.DRAFT)
        result = save_week(
            opd=se.opd,
            week_start=monday_of(se.days[0]),
            cells={(se.employee.pk, se.days[0]): Mode.WFA},
            actor=se.head,
        )
        assert not result.saved

    def test_days_under_another_circular_are_kept(self, se, world):
        later = today() + timedelta(days=90)
        other = publish_circular(world.agency, start=later, end=later, number="800/LAIN/2026")
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
        svc.revoke_permission(employee=se.employee, circular=other, reason="x", actor=se.head)
        assert away(se.employee) == {se.days[0]}

    def test_needs_a_reason_and_is_not_repeated(self, se):
        with pytest.raises(ValidationError):
            svc.revoke_permission(
                employee=se.employee, circular=se.circular, reason="", actor=se.head
            )
        svc.revoke_permission(employee=se.employee, circular=se.circular, reason="x", actor=se.head)
        with pytest.raises(ValidationError) as caught:
            svc.revoke_permission(
                employee=se.employee, circular=se.circular, reason="y", actor=se.head
            )
        assert "sudah dicabut" in " ".join(caught.value.messages)
        assert Revocation.objects.count() == 1

    def test_reinstatement_is_recorded_and_days_may_be_rostered_again(self, se):
        revocation = svc.revoke_permission(
            employee=se.employee, circular=se.circular, reason="x", actor=se.head
        )
        with pytest.raises(ValidationError):
            svc.reinstate_permission(revocation=revocation, reason=" ", actor=se.admin)
        svc.reinstate_permission(revocation=revocation, reason="Sudah dibina", actor=se.admin)
        revocation.refresh_from_db()
        assert (revocation.reinstated_by, revocation.reinstate_reason) == (se.admin, "Sudah dibina")
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head, status="draft")
        with pytest.raises(ValidationError):
            svc.reinstate_permission(revocation=revocation, reason="again", actor=se.admin)


class TestFeedTokenAndAcknowledgement:
    def test_rotation_replaces_the_secret(self, se):
        first = svc.feed_token_for(se.employee).token
        assert len(first) >= 43  # 32 random bytes, url-safe base64
        assert svc.employee_for_feed(first) == se.employee
        svc.rotate_feed_token(employee=se.employee)
        assert svc.employee_for_feed(first) is None
        assert svc.employee_for_feed(svc.feed_token_for(se.employee).token) == se.employee

    def test_the_feed_of_an_inactive_employee_is_gone(self, se):
        token = svc.feed_token_for(se.employee).token
        se.employee.active = False
        se.employee.save()
        assert svc.employee_for_feed(token) is None
        assert svc.employee_for_feed("") is None

    def test_acknowledging_twice_keeps_one_row(self, se):
        svc.acknowledge(employee=se.employee, circular=se.circular)
        svc.acknowledge(employee=se.employee, circular=se.circular)
        assert Acknowledgement.objects.count() == 1


def test_an_employee_without_login_is_decided_silently(se):
    (row,) = svc.request_days(employee=se.colleague, circular=se.circular, days=[se.days[0]])
    svc.reject_request(away_request=row, actor=se.head, reason="x")
    assert not Notification.objects.filter(kind="request_decided").exists()
