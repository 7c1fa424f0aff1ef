"""The optimised roster rules give exactly the decisions of the frozen reference.

``reference_check`` is ``policy.check`` as it stood before it was optimised
(issues #12 and #18). Every test here runs both on the same roster and asserts
the same list of violations: codes, severities, days, units, employees,
numbers, both messages, and the order. The generators mix everything the rules
look at: policies resolved through ``policy.layers`` with limits of every shape
scoped by category, OPD, office region, dates and weekdays; exempt roles,
revoked permissions, job types, sanctions, new employees, recalls; priorities
of every kind; groups required away; closed days, days without a circular,
frontline days; staff joining and leaving, unknown employees, cells outside the
days checked, duplicates.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy import layers
from policy.check import check_roster
from policy.limits import Limit, Shape, UnitFacts
from policy.tests import reference_check
from policy.values import (
    Assignment,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    StaffMember,
    Violation,
)

FIRST_DAY = date(2025, 3, 20)  # a Thursday: windows cross weekends and ISO weeks
UNIT = UnitFacts(7, category="health", office_region_id=31)
ROLES = ("treasurer", "supervisor", "activity_leader")
JOB_TYPES = ("pelaksana", "fungsional", "struktural", "")
GROUPS = ("pregnancy", "disability", "young_children")
CIRCULARS = (11, 12, 13)
PRIORITY_SETS = (
    (),
    (PriorityCriterion(PriorityKind.DOMICILE, frozenset({1, 2})),),
    (
        PriorityCriterion(PriorityKind.CIRCUMSTANCE, groups=frozenset({"pregnancy"})),
        PriorityCriterion(PriorityKind.DOMICILE, frozenset({1})),
        PriorityCriterion(PriorityKind.OFFICE, frozenset({1})),
    ),
    (PriorityCriterion(PriorityKind.OFFICE, frozenset({2})),),
)

examples = settings(max_examples=150, deadline=None)


def same(check: RosterCheck) -> list[Violation]:
    """Both engines' answer, asserted equal; returns it for further asserts."""
    expected = reference_check.check_roster(check)
    got = check_roster(check)
    assert [_key(v) for v in got] == [_key(v) for v in expected]
    assert got == expected
    return got


def _key(v: Violation) -> tuple[object, ...]:
    return (v.code, v.severity, v.day, v.unit_id, v.employee_id, v.allowed, v.requested)


# --- policies ------------------------------------------------------------------------


@st.composite
def limits_(draw: st.DrawFn, dates: list[date]) -> Limit:
    """One limit of any shape, scoped or not: matching this OPD or another."""
    shape = draw(st.sampled_from(list(Shape)))
    percent = shape in (Shape.AWAY_SHARE, Shape.STAY_SHARE, Shape.OFFICE_MAX_SHARE)
    value = draw(st.integers(0, 100) if percent else st.integers(0, 12))
    start = draw(st.none() | st.sampled_from(dates))
    end = draw(st.none() | st.sampled_from(dates))
    return Limit(
        shape,
        value,
        category=draw(st.sampled_from(("", "", "health", "education"))),
        unit_id=draw(st.sampled_from((None, None, UNIT.unit_id, 8))),
        region_id=draw(st.sampled_from((None, None, UNIT.office_region_id, 32))),
        start=start,
        end=end,
        weekdays=frozenset(draw(st.sets(st.integers(0, 6), max_size=3))),
    )


