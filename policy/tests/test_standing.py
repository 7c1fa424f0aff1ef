"""The standing flexible-work regime (Permen PANRB 4/2025), table by table: the layer
order with a standing policy and an event circular over it, weekday caps, the weekly
limit with its exceptions, the exclusions, and the hours. Pure Python: no database."""

from __future__ import annotations

from datetime import date, time

import pytest

from policy import standing
from policy.check import check_roster
from policy.layers import Layer, Term, UnitFacts, resolve, standing_pk, standing_term_id
from policy.limits import Limit, Shape
from policy.standing import Shift, StandingRules, TimeRules, WeeklyException
from policy.values import Assignment, Code, Mode, RosterCheck, StaffMember

D = date
OPD = UnitFacts(unit_id=7, category="support")
FRIDAYS = StandingRules(
    policy_id=5,
    number="800/12/BKPSDM/2025",
    agency_id=3,
    start=D(2025, 9, 1),
    weekdays=frozenset({4}),
    weekly_limit=2,
    new_employee_months=12,
    time=TimeRules(
        earliest_start=time(7, 0),
        latest_start=time(8, 30),
        shifts=(Shift(time(7, 0), time(15, 30), 60, "pagi"),),
    ),
)
# From January 2026: office Monday to Wednesday, up to 75% away on Thursday and Friday.
SPLIT = StandingRules(
    policy_id=6,
    number="800/1/2026",
    agency_id=3,
    start=D(2026, 1, 1),
    end=D(2026, 12, 31),
    weekdays=frozenset({3, 4}),
    limits=(Limit(Shape.AWAY_SHARE, 75),),
)
LEBARAN = Term(
    circular_id=40,
    number="SE 9/2026",
    layer=Layer.EVENT,
    agency_id=3,
    windows=((D(2026, 3, 16), D(2026, 3, 20)),),
    arrangement=Mode.WFA,
    cap_percent=50,
    published=10,
)
REGIONAL = Term(
    circular_id=30,
    number="SE Gub 2/2026",
    layer=Layer.REGIONAL,
    agency_id=2,
    windows=((D(2026, 3, 16), D(2026, 3, 20)),),
    cap_percent=40,
    distance=1,
)


def test_a_standing_term_id_never_meets_a_circular_id():
    assert standing_term_id(5) == -5
    assert standing_pk(-5) == 5
    assert standing_pk(5) is None
    assert standing_pk(None) is None


@pytest.mark.parametrize(
    ("terms", "day", "open_", "primary", "cap", "weekly"),
    [
        # The standing policy alone: open on its weekdays only, from its start, no end.
        ([standing.term(FRIDAYS)], D(2025, 9, 5), True, -5, 100, 2),  # a Friday
        ([standing.term(FRIDAYS)], D(2025, 9, 4), False, None, 0, None),  # a Thursday
        ([standing.term(FRIDAYS)], D(2025, 8, 29), False, None, 0, None),  # before its start
        ([standing.term(FRIDAYS)], D(2030, 1, 4), True, -5, 100, 2),  # no end
        ([standing.term(SPLIT)], D(2027, 1, 7), False, None, 0, None),  # after its end
        # The 75% share of the split policy on an open day.
        ([standing.term(SPLIT)], D(2026, 3, 12), True, -6, 75, 2),
        ([standing.term(SPLIT)], D(2026, 3, 11), False, None, 0, None),  # a Wednesday
        # An event circular over it replaces it on its dates, every weekday of them.
        ([standing.term(SPLIT), LEBARAN], D(2026, 3, 16), True, 40, 50, None),  # Monday
        ([standing.term(SPLIT), LEBARAN], D(2026, 3, 19), True, 40, 50, None),  # Thursday
        ([standing.term(SPLIT), LEBARAN], D(2026, 3, 26), True, -6, 75, 2),  # after it
        # A regional circular bounds both (strictest wins), the event stays primary.
        ([standing.term(SPLIT), LEBARAN, REGIONAL], D(2026, 3, 19), True, 40, 40, None),
        # Standing and regional together: the standing layer ranks above the regional.
        ([standing.term(SPLIT), REGIONAL], D(2026, 3, 19), True, -6, 40, 2),
    ],
)
def test_layer_order_with_a_standing_policy(terms, day, open_, primary, cap, weekly):
    policy = resolve(day, terms, OPD)
    assert policy.is_open() is open_
    assert policy.circular_id == primary
    assert policy.cap_percent == cap
    assert policy.weekly_limit == weekly


