"""Attendance findings, table-driven: each kind and each fake-GPS heuristic, true and false."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from policy.attendance import (
    SUSPICIOUS,
    Duty,
    Earlier,
    Finding,
    Fix,
    Place,
    Point,
    distance_m,
    judge_checkin,
    missing_times,
    place_findings,
    same_spot,
    timing,
    too_fast,
    valid_coordinates,
)
from policy.texts import ATTENDANCE_TEXTS, attendance_message

TWO = Duty(times=(time(7, 30), time(16, 0)), tolerance_minutes=15, place=Place.OFFICE)
THREE = Duty(times=(time(7, 30), time(12, 0), time(16, 0)), tolerance_minutes=10)
ONE = Duty(times=(time(8, 0),), tolerance_minutes=0)
OFFICE = Point(lat=-6.1200, lng=106.1500, radius_m=100)
DAY = datetime(2025, 4, 8)


def at(hour: int, minute: int, day: int = 8) -> datetime:
    return datetime(2025, 4, day, hour, minute)


@pytest.mark.parametrize(
    "duty, clock, expected",
    [
        (TWO, time(7, 30), None),
        (TWO, time(7, 45), None),  # inside the tolerance
        (TWO, time(7, 46), Finding.LATE),
        (TWO, time(6, 0), None),  # early arrival is fine
        (TWO, time(15, 45), None),
        (TWO, time(15, 44), Finding.EARLY),
        (TWO, time(18, 0), None),  # staying late is fine
        (TWO, time(11, 45), Finding.LATE),  # nearer 07:30 than 16:00
        (TWO, time(11, 46), Finding.EARLY),  # nearer 16:00
        (THREE, time(12, 10), None),
        (THREE, time(12, 11), Finding.OFF_TIME),
        (THREE, time(11, 49), Finding.OFF_TIME),
        (ONE, time(8, 1), Finding.LATE),
        (ONE, time(17, 0), Finding.LATE),  # one time: only an arrival
        (ONE, time(7, 0), None),
        (Duty(times=()), time(9, 0), None),
    ],
)
def test_timing(duty, clock, expected):
    assert timing(clock, duty) == expected


def fix_at(metres_north: float, accuracy: float | None = 10.0) -> Fix:
    return Fix(lat=OFFICE.lat + metres_north / 111_195.0, lng=OFFICE.lng, accuracy_m=accuracy)


@pytest.mark.parametrize(
    "place, point, fix, expected",
    [
        (Place.OFFICE, OFFICE, fix_at(0), []),
        (Place.OFFICE, OFFICE, fix_at(99), []),
        (Place.OFFICE, OFFICE, fix_at(101), [Finding.OUTSIDE]),
        (Place.OFFICE, OFFICE, fix_at(5, accuracy=100), []),
        (Place.OFFICE, OFFICE, fix_at(5, accuracy=150), [Finding.POOR_ACCURACY]),
        (Place.OFFICE, OFFICE, fix_at(500, 400), [Finding.OUTSIDE, Finding.POOR_ACCURACY]),
        (Place.OFFICE, OFFICE, fix_at(5, accuracy=None), []),
        (Place.OFFICE, OFFICE, None, [Finding.NO_LOCATION]),
        (Place.HOME, None, fix_at(0), [Finding.NO_POINT]),
        (Place.HOME, None, None, [Finding.NO_LOCATION]),
        (Place.ANYWHERE, None, None, []),
        (Place.ANYWHERE, OFFICE, fix_at(50_000), []),
    ],
)
def test_place_findings(place, point, fix, expected):
    duty = Duty(times=(time(7, 30),), place=place)
    assert place_findings(duty, point, fix) == expected


def test_distance_of_one_degree_of_latitude_is_about_111_km():
    assert 111_000 < distance_m(Point(0, 0, 1), Point(1, 0, 1)) < 111_400
    assert distance_m(OFFICE, OFFICE) == 0


@pytest.mark.parametrize(
    "lat, lng, ok",
    [
        (-6.12, 106.15, True),
        (90, 180, True),
        (-90, -180, True),
        (90.0001, 0, False),
        (0, 180.5, False),
        (float("nan"), 0, False),
        (0, float("inf"), False),
    ],
)
def test_valid_coordinates(lat, lng, ok):
    assert valid_coordinates(lat, lng) is ok


HOME = Fix(-6.2012345, 106.8123456, 12)


@pytest.mark.parametrize(
    "fix, when, earlier, expected",
    [
        (HOME, at(7, 30), [Earlier(at(7, 31, day=7), HOME)], True),  # to 7 decimals, another day
        (HOME, at(7, 30), [Earlier(at(7, 0), HOME)], False),  # the same day: a second check-in
        (HOME, at(7, 30), [Earlier(at(7, 0, day=7), Fix(-6.2012349, 106.8123456))], False),
        (HOME, at(7, 30), [Earlier(at(7, 0, day=7), Fix(-6.2012345, 106.8123458))], True),
        (HOME, at(7, 30), [], False),
    ],
)
def test_same_spot(fix, when, earlier, expected):
    assert same_spot(fix, when, earlier) is expected


JAKARTA = Fix(-6.2, 106.8)
SERANG = Fix(-6.12, 106.15)  # about 72 km from JAKARTA
MAKASSAR = Fix(-5.14, 119.42)  # about 1,400 km


@pytest.mark.parametrize(
    "fix, when, earlier, expected",
    [
        (SERANG, at(9, 0), [Earlier(at(7, 30), JAKARTA)], False),  # 72 km in 90 min
        (SERANG, at(7, 40), [Earlier(at(7, 30), JAKARTA)], True),  # 72 km in 10 min
        (MAKASSAR, at(16, 0), [Earlier(at(7, 30), JAKARTA)], False),  # a flight: 8.5 h
        (MAKASSAR, at(8, 30), [Earlier(at(7, 30), JAKARTA)], True),
        (JAKARTA, at(7, 30), [Earlier(at(7, 30), Fix(-6.2005, 106.8))], False),  # jitter
        (SERANG, at(7, 30), [Earlier(at(7, 30), JAKARTA)], True),  # no time between
        (SERANG, at(7, 30), [], False),
        # Only the latest earlier check-in counts.
        (SERANG, at(7, 40), [Earlier(at(6, 0), JAKARTA), Earlier(at(7, 35), SERANG)], False),
    ],
)
def test_too_fast(fix, when, earlier, expected):
    assert too_fast(fix, when, earlier) is expected


def test_judge_checkin_combines_time_place_and_suspicion_in_a_stable_order():
    earlier = [Earlier(at(16, 5, day=7), fix_at(500, 400))]
    found = judge_checkin(
        at=at(8, 0), duty=TWO, point=OFFICE, fix=fix_at(500, 400), earlier=earlier
    )
    assert found == [Finding.LATE, Finding.OUTSIDE, Finding.POOR_ACCURACY, Finding.SAME_SPOT]
    assert set(found) & SUSPICIOUS == {Finding.POOR_ACCURACY, Finding.SAME_SPOT}


def test_judge_checkin_on_time_inside_the_radius_finds_nothing():
    assert judge_checkin(at=at(7, 25), duty=TWO, point=OFFICE, fix=fix_at(10)) == []


def test_judge_checkin_without_a_duty_still_flags_suspicion():
    earlier = [Earlier(at(7, 0), JAKARTA)]
    assert judge_checkin(at=at(7, 5), duty=None, point=None, fix=SERANG, earlier=earlier) == [
        Finding.TOO_FAST
    ]


@pytest.mark.parametrize(
    "checked, now, expected",
    [
        ([time(7, 20), time(16, 5)], None, []),
        ([time(7, 20)], None, [time(16, 0)]),
        ([], None, [time(7, 30), time(16, 0)]),
        ([], time(7, 45), []),  # still inside the tolerance
        ([], time(7, 46), [time(7, 30)]),
        ([time(7, 40)], time(12, 0), []),
        ([time(9, 0), time(10, 0)], None, [time(16, 0)]),  # two arrivals meet one time
    ],
)
def test_missing_times(checked, now, expected):
    assert missing_times(TWO, checked, now) == expected


def test_every_finding_has_both_languages():
    for code in Finding:
        indonesian, english = ATTENDANCE_TEXTS[code.value]
        assert indonesian and english and indonesian != english
    assert attendance_message("ATT_LATE", "en").startswith("Late")
    assert attendance_message("ATT_LATE", "id").startswith("Terlambat")
    assert attendance_message("UNKNOWN", "id") == "UNKNOWN"
