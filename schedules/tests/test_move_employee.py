"""Moving an employee to another OPD goes through the one writer: both OPDs' coming
days are judged again, a move that breaks a limit is refused naming the days (or
the days away go back to the office, when asked), and both OPDs' counters are
recomputed from the rows."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from organizations.tests.factories import RoleFactory, UnitFactory
from policy.values import Code, Mode
from schedules.models import Assignment, AssignmentChange, DayCounter, Roster
from schedules.requests.selectors import format_day
from schedules.requests.services import TO_OFFICE, move_employee
from schedules.roster.services import RulesRefused, check_week
from wfa_portal.isoweek import monday_of

from .employee_support import coming_circular, coming_working_days, roster_away, staff_opd
from .support import add_staff


def away_counts(opd) -> dict:
    rows = Assignment.objects.filter(roster__unit=opd, mode__in=[Mode.WFA, Mode.WFH])
    return dict(Counter(rows.values_list("day", flat=True)))


def counters(opd) -> dict:
    return {c.day: c.away for c in DayCounter.objects.filter(unit=opd) if c.away}


@pytest.fixture
def move(world):
    """world.opd: 5 staff (limit 2), world.employee away on ``day``. ``target``: 4 staff
    with ``target_away`` of them away on ``day`` (2 = its limit; with the mover, 5 staff:
    still 2)."""
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    (world.day,) = coming_working_days(world.agency, 1)
    roster_away(world.opd, world.employee, [world.day], actor=world.admin, status="draft")
    world.target = UnitFactory(agency=world.agency, code="dpmptsp-pindah", name="Dinas Tujuan")
    world.target_head = RoleFactory(kind="opd_head", unit=world.target).user
    world.target_staff = add_staff(world.target, 4)
    return world


def fill_target(move, count):
    for employee in move.target_staff[:count]:
        roster_away(move.target, employee, [move.day], actor=move.admin, status="draft")


def test_a_move_that_would_break_the_new_opd_limit_is_refused_naming_the_day(move):
    fill_target(move, 2)
    before = (counters(move.opd), counters(move.target))

    with pytest.raises(RulesRefused) as refused:
        move_employee(employee=move.employee, unit=move.target, actor=move.admin)

    assert refused.value.code == "move_refused"
    assert [(v.code, v.day, v.unit_id) for v in refused.value.violations] == [
        (Code.CAP_EXCEEDED, move.day, move.target.pk)
    ]
    text = " ".join(refused.value.messages)
    assert f"{move.employee.name} tidak dapat dipindahkan ke Dinas Tujuan" in text
    assert format_day(move.day) in text and "melebihi batas 2 pegawai" in text
    move.employee.refresh_from_db()
    assert move.employee.unit == move.sub_unit  # nothing changed
    assert Assignment.objects.get(employee=move.employee).roster.unit == move.opd
    assert (counters(move.opd), counters(move.target)) == before


def test_to_office_sends_the_moved_days_away_back_and_tells_everyone(move):
    fill_target(move, 2)

    result = move_employee(
        employee=move.employee, unit=move.target, actor=move.admin, away_days=TO_OFFICE
    )

    assert (result.moved, result.released) == (0, 1)
    move.employee.refresh_from_db()
    assert move.employee.unit == move.target
    assert not Assignment.objects.filter(employee=move.employee).exists()
    assert AssignmentChange.objects.filter(
        employee=move.employee, day=move.day, old_mode="WFA", new_mode="WFO"
    ).exists()
    # Both OPDs' counters equal their rows: the old OPD lost the day, the new one holds 2.
    assert counters(move.opd) == away_counts(move.opd) == {}
    assert counters(move.target) == away_counts(move.target) == {move.day: 2}
    notices = Notification.objects.filter(kind="moved_to_office")
    assert set(notices.values_list("recipient", flat=True)) == {
        move.employee_user.pk,
        move.head.pk,
        move.operator.pk,
        move.target_head.pk,
    }
    assert "Dinas Tujuan" in notices.first().subject
    assert format_day(move.day) in notices.first().body


def test_an_allowed_move_carries_the_days_and_corrects_both_counters(move):
    fill_target(move, 1)

    result = move_employee(employee=move.employee, unit=move.target, actor=move.admin)

    assert (result.moved, result.released) == (1, 0)
    row = Assignment.objects.get(employee=move.employee)
    assert (row.day, row.mode, row.roster.unit) == (move.day, "WFA", move.target)
    assert counters(move.opd) == away_counts(move.opd) == {}
    assert counters(move.target) == away_counts(move.target) == {move.day: 2}
    week = check_week(opd=move.target, week_start=monday_of(move.day))
    assert week.errors == []
    assert not Notification.objects.filter(kind="moved_to_office").exists()


def test_a_move_that_leaves_the_old_opd_over_its_smaller_limit_is_refused(move):
    # world.opd: 6 staff, 3 away (limit 3); one at the office leaves: 3 of 5, limit 2.
    (sixth,) = add_staff(move.opd, 1, prefix="Keenam")
    for employee in move.extra[:2]:
        roster_away(move.opd, employee, [move.day], actor=move.admin, status="draft")
    leaving = move.colleague

    with pytest.raises(RulesRefused) as refused:
        move_employee(employee=leaving, unit=move.target, actor=move.admin, away_days=TO_OFFICE)

    assert [(v.code, v.day, v.unit_id) for v in refused.value.violations] == [
        (Code.CAP_EXCEEDED, move.day, move.opd.pk)
    ]
    leaving.refresh_from_db()
    assert leaving.unit == move.opd
    assert counters(move.opd) == away_counts(move.opd) == {move.day: 3}
    assert sixth.unit == move.opd


def test_days_away_cannot_arrive_in_a_week_the_new_opd_has_submitted(move):
    fill_target(move, 1)
    Roster.objects.filter(unit=move.target).update(status=Roster.Status.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        move_employee(employee=move.employee, unit=move.target, actor=move.admin)

    assert refused.value.code == "week_locked"
    assert format_day(move.day) in refused.value.messages[0]
    assert Assignment.objects.get(employee=move.employee).roster.unit == move.opd
    moved = move_employee(
        employee=move.employee, unit=move.target, actor=move.admin, away_days=TO_OFFICE
    )
    assert moved.released == 1
    assert counters(move.target) == away_counts(move.target) == {move.day: 1}


def test_a_move_inside_the_same_opd_only_changes_the_unit(move):
    result = move_employee(employee=move.employee, unit=move.opd, actor=move.admin)

    assert result.employee.unit == move.opd
    assert Assignment.objects.get(employee=move.employee).roster.unit == move.opd
    assert counters(move.opd) == away_counts(move.opd) == {move.day: 1}


def test_past_days_stay_with_the_old_opd(move):
    """Only coming days move: what happened stays where it happened."""
    from datetime import timedelta

    past = move.day - timedelta(days=30)
    roster = Roster.objects.create(unit=move.opd, week_start=monday_of(past))
    Assignment.objects.create(roster=roster, employee=move.employee, day=past, mode="CUTI")

    move_employee(employee=move.employee, unit=move.target, actor=move.admin)

    assert Assignment.objects.get(employee=move.employee, day=past).roster.unit == move.opd
    assert Assignment.objects.get(employee=move.employee, day=move.day).roster.unit == move.target


def test_an_unknown_choice_for_the_days_away_is_a_programming_error(move):
    with pytest.raises(ValueError, match="away_days"):
        move_employee(employee=move.employee, unit=move.target, actor=None, away_days="later")


def test_a_cell_left_behind_by_an_earlier_move_is_taken_over_with_both_counters(move):
    """Data from before moves carried days: the new OPD's grid writes the cell, and the
    old OPD's counter of that day is recounted too (it used to stay at 1)."""
    from organizations.models import Employee
    from schedules.roster.services import save_week

    fill_target(move, 1)
    Employee.objects.filter(pk=move.employee.pk).update(unit=move.target)  # the old way
    assert counters(move.opd) == {move.day: 1}

    result = save_week(
        opd=move.target,
        week_start=monday_of(move.day),
        cells={(move.employee.pk, move.day): Mode.WFA},
        actor=move.target_head,
    )

    assert result.saved, [v.message_id for v in result.errors]
    assert Assignment.objects.get(employee=move.employee).roster.unit == move.target
    assert counters(move.opd) == away_counts(move.opd) == {}
    assert counters(move.target) == away_counts(move.target) == {move.day: 2}