@st.composite
def terms(draw: st.DrawFn, dates: list[date], circular_id: int, layer: layers.Layer) -> layers.Term:
    first, last = sorted(draw(st.lists(st.sampled_from(dates), min_size=2, max_size=2)))
    return layers.Term(
        circular_id=circular_id,
        number=f"800/{circular_id}/2025",
        layer=layer,
        agency_id=draw(st.sampled_from((1, 2))),
        windows=((first, last),),
        arrangement=draw(st.sampled_from((None, Mode.WFA, Mode.WFH))),
        cap_percent=draw(st.sampled_from((0, 20, 50, 75, 100)) | st.integers(0, 100)),
        limits=tuple(draw(st.lists(limits_(dates), max_size=3))),
        unit_exempt_reason=draw(st.sampled_from(("",) * 6 + ("rumah sakit",))),
        exempt_roles=frozenset(draw(st.sets(st.sampled_from(ROLES), max_size=2))),
        weekly_limit=draw(st.none() | st.integers(0, 4)),
        priorities=draw(st.sampled_from(PRIORITY_SETS)),
        eligible_job_types=frozenset(draw(st.sets(st.sampled_from(JOB_TYPES[:3]), max_size=2))),
        excludes_sanctioned=draw(st.booleans()),
        new_employee_months=draw(st.none() | st.integers(0, 24)),
        required_away_groups=frozenset(draw(st.sets(st.sampled_from(GROUPS), max_size=2))),
        published=draw(st.integers(0, 3)),
        relation=draw(st.sampled_from(list(layers.Relation))),
        weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=3))),
    )


@st.composite
def resolved_days(draw: st.DrawFn, dates: list[date]) -> dict[date, DayPolicy]:
    """Days resolved through the layers: overlapping circulars, amendments, scoped limits."""
    chosen = [
        draw(terms(dates, circular_id, draw(st.sampled_from(list(layers.Layer)))))
        for circular_id in CIRCULARS[: draw(st.integers(0, 3))]
    ]
    return {
        day: layers.resolve(
            day,
            chosen,
            UNIT,
            working_day=draw(st.integers(0, 4)) > 0,
            non_working_reason=draw(st.sampled_from(("", "Sabtu", "Hari Raya"))),
        )
        for day in dates
    }


@st.composite
def direct_days(draw: st.DrawFn, dates: list[date]) -> dict[date, DayPolicy]:
    """Days built directly: every field free, several circulars named."""
    days = {}
    for day in dates:
        ids = tuple(draw(st.lists(st.sampled_from(CIRCULARS), unique=True, max_size=3)))
        days[day] = DayPolicy(
            day,
            working_day=draw(st.integers(0, 4)) > 0,
            non_working_reason=draw(st.sampled_from(("", "Libur"))),
            circular_id=ids[0] if ids else draw(st.sampled_from((None, CIRCULARS[0]))),
            circular_number="800/1/2025",
            arrangement=draw(st.sampled_from((None, Mode.WFA, Mode.WFH))),
            cap_percent=draw(st.sampled_from((0, 25, 50, 100)) | st.integers(0, 100)),
            unit_exempt=draw(st.integers(0, 6)) == 0,
            unit_exempt_reason=draw(st.sampled_from(("", "puskesmas"))),
            exempt_roles=frozenset(draw(st.sets(st.sampled_from(ROLES), max_size=2))),
            weekly_limit=draw(st.none() | st.integers(0, 4)),
            priorities=draw(st.sampled_from(PRIORITY_SETS)),
            circular_ids=ids,
            circular_numbers=tuple(f"SE {i}" for i in ids[: draw(st.integers(0, len(ids)))]),
            limits=tuple(draw(st.lists(limits_(dates), max_size=3))),
            eligible_job_types=frozenset(draw(st.sets(st.sampled_from(JOB_TYPES[:3])))),
            excludes_sanctioned=draw(st.booleans()),
            new_employee_months=draw(st.none() | st.integers(0, 24)),
            required_away_groups=frozenset(draw(st.sets(st.sampled_from(GROUPS), max_size=2))),
        )
    return days


# --- staff and cells -----------------------------------------------------------------


