"""The standing demo: Pemkot Serang's policy (Fridays, 2 days a week) with a Lebaran
circular over it, arrangements and an application in Diskominfo; a re-run adds nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from circulars.governing import policies_for_opd
from organizations.models import Unit
from standing.models import Application, Arrangement, StandingPolicy

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_standing_policy_with_a_lebaran_circular_over_it():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    policy = StandingPolicy.objects.get(agency__code="pemkot-serang")
    assert policy.status == "published" and policy.open_weekdays == [4] and policy.weekly_limit == 2
    assert "Kebijakan kerja fleksibel demo: baru" in out.getvalue()
    opd = Unit.objects.opds().get(agency__code="pemkot-serang", code="diskominfo")
    days = policies_for_opd(opd, date(2026, 3, 9), date(2026, 3, 18))
    assert days[date(2026, 3, 13)].circular_id == -policy.pk  # a Friday under the policy
    assert days[date(2026, 3, 16)].circular_id > 0 and days[date(2026, 3, 16)].cap_percent == 50
    assert not days[date(2026, 3, 18)].is_open()  # a Wednesday after the Lebaran circular
    assert Arrangement.objects.filter(policy=policy).count() == 4
    assert Application.objects.filter(status="pending").count() == 1
    reviewed = Application.objects.get(status="approved").targets.order_by("pk")
    assert [t.met for t in reviewed] == [True, None]
    assert all(t.reported_at is not None for t in reviewed)
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "Kebijakan kerja fleksibel demo: sudah ada" in again.getvalue()
    assert Arrangement.objects.count() == 4 and Application.objects.count() == 2
