"""Eligibility per employee through the database: job types, disciplinary sanctions,
new employees by the TMT of their NIP (or the year of their NI PPPK), and circumstance
groups, on the roster's check, the planner's proposal and an employee's request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import (
    AsnKind,
    DisciplinarySanction,
    Employee,
    EmployeeCircumstance,
    JobType,
)
from policy.values import Code, Mode
from schedules.roster.autofill import propose_week
from schedules.roster.selectors import staff_members, staff_of, week_policies
from schedules.roster.services import check_week
from schedules.tests.support import MON, TUE, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    """Eight pelaksana of the world's OPD (with the world's two: ten on staff)."""
    return add_staff(world.opd, 8, job_type=JobType.IMPLEMENTING)


def _circular(world, **rules):
    circular = publish_circular(world.agency, cap=100)
    for name, value in rules.items():
        setattr(circular, name, value)
    circular.save()
    return circular


def _codes(check, emp) -> list[Code]:
    return [v.code for v in check.errors if v.employee_id == emp.pk]


def test_only_pelaksana_may_go_and_the_others_are_told_why(world, team):
    _circular(world, eligible_job_types=["pelaksana"])
    structural = team[0]
    structural.job_type = JobType.STRUCTURAL
    structural.save()
    check = check_week(
        opd=world.opd,
        week_start=WEEK,
        cells={(structural.pk, MON): Mode.WFA, (team[1].pk, MON): Mode.WFA},
    )
    assert _codes(check, structural) == [Code.JOB_TYPE_EXCLUDED]
    assert _codes(check, team[1]) == []
    (found,) = [v for v in check.errors if v.employee_id == structural.pk]
    assert "hanya pelaksana yang boleh bekerja di luar kantor" in found.message_id
    assert "only implementing staff may work away" in found.message_en


def test_a_sanction_bars_the_days_it_covers_only(world, team):
    _circular(world, excludes_sanctioned=True)
    DisciplinarySanction.objects.create(employee=team[0], start=TUE, end=None)
    check = check_week(
        opd=world.opd,
        week_start=WEEK,
        cells={(team[0].pk, MON): Mode.WFA, (team[0].pk, TUE): Mode.WFA},
    )
    assert [(v.code, v.day) for v in check.errors] == [(Code.UNDER_SANCTION, TUE)]


def test_a_new_employee_is_read_from_the_tmt_of_the_nip(world, team):
    _circular(world, new_employee_months=12)
    recent, old = team[0], team[1]
    recent.nip = "199501012024101001"  # TMT October 2024: five months before March 2025
    recent.save()
    old.nip = "199501012023101001"  # TMT October 2023
    old.save()
    check = check_week(
        opd=world.opd,
        week_start=WEEK,
        cells={(recent.pk, MON): Mode.WFA, (old.pk, MON): Mode.WFA},
    )
    assert _codes(check, recent) == [Code.NEW_EMPLOYEE]
    assert _codes(check, old) == []
    (found,) = [v for v in check.errors if v.employee_id == recent.pk]
    assert "TMT 10/2024, kurang dari 12 bulan" in found.message_id


def test_a_pppk_is_appointed_in_the_year_its_number_names(world, team):
    _circular(world, new_employee_months=3)
    pppk = team[0]
    pppk.asn_kind = AsnKind.PPPK
    pppk.nip = "199001012025211001"  # 2025 and code 21: appointed in 2025, month unknown
    pppk.full_clean()
    pppk.save()
    check = check_week(opd=world.opd, week_start=WEEK, cells={(pppk.pk, MON): Mode.WFA})
    assert _codes(check, pppk) == [Code.NEW_EMPLOYEE]  # from January 2025: 2 months in March


def test_an_employee_is_checked_by_the_number_of_their_kind(world):
    pppk = Employee(nip="199001012024211001", name="Rina", unit=world.opd, asn_kind=AsnKind.PPPK)
    pppk.full_clean()
    pns = Employee(nip="199001012024211001", name="Rina", unit=world.opd, asn_kind=AsnKind.PNS)
    with pytest.raises(ValidationError) as info:
        pns.full_clean()
    assert "TMT CPNS" in info.value.message_dict["nip"][0]
    pppk.nip = "199001012024213001"
    with pytest.raises(ValidationError) as info:
        pppk.full_clean()
    assert info.value.message_dict["nip"] == [
        "Digit jenis kelamin pada NI PPPK (digit ke-15) harus 1 atau 2."
    ]


def test_sanctions_and_circumstances_are_read_only_when_a_circular_asks(world, team):
    publish_circular(world.agency)
    employees = staff_of(world.opd)
    plain = list(week_policies(world.opd, WEEK).values())
    with CaptureQueriesContext(connection) as without:
        staff_members(world.opd, employees, plain)
    _circular(world, excludes_sanctioned=True, required_away_circumstances=["pregnancy"])
    asking = list(week_policies(world.opd, WEEK).values())
    with CaptureQueriesContext(connection) as with_rules:
        staff_members(world.opd, employees, asking)
    assert len(with_rules) == len(without) + 2


def test_a_pregnant_employee_required_away_is_proposed_first_and_warned_at_the_office(world, team):
    circular = _circular(world, required_away_circumstances=["pregnancy"], cap_percent=10)
    assert circular.cap_percent == 10
    pregnant = team[3]
    EmployeeCircumstance.objects.create(employee=pregnant, kind="pregnancy", note="Trimester 3")
    check = check_week(opd=world.opd, week_start=WEEK)
    warned = [v for v in check.warnings if v.code is Code.REQUIRED_AWAY]
    assert {v.employee_id for v in warned} == {pregnant.pk}
    assert "dalam keadaan hamil bekerja WFA" in warned[0].message_id
    proposal = propose_week(opd=world.opd, week_start=WEEK)
    away_monday = {emp for (emp, day) in proposal.proposed if day == MON}
    assert away_monday == {pregnant.pk}  # 10% of 10: one a day, and she comes first


def test_an_employee_request_is_refused_with_the_reason_that_bars_them(world):
    from schedules.requests import services as employee_services

    today = timezone.localdate()
    monday = today + timedelta(days=14 - today.weekday())
    circular = publish_circular(world.agency, start=monday, end=monday + timedelta(days=3))
    circular.eligible_job_types = ["pelaksana"]
    circular.save()
    world.employee.job_type = JobType.FUNCTIONAL
    world.employee.save()
    with pytest.raises(ValidationError) as info:
        employee_services.request_days(
            employee=world.employee, circular=circular, days=[monday + timedelta(days=1)]
        )
    (message,) = info.value.message_dict["days"]
    assert "hanya pelaksana yang boleh bekerja di luar kantor" in message
    assert not world.employee.away_requests.exists()
    world.employee.job_type = JobType.IMPLEMENTING
    world.employee.save()
    employee_services.request_days(
        employee=world.employee, circular=circular, days=[monday + timedelta(days=1)]
    )
    assert world.employee.away_requests.count() == 1