@st.composite
def members(draw: st.DrawFn, emp: int, dates: list[date]) -> StaffMember:
    maybe_day = st.sampled_from([None, None, None, *dates])
    around = [dates[0] - timedelta(days=20), *dates, dates[-1] + timedelta(days=3)]
    sanctions = draw(
        st.lists(
            st.tuples(st.sampled_from(around), st.none() | st.sampled_from(around)), max_size=2
        )
    )
    return StaffMember(
        employee_id=emp,
        name=f"Pegawai {emp}",
        sub_unit_id=draw(st.integers(1, 3)),
        roles=frozenset(draw(st.sets(st.sampled_from(ROLES), max_size=2))),
        domicile_region_id=draw(st.none() | st.integers(1, 3)),
        office_region_id=draw(st.none() | st.integers(1, 2)),
        active_from=draw(maybe_day),
        active_until=draw(maybe_day),
        revoked_circular_ids=frozenset(draw(st.sets(st.sampled_from(CIRCULARS), max_size=2))),
        job_type=draw(st.sampled_from(JOB_TYPES)),
        appointed=draw(
            st.none() | st.builds(date, st.integers(2023, 2025), st.integers(1, 12), st.just(1))
        ),
        sanctions=tuple(sanctions),
        circumstances=frozenset(draw(st.sets(st.sampled_from(GROUPS), max_size=2))),
        weekly_limit_exempt=draw(st.integers(0, 5)) == 0,
        recalled_days=frozenset(draw(st.sets(st.sampled_from(dates), max_size=2))),
    )


@st.composite
def roster_checks(draw: st.DrawFn) -> RosterCheck:
    dates = [FIRST_DAY + timedelta(days=n) for n in range(draw(st.integers(1, 10)))]
    days = draw(st.one_of(resolved_days(dates), direct_days(dates)))
    staff = [draw(members(emp, dates)) for emp in range(1, draw(st.integers(1, 12)) + 1)]
    # Dense rosters (most cells away, so caps and cover bite) or sparse ones, with an
    # unknown employee and a day outside the check now and then. The cells come from a
    # seeded generator: one draw instead of hundreds keeps the examples quick.
    rng = draw(st.randoms(use_true_random=False))
    emps = range(1, len(staff) + (2 if rng.random() < 0.5 else 1))
    extra = [dates[-1] + timedelta(days=1)] if rng.random() < 0.5 else []
    density = rng.choice((0.2, 0.6, 0.9))
    modes = (Mode.WFA, Mode.WFH, Mode.WFH, Mode.WFO, Mode.LEAVE, Mode.TRAVEL)
    cells = {
        (emp, day): rng.choice(modes)
        for emp in emps
        for day in [*dates, *extra]
        if rng.random() < density
    }
    elsewhere = draw(st.dictionaries(st.integers(1, len(staff) + 1), st.integers(0, 4), max_size=4))
    assignments = [Assignment(emp, day, mode) for (emp, day), mode in cells.items()]
    return RosterCheck(draw(st.integers(1, 3)), staff, days, assignments, elsewhere)


@examples
@given(roster_checks())
def test_same_violations_as_the_reference(check: RosterCheck) -> None:
    same(check)


@settings(max_examples=60, deadline=None)
@given(roster_checks(), st.randoms(use_true_random=False))
def test_same_violations_whatever_the_order_of_the_cells(
    check: RosterCheck, rng: random.Random
) -> None:
    rng.shuffle(check.assignments)
    same(check)


@settings(max_examples=40, deadline=None)
@given(roster_checks(), st.data())
def test_same_error_on_a_duplicate_cell(check: RosterCheck, data: st.DataObject) -> None:
    if not check.assignments:
        return
    twin = data.draw(st.sampled_from(check.assignments))
    mode = data.draw(st.sampled_from(list(Mode)))
    check.assignments.insert(
        data.draw(st.integers(0, len(check.assignments))),
        Assignment(twin.employee_id, twin.day, mode),
    )
    with pytest.raises(ValueError) as expected:
        reference_check.check_roster(check)
    with pytest.raises(ValueError) as got:
        check_roster(check)
    assert str(got.value) == str(expected.value)


# --- a large roster of the benchmark's kind ---------------------------------------


