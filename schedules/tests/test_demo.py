"""The demo rosters that seed_demo adds under Pemkot Serang's example circular."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from schedules.models import Assignment, AwayRequest, Roster
from schedules.roster.services import check_week
from wfa_portal.isoweek import monday_of


@pytest.mark.django_db
def test_demo_rosters_keep_the_rules_are_mostly_submitted_and_seed_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    rosters = Roster.objects.filter(unit__agency__code="pemkot-serang").select_related("unit")
    assert rosters.count() >= 10
    assert rosters.filter(status=Roster.Status.SUBMITTED).count() > rosters.count() // 2
    assert rosters.filter(status=Roster.Status.DRAFT).exists()
    for roster in rosters:
        assert check_week(opd=roster.unit, week_start=roster.week_start).errors == []
    kominfo = rosters.filter(unit__code="diskominfo")
    # The demo head's own OPD: this week submitted, next week an empty draft to fill.
    assert dict(kominfo.values_list("week_start", "status")) == {
        monday: Roster.Status.SUBMITTED,
        monday + timedelta(weeks=1): Roster.Status.DRAFT,
    }
    assert (
        not Assignment.objects.filter(roster__week_start=monday + timedelta(weeks=1))
        .filter(roster__unit__code="diskominfo")
        .exists()
    )
    pending = AwayRequest.objects.pending().filter(employee__unit__agency__code="pemkot-serang")
    assert pending.count() == 3
    assert {monday_of(r.day) for r in pending} == {monday + timedelta(weeks=1)}
    # Frontline OPDs (health) stay at the office: they get no roster at all.
    assert not rosters.filter(unit__category="health").exists()
    assert Assignment.objects.filter(roster__in=kominfo).exists()
    assert "Jadwal demo:" in out.getvalue()
    before = Assignment.objects.count()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert Assignment.objects.count() == before
    assert "Jadwal demo: 0 minggu diisi, 0 diajukan." in again.getvalue()
    assert "Permohonan demo: 0 baru." in again.getvalue()
    assert AwayRequest.objects.count() == 3
