from datetime import date

import pytest
from django.core.exceptions import ValidationError

from organizations.models import RoleTag, ServiceCategory
from organizations.tests.factories import UnitFactory
from policy.values import Code, Mode, Severity
from schedules.models import Assignment, AssignmentChange, DayCounter, Roster
from schedules.roster.services import (
    accept_week,
    check_week,
    return_week,
    save_week,
    submit_week,
)

from .support import FRI, MON, SAT, THU, TUE, WED, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd(world):
    """An OPD of four staff under a 50% WFA circular (2 may be away each day)."""
    unit = UnitFactory(agency=world.agency, code="dishub", short_name="Dishub")
    unit.staff = add_staff(unit, 4)
    publish_circular(world.agency)
    return unit


def save(opd, cells, user):
    return save_week(opd=opd, week_start=WEEK, cells=cells, actor=user)


def stored(opd):
    return {
        (a.employee_id, a.day): a.mode
        for a in Assignment.objects.filter(roster__unit=opd, roster__week_start=WEEK)
    }


def counters(opd):
    return dict(DayCounter.objects.filter(unit=opd).values_list("day", "away"))


class TestSaveWeek:
    def test_saves_away_days_within_the_cap(self, opd, world):
        a, b, *_ = opd.staff
        result = save(opd, {(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.WFA}, world.head)

        assert result.saved
        assert result.errors == []
        assert result.changed == 2
        assert stored(opd) == {(a.pk, MON): "WFA", (b.pk, MON): "WFA"}
        assert result.roster.status == Roster.Status.DRAFT

    def test_records_one_history_row_per_changed_cell(self, opd, world):
        a, b, *_ = opd.staff
        save(opd, {(a.pk, MON): Mode.WFA}, world.head)
        save(opd, {(a.pk, MON): Mode.WFO, (b.pk, TUE): Mode.LEAVE}, world.operator)

        changes = list(
            AssignmentChange.objects.values_list(
                "employee_id", "day", "old_mode", "new_mode", "changed_by__username"
            )
        )
        assert changes == [
            (a.pk, MON, "WFO", "WFA", "kepala"),
            (a.pk, MON, "WFA", "WFO", "operator"),
            (b.pk, TUE, "WFO", "CUTI", "operator"),
        ]

    def test_unchanged_cells_write_no_history(self, opd, world):
        a, *_ = opd.staff
        save(opd, {(a.pk, MON): Mode.WFA}, world.head)
        result = save(opd, {(a.pk, MON): Mode.WFA, (a.pk, TUE): Mode.WFO}, world.head)

        assert result.saved
        assert result.changed == 0
        assert AssignmentChange.objects.count() == 1

    def test_setting_office_deletes_the_stored_cell(self, opd, world):
        a, *_ = opd.staff
        save(opd, {(a.pk, MON): Mode.WFA, (a.pk, TUE): Mode.WFA}, world.head)
        save(opd, {(a.pk, MON): Mode.WFO}, world.head)

        assert stored(opd) == {(a.pk, TUE): "WFA"}

    def test_keeps_the_away_count_of_each_day(self, opd, world):
        a, b, c, _d = opd.staff
        save(
            opd,
            {(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.WFA, (c.pk, TUE): Mode.WFA},
            world.head,
        )
        save(opd, {(b.pk, MON): Mode.WFO}, world.head)

        figures = counters(opd)
        assert len(figures) == 7
        assert figures[MON] == 1
        assert figures[TUE] == 1
        assert figures[WED] == 0

    def test_leave_and_travel_do_not_count_as_away(self, opd, world):
        a, b, c, _d = opd.staff
        result = save(
            opd,
            {(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.WFA, (c.pk, MON): Mode.LEAVE},
            world.head,
        )

        assert result.saved
        assert counters(opd)[MON] == 2
        assert stored(opd)[(c.pk, MON)] == "CUTI"

    def test_one_bad_cell_blocks_the_whole_save(self, opd, world):
        a, b, c, d = opd.staff
        cells = {
            (a.pk, TUE): Mode.WFA,  # fine on its own
            (b.pk, MON): Mode.WFA,
            (c.pk, MON): Mode.WFA,
            (d.pk, MON): Mode.WFA,  # the third away on Monday: over the limit of 2
        }
        result = save(opd, cells, world.head)

        assert not result.saved
        assert [v.code for v in result.errors] == [Code.CAP_EXCEEDED]
        error = result.errors[0]
        assert (error.day, error.allowed, error.requested) == (MON, 2, 3)
        assert "melebihi batas 2 pegawai" in error.message("id")
        assert "more than the limit of 2" in error.message("en")
        assert stored(opd) == {}
        assert AssignmentChange.objects.count() == 0
        assert set(counters(opd).values()) == {0}

    def test_validates_against_what_is_stored_not_only_the_cells_sent(self, opd, world):
        a, b, c, _d = opd.staff
        save(opd, {(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.WFA}, world.head)
        result = save(opd, {(c.pk, MON): Mode.WFA}, world.operator)

        assert not result.saved
        assert [v.code for v in result.errors] == [Code.CAP_EXCEEDED]
        assert counters(opd)[MON] == 2

    def test_refuses_away_day_on_a_holiday_and_a_weekend(self, opd, world):
        a, *_ = opd.staff
        result = save(opd, {(a.pk, FRI): Mode.WFA, (a.pk, SAT): Mode.WFA}, world.head)

        assert not result.saved
        assert [(v.code, v.day) for v in result.errors] == [
            (Code.NON_WORKING_DAY, FRI),
            (Code.NON_WORKING_DAY, SAT),
        ]
        assert "Nyepi" in result.errors[0].message("id")

    def test_refuses_away_day_without_a_circular(self, world):
        unit = UnitFactory(agency=world.agency)
        (a,) = add_staff(unit, 1)
        result = save(unit, {(a.pk, MON): Mode.WFA}, world.head)

        assert not result.saved
        assert [v.code for v in result.errors] == [Code.OUTSIDE_WINDOW]

    def test_refuses_exempt_role_away(self, world):
        publish_circular(world.agency, exempt_roles=[RoleTag.TREASURER])
        unit = UnitFactory(agency=world.agency)
        treasurer, *_ = add_staff(unit, 4, role_tags=[RoleTag.TREASURER])
        result = save(unit, {(treasurer.pk, MON): Mode.WFA}, world.head)

        assert not result.saved
        assert [v.code for v in result.errors] == [Code.EXEMPT_ROLE]
        assert "bendahara" in result.errors[0].message("id")

    def test_refuses_any_away_day_in_a_frontline_opd(self, world):
        publish_circular(world.agency, exempt_categories=[ServiceCategory.HEALTH])
        unit = UnitFactory(agency=world.agency, category=ServiceCategory.HEALTH)
        a, *_ = add_staff(unit, 4)
        result = save(unit, {(a.pk, MON): Mode.WFA}, world.head)

        assert not result.saved
        assert Code.FRONTLINE_UNIT in {v.code for v in result.errors}

    def test_office_is_always_allowed_even_while_the_week_has_errors(self, opd, world):
        a, b, c, d = opd.staff
        roster = Roster.objects.create(unit=opd, week_start=WEEK)
        # Stored before a stricter circular: three away where two are allowed.
        for emp in (a, b, c):
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        result = save(opd, {(a.pk, MON): Mode.WFO, (d.pk, TUE): Mode.TRAVEL}, world.head)

        assert result.saved
        assert result.errors == []
        assert stored(opd) == {(b.pk, MON): "WFA", (c.pk, MON): "WFA", (d.pk, TUE): "DL"}
        assert counters(opd)[MON] == 2

    def test_a_partial_fix_toward_the_office_is_saved_with_remaining_errors(self, opd, world):
        roster = Roster.objects.create(unit=opd, week_start=WEEK)
        for emp in opd.staff:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        result = save(opd, {(opd.staff[0].pk, MON): Mode.WFO}, world.head)

        assert result.saved
        assert [v.code for v in result.errors] == [Code.CAP_EXCEEDED]
        assert counters(opd)[MON] == 3

    def test_warnings_do_not_block(self, world):
        publish_circular(world.agency)
        unit = UnitFactory(agency=world.agency)
        sub = UnitFactory(agency=world.agency, parent=unit)
        add_staff(unit, 3)
        (alone,) = add_staff(sub, 1, prefix="Sendiri")
        result = save(unit, {(alone.pk, MON): Mode.WFA}, world.head)

        assert result.saved
        assert [v.code for v in result.violations] == [Code.NO_COVER]
        assert result.violations[0].severity == Severity.WARNING

    def test_rejects_a_cell_of_someone_outside_the_opd(self, opd, world):
        with pytest.raises(ValidationError) as caught:
            save(opd, {(world.other_employee.pk, MON): Mode.LEAVE}, world.head)

        assert "bukan pegawai aktif OPD ini" in caught.value.messages[0]
        assert Assignment.objects.count() == 0

    def test_rejects_a_cell_outside_the_week(self, opd, world):
        with pytest.raises(ValidationError):
            save(opd, {(opd.staff[0].pk, date(2025, 3, 31)): Mode.WFO}, world.head)

    def test_check_week_writes_nothing(self, opd, world):
        a, b, c, _d = opd.staff
        check = check_week(
            opd=opd,
            week_start=WEEK,
            cells={(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.WFA, (c.pk, MON): Mode.WFA},
        )

        assert [v.code for v in check.errors] == [Code.CAP_EXCEEDED]
        assert Roster.objects.count() == 0
        assert DayCounter.objects.count() == 0

    def test_save_query_count_does_not_grow_with_cells(self, world, count_queries):
        publish_circular(world.agency)
        small = UnitFactory(agency=world.agency)
        large = UnitFactory(agency=world.agency)
        few = add_staff(small, 4)
        many = add_staff(large, 40)

        def week(staff):
            half = staff[: len(staff) // 2]
            return {(e.pk, day): Mode.WFA for e in half for day in (MON, TUE, WED, THU)}

        n_small, first = count_queries(save, small, week(few), world.head)
        n_large, second = count_queries(save, large, week(many), world.head)

        assert first.saved and second.saved
        assert second.changed == 80
        assert n_small == n_large


class TestStatuses:
    def submit(self, opd, user):
        return submit_week(opd=opd, week_start=WEEK, actor=user)

    def test_submitting_locks_the_week(self, opd, world):
        a, *_ = opd.staff
        save(opd, {(a.pk, MON): Mode.WFA}, world.head)
        roster = self.submit(opd, world.head).roster

        assert roster.status == Roster.Status.SUBMITTED
        assert roster.submitted_by == world.head
        with pytest.raises(ValidationError) as caught:
            save(opd, {(a.pk, MON): Mode.WFO}, world.head)
        assert "sudah diajukan" in caught.value.messages[0]
        assert stored(opd) == {(a.pk, MON): "WFA"}

    def test_submit_is_refused_while_errors_remain(self, opd, world):
        roster = Roster.objects.create(unit=opd, week_start=WEEK)
        for emp in opd.staff[:3]:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")

        with pytest.raises(ValidationError) as caught:
            self.submit(opd, world.head)

        assert "masih ada 1 pelanggaran" in caught.value.messages[0]
        roster.refresh_from_db()
        assert roster.status == Roster.Status.DRAFT

    def test_an_empty_week_can_be_submitted(self, opd, world):
        assert self.submit(opd, world.head).roster.status == Roster.Status.SUBMITTED

    def test_returned_week_is_a_draft_again_with_the_comment(self, opd, world):
        a, *_ = opd.staff
        roster = self.submit(opd, world.head).roster
        return_week(roster=roster, actor=world.admin, comment="  Bidang TIK kosong Senin. ")

        roster.refresh_from_db()
        assert roster.status == Roster.Status.DRAFT
        assert roster.return_comment == "Bidang TIK kosong Senin."
        assert roster.was_returned
        assert roster.decided_by == world.admin
        assert save(opd, {(a.pk, MON): Mode.WFA}, world.head).saved

    def test_return_needs_a_comment(self, opd, world):
        roster = self.submit(opd, world.head).roster
        with pytest.raises(ValidationError) as caught:
            return_week(roster=roster, actor=world.admin, comment="   ")

        assert "alasan pengembalian" in caught.value.messages[0]
        roster.refresh_from_db()
        assert roster.status == Roster.Status.SUBMITTED

    def test_accepted_week_cannot_be_changed(self, opd, world):
        a, *_ = opd.staff
        roster = self.submit(opd, world.head).roster
        accept_week(roster=roster, actor=world.admin)

        roster.refresh_from_db()
        assert roster.status == Roster.Status.ACCEPTED
        with pytest.raises(ValidationError) as caught:
            save(opd, {(a.pk, MON): Mode.WFA}, world.head)
        assert "sudah diterima" in caught.value.messages[0]
        with pytest.raises(ValidationError):
            self.submit(opd, world.head)

    def test_only_a_submitted_week_can_be_decided(self, opd, world):
        a, *_ = opd.staff
        roster = save(opd, {(a.pk, MON): Mode.WFA}, world.head).roster
        with pytest.raises(ValidationError) as caught:
            accept_week(roster=roster, actor=world.admin)

        assert "sedang diajukan" in caught.value.messages[0]
        with pytest.raises(ValidationError):
            return_week(roster=roster, actor=world.admin, comment="Tidak")

    def test_nobody_decides_their_own_submission(self, opd, world):
        roster = self.submit(opd, world.admin).roster
        with pytest.raises(ValidationError) as caught:
            accept_week(roster=roster, actor=world.admin)

        assert "ajukan sendiri" in caught.value.messages[0]