def bench_like(seed: int, staff_count: int, weeks: int) -> RosterCheck:
    """Hundreds of staff over whole weeks, about as the benchmark builds them: every
    fast path of the engine (whole clean days, large sub-units) is taken."""
    rng = random.Random(seed)
    circular = PRIORITY_SETS[2]
    monday = date(2023, 8, 28)
    days = {}
    for n in range(weeks * 7):
        day = monday + timedelta(days=n)
        if day.weekday() >= 5:
            days[day] = DayPolicy(
                day, working_day=False, non_working_reason="Sabtu", circular_id=11
            )
            continue
        days[day] = DayPolicy(
            day,
            working_day=True,
            circular_id=11,
            circular_number="800/1234-BKD/2023",
            arrangement=rng.choice((Mode.WFH, None)),
            cap_percent=rng.choice((30, 50, 50)),
            exempt_roles=frozenset(ROLES),
            weekly_limit=3,
            priorities=circular,
            circular_ids=(11, 12),
            circular_numbers=("800/1234-BKD/2023", "2 Tahun 2023"),
            limits=rng.choice(
                (
                    (Limit(Shape.STAY_COUNT, 2), Limit(Shape.OFFICE_MAX_SHARE, 95)),
                    (Limit(Shape.OFFICE_MAX_SHARE, 55),),
                    (Limit(Shape.AWAY_COUNT, staff_count // 3), Limit(Shape.STAY_SHARE, 40)),
                )
            ),
            eligible_job_types=frozenset({"pelaksana", "fungsional"}),
            excludes_sanctioned=True,
            new_employee_months=12,
            required_away_groups=frozenset({"pregnancy"}),
            unit_exempt=rng.random() < 0.05,
            unit_exempt_reason="IGD",
        )
    staff = [
        StaffMember(
            employee_id=emp,
            name=f"Pegawai {emp}",
            sub_unit_id=emp // rng.choice((3, 20)),
            roles=frozenset({rng.choice(ROLES)}) if rng.random() < 0.05 else frozenset(),
            domicile_region_id=rng.choice((1, 2, 3, 4)),
            office_region_id=rng.choice((1, 2)),
            active_until=monday + timedelta(days=3) if rng.random() < 0.01 else None,
            active_from=monday + timedelta(days=2) if rng.random() < 0.01 else None,
            revoked_circular_ids=frozenset({12}) if rng.random() < 0.01 else frozenset(),
            job_type=rng.choice(JOB_TYPES),
            appointed=date(rng.randint(2015, 2023), rng.randint(1, 12), 1),
            sanctions=((monday + timedelta(days=7), None),) if rng.random() < 0.01 else (),
            circumstances=frozenset({"pregnancy"}) if rng.random() < 0.05 else frozenset(),
            weekly_limit_exempt=rng.random() < 0.02,
            recalled_days=frozenset({monday}) if rng.random() < 0.02 else frozenset(),
        )
        for emp in range(1, staff_count + 1)
    ]
    cells = []
    for day, policy in days.items():
        for member in staff:
            roll = rng.random()
            if not policy.working_day and roll > 0.01:
                continue
            mode = (
                rng.choice((Mode.WFH, Mode.WFH, Mode.WFA))
                if roll < 0.5
                else (Mode.LEAVE if roll < 0.55 else Mode.TRAVEL if roll < 0.58 else None)
            )
            if mode is not None:
                cells.append(Assignment(member.employee_id, day, mode))
    cells.append(Assignment(staff_count + 5, monday, Mode.WFA))  # not on staff
    cells.append(Assignment(1, monday - timedelta(days=1), Mode.WFH))  # outside the days
    rng.shuffle(cells)
    elsewhere = {
        emp: rng.randint(0, 3)
        for emp in rng.sample(range(1, staff_count), min(10, staff_count - 1))
    }
    return RosterCheck(3, staff, days, cells, elsewhere)


@pytest.mark.parametrize(
    ("seed", "staff_count", "weeks"),
    [(1, 300, 2), (2, 60, 3), (3, 8, 1), (4, 120, 2), (5, 30, 4), (6, 500, 1)],
)
def test_same_violations_on_a_large_roster(seed: int, staff_count: int, weeks: int) -> None:
    found = same(bench_like(seed, staff_count, weeks))
    assert len({v.code for v in found}) >= 8  # the roster meets most rules, not a few
