"""Circular and roster events reach the right people through the outbox."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from circulars.services import amend_circular, publish_circular, revoke_circular
from circulars.tests.circular_builders import make_draft
from notifications.models import Kind, Notification
from organizations.tests.factories import AgencyFactory, EmployeeFactory, UnitFactory, UserFactory
from schedules.models import Roster
from schedules.roster.services import accept_week, return_week

MON = date(2025, 3, 24)


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.mark.django_db(transaction=True)
class TestCircularEvents:
    def test_publishing_tells_everyone_in_the_agency_and_nobody_outside(self, world):
        circular = make_draft(world)
        publish_circular(user=world.admin, circular=circular)
        expected = {"admin", "kepala", "operator", "kepala_lain", "inspektur", "pegawai"}
        assert recipients(Kind.CIRCULAR_PUBLISHED) >= expected - {"inspektur"}
        assert not recipients(Kind.CIRCULAR_PUBLISHED) & {"admin_b", "kepala_b"}
        message = Notification.objects.filter(recipient=world.head).get()
        assert message.subject == f"Surat Edaran baru: SE {circular.number}"
        assert message.link == f"/surat-edaran/{circular.pk}/"
        assert any(circular.number in m.subject for m in mail.outbox)

    def test_texts_are_indonesian_even_when_the_admin_works_in_english(self, world):
        circular = make_draft(world)
        with translation.override("en"):
            publish_circular(user=world.admin, circular=circular)
        subject = Notification.objects.filter(recipient=world.head).get().subject
        assert subject.startswith("Surat Edaran baru")

    def test_a_refused_publish_notifies_nobody(self, world):
        circular = make_draft(world, windows=[])
        with pytest.raises(ValidationError):
            publish_circular(user=world.admin, circular=circular)
        assert not Notification.objects.exists()

    def test_a_circular_for_subordinates_reaches_the_agencies_below(self, world):
        province = AgencyFactory(code="prov", level="province")
        world.agency.parent = province
        world.agency.save()
        circular = make_draft(world, agency=province, applies_to_subordinates=True)
        publish_circular(user=None, circular=circular)
        assert "kepala" in recipients(Kind.CIRCULAR_PUBLISHED)

    def test_amending_sends_the_amended_kind_naming_the_old_number(self, world):
        old = make_draft(world)
        publish_circular(user=world.admin, circular=old)
        new = amend_circular(user=world.admin, circular=old)
        new.number = "800/124-BKPSDM/2025"
        new.save()
        publish_circular(user=world.admin, circular=new)
        subject = Notification.objects.get(recipient=world.head, kind=Kind.CIRCULAR_AMENDED).subject
        assert subject == f"SE 800/124-BKPSDM/2025 mengubah SE {old.number}"

    def test_revoking_says_why(self, world):
        circular = make_draft(world)
        publish_circular(user=world.admin, circular=circular)
        revoke_circular(user=world.admin, circular=circular, reason="Arus mudik sudah lancar")
        body = Notification.objects.get(recipient=world.head, kind=Kind.CIRCULAR_REVOKED).body
        assert "Arus mudik sudah lancar" in body


@pytest.mark.django_db(transaction=True)
class TestRosterEvents:
    def make_submitted(self, world) -> Roster:
        return Roster.objects.create(
            unit=world.opd,
            week_start=MON,
            status=Roster.Status.SUBMITTED,
            submitted_by=world.head,
            submitted_at=timezone.now(),
        )

    def test_returning_tells_the_head_and_operator_the_comment(self, world):
        roster = self.make_submitted(world)
        return_week(roster=roster, actor=world.admin, comment="Bidang TIK kosong hari Senin")
        assert recipients(Kind.ROSTER_RETURNED) == {"kepala", "operator"}
        body = Notification.objects.filter(kind=Kind.ROSTER_RETURNED).first().body
        assert "Bidang TIK kosong hari Senin" in body

    def test_accepting_tells_the_head_and_operator_only(self, world):
        UserFactory(username="lain")
        EmployeeFactory(unit=UnitFactory(agency=world.agency))
        accept_week(roster=self.make_submitted(world), actor=world.admin)
        assert recipients(Kind.ROSTER_ACCEPTED) == {"kepala", "operator"}
        subject = Notification.objects.filter(kind=Kind.ROSTER_ACCEPTED).first().subject
        assert subject == f"Jadwal {world.opd.short_name} minggu 2025-W13 diterima"

    def test_a_week_returned_twice_notifies_twice(self, world):
        roster = self.make_submitted(world)
        return_week(roster=roster, actor=world.admin, comment="Pertama")
        roster.status = Roster.Status.SUBMITTED
        roster.save()
        roster.decided_at = None
        return_week(roster=roster, actor=world.admin, comment="Kedua")
        assert (
            Notification.objects.filter(kind=Kind.ROSTER_RETURNED, recipient=world.head).count()
            == 2
        )