@pytest.mark.parametrize(
    ("limit", "day", "headcount", "allowed"),
    [
        # A cap per weekday, in each shape, only on its weekday.
        (Limit(Shape.AWAY_SHARE, 20, weekdays=frozenset({3})), D(2026, 3, 12), 10, 2),
        (Limit(Shape.AWAY_SHARE, 20, weekdays=frozenset({3})), D(2026, 3, 13), 10, 7),
        (Limit(Shape.AWAY_COUNT, 3, weekdays=frozenset({4})), D(2026, 3, 13), 10, 3),
        (Limit(Shape.STAY_SHARE, 60, weekdays=frozenset({4})), D(2026, 3, 13), 10, 4),
        (Limit(Shape.STAY_COUNT, 9, weekdays=frozenset({4})), D(2026, 3, 13), 10, 1),
        (Limit(Shape.STAY_COUNT, 9, weekdays=frozenset({4})), D(2026, 3, 12), 10, 7),
    ],
)
def test_weekday_caps(limit, day, headcount, allowed):
    rules = StandingRules(**{**_fields(SPLIT), "limits": (Limit(Shape.AWAY_SHARE, 75), limit)})
    policy = resolve(day, [standing.term(rules)], OPD)
    assert policy.limit_for(headcount) == allowed


def _fields(rules: StandingRules) -> dict[str, object]:
    return {name: getattr(rules, name) for name in rules.__slots__}


def test_a_weekday_limit_does_not_apply_without_a_day():
    assert not Limit(Shape.AWAY_COUNT, 1, weekdays=frozenset({4})).applies(OPD, None)


def member(emp: int, **fields: object) -> StaffMember:
    return StaffMember(emp, f"Pegawai {emp}", 7, **fields)  # type: ignore[arg-type]


def _week_check(members, days_away):
    rules = StandingRules(**{**_fields(FRIDAYS), "weekdays": frozenset(range(5))})
    days = [D(2025, 9, d) for d in range(1, 6)]
    policies = {d: resolve(d, [standing.term(rules)], OPD) for d in days}
    cells = [Assignment(m.employee_id, days[i], Mode.WFA) for m in members for i in days_away]
    return check_roster(RosterCheck(7, list(members), policies, cells))


@pytest.mark.parametrize(
    ("fields", "days_away", "codes"),
    [
        ({}, [0, 4], []),
        ({}, [0, 2, 4], [Code.WEEKLY_LIMIT]),
        # Duties outside the office or keadaan khusus: the weekly limit does not bind.
        ({"weekly_limit_exempt": True}, [0, 1, 2, 3, 4], []),
    ],
)
def test_the_weekly_limit_with_its_exceptions(fields, days_away, codes):
    found = _week_check([member(1, **fields), member(2), member(3), member(4)], days_away[:1])
    assert [v.code for v in found if v.severity == "error"] == []
    found = _week_check([member(1, **fields)], days_away)
    errors = [v for v in found if v.code is Code.WEEKLY_LIMIT]
    assert [v.code for v in errors] == codes
    if errors:
        assert "melebihi batas 2 hari per minggu" in errors[0].message_id


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"sanctions": ((D(2025, 8, 1), None),)}, Code.UNDER_SANCTION),
        ({"appointed": D(2025, 3, 1)}, Code.NEW_EMPLOYEE),
        ({"recalled_days": frozenset({D(2025, 9, 5)})}, Code.RECALLED),
        ({"recalled_days": frozenset({D(2025, 9, 12)})}, None),  # another Friday
        ({"appointed": D(2020, 3, 1)}, None),
        ({}, None),
    ],
)
def test_the_exclusions(fields, code):
    policy = resolve(D(2025, 9, 5), [standing.term(FRIDAYS)], OPD)
    bars = policy.bars(member(1, **fields))
    assert [b.code for b in bars] == ([code] if code else [])


