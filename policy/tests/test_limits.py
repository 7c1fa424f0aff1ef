"""Every cap shape, its rounding, its scope and how the strictest wins; then the rules
and the planner under each shape. Pure Python: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from policy.check import check_roster, errors
from policy.limits import Limit, Shape, UnitFacts, effective_cap, max_away, max_office
from policy.planner import PlanRequest, plan_roster
from policy.values import Assignment, Code, DayPolicy, Mode, RosterCheck, Severity, StaffMember

MON = date(2025, 3, 24)
TUE = MON + timedelta(days=1)
OPD = UnitFacts(unit_id=7, category="health", office_region_id=3674)


# --- each shape ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "value", "headcount", "away", "office"),
    [
        # a share away: rounded down, so the share is never passed
        (Shape.AWAY_SHARE, 50, 7, 3, None),
        (Shape.AWAY_SHARE, 75, 10, 7, None),
        (Shape.AWAY_SHARE, 20, 4, 0, None),
        (Shape.AWAY_SHARE, 0, 40, 0, None),
        (Shape.AWAY_SHARE, 100, 7, 7, None),
        # a headcount away
        (Shape.AWAY_COUNT, 5, 12, 5, None),
        (Shape.AWAY_COUNT, 5, 3, 3, None),
        (Shape.AWAY_COUNT, 0, 12, 0, None),
        # a share that must stay: rounded up, so the office never falls short
        (Shape.STAY_SHARE, 50, 7, 3, None),
        (Shape.STAY_SHARE, 25, 10, 7, None),
        (Shape.STAY_SHARE, 0, 10, 10, None),
        (Shape.STAY_SHARE, 100, 10, 0, None),
        # a headcount that must stay
        (Shape.STAY_COUNT, 2, 10, 8, None),
        (Shape.STAY_COUNT, 12, 10, 0, None),
        (Shape.STAY_COUNT, 0, 10, 10, None),
        # the office from above (pandemic): it bounds the office, not the days away
        (Shape.OFFICE_MAX_SHARE, 50, 7, None, 3),
        (Shape.OFFICE_MAX_SHARE, 25, 10, None, 2),
        (Shape.OFFICE_MAX_SHARE, 0, 10, None, 0),
        (Shape.OFFICE_MAX_COUNT, 5, 12, None, 5),
        (Shape.OFFICE_MAX_COUNT, 5, 3, None, 3),
        (Shape.OFFICE_MAX_COUNT, 0, 3, None, 0),
    ],
)
def test_each_shape_bounds_the_days_away_or_the_office(shape, value, headcount, away, office):
    limit = Limit(shape, value)
    assert limit.max_away(headcount) == away
    assert limit.max_office(headcount) == office
    assert limit.bounds_office is (office is not None)


# --- scope -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "day", "applies"),
    [
        ({}, MON, True),
        ({"category": "health"}, MON, True),
        ({"category": "education"}, MON, False),
        ({"unit_id": 7}, MON, True),
        ({"unit_id": 8}, MON, False),
        ({"region_id": 3674}, MON, True),  # "25% in high-risk zones"
        ({"region_id": 3671}, MON, False),
        ({"start": MON, "end": MON}, MON, True),
        ({"start": TUE}, MON, False),
        ({"end": MON - timedelta(days=1)}, MON, False),
        ({"category": "health", "region_id": 3674, "start": MON}, MON, True),
        ({"category": "health", "region_id": 3671, "start": MON}, MON, False),
        ({"start": MON}, None, False),  # without a day only undated limits apply
        ({"category": "health"}, None, True),
    ],
)
def test_a_limit_applies_only_inside_its_scope(scope, day, applies):
    assert Limit(Shape.AWAY_SHARE, 10, **scope).applies(OPD, day) is applies


@pytest.mark.parametrize(
    ("general", "limits", "expected"),
    [
        (50, [], 50),
        (50, [Limit(Shape.AWAY_SHARE, 30, category="health")], 30),
        (50, [Limit(Shape.AWAY_SHARE, 30, category="education")], 50),
        (50, [Limit(Shape.AWAY_SHARE, 80, unit_id=7)], 50),  # never raises the general cap
        (50, [Limit(Shape.AWAY_SHARE, 40), Limit(Shape.AWAY_SHARE, 25, unit_id=7)], 25),
        (50, [Limit(Shape.AWAY_SHARE, 0, start=MON, end=MON)], 0),
        (50, [Limit(Shape.AWAY_SHARE, 0, start=TUE, end=TUE)], 50),
        (50, [Limit(Shape.AWAY_COUNT, 1)], 50),  # another shape is not a share
    ],
)
def test_the_effective_share_away_is_the_strictest_that_applies(general, limits, expected):
    assert effective_cap(general, tuple(limits), scope=OPD, day=MON) == expected


def test_the_strictest_bound_of_any_shape_wins():
    limits = (Limit(Shape.AWAY_SHARE, 50), Limit(Shape.AWAY_COUNT, 3), Limit(Shape.STAY_COUNT, 8))
    assert [max_away(limits, h) for h in (4, 8, 10, 20)] == [0, 0, 2, 3]
    office = (Limit(Shape.OFFICE_MAX_SHARE, 50), Limit(Shape.OFFICE_MAX_COUNT, 5))
    assert [max_office(office, h)[0] for h in (4, 10, 20)] == [2, 5, 5]


# --- the day's policy ------------------------------------------------------------------


def policy(day: date = MON, **fields: object) -> DayPolicy:
    values: dict[str, object] = {
        "working_day": True,
        "circular_id": 1,
        "circular_number": "800/1/2020",
        "arrangement": Mode.WFH,
        "cap_percent": 100,
    }
    return DayPolicy(day, **(values | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "limit", "office"),
    [
        ({"cap_percent": 50}, 5, None),
        ({"limits": (Limit(Shape.AWAY_COUNT, 3),)}, 3, None),
        ({"cap_percent": 20, "limits": (Limit(Shape.STAY_SHARE, 50),)}, 2, None),
        ({"limits": (Limit(Shape.OFFICE_MAX_SHARE, 50),)}, 10, 5),
        ({"limits": (Limit(Shape.OFFICE_MAX_COUNT, 5),)}, 10, 5),
        ({"unit_exempt": True, "limits": (Limit(Shape.OFFICE_MAX_COUNT, 5),)}, 0, None),
        ({"working_day": False, "limits": (Limit(Shape.OFFICE_MAX_COUNT, 5),)}, None, None),
    ],
)
def test_the_day_answers_its_limit_and_its_office_maximum(fields, limit, office):
    p = policy(**fields)
    assert p.limit_for(10) == limit
    assert p.office_limit(10) == office


# --- the rules under each shape ----------------------------------------------------------


def staff(n: int) -> list[StaffMember]:
    return [StaffMember(emp, f"Pegawai {emp}", 1) for emp in range(1, n + 1)]


def away(*emps: int, day: date = MON, mode: Mode = Mode.WFH) -> list[Assignment]:
    return [Assignment(emp, day, mode) for emp in emps]


@pytest.mark.parametrize(
    ("limit", "cells", "allowed", "text_id", "text_en"),
    [
        (
            Limit(Shape.AWAY_SHARE, 50),
            away(1, 2, 3),
            2,
            "melebihi batas 2 pegawai (50% dari 4 pegawai)",
            "more than the limit of 2 (50% of 4 staff)",
        ),
        (
            Limit(Shape.AWAY_COUNT, 1),
            away(1, 2),
            1,
            "melebihi batas 1 pegawai (paling banyak 1 pegawai di luar kantor)",
            "more than the limit of 1 (at most 1 staff away)",
        ),
        (
            Limit(Shape.STAY_SHARE, 75),
            away(1, 2),
            1,
            "(75% dari 4 pegawai wajib tetap di kantor)",
            "(75% of 4 staff must stay at the office)",
        ),
        (
            Limit(Shape.STAY_COUNT, 3),
            away(1, 2),
            1,
            "(3 pegawai wajib tetap di kantor)",
            "(3 staff must stay at the office)",
        ),
    ],
)
def test_too_many_away_names_the_limit_that_binds_in_both_languages(
    limit, cells, allowed, text_id, text_en
):
    days = {MON: policy(limits=(limit,))}
    (found,) = errors(check_roster(RosterCheck(1, staff(4), days, cells)))
    assert (found.code, found.severity, found.allowed) == (
        Code.CAP_EXCEEDED,
        Severity.ERROR,
        allowed,
    )
    assert text_id in found.message_id and "Senin, 24 Maret 2025" in found.message_id
    assert text_en in found.message_en and "Monday 24 March 2025" in found.message_en


@pytest.mark.parametrize(
    ("limit", "cells", "office", "allowed", "text_id", "text_en"),
    [
        (
            Limit(Shape.OFFICE_MAX_SHARE, 50),
            away(1),
            3,
            2,
            "paling banyak 50% dari 4 pegawai di kantor",
            "at most 50% of 4 staff at the office",
        ),
        (
            Limit(Shape.OFFICE_MAX_COUNT, 1),
            [],
            4,
            1,
            "paling banyak 1 pegawai di kantor",
            "at most 1 staff at the office",
        ),
    ],
)
def test_too_few_away_under_an_office_maximum_is_its_own_violation(
    limit, cells, office, allowed, text_id, text_en
):
    days = {MON: policy(limits=(limit,))}
    (found,) = errors(check_roster(RosterCheck(1, staff(4), days, cells)))
    assert (found.code, found.employee_id, found.allowed, found.requested) == (
        Code.TOO_FEW_AWAY,
        None,
        allowed,
        office,
    )
    assert (
        f"ada {office} pegawai bekerja di kantor" in found.message_id
        and text_id in found.message_id
    )
    assert f"{office} staff are at the office" in found.message_en and text_en in found.message_en


def test_leave_and_travel_count_as_out_of_the_office():
    days = {MON: policy(limits=(Limit(Shape.OFFICE_MAX_COUNT, 2),))}
    cells = [*away(1), Assignment(2, MON, Mode.LEAVE), Assignment(3, MON, Mode.TRAVEL)]
    assert errors(check_roster(RosterCheck(1, staff(5), days, cells))) == []


def test_an_office_maximum_never_binds_a_frontline_opd_or_a_closed_day():
    limit = (Limit(Shape.OFFICE_MAX_COUNT, 0),)
    days = {
        MON: policy(limits=limit, unit_exempt=True, unit_exempt_reason="RSUD"),
        TUE: policy(TUE, limits=limit, working_day=False, non_working_reason="Libur"),
    }
    assert check_roster(RosterCheck(1, staff(3), days, [])) == []


def test_a_zero_limit_lets_nobody_away():
    days = {MON: policy(limits=(Limit(Shape.AWAY_COUNT, 0),))}
    (found,) = check_roster(RosterCheck(1, staff(4), days, away(1)))
    assert (found.code, found.allowed, found.requested) == (Code.CAP_EXCEEDED, 0, 1)


# --- the planner under each shape ---------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "target", "expected"),
    [
        (Limit(Shape.AWAY_SHARE, 50), None, 5),
        (Limit(Shape.AWAY_SHARE, 50), 1, 1),
        (Limit(Shape.AWAY_COUNT, 3), None, 3),
        (Limit(Shape.STAY_SHARE, 75), None, 2),
        (Limit(Shape.STAY_COUNT, 4), None, 6),
        # an office maximum raises the head's lower target to what it requires
        (Limit(Shape.OFFICE_MAX_COUNT, 5), 1, 5),
        (Limit(Shape.OFFICE_MAX_SHARE, 40), 0, 6),
        (Limit(Shape.OFFICE_MAX_SHARE, 40), 8, 7),  # 7: each of 3 sub-units keeps one in
    ],
)
def test_the_planner_fills_each_shape_and_its_plan_is_accepted(limit, target, expected):
    team = [StaffMember(emp, f"P{emp}", emp % 3) for emp in range(1, 11)]
    days = {MON: policy(limits=(limit,))}
    targets = {} if target is None else {MON: target}
    result = plan_roster(PlanRequest(1, team, days, targets=targets))
    assert result.days[MON].away == expected
    assert errors(check_roster(RosterCheck(1, team, days, result.assignments))) == []


def test_the_planner_counts_fixed_leave_towards_an_office_maximum():
    team = [StaffMember(emp, f"P{emp}", emp % 3) for emp in range(1, 11)]
    days = {MON: policy(limits=(Limit(Shape.OFFICE_MAX_COUNT, 5),))}
    fixed = [Assignment(1, MON, Mode.LEAVE), Assignment(2, MON, Mode.TRAVEL)]
    result = plan_roster(PlanRequest(1, team, days, fixed=fixed, targets={MON: 0}))
    assert result.days[MON].proposed == 3
    assert errors(check_roster(RosterCheck(1, team, days, result.assignments))) == []
