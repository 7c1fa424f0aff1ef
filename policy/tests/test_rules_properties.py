"""Properties of the roster rules over generated rosters (hypothesis).

The generator deliberately mixes everything the rules look at: closed days,
days without a circular, frontline days, exempt roles, revoked permissions,
staff joining and leaving, unknown employees, cells outside the days checked,
weekly limits and priorities.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.check import check_roster, errors
from policy.limits import away_limit
from policy.values import (
    AWAY_MODES,
    Assignment,
    Code,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    Severity,
    StaffMember,
    Violation,
)

FIRST_DAY = date(2025, 3, 20)  # a Thursday, so windows cross weekends and ISO weeks
ROLES = ("treasurer", "supervisor", "structural_head")
CIRCULARS = (1, 2)
PRIORITIES = (
    PriorityCriterion(PriorityKind.DOMICILE, frozenset({1, 2})),
    PriorityCriterion(PriorityKind.OFFICE, frozenset({1})),
)

AWAY = (Mode.WFA, Mode.WFH)
NOT_AWAY = (Mode.WFO, Mode.LEAVE, Mode.TRAVEL)
Cells = dict[tuple[int, date], Mode]

modest = settings(max_examples=200, deadline=None)


@st.composite
def day_policies(draw: st.DrawFn, day: date) -> DayPolicy:
    return DayPolicy(
        day,
        working_day=draw(st.booleans() | st.just(True)),  # open days more often
        non_working_reason="Libur",
        circular_id=draw(st.sampled_from((None, *CIRCULARS, 1))),
        circular_number="800/1/2025",
        arrangement=draw(st.sampled_from((None, Mode.WFA, Mode.WFH))),
        cap_percent=draw(st.sampled_from((0, 25, 50, 50, 100)) | st.integers(0, 100)),
        unit_exempt=draw(st.integers(0, 5)) == 0,
        exempt_roles=frozenset(draw(st.sets(st.sampled_from(ROLES[:2])))),
        weekly_limit=draw(st.none() | st.integers(0, 4)),
        priorities=draw(st.sampled_from(((), PRIORITIES, PRIORITIES[1:]))),
    )


@st.composite
def members(draw: st.DrawFn, emp: int, days: list[date]) -> StaffMember:
    # Most staff are on the books the whole time; some join or leave inside.
    maybe_day = st.sampled_from([None, None, None, *days])
    return StaffMember(
        employee_id=emp,
        name=f"Pegawai {emp}",
        sub_unit_id=draw(st.integers(1, 3)),
        roles=frozenset(draw(st.sets(st.sampled_from(ROLES), max_size=2))),
        domicile_region_id=draw(st.none() | st.integers(1, 3)),
        office_region_id=draw(st.none() | st.integers(1, 2)),
        active_from=draw(maybe_day),
        active_until=draw(maybe_day),
        revoked_circular_ids=frozenset(draw(st.sets(st.sampled_from(CIRCULARS), max_size=1))),
    )


@st.composite
def roster_checks(draw: st.DrawFn, *, plausible: bool) -> RosterCheck:
    """Any roster, or (plausible) one whose away cells pass every per-cell rule,
    so the cap, the weekly limit and the warnings decide; without that almost
    no generated roster is accepted with anyone away."""
    dates = [FIRST_DAY + timedelta(days=n) for n in range(draw(st.integers(1, 9)))]
    days = {day: draw(day_policies(day)) for day in dates}
    staff = [draw(members(emp, dates)) for emp in range(1, draw(st.integers(1, 7)) + 1)]
    cells = draw(eligible_cells(staff, days) if plausible else any_cells(staff, dates))
    elsewhere = draw(st.dictionaries(st.integers(1, len(staff)), st.integers(0, 3), max_size=3))
    assignments = [Assignment(emp, day, mode) for (emp, day), mode in cells.items()]
    return RosterCheck(1, staff, days, assignments, elsewhere)


def any_cells(staff: list[StaffMember], dates: list[date]) -> st.SearchStrategy[Cells]:
    # One employee id too many (not on staff) and one day too many (not checked).
    keys = st.tuples(
        st.integers(1, len(staff) + 1), st.sampled_from([*dates, dates[-1] + timedelta(days=1)])
    )
    return st.dictionaries(keys, st.sampled_from(list(Mode)), max_size=40)


@st.composite
def eligible_cells(draw: st.DrawFn, staff: list[StaffMember], days: dict[date, DayPolicy]) -> Cells:
    cells: Cells = {}
    for member in staff:
        for day, policy in days.items():
            if eligible(member, policy) and draw(st.integers(0, 2)) == 0:
                cells[member.employee_id, day] = policy.arrangement or draw(st.sampled_from(AWAY))
            elif draw(st.integers(0, 3)) == 0:
                cells[member.employee_id, day] = draw(st.sampled_from(NOT_AWAY))
    return cells


def eligible(member: StaffMember, policy: DayPolicy) -> bool:
    return (
        member.on_staff(policy.day)
        and policy.working_day
        and policy.circular_id is not None
        and not policy.unit_exempt
        and not member.roles & policy.exempt_roles
        and policy.circular_id not in member.revoked_circular_ids
    )


rosters = st.one_of(roster_checks(plausible=False), roster_checks(plausible=True))


def with_cell(check: RosterCheck, emp: int, day: date, mode: Mode) -> RosterCheck:
    """The same roster with one cell set to ``mode`` (added if it was not there)."""
    kept = [a for a in check.assignments if (a.employee_id, a.day) != (emp, day)]
    assignments = [*kept, Assignment(emp, day, mode)]
    return RosterCheck(
        check.unit_id, check.staff, check.days, assignments, check.away_days_elsewhere
    )


def error_keys(violations: list[Violation]) -> set[tuple[object, ...]]:
    """What an error is about. A weekly-limit error is about an employee-week:
    the day it is shown on is the first day over the limit, which moves later
    when an earlier day away goes, without the error being a new one."""
    return {
        (
            v.code,
            v.day.isocalendar()[:2] if v.code is Code.WEEKLY_LIMIT else v.day,
            v.unit_id,
            v.employee_id,
        )
        for v in errors(violations)
    }


@modest
@given(rosters)
def test_accepted_roster_never_has_more_away_on_a_day_than_the_cap(check):
    if errors(check_roster(check)):
        return
    for day, policy in check.days.items():
        on_staff = {m.employee_id for m in check.staff if m.on_staff(day)}
        away = [a for a in check.assignments if a.day == day and a.mode in AWAY_MODES]
        assert all(a.employee_id in on_staff for a in away)
        assert len(away) <= away_limit(policy.cap_percent, len(on_staff))


@modest
@given(rosters, st.data())
def test_turning_a_day_away_into_office_never_adds_an_error(check, data):
    away = [a for a in check.assignments if a.mode in AWAY_MODES]
    if not away:
        return
    cell = data.draw(st.sampled_from(away))
    before = error_keys(check_roster(check))
    after = error_keys(check_roster(with_cell(check, cell.employee_id, cell.day, Mode.WFO)))
    assert after <= before


@modest
@given(rosters, st.data())
def test_an_office_cell_never_holds_an_error(check, data):
    emp = data.draw(st.integers(1, len(check.staff) + 1))
    day = data.draw(st.sampled_from([*check.days, max(check.days) + timedelta(days=1)]))
    found = check_roster(with_cell(check, emp, day, Mode.WFO))
    assert [v for v in errors(found) if (v.employee_id, v.day) == (emp, day)] == []


@modest
@given(rosters, st.randoms(use_true_random=False))
def test_result_is_deterministic_ordered_and_ignores_input_order(check, random):
    first = check_roster(check)
    assert check_roster(check) == first
    severities = [v.severity for v in first]
    assert severities == sorted(severities, key=lambda s: s is not Severity.ERROR)
    shuffled = RosterCheck(
        check.unit_id,
        random.sample(check.staff, len(check.staff)),
        dict(random.sample(list(check.days.items()), len(check.days))),
        random.sample(check.assignments, len(check.assignments)),
        check.away_days_elsewhere,
    )
    assert check_roster(shuffled) == first


@modest
@given(roster_checks(plausible=True))
def test_roster_of_eligible_days_within_cap_and_weekly_limit_is_accepted(check):
    # The converse of the first property: the rules reject nothing they should not.
    away = [a for a in check.assignments if a.mode in AWAY_MODES]
    for day, policy in check.days.items():
        headcount = sum(m.on_staff(day) for m in check.staff)
        if sum(a.day == day for a in away) > away_limit(policy.cap_percent, headcount):
            return
    weeks: dict[tuple[int, int, int], list[int | None]] = {}
    for a in away:
        week = (a.employee_id, *a.day.isocalendar()[:2])
        weeks.setdefault(week, []).append(check.days[a.day].weekly_limit)
    for limits in weeks.values():
        set_limits = [limit for limit in limits if limit is not None]
        if set_limits and len(limits) > min(set_limits):
            return
    assert errors(check_roster(check)) == []