@pytest.mark.parametrize(
    ("weekdays", "exception", "codes"),
    [
        ({4}, WeeklyException.NONE, []),
        ({3, 4}, WeeklyException.NONE, [Code.WEEKDAY_CLOSED]),
        ({0, 1, 4}, WeeklyException.NONE, [Code.WEEKDAY_CLOSED] * 2 + [Code.WEEKLY_LIMIT]),
    ],
)
def test_check_days(weekdays, exception, codes):
    assert [f.code for f in standing.check_days(weekdays, FRIDAYS, exception)] == codes


@pytest.mark.parametrize("exception", [WeeklyException.OUTSIDE_DUTIES, WeeklyException.SPECIAL])
def test_the_weekly_limit_of_an_arrangement_has_exceptions(exception):
    rules = StandingRules(**{**_fields(FRIDAYS), "weekdays": frozenset(range(5))})
    assert [f.code for f in standing.check_days({0, 1, 2}, rules)] == [Code.WEEKLY_LIMIT]
    assert standing.check_days({0, 1, 2}, rules, exception) == []


def test_the_messages_name_the_day_and_the_policy():
    found = standing.check_days({3}, FRIDAYS)
    assert found[0].message("id") == (
        "Hari Kamis tidak dibuka untuk bekerja di luar kantor menurut kebijakan kerja "
        "fleksibel Nomor 800/12/BKPSDM/2025."
    )
    assert found[0].message("en").startswith("Thursday is not open")


def week(start: time, end: time, days=range(5), brk: int = 60, name: str = "") -> dict:
    return {d: Shift(start, end, brk, name) for d in days}


@pytest.mark.parametrize(
    ("pattern", "ramadan", "codes", "planned"),
    [
        # 07:30-16:00 with an hour's break: 7.5 hours x 5 = 37.5.
        (week(time(7, 30), time(16, 0)), False, [], 2250),
        (week(time(8, 0), time(16, 0)), False, [Code.HOURS_SHORT], 2100),
        (week(time(8, 30), time(17, 0)), False, [], 2250),
        (week(time(9, 0), time(17, 30)), False, [Code.START_OUTSIDE_WINDOW] * 5, 2250),
        (week(time(6, 30), time(15, 0)), False, [Code.START_OUTSIDE_WINDOW] * 5, 2250),
        # Ramadan: 32.5 hours; 08:00-15:00 with 30 minutes' break is 6.5 x 5.
        (week(time(8, 0), time(15, 0), brk=30), True, [], 1950),
        (week(time(8, 0), time(14, 30), brk=30), True, [Code.HOURS_SHORT], 1800),
        # Four days only cannot reach the week.
        (week(time(7, 30), time(16, 0), days=range(4)), False, [Code.HOURS_SHORT], 1800),
        # Shifts: the policy's own pass, another is refused.
        (week(time(7, 0), time(15, 30), name="pagi"), False, [], 2250),
        (
            week(time(13, 0), time(21, 30), days=[0], name="malam"),
            False,
            [Code.UNKNOWN_SHIFT, Code.HOURS_SHORT],
            450,
        ),
    ],
)
def test_the_hours(pattern, ramadan, codes, planned):
    assert standing.planned_minutes(pattern) == planned
    found = standing.check_hours(pattern, FRIDAYS, ramadan=ramadan)
    assert [f.code for f in found] == codes


def test_the_hours_message():
    found = standing.check_hours(week(time(8, 0), time(16, 0)), FRIDAYS)
    assert found[-1].message_id == (
        "Pola jam kerja ini hanya mencapai 35 jam seminggu, kurang dari 37.5 jam yang wajib "
        "dipenuhi."
    )
    found = standing.check_hours(week(time(8, 0), time(14, 0), brk=30), FRIDAYS, ramadan=True)
    assert found[-1].message_en.endswith("less than the 32.5 hours to meet in Ramadan.")
