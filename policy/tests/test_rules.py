"""The roster rules over plain values: no database, no Django.

The five real circulars of the domain notes (shared/domain.md) come first as a table, then the
edge cases one rule at a time. Circular numbers are illustrative.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from policy.check import (
    check_roster,
    errors,
    format_date_en,
    format_date_id,
    is_away,
    priority_rank,
    warnings,
)
from policy.limits import away_limit
from policy.values import (
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

UNIT = 10
SE = 101  # the circular governing the open days of a test
NUMBER = "800/101-BKPSDM/2025"
ERR, WARN = Severity.ERROR, Severity.WARNING
MON = date(2025, 3, 24)  # a Monday in the Pemkot Serang window
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))

# --- builders ----------------------------------------------------------------


def policy(day: date, **overrides: object) -> DayPolicy:
    """An open working day under circular SE: WFA, 50%, no exemptions."""
    values: dict[str, object] = {
        "working_day": True,
        "circular_id": SE,
        "circular_number": NUMBER,
        "arrangement": Mode.WFA,
        "cap_percent": 50,
    }
    return DayPolicy(day, **(values | overrides))  # type: ignore[arg-type]


def closed(day: date, reason: str, *, circular_id: int | None = None) -> DayPolicy:
    return DayPolicy(day, working_day=False, non_working_reason=reason, circular_id=circular_id)


def no_circular(day: date) -> DayPolicy:
    return DayPolicy(day, working_day=True)


def window(first: date, last: date, **overrides: object) -> dict[date, DayPolicy]:
    """Open days from first to last, weekends closed (the circular still runs)."""
    days = {}
    day = first
    while day <= last:
        if day.weekday() >= 5:
            days[day] = closed(day, "Sabtu" if day.weekday() == 5 else "Minggu", circular_id=SE)
        else:
            days[day] = policy(day, **overrides)
        day += timedelta(days=1)
    return days


def person(emp: int, name: str = "", *, sub: int = UNIT, **fields: object) -> StaffMember:
    return StaffMember(emp, name or f"Pegawai {emp}", sub, **fields)  # type: ignore[arg-type]


def team(size: int, *, sub: int = UNIT) -> list[StaffMember]:
    return [person(emp, sub=sub) for emp in range(1, size + 1)]


def roster(
    staff: list[StaffMember],
    days: dict[date, DayPolicy],
    cells: list[tuple[int, date, Mode]],
    *,
    unit: int = UNIT,
    elsewhere: dict[int, int] | None = None,
) -> RosterCheck:
    assignments = [Assignment(emp, day, mode) for emp, day, mode in cells]
    return RosterCheck(unit, staff, days, assignments, elsewhere or {})


def away(mode: Mode, day: date, *emps: int) -> list[tuple[int, date, Mode]]:
    return [(emp, day, mode) for emp in emps]


def summary(violations: list[Violation]) -> list[tuple[object, ...]]:
    """Everything but the messages, which have their own tests."""
    return [
        (v.code, v.severity, v.day, v.unit_id, v.employee_id, v.allowed, v.requested)
        for v in violations
    ]


def only(check: RosterCheck) -> Violation:
    (violation,) = check_roster(check)
    return violation


# --- the five real cases -----------------------------------------------------


def serang_city_bkpsdm() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkot Serang, WFA 24-27 March 2025, at most 50%; Friday 28 is cuti bersama."""
    days = window(date(2025, 3, 24), date(2025, 3, 27))
    days[date(2025, 3, 28)] = closed(date(2025, 3, 28), "Cuti bersama Idul Fitri 1446 H")
    staff = [person(1, "Ani", sub=11), person(2, "Budi", sub=11), *team(7)[2:]]
    cells = [
        *away(Mode.WFA, date(2025, 3, 24), 3, 4, 5),  # 3 of 7: the limit exactly
        *away(Mode.WFA, date(2025, 3, 25), 3, 4, 5, 6),  # 4 of 7: one too many
        *away(Mode.WFA, date(2025, 3, 26), 1, 2),  # the whole service section out
        *away(Mode.LEAVE, date(2025, 3, 27), 7),
        *away(Mode.WFA, date(2025, 3, 28), 7),
    ]
    expected = [
        (Code.CAP_EXCEEDED, ERR, date(2025, 3, 25), UNIT, None, 3, 4),
        (Code.NON_WORKING_DAY, ERR, date(2025, 3, 28), UNIT, 7, None, None),
        (Code.NO_COVER, WARN, date(2025, 3, 26), 11, None, 1, 2),
    ]
    return roster(staff, days, cells), expected


