from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve

from organizations.tests.factories import UnitFactory
from schedules.models import Assignment, DayCounter, Roster

from .support import MON, TUE, WEEK, add_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(world):
    return Roster.objects.create(unit=world.opd, week_start=WEEK)


def test_one_assignment_per_employee_per_day(roster, world):
    Assignment.objects.create(roster=roster, employee=world.colleague, day=MON, mode="WFA")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(roster=roster, employee=world.colleague, day=MON, mode="WFH")
    Assignment.objects.create(roster=roster, employee=world.colleague, day=TUE, mode="WFH")
    assert Assignment.objects.count() == 2


def test_unknown_mode_is_refused_by_the_database(roster, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(roster=roster, employee=world.colleague, day=MON, mode="XYZ")


def test_one_roster_per_opd_and_week(roster, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Roster.objects.create(unit=world.opd, week_start=WEEK)


def test_one_counter_per_opd_and_day(world):
    DayCounter.objects.create(unit=world.opd, day=MON)
    with pytest.raises(IntegrityError), transaction.atomic():
        DayCounter.objects.create(unit=world.opd, day=MON)


def test_roster_week_starts_on_monday(world):
    with pytest.raises(ValidationError) as caught:
        Roster(unit=world.opd, week_start=TUE).clean()
    assert "Senin" in caught.value.messages[0]


def test_roster_belongs_to_an_opd_not_a_sub_unit(world):
    with pytest.raises(ValidationError):
        Roster(unit=world.sub_unit, week_start=WEEK).clean()


def test_roster_names_its_iso_week(roster):
    assert roster.iso_week == "2025-W13"
    assert roster.week_end == date(2025, 3, 30)
    assert str(roster) == f"{roster.unit} 2025-W13"
    assert roster.is_editable and not roster.was_returned


def test_assignments_are_queryable_by_employee_and_range(roster, world):
    unit = UnitFactory(agency=world.agency)
    (other,) = add_staff(unit, 1)
    Assignment.objects.create(roster=roster, employee=world.colleague, day=MON, mode="WFA")
    Assignment.objects.create(roster=roster, employee=world.colleague, day=TUE, mode="CUTI")
    Assignment.objects.create(roster=roster, employee=other, day=MON, mode="WFA")

    mine = world.colleague.assignments.between(MON, TUE)
    assert list(mine.values_list("day", "mode")) == [(MON, "WFA"), (TUE, "CUTI")]
    assert mine.away().count() == 1


def test_url_carries_the_iso_week():
    match = resolve("/jadwal/opd/7/2026-W01/")
    assert match.kwargs == {"unit_id": 7, "week": date(2025, 12, 29)}
