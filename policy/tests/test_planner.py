"""The automatic fair rotation on the real cases of the Banten circulars, and
the behaviour each rule of the planner promises. Pure Python: no database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from policy.check import check_roster
from policy.planner import DayFigures, PlanRequest, PlanResult, plan_roster, roster_check
from policy.values import (
    AWAY_MODES,
    Assignment,
    Code,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    Severity,
    StaffMember,
)

SE = 1
EXEMPT_ROLES = frozenset({"treasurer", "supervisor", "activity_leader"})
# Region codes (Kemendagri): Jabodetabek, and the rest of Banten.
JAKARTA, KOTA_TANGERANG, TANGSEL, DEPOK, KOTA_BEKASI = 3171, 3671, 3674, 3276, 3275
KOTA_SERANG, PANDEGLANG, CILEGON = 3673, 3601, 3672
JABODETABEK = frozenset({JAKARTA, 3172, 3173, 3174, 3175, 3201, 3271, DEPOK, 3603, KOTA_TANGERANG})
JABODETABEK |= {TANGSEL, 3216, KOTA_BEKASI}
PEMPROV_BANTEN_PRIORITIES = (
    PriorityCriterion(PriorityKind.DOMICILE, JABODETABEK),
    PriorityCriterion(PriorityKind.OFFICE, frozenset({JAKARTA, KOTA_TANGERANG, TANGSEL})),
)

MON, TUE, WED, THU, FRI = (date(2025, 3, d) for d in range(24, 29))  # ISO week 2025-W13


# --- builders ------------------------------------------------------------------


def member(emp: int, sub: int = 1, **fields: object) -> StaffMember:
    return StaffMember(emp, f"Pegawai {emp}", sub, **fields)  # type: ignore[arg-type]


def opd(count: int, sub: int = 1, first: int = 1) -> list[StaffMember]:
    return [member(emp, sub) for emp in range(first, first + count)]


def window(
    start: date, end: date, *, holidays: tuple[date, ...] = (), **policy: object
) -> dict[date, DayPolicy]:
    """Every calendar day from start to end under one circular; weekends and
    holidays are not working days."""
    fields = {"circular_id": SE, "circular_number": "800/1/2025", "cap_percent": 50} | policy
    days = {}
    for n in range((end - start).days + 1):
        day = start + timedelta(days=n)
        working = day.weekday() < 5 and day not in holidays
        reason = "" if working else "Libur"
        days[day] = DayPolicy(day, working, reason, **fields)  # type: ignore[arg-type]
    return days


def plan(staff: list[StaffMember], days: dict[date, DayPolicy], **request: object) -> PlanResult:
    """Plan, and insist the plan breaks no rule."""
    req = PlanRequest(1, staff, days, **request)  # type: ignore[arg-type]
    result = plan_roster(req)
    assert _errors(req, result) == []
    return result


def _errors(request: PlanRequest, result: PlanResult) -> list[str]:
    return [
        v.message_en
        for v in check_roster(roster_check(request, result))
        if v.severity is Severity.ERROR
    ]


def away_on(result: PlanResult, day: date) -> set[int]:
    return {a.employee_id for a in result.assignments if a.day == day and a.mode in AWAY_MODES}


def days_away(result: PlanResult) -> Counter[int]:
    return Counter(a.employee_id for a in result.assignments if a.mode in AWAY_MODES)


def proposed_modes(result: PlanResult) -> set[Mode]:
    return {a.mode for a in result.assignments if (a.employee_id, a.day) in result.proposed}


# --- the five real cases, table-driven -------------------------------------------


@dataclass(frozen=True)
class Case:
    staff: list[StaffMember]
    days: dict[date, DayPolicy]
    away_per_day: dict[date, int]  # every day of the plan
    mode: Mode | None  # the mode of every proposed cell; None when nothing is proposed
    never: frozenset[int] = frozenset()  # may never be proposed
    days_away: tuple[int, ...] = ()  # of everyone who may be away, sorted, if pinned
    fixed: tuple[Assignment, ...] = ()


def _pemkot_serang() -> Case:
    """WFA 24-27 March 2025, at most 50%: an OPD of 7 has 3 away a day; 12 days
    away over 7 people is 2 each for five of them and 1 for two."""
    days = window(date(2025, 3, 24), date(2025, 3, 27), arrangement=Mode.WFA)
    return Case(opd(7), days, dict.fromkeys(days, 3), Mode.WFA, days_away=(1, 1, 2, 2, 2, 2, 2))


def _pemkab_serang() -> Case:
    """WFA on Tuesday 8 April 2025 only; from 9 April everyone is back. Pegawai 1
    chose WFO, which is kept, and the day still reaches its 5 of 10."""
    days = window(date(2025, 4, 8), date(2025, 4, 9), arrangement=Mode.WFA)
    days[date(2025, 4, 9)] = DayPolicy(date(2025, 4, 9), working_day=True)  # no circular
    wfo = (Assignment(1, date(2025, 4, 8), Mode.WFO),)
    return Case(
        opd(10),
        days,
        {date(2025, 4, 8): 5, date(2025, 4, 9): 0},
        Mode.WFA,
        never=frozenset({1}),
        fixed=wfo,
    )


def _pemprov_banten() -> Case:
    """50% WFH from Monday 28 August 2023, priority to ASN living in Jabodetabek:
    on the first day the three who live there go first."""
    day = date(2023, 8, 28)
    staff = [
        member(1, domicile_region_id=KOTA_SERANG),
        member(2, domicile_region_id=DEPOK),
        member(3, domicile_region_id=PANDEGLANG),
        member(4, domicile_region_id=TANGSEL),
        member(5, domicile_region_id=KOTA_SERANG),
        member(6, domicile_region_id=KOTA_BEKASI),
    ]
    days = window(day, day, arrangement=Mode.WFH, priorities=PEMPROV_BANTEN_PRIORITIES)
    return Case(staff, days, {day: 3}, Mode.WFH, never=frozenset({1, 3, 5}))


def _pemkot_cilegon() -> Case:
    """WFH 16-17 April 2024; Disdukcapil serves the public directly and may not
    WFH at all."""
    days = window(
        date(2024, 4, 16),
        date(2024, 4, 17),
        arrangement=Mode.WFH,
        unit_exempt=True,
        unit_exempt_reason="Disdukcapil",
    )
    return Case(opd(12), days, dict.fromkeys(days, 0), None, never=frozenset(range(1, 13)))


def _pemkot_tangsel() -> Case:
    """50% WFH from Monday 28 August 2023; the treasurer, the supervisor and the
    activity leader stay in, yet count in the headcount: 4 of 8 away a day, all
    from the 5 who may go (20 days away over 5 people: 4 each)."""
    staff = [
        member(1, roles=frozenset({"treasurer"})),
        member(2, roles=frozenset({"supervisor"})),
        member(3, roles=frozenset({"activity_leader"})),
        *opd(5, first=4),
    ]
    days = window(
        date(2023, 8, 28), date(2023, 9, 1), arrangement=Mode.WFH, exempt_roles=EXEMPT_ROLES
    )
    return Case(
        staff,
        days,
        dict.fromkeys(days, 4),
        Mode.WFH,
        never=frozenset({1, 2, 3}),
        days_away=(4, 4, 4, 4, 4),
    )


CASES = {
    "pemkot-serang-wfa-24-27-march-2025": _pemkot_serang(),
    "pemkab-serang-wfa-8-april-2025": _pemkab_serang(),
    "pemprov-banten-wfh-jabodetabek-first": _pemprov_banten(),
    "pemkot-cilegon-disdukcapil-frontline": _pemkot_cilegon(),
    "pemkot-tangsel-wfh-treasurer-stays": _pemkot_tangsel(),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_real_case_fills_each_day_up_to_the_cap_without_breaking_a_rule(case: Case) -> None:
    result = plan(case.staff, case.days, fixed=list(case.fixed))
    assert {day: f.away for day, f in result.days.items()} == case.away_per_day
    assert proposed_modes(result) == ({case.mode} if case.mode else set())


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_real_case_never_proposes_who_must_stay_at_the_office(case: Case) -> None:
    result = plan(case.staff, case.days, fixed=list(case.fixed))
    assert not {emp for emp, _ in result.proposed} & case.never


@pytest.mark.parametrize(
    "case",
    [c for c in CASES.values() if c.days_away],
    ids=[k for k, c in CASES.items() if c.days_away],
)
def test_real_case_spreads_days_away_evenly(case: Case) -> None:
    result = plan(case.staff, case.days)
    free = [m.employee_id for m in case.staff if m.employee_id not in case.never]
    assert sorted(days_away(result)[emp] for emp in free) == list(case.days_away)


# --- priority and rotation -------------------------------------------------------


def test_jabodetabek_residents_get_the_extra_days_of_a_week() -> None:
    """15 days away over 6 people: the three Jabodetabek residents get 3, the others 2."""
    case = _pemprov_banten()
    days = window(
        date(2023, 8, 28),
        date(2023, 9, 1),
        arrangement=Mode.WFH,
        priorities=PEMPROV_BANTEN_PRIORITIES,
    )
    totals = days_away(plan(case.staff, days))
    assert {emp: totals[emp] for emp in range(1, 7)} == {1: 2, 2: 3, 3: 2, 4: 3, 5: 2, 6: 3}


def test_office_location_ranks_after_domicile() -> None:
    """Lexicographic: living in Jabodetabek beats an office in Jakarta, which
    beats neither."""
    day = date(2023, 8, 28)
    staff = [
        member(1, domicile_region_id=CILEGON, office_region_id=JAKARTA),
        member(2, domicile_region_id=CILEGON, office_region_id=KOTA_SERANG),
        member(3, domicile_region_id=DEPOK, office_region_id=KOTA_SERANG),
        member(4, domicile_region_id=CILEGON, office_region_id=KOTA_SERANG),
    ]
    days = window(day, day, cap_percent=50, priorities=PEMPROV_BANTEN_PRIORITIES)
    assert away_on(plan(staff, days), day) == {3, 1}


def test_rotation_moves_the_first_pick_with_the_date() -> None:
    """Four equal colleagues, one away a day, planned one day at a time (no
    memory between plans): four consecutive days pick four different people."""
    picked = [
        away_on(plan(opd(4), window(day, day, cap_percent=25)), day) for day in (MON, TUE, WED, THU)
    ]
    assert sorted(e for p in picked for e in p) == [1, 2, 3, 4]


def test_rotation_does_not_depend_on_employee_ids_being_consecutive() -> None:
    staff = [member(emp) for emp in (907, 12, 5_000_001, 44)]
    result = plan(staff, window(MON, THU, cap_percent=25))
    assert sorted(days_away(result).values()) == [1, 1, 1, 1]


# --- fixed cells ------------------------------------------------------------------


def test_fixed_away_cells_count_towards_the_cap_and_are_kept() -> None:
    fixed = [Assignment(1, MON, Mode.WFA), Assignment(2, MON, Mode.WFA)]
    result = plan(opd(7), window(MON, MON, arrangement=Mode.WFA), fixed=fixed)
    assert away_on(result, MON) >= {1, 2}
    assert result.days[MON] == DayFigures(headcount=7, limit=3, target=3, away=3, proposed=1)
    assert set(fixed) <= set(result.assignments)


def test_fixed_leave_and_travel_are_kept_and_the_person_is_not_proposed_that_day() -> None:
    fixed = [Assignment(1, MON, Mode.LEAVE), Assignment(2, MON, Mode.TRAVEL)]
    result = plan(opd(6), window(MON, MON), fixed=fixed)
    assert not away_on(result, MON) & {1, 2}
    assert len(away_on(result, MON)) == 3
    assert set(fixed) <= set(result.assignments)


def test_fixed_day_away_later_in_the_window_counts_for_fairness_from_the_start() -> None:
    """Four slots over four people: Pegawai 1's approved Tuesday is their share."""
    fixed = [Assignment(1, TUE, Mode.WFA)]
    result = plan(opd(4), window(MON, TUE), fixed=fixed)
    assert days_away(result) == {1: 1, 2: 1, 3: 1, 4: 1}
    assert (1, MON) not in result.proposed