def serang_regency_dinkes() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkab Serang, WFA Tuesday 8 April 2025 only: Dinas Kesehatan stays in."""
    day = date(2025, 4, 8)
    days = {day: policy(day, unit_exempt=True, unit_exempt_reason="pelayanan kesehatan")}
    cells = [(1, day, Mode.WFA), (2, day, Mode.WFO)]
    expected = [(Code.FRONTLINE_UNIT, ERR, day, 20, 1, None, None)]
    return roster(team(2), days, cells, unit=20), expected


def serang_regency_diskominfo() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkab Serang, WFA 8 April 2025 only: an OPD that serves online may go."""
    mon, tue, wed = date(2025, 4, 7), date(2025, 4, 8), date(2025, 4, 9)
    days = {mon: closed(mon, "Cuti bersama"), tue: policy(tue), wed: no_circular(wed)}
    cells = [
        (2, mon, Mode.WFA),
        *away(Mode.WFA, tue, 1, 2),
        (3, tue, Mode.WFO),  # an ASN may still choose the office
        (4, tue, Mode.WFH),  # a WFA day: wrong mode, and still counted in the cap
        (1, wed, Mode.WFA),  # back at the office from 9 April
    ]
    expected = [
        (Code.NON_WORKING_DAY, ERR, mon, 21, 2, None, None),
        (Code.CAP_EXCEEDED, ERR, tue, 21, None, 2, 3),
        (Code.WRONG_MODE, ERR, tue, 21, 4, None, None),
        (Code.OUTSIDE_WINDOW, ERR, wed, 21, 1, None, None),
    ]
    return roster(team(4), days, cells, unit=21), expected


JABODETABEK = frozenset({3171, 3201, 3216, 3271, 3275, 3276, 3603, 3671, 3674})
PROVINCIAL_OFFICES_NEAR_JAKARTA = frozenset({3171, 3671, 3674})
BANTEN_PRIORITIES = (
    PriorityCriterion(PriorityKind.DOMICILE, JABODETABEK),
    PriorityCriterion(PriorityKind.OFFICE, PROVINCIAL_OFFICES_NEAR_JAKARTA),
)


def banten_province() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemprov Banten, 50% WFH 28 Aug-28 Sep 2023, Jabodetabek residents first."""
    mon, tue = date(2023, 8, 28), date(2023, 8, 29)
    days = window(mon, date(2023, 9, 1), arrangement=Mode.WFH, priorities=BANTEN_PRIORITIES)
    serang = 3673  # the OPD's office, in Kota Serang
    staff = [
        person(1, "Dewi", domicile_region_id=3275, office_region_id=serang),  # Bekasi
        person(2, "Eko", domicile_region_id=3604, office_region_id=serang),
        person(3, "Fajar", domicile_region_id=3671, office_region_id=serang),  # Kota Tangerang
        person(4, "Gita", domicile_region_id=3601, office_region_id=serang),
    ]
    cells = [
        *away(Mode.WFH, mon, 2, 3),  # Eko goes while Dewi (Jabodetabek, 0 days) stays
        (1, mon, Mode.WFO),
        (3, tue, Mode.WFH),
        (4, tue, Mode.WFA),
    ]
    expected = [
        (Code.WRONG_MODE, ERR, tue, 30, 4, None, None),
        (Code.PRIORITY_SKIPPED, WARN, mon, 30, 2, None, None),
    ]
    return roster(staff, days, cells, unit=30), expected


def cilegon_disdukcapil() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkot Cilegon, WFH 16-17 April 2024: the civil registry may not WFH."""
    days = window(
        date(2024, 4, 16),
        date(2024, 4, 17),
        arrangement=Mode.WFH,
        unit_exempt=True,
        unit_exempt_reason="Disdukcapil: pelayanan langsung",
    )
    cells = [(1, date(2024, 4, 16), Mode.WFH), (2, date(2024, 4, 16), Mode.WFO)]
    expected = [(Code.FRONTLINE_UNIT, ERR, date(2024, 4, 16), 40, 1, None, None)]
    return roster(team(2), days, cells, unit=40), expected