def test_days_away_held_elsewhere_in_the_window_count_for_fairness() -> None:
    """Pegawai 1 and 2 already had two days away elsewhere in the window."""
    result = plan(opd(4), window(MON, TUE), away_days_elsewhere={1: 2, 2: 2})
    assert days_away(result) == {3: 2, 4: 2}


def test_fixed_cell_of_someone_not_on_staff_is_kept_and_does_not_use_the_cap() -> None:
    fixed = [Assignment(99, MON, Mode.WFA)]
    req = PlanRequest(1, opd(4), window(MON, MON), fixed)
    result = plan_roster(req)
    assert fixed[0] in result.assignments
    assert result.days[MON].away == 2 and result.days[MON].proposed == 2
    assert {v.code for v in check_roster(roster_check(req, result))} == {Code.NOT_ON_STAFF}


# --- targets, closed days, staff changes ------------------------------------------


@pytest.mark.parametrize(
    ("target", "away"),
    [(0, 0), (1, 1), (3, 3), (4, 3), (100, 3)],
    ids=["zero", "one", "at-limit", "above-limit", "far-above-limit"],
)
def test_head_target_lowers_the_day_but_never_raises_it_above_the_limit(
    target: int, away: int
) -> None:
    result = plan(opd(7), window(MON, MON), targets={MON: target})
    assert (result.days[MON].target, result.days[MON].away) == (away, away)


def test_fixed_away_beyond_a_lower_target_are_kept_and_nobody_is_added() -> None:
    fixed = [Assignment(1, MON, Mode.WFA), Assignment(2, MON, Mode.WFA)]
    result = plan(opd(7), window(MON, MON), fixed=fixed, targets={MON: 1})
    assert result.proposed == frozenset()
    assert result.days[MON].away == 2


@pytest.mark.parametrize(
    "policy",
    [
        DayPolicy(date(2025, 3, 29), False, "Sabtu", SE, cap_percent=50),
        DayPolicy(FRI, False, "Cuti bersama Nyepi", SE, cap_percent=50),
        DayPolicy(MON, True, circular_id=None, cap_percent=50),
        DayPolicy(MON, True, circular_id=SE, cap_percent=0),
        DayPolicy(MON, True, circular_id=SE, cap_percent=50, unit_exempt=True),
        DayPolicy(MON, True, circular_id=SE, cap_percent=50, weekly_limit=0),
    ],
    ids=["weekend", "holiday", "no-circular", "cap-zero", "frontline-opd", "weekly-limit-zero"],
)
def test_no_day_away_is_proposed_on_a_closed_day(policy: DayPolicy) -> None:
    result = plan(opd(10), {policy.day: policy})
    assert result.proposed == frozenset()
    assert result.assignments == []