def cilegon_bappeda() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkot Cilegon: an ASN who missed a sudden meeting loses the WFH permission."""
    mon, tue, wed = date(2024, 4, 15), date(2024, 4, 16), date(2024, 4, 17)
    days = window(tue, wed, arrangement=Mode.WFH)
    days[mon] = closed(mon, "Cuti bersama Idul Fitri 1445 H")
    staff = [*team(4)[:1], person(2, revoked_circular_ids=frozenset({SE})), *team(4)[2:]]
    cells = [(1, tue, Mode.WFH), (2, wed, Mode.WFH), (3, mon, Mode.WFH), (4, tue, Mode.LEAVE)]
    expected = [
        (Code.NON_WORKING_DAY, ERR, mon, 41, 3, None, None),
        (Code.PERMISSION_REVOKED, ERR, wed, 41, 2, None, None),
    ]
    return roster(staff, days, cells, unit=41), expected


TANGSEL_EXEMPT = frozenset({"treasurer", "supervisor", "activity_leader"})


def tangsel() -> tuple[RosterCheck, list[tuple[object, ...]]]:
    """Pemkot Tangsel, 50% WFH: treasurers, supervisors, activity leaders stay in."""
    mon, tue = date(2023, 8, 28), date(2023, 8, 29)
    days = window(mon, date(2023, 9, 1), arrangement=Mode.WFH, exempt_roles=TANGSEL_EXEMPT)
    staff = [
        person(1, "Hana", roles=frozenset({"treasurer"})),
        person(2, "Irfan", roles=frozenset({"supervisor", "structural_head"})),
        person(3, "Joko", roles=frozenset({"structural_head"})),  # not exempt
        person(4, "Kiki"),
        person(5, "Lina"),
        person(6, "Maya", roles=frozenset({"activity_leader"})),
    ]
    cells = [
        *away(Mode.WFH, mon, 1, 3, 4),
        *away(Mode.WFH, tue, 2, 5),
        (6, tue, Mode.WFO),
    ]
    expected = [
        (Code.EXEMPT_ROLE, ERR, mon, 50, 1, None, None),
        (Code.EXEMPT_ROLE, ERR, tue, 50, 2, None, None),
    ]
    return roster(staff, days, cells, unit=50), expected


@pytest.mark.parametrize(
    "case",
    [
        serang_city_bkpsdm,
        serang_regency_dinkes,
        serang_regency_diskominfo,
        banten_province,
        cilegon_disdukcapil,
        cilegon_bappeda,
        tangsel,
    ],
    ids=lambda case: case.__name__,
)
def test_real_circular_yields_exactly_the_expected_violations_in_order(case):
    check, expected = case()
    assert summary(check_roster(check)) == expected


# --- helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cap", "headcount", "limit"),
    [
        *((50, 7, 3), (50, 1, 0), (50, 0, 0), (50, 2, 1), (50, 10, 5), (30, 7, 2)),
        *((0, 10, 0), (0, 40, 0), (100, 10, 10), (100, 7, 7), (33, 3, 0), (29, 100, 29)),
    ],
)
def test_daily_limit_is_the_floor_of_cap_percent_of_headcount(cap, headcount, limit):
    assert away_limit(cap, headcount) == limit


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (Mode.WFA, True),
        (Mode.WFH, True),
        (Mode.WFO, False),
        (Mode.LEAVE, False),
        (Mode.TRAVEL, False),
    ],
)
def test_only_wfa_and_wfh_count_as_away(mode, expected):
    assert is_away(mode) is expected


@pytest.mark.parametrize(
    ("day", "indonesian", "english"),
    [
        (date(2025, 3, 24), "Senin, 24 Maret 2025", "Monday 24 March 2025"),
        (date(2025, 4, 8), "Selasa, 8 April 2025", "Tuesday 8 April 2025"),
        (date(2023, 8, 30), "Rabu, 30 Agustus 2023", "Wednesday 30 August 2023"),
        (date(2024, 2, 29), "Kamis, 29 Februari 2024", "Thursday 29 February 2024"),
        (date(2025, 5, 30), "Jumat, 30 Mei 2025", "Friday 30 May 2025"),
        (date(2024, 12, 28), "Sabtu, 28 Desember 2024", "Saturday 28 December 2024"),
        (date(2023, 10, 1), "Minggu, 1 Oktober 2023", "Sunday 1 October 2023"),
    ],
)
def test_dates_are_written_in_full_in_both_languages(day, indonesian, english):
    assert (format_date_id(day), format_date_en(day)) == (indonesian, english)


def test_errors_and_warnings_split_a_result_by_severity():
    check, _ = serang_city_bkpsdm()
    found = check_roster(check)
    assert [v.code for v in errors(found)] == [Code.CAP_EXCEEDED, Code.NON_WORKING_DAY]
    assert [v.code for v in warnings(found)] == [Code.NO_COVER]


def test_priority_rank_is_zero_per_criterion_met_and_compares_lexicographically():
    resident = person(1, domicile_region_id=3275, office_region_id=3673)
    near_jakarta = person(2, domicile_region_id=3604, office_region_id=3671)
    neither = person(3, domicile_region_id=3604, office_region_id=3673)
    ranks = [priority_rank(m, BANTEN_PRIORITIES) for m in (resident, near_jakarta, neither)]
    assert ranks == [(0, 1), (1, 0), (1, 1)]
    assert ranks[0] < ranks[1] < ranks[2]


# --- the cap -----------------------------------------------------------------


def test_accepts_day_at_the_cap():
    check = roster(team(7), {MON: policy(MON)}, away(Mode.WFA, MON, 1, 2, 3))
    assert check_roster(check) == []


def test_rejects_day_when_cap_reached():
    check = roster(team(7), {MON: policy(MON)}, away(Mode.WFA, MON, 1, 2, 3, 4))
    assert summary(check_roster(check)) == [(Code.CAP_EXCEEDED, ERR, MON, UNIT, None, 3, 4)]


def test_single_member_opd_may_not_send_anyone_away():
    check = roster(team(1), {MON: policy(MON)}, away(Mode.WFA, MON, 1))
    assert summary(check_roster(check)) == [
        (Code.CAP_EXCEEDED, ERR, MON, UNIT, None, 0, 1),
        (Code.NO_COVER, WARN, MON, UNIT, None, 0, 1),
    ]


def test_cap_zero_rejects_a_single_day_away():
    check = roster(team(10), {MON: policy(MON, cap_percent=0)}, away(Mode.WFA, MON, 5))
    assert summary(check_roster(check)) == [(Code.CAP_EXCEEDED, ERR, MON, UNIT, None, 0, 1)]


def test_cap_hundred_lets_everyone_go_but_warns_of_no_cover():
    staff = team(4)
    check = roster(staff, {MON: policy(MON, cap_percent=100)}, away(Mode.WFA, MON, 1, 2, 3, 4))
    assert summary(check_roster(check)) == [(Code.NO_COVER, WARN, MON, UNIT, None, 3, 4)]


def test_cap_is_one_violation_per_day_for_the_whole_opd():
    days = {MON: policy(MON), TUE: policy(TUE)}
    cells = away(Mode.WFA, MON, 1, 2, 3) + away(Mode.WFA, TUE, 1, 2, 3, 4)
    assert summary(check_roster(roster(team(5), days, cells))) == [
        (Code.CAP_EXCEEDED, ERR, MON, UNIT, None, 2, 3),
        (Code.CAP_EXCEEDED, ERR, TUE, UNIT, None, 2, 4),
    ]


def test_cap_counts_away_cells_that_are_errors_themselves():
    # Chosen on purpose: the count is what the roster asks for, fixed or not.
    staff = [person(1, roles=frozenset({"treasurer"})), *team(4)[1:]]
    days = {MON: policy(MON, exempt_roles=TANGSEL_EXEMPT)}
    found = check_roster(roster(staff, days, away(Mode.WFA, MON, 1, 2, 3)))
    assert summary(found) == [
        (Code.CAP_EXCEEDED, ERR, MON, UNIT, None, 2, 3),
        (Code.EXEMPT_ROLE, ERR, MON, UNIT, 1, None, None),
    ]


def test_cap_uses_the_headcount_on_staff_that_day():
    # Four on the books, but one left on Tuesday: Wednesday's limit is 50% of 3.
    staff = [*team(3), person(4, active_until=TUE)]
    days = {TUE: policy(TUE), WED: policy(WED)}
    cells = away(Mode.WFA, TUE, 1, 2) + away(Mode.WFA, WED, 1, 2)
    assert summary(check_roster(roster(staff, days, cells))) == [
        (Code.CAP_EXCEEDED, ERR, WED, UNIT, None, 1, 2),
    ]


def test_cap_is_not_checked_on_closed_days():
    days = {MON: closed(MON, "Hari Raya Nyepi", circular_id=SE)}
    found = check_roster(roster(team(2), days, away(Mode.WFA, MON, 1, 2)))
    assert {v.code for v in found} == {Code.NON_WORKING_DAY}


# --- where and when a day away is possible -----------------------------------


@pytest.mark.parametrize("mode", [Mode.WFO, Mode.LEAVE, Mode.TRAVEL])
def test_office_leave_and_travel_are_never_flagged(mode):
    stranger, moved = 99, person(2, active_until=MON - timedelta(days=1))
    staff = [person(1, roles=frozenset({"treasurer"}), revoked_circular_ids=frozenset({SE})), moved]
    days = {
        MON: policy(MON, unit_exempt=True, exempt_roles=TANGSEL_EXEMPT, cap_percent=0),
        TUE: closed(TUE, "Sabtu"),
        WED: no_circular(WED),
    }
    cells = [
        (emp, day, mode) for emp in (1, 2, stranger) for day in (MON, TUE, WED, THU)
    ]  # THU is not even in the window checked
    assert check_roster(roster(staff, days, cells)) == []


def test_window_over_a_weekend_and_holiday_rejects_only_the_closed_days():
    thu, sun, mon, tue = date(2025, 5, 29), date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 3)
    days = window(thu, tue)  # Thursday to Tuesday
    days[thu] = closed(thu, "Kenaikan Isa Almasih", circular_id=SE)
    cells = [(1, day, Mode.WFA) for day in days] + away(Mode.WFA, sun, 2, 3, 4)
    found = check_roster(roster(team(8), days, cells))
    assert summary(found) == [
        (Code.NON_WORKING_DAY, ERR, thu, UNIT, 1, None, None),
        (Code.NON_WORKING_DAY, ERR, date(2025, 5, 31), UNIT, 1, None, None),
        (Code.NON_WORKING_DAY, ERR, sun, UNIT, 1, None, None),
        (Code.NON_WORKING_DAY, ERR, sun, UNIT, 2, None, None),
        (Code.NON_WORKING_DAY, ERR, sun, UNIT, 3, None, None),
        (Code.NON_WORKING_DAY, ERR, sun, UNIT, 4, None, None),
    ]
    assert "(Kenaikan Isa Almasih)" in found[0].message_id
    assert "(Minggu)" in found[2].message_en
    assert {v.day for v in found}.isdisjoint({date(2025, 5, 30), mon, tue})


def test_rejects_away_day_without_a_circular():
    found = only(roster(team(4), {MON: no_circular(MON)}, away(Mode.WFA, MON, 1)))
    assert summary([found]) == [(Code.OUTSIDE_WINDOW, ERR, MON, UNIT, 1, None, None)]


def test_rejects_away_day_outside_the_days_checked():
    found = only(roster(team(4), {MON: policy(MON)}, away(Mode.WFH, TUE, 1)))
    assert summary([found]) == [(Code.OUTSIDE_WINDOW, ERR, TUE, UNIT, 1, None, None)]
    assert "di luar periode" in found.message_id


def test_non_working_day_wins_over_a_missing_circular():
    found = only(roster(team(4), {MON: closed(MON, "Idul Fitri")}, away(Mode.WFA, MON, 1)))
    assert found.code is Code.NON_WORKING_DAY


def test_frontline_opd_rejects_every_day_away_with_its_reason():
    days = {MON: policy(MON, unit_exempt=True, unit_exempt_reason="RSUD", cap_percent=100)}
    found = check_roster(roster(team(3), days, away(Mode.WFA, MON, 1, 2)))
    assert summary(found) == [
        (Code.FRONTLINE_UNIT, ERR, MON, UNIT, 1, None, None),
        (Code.FRONTLINE_UNIT, ERR, MON, UNIT, 2, None, None),
    ]
    assert "(RSUD)" in found[0].message_id and "(RSUD)" in found[0].message_en


def test_opd_of_exempt_role_staff_only_may_not_send_anyone_away():
    staff = [person(n, roles=frozenset({"treasurer"})) for n in (1, 2, 3, 4)]
    days = {MON: policy(MON, exempt_roles=TANGSEL_EXEMPT)}
    assert check_roster(roster(staff, days, [(n, MON, Mode.WFO) for n in (1, 2, 3, 4)])) == []
    found = check_roster(roster(staff, days, away(Mode.WFA, MON, 1, 2)))
    assert summary(found) == [
        (Code.EXEMPT_ROLE, ERR, MON, UNIT, 1, None, None),
        (Code.EXEMPT_ROLE, ERR, MON, UNIT, 2, None, None),
    ]


def test_a_role_outside_the_exempt_list_may_go_away():
    staff = [person(1, roles=frozenset({"structural_head"})), *team(2)[1:]]
    days = {MON: policy(MON, exempt_roles=TANGSEL_EXEMPT)}
    assert check_roster(roster(staff, days, away(Mode.WFA, MON, 1))) == []


def test_revoked_permission_rejects_days_away_under_that_circular_only():
    staff = [person(1, revoked_circular_ids=frozenset({SE})), *team(4)[1:]]
    days = {MON: policy(MON), TUE: policy(TUE, circular_id=SE + 1)}
    found = check_roster(roster(staff, days, [(1, MON, Mode.WFA), (1, TUE, Mode.WFA)]))
    assert summary(found) == [(Code.PERMISSION_REVOKED, ERR, MON, UNIT, 1, None, None)]


@pytest.mark.parametrize(("arrangement", "mode"), [(Mode.WFA, Mode.WFH), (Mode.WFH, Mode.WFA)])
def test_rejects_the_other_away_mode_than_the_circular_provides(arrangement, mode):
    found = only(roster(team(4), {MON: policy(MON, arrangement=arrangement)}, away(mode, MON, 1)))
    assert summary([found]) == [(Code.WRONG_MODE, ERR, MON, UNIT, 1, None, None)]
    assert f"hanya mengatur {arrangement}" in found.message_id


@pytest.mark.parametrize("mode", [Mode.WFA, Mode.WFH])
def test_circular_without_arrangement_allows_either_away_mode(mode):
    assert (
        check_roster(roster(team(4), {MON: policy(MON, arrangement=None)}, away(mode, MON, 1)))
        == []
    )


def test_one_cell_reports_every_rule_it_breaks_on_an_open_day():
    staff = [
        person(1, roles=frozenset({"supervisor"}), revoked_circular_ids=frozenset({SE})),
        *team(4)[1:],
    ]
    days = {MON: policy(MON, unit_exempt=True, exempt_roles=TANGSEL_EXEMPT)}
    found = check_roster(roster(staff, days, away(Mode.WFH, MON, 1)))
    assert [v.code for v in found] == [
        Code.FRONTLINE_UNIT,
        Code.EXEMPT_ROLE,
        Code.PERMISSION_REVOKED,
        Code.WRONG_MODE,
    ]


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ({MON: closed(MON, "Sabtu", circular_id=SE)}, Code.NON_WORKING_DAY),
        ({MON: no_circular(MON)}, Code.OUTSIDE_WINDOW),
        ({TUE: policy(TUE)}, Code.OUTSIDE_WINDOW),  # the day is not checked at all
    ],
)
def test_closed_day_short_circuits_the_other_cell_rules(days, code):
    staff = [person(1, roles=frozenset({"treasurer"}), revoked_circular_ids=frozenset({SE}))]
    staff.append(person(2))  # at the office, so the sub-unit keeps cover
    assert [v.code for v in check_roster(roster(staff, days, away(Mode.WFH, MON, 1)))] == [code]


# --- who is on staff ---------------------------------------------------------


def test_rejects_an_employee_who_is_not_on_the_staff_list():
    found = only(roster(team(4), {MON: policy(MON)}, away(Mode.WFA, MON, 99)))
    assert summary([found]) == [(Code.NOT_ON_STAFF, ERR, MON, UNIT, 99, None, None)]
    assert "ID 99" in found.message_id and "ID 99" in found.message_en


def test_employee_moved_to_another_opd_mid_week_is_rostered_only_while_on_staff():
    leaver = person(1, "Nanda", active_until=TUE)  # moves out after Tuesday
    joiner = person(2, "Oki", active_from=WED)  # arrives on Wednesday
    days = window(MON, FRI)
    cells = [(1, day, Mode.WFA) for day in (TUE, WED)] + [(2, day, Mode.WFA) for day in (MON, THU)]
    found = check_roster(roster([leaver, joiner, *team(6)[2:]], days, cells))
    assert summary(found) == [
        (Code.NOT_ON_STAFF, ERR, MON, UNIT, 2, None, None),
        (Code.NOT_ON_STAFF, ERR, WED, UNIT, 1, None, None),
    ]
    assert "sejak Rabu, 26 Maret 2025" in found[0].message_id
    assert "until Tuesday 25 March 2025" in found[1].message_en


def test_not_on_staff_short_circuits_the_other_cell_rules():
    staff = [person(1, roles=frozenset({"treasurer"}), active_from=TUE)]
    days = {MON: closed(MON, "Sabtu")}
    assert [v.code for v in check_roster(roster(staff, days, away(Mode.WFH, MON, 1)))] == [
        Code.NOT_ON_STAFF
    ]


# --- the weekly limit --------------------------------------------------------


def test_weekly_limit_is_reported_once_on_the_first_day_over_it():
    days = window(MON, FRI, weekly_limit=2, cap_percent=100)
    cells = [(1, day, Mode.WFA) for day in (MON, WED, THU, FRI)]
    found = check_roster(roster(team(2), days, cells))
    assert summary(found) == [(Code.WEEKLY_LIMIT, ERR, THU, UNIT, 1, 2, 4)]


def test_weekly_limit_counts_each_iso_week_apart():
    # Thursday to Wednesday: two working days in one ISO week, three in the next.
    days = window(THU, THU + timedelta(days=6), weekly_limit=3, cap_percent=100)
    cells = [(1, day, Mode.WFA) for day, p in days.items() if p.working_day]
    assert check_roster(roster(team(2), days, cells)) == []


def test_weekly_limit_uses_the_smallest_limit_of_the_days_away():
    days = window(MON, FRI, weekly_limit=4, cap_percent=100)
    days[TUE] = policy(TUE, weekly_limit=1, cap_percent=100)
    cells = [(1, MON, Mode.WFA), (1, TUE, Mode.WFA), (2, MON, Mode.WFA), (2, WED, Mode.WFA)]
    found = check_roster(roster(team(3), days, cells))
    # Employee 2 never takes Tuesday, so their limit stays four.
    assert summary(found) == [(Code.WEEKLY_LIMIT, ERR, TUE, UNIT, 1, 1, 2)]


def test_no_weekly_limit_when_the_circular_sets_none():
    days = window(MON, FRI, cap_percent=100)
    assert check_roster(roster(team(2), days, [(1, d, Mode.WFA) for d in days])) == []


# --- warnings ----------------------------------------------------------------


def banten_pair(**elsewhere: int) -> RosterCheck:
    """Dewi (Jabodetabek) at the office on Monday, Eko (Serang) away."""
    days = window(MON, FRI, arrangement=Mode.WFH, priorities=BANTEN_PRIORITIES)
    staff = [
        person(1, "Dewi", domicile_region_id=3275),
        person(2, "Eko", domicile_region_id=3604),
        *team(4)[2:],
    ]
    counts = {int(k.removeprefix("e")): v for k, v in elsewhere.items()}
    return roster(staff, days, away(Mode.WFH, MON, 2), elsewhere=counts)


def test_warns_when_a_lower_priority_colleague_goes_before_a_skipped_one():
    found = only(banten_pair())
    assert summary([found]) == [(Code.PRIORITY_SKIPPED, WARN, MON, UNIT, 2, None, None)]
    assert "Eko" in found.message_id and "Dewi" in found.message_id
    assert "only 0 days away" in found.message_en and "(Eko: 1)" in found.message_en


def test_no_priority_warning_when_the_colleague_already_had_as_many_days():
    assert check_roster(banten_pair(e1=1)) == []


def test_days_away_elsewhere_count_towards_the_lower_priority_one_too():
    assert [v.code for v in check_roster(banten_pair(e1=1, e2=1))] == [Code.PRIORITY_SKIPPED]


@pytest.mark.parametrize(
    "colleague",
    [
        {"roles": frozenset({"treasurer"})},
        {"revoked_circular_ids": frozenset({SE})},
        {"active_from": TUE},
    ],
    ids=["exempt-role", "revoked", "not-yet-on-staff"],
)
def test_no_priority_warning_when_the_colleague_could_not_go(colleague):
    check = banten_pair()
    check.staff[0] = person(1, "Dewi", domicile_region_id=3275, **colleague)
    check.days[MON] = policy(
        MON, arrangement=Mode.WFH, priorities=BANTEN_PRIORITIES, exempt_roles=TANGSEL_EXEMPT
    )
    assert check_roster(check) == []


def test_no_priority_warning_when_the_colleagues_week_is_already_full():
    days = window(MON, FRI, arrangement=Mode.WFH, priorities=BANTEN_PRIORITIES, weekly_limit=1)
    check = banten_pair(e2=2)
    check.days = days
    check.assignments.append(Assignment(1, TUE, Mode.WFH))  # Dewi's one day this week
    assert check_roster(check) == []
    check.assignments.pop()  # her week is free again: Eko going first is a skip
    assert [v.code for v in check_roster(check)] == [Code.PRIORITY_SKIPPED]


def test_no_priority_warning_when_the_colleague_is_the_last_of_their_sub_unit_in():
    check = banten_pair()
    check.staff[0] = person(1, "Dewi", sub=UNIT + 1, domicile_region_id=3275)
    assert check_roster(check) == []
    check.staff.append(person(9, "Rekan Dewi", sub=UNIT + 1))
    assert [v.code for v in check_roster(check)] == [Code.PRIORITY_SKIPPED]


@pytest.mark.parametrize("mode", [Mode.LEAVE, Mode.TRAVEL])
def test_no_priority_warning_when_the_colleague_is_on_leave_or_travel(mode):
    check = banten_pair()
    check.assignments.append(Assignment(1, MON, mode))
    assert check_roster(check) == []


def test_no_priority_warning_for_a_cell_that_is_already_an_error():
    check = banten_pair()
    check.assignments[0] = Assignment(2, MON, Mode.WFA)
    assert [v.code for v in check_roster(check)] == [Code.WRONG_MODE]


def test_office_location_ranks_below_domicile():
    # Eko's office is near Jakarta; Dewi lives in Jabodetabek: Dewi still ranks first.
    check = banten_pair()
    check.staff[1] = person(2, "Eko", domicile_region_id=3604, office_region_id=3671)
    assert [v.employee_id for v in check_roster(check)] == [2]
    check.staff[0] = person(1, "Dewi", domicile_region_id=3604)  # now Dewi ranks below Eko
    assert check_roster(check) == []


def test_no_cover_counts_leave_and_travel_as_out_of_the_office():
    staff = [person(1, sub=11), person(2, sub=11), person(3, sub=11), *team(7)[3:]]
    cells = [(1, MON, Mode.WFA), (2, MON, Mode.LEAVE), (3, MON, Mode.TRAVEL)]
    found = only(roster(staff, {MON: policy(MON)}, cells))
    assert summary([found]) == [(Code.NO_COVER, WARN, MON, 11, None, 2, 3)]
    assert "Pegawai 2 (CUTI)" in found.message_id
    assert "Pegawai 2 (leave), Pegawai 3 (official travel)" in found.message_en


def test_no_cover_ignores_a_sub_unit_out_only_through_leave():
    staff = [person(1, sub=11), person(2, sub=11), *team(4)[2:]]
    cells = [(1, MON, Mode.LEAVE), (2, MON, Mode.LEAVE), (3, MON, Mode.WFA)]
    assert check_roster(roster(staff, {MON: policy(MON)}, cells)) == []


def test_no_cover_ignores_members_not_on_staff_that_day():
    staff = [person(1, sub=11), person(2, sub=11, active_until=MON - timedelta(days=1))]
    check = roster([*staff, *team(6)[2:]], {MON: policy(MON)}, away(Mode.WFA, MON, 1))
    assert summary(check_roster(check)) == [(Code.NO_COVER, WARN, MON, 11, None, 0, 1)]


def test_no_cover_is_not_reported_on_a_non_working_day():
    check = roster(team(1), {MON: closed(MON, "Minggu")}, away(Mode.WFA, MON, 1))
    assert [v.code for v in check_roster(check)] == [Code.NON_WORKING_DAY]


# --- order, duplicates, messages ---------------------------------------------


def test_output_is_errors_then_warnings_by_day_unit_employee_and_code():
    staff = [person(n, sub=11 if n <= 2 else UNIT) for n in range(1, 5)]
    staff[3] = person(4, roles=frozenset({"treasurer"}))
    days = {MON: policy(MON, cap_percent=25, exempt_roles=TANGSEL_EXEMPT), TUE: policy(TUE)}
    cells = [(4, TUE, Mode.WFH), (4, MON, Mode.WFH), (2, MON, Mode.WFA), (1, MON, Mode.WFA)]
    assert [(v.code, v.day, v.employee_id) for v in check_roster(roster(staff, days, cells))] == [
        (Code.CAP_EXCEEDED, MON, None),
        (Code.EXEMPT_ROLE, MON, 4),
        (Code.WRONG_MODE, MON, 4),
        (Code.WRONG_MODE, TUE, 4),
        (Code.NO_COVER, MON, None),
    ]


@pytest.mark.parametrize(
    "cells",
    [
        [(1, MON, Mode.WFA), (1, MON, Mode.WFA)],
        [(1, MON, Mode.WFO), (2, MON, Mode.WFA), (1, MON, Mode.LEAVE)],
        [(1, TUE, Mode.WFO), (1, TUE, Mode.WFH)],  # outside the days checked
    ],
    ids=["same-mode", "different-modes", "unchecked-day"],
)
def test_duplicate_cell_is_a_programming_error(cells):
    with pytest.raises(ValueError, match=r"duplicate assignment for employee 1 on 2025-03-2[45]"):
        check_roster(roster(team(2), {MON: policy(MON)}, cells))


def test_cap_message_names_date_circular_and_numbers_in_both_languages():
    found = only(roster(team(7), {MON: policy(MON)}, away(Mode.WFA, MON, 1, 2, 3, 4)))
    assert found.message_id == (
        "Pada Senin, 24 Maret 2025 ada 4 pegawai bekerja di luar kantor, melebihi batas "
        "3 pegawai (50% dari 7 pegawai) menurut SE Nomor 800/101-BKPSDM/2025. Jadwalkan "
        "1 pegawai lagi di kantor."
    )
    assert found.message_en == (
        "On Monday 24 March 2025, 4 staff are away from the office, more than the limit of "
        "3 (50% of 7 staff) under circular No. 800/101-BKPSDM/2025. Bring 1 more back to "
        "the office."
    )
    assert found.message("id") == found.message_id and found.message("en-us") == found.message_en


def test_exempt_role_message_names_person_role_date_and_circular():
    staff = [person(1, "Hana", roles=frozenset({"treasurer", "structural_head"}))]
    days = {MON: policy(MON, exempt_roles=TANGSEL_EXEMPT, cap_percent=100)}
    found = errors(check_roster(roster(staff, days, away(Mode.WFA, MON, 1))))[0]
    assert found.message_id == (
        "Hana tidak dapat WFA pada Senin, 24 Maret 2025: sebagai bendahara wajib bekerja "
        "di kantor menurut SE Nomor 800/101-BKPSDM/2025."
    )
    assert found.message_en == (
        "Hana cannot work WFA on Monday 24 March 2025: as treasurer they must work at the "
        "office under circular No. 800/101-BKPSDM/2025."
    )


def test_weekly_limit_message_names_the_week_numbers_and_the_day_passed():
    days = window(MON, FRI, weekly_limit=1, cap_percent=100)
    cells = [(1, MON, Mode.WFA), (1, WED, Mode.WFA)]
    found = only(roster([person(1, "Putri"), *team(2)[1:]], days, cells))
    assert "Putri dijadwalkan 2 hari" in found.message_id
    assert "batas 1 hari per minggu" in found.message_id
    assert "Rabu, 26 Maret 2025" in found.message_id
    assert "week starting Monday 24 March 2025" in found.message_en


@pytest.mark.parametrize(
    ("days", "cells", "fragment_id", "fragment_en"),
    [
        (
            {MON: no_circular(MON)},
            away(Mode.WFA, MON, 1),
            "tidak ada surat edaran yang berlaku",
            "no published circular covers that date",
        ),
        (
            {MON: policy(MON, arrangement=Mode.WFH)},
            away(Mode.WFA, MON, 1),
            "hanya mengatur WFH",
            "only provides for WFH",
        ),
        (
            {MON: policy(MON)},
            away(Mode.WFA, MON, 1, 2, 3),
            "melebihi batas 2 pegawai (50% dari 4 pegawai)",
            "more than the limit of 2 (50% of 4 staff)",
        ),
    ],
)
def test_every_message_is_in_both_languages_with_its_date(days, cells, fragment_id, fragment_en):
    found = errors(check_roster(roster(team(4), days, cells)))[0]
    assert fragment_id in found.message_id and "Senin, 24 Maret 2025" in found.message_id
    assert fragment_en in found.message_en and "Monday 24 March 2025" in found.message_en


def test_message_falls_back_to_a_generic_circular_name_without_a_number():
    found = only(roster(team(4), {MON: policy(MON, circular_number="")}, away(Mode.WFH, MON, 1)))
    assert "surat edaran yang berlaku hanya mengatur WFA" in found.message_id
    assert "the governing circular only provides for WFA" in found.message_en