def test_revoked_permission_is_never_proposed() -> None:
    staff = [member(1, revoked_circular_ids=frozenset({SE})), *opd(3, first=2)]
    result = plan(staff, window(MON, THU, cap_percent=100))
    assert days_away(result)[1] == 0


def test_staff_off_the_books_are_not_proposed_nor_counted_in_the_headcount() -> None:
    staff = [member(1, active_from=WED), member(2, active_until=MON), *opd(4, first=3)]
    result = plan(staff, window(MON, WED))
    assert 1 not in away_on(result, MON) | away_on(result, TUE)
    assert 2 not in away_on(result, TUE) | away_on(result, WED)
    assert [f.headcount for f in result.days.values()] == [5, 4, 5]
    assert [f.limit for f in result.days.values()] == [2, 2, 2]


def test_arrangement_left_open_by_the_circular_proposes_wfa() -> None:
    assert proposed_modes(plan(opd(4), window(MON, MON, arrangement=None))) == {Mode.WFA}


# --- cover and weekly limit ---------------------------------------------------------


def test_sub_unit_of_one_keeps_its_person_in_even_at_full_cap() -> None:
    staff = [member(1, sub=10), *opd(4, sub=20, first=2)]
    result = plan(staff, window(MON, FRI, cap_percent=100))
    assert days_away(result)[1] == 0
    assert [len(away_on(result, day)) for day in (MON, TUE, WED, THU, FRI)] == [3, 3, 3, 3, 3]


def test_sub_unit_of_two_never_has_both_away_on_one_day() -> None:
    request = PlanRequest(
        1, opd(2, sub=10) + opd(2, sub=20, first=3), window(MON, FRI, cap_percent=100)
    )
    result = plan_roster(request)
    for day in (MON, TUE, WED, THU, FRI):
        assert away_on(result, day) not in ({1, 2}, {3, 4})
        assert len(away_on(result, day)) == 2
    assert check_roster(roster_check(request, result)) == []


def test_fixed_cells_may_leave_a_sub_unit_without_cover_and_the_planner_adds_nobody_to_it() -> None:
    staff = opd(2, sub=10) + opd(4, sub=20, first=3)
    fixed = [Assignment(1, MON, Mode.WFA), Assignment(2, MON, Mode.LEAVE)]
    req = PlanRequest(1, staff, window(MON, MON, cap_percent=100), fixed)
    result = plan_roster(req)
    assert set(fixed) <= set(result.assignments)
    assert len(away_on(result, MON) & {3, 4, 5, 6}) == 3 == result.days[MON].proposed
    found = check_roster(roster_check(req, result))
    assert [(v.code, v.unit_id) for v in found] == [(Code.NO_COVER, 10)]


def test_weekly_limit_is_kept_counting_fixed_days_later_in_the_week() -> None:
    fixed = [Assignment(1, THU, Mode.WFA)]
    result = plan(opd(4), window(MON, FRI, weekly_limit=1), fixed=fixed)
    assert days_away(result) == {1: 1, 2: 1, 3: 1, 4: 1}
    assert (1, MON) not in result.proposed


def test_weekly_limit_starts_again_each_iso_week() -> None:
    result = plan(opd(4), window(MON, date(2025, 4, 4), weekly_limit=1))  # two ISO weeks
    assert days_away(result) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert [f.away for f in result.days.values() if f.limit] == [2, 2, 0, 0, 0, 2, 2, 0, 0, 0]


# --- result shape and bad requests --------------------------------------------------


def test_result_lists_fixed_and_proposed_cells_sorted_and_leaves_office_days_out() -> None:
    fixed = [Assignment(4, TUE, Mode.WFO), Assignment(3, MON, Mode.WFA)]
    result = plan(opd(4), window(MON, TUE), fixed=fixed)
    assert result.assignments == sorted(result.assignments, key=lambda a: (a.day, a.employee_id))
    assert {(a.employee_id, a.day) for a in result.assignments} == {
        (3, MON),
        (4, TUE),
    } | result.proposed
    assert all(a.mode in AWAY_MODES for a in result.assignments if a != fixed[0])


def test_same_request_gives_the_same_plan() -> None:
    request = PlanRequest(1, opd(30, sub=1) + opd(30, sub=2, first=31), window(MON, FRI))
    assert plan_roster(request) == plan_roster(request)


@pytest.mark.parametrize(
    ("request_fields", "message"),
    [
        ({"staff": opd(2) + opd(1)}, "appears twice in the staff"),
        (
            {"fixed": [Assignment(1, MON, Mode.WFO), Assignment(1, MON, Mode.WFA)]},
            "fixed cell appears twice",
        ),
        ({"targets": {TUE: 1}}, "not a day of the plan"),
        ({"targets": {MON: -1}}, "not a day of the plan"),
    ],
    ids=["duplicate-staff", "duplicate-fixed-cell", "target-outside-days", "negative-target"],
)
def test_rejects_an_inconsistent_request(request_fields: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"staff": opd(2), "days": window(MON, MON)} | request_fields
    with pytest.raises(ValueError, match=message):
        plan_roster(PlanRequest(1, **fields))  # type: ignore[arg-type]
