"""Attendance findings: what a check-in says against the day's attendance duty.

Pure Python (no Django): values in, findings out. A finding never blocks a
check-in; it is recorded with it and shown to the head who verifies.

The duty names check-in times (07:30 and 16:00, say) with a tolerance in
minutes, and where the employee checks in (the office point, the recorded
home, anywhere). A check-in belongs to the nearest time of the duty: the
first time is the arrival (late when after it plus the tolerance), the last
is the departure (early when before it minus the tolerance), a time between
them must be met within the tolerance either way. A time with no check-in
once it has passed is missing.

Fake-GPS heuristics (``suspicions``): a location identical to many decimals
to one of an earlier day (real fixes jitter by metres), a speed between two
check-ins no traveller reaches, and an accuracy worse than the place's radius
(the fix cannot tell inside from outside).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

EARTH_RADIUS_M = 6_371_008.8
# Six decimals of a degree are about 11 cm: two honest fixes on different days never agree.
SAME_SPOT_DECIMALS = 6
# Faster than this between two check-ins (km/h) is not a trip by road or by a domestic flight.
MAX_SPEED_KMH = 300.0
# Two fixes closer than this (metres) never count as travel: jitter, not a trip.
TRAVEL_JITTER_M = 1_000.0


class Place(StrEnum):
    OFFICE = "office"  # the OPD's location point
    HOME = "home"  # the employee's recorded home
    ANYWHERE = "anywhere"


class Verifier(StrEnum):
    SUPERIOR = "superior"  # the direct superior
    HEAD = "head"  # the head of the OPD


class Finding(StrEnum):
    """Stable codes: stored with each check-in, exported, explained in ``policy.texts``."""

    LATE = "ATT_LATE"
    EARLY = "ATT_EARLY"
    OFF_TIME = "ATT_OFF_TIME"  # a middle time missed by more than the tolerance
    OUTSIDE = "ATT_OUTSIDE"  # farther from the place than its radius
    NO_LOCATION = "ATT_NO_LOCATION"  # the duty names a place, the check-in has no location
    NO_POINT = "ATT_NO_POINT"  # the duty names a place the portal has no point for
    MISSING = "ATT_MISSING"  # a time of the duty passed without a check-in
    SAME_SPOT = "ATT_SAME_SPOT"  # suspicious: identical to an earlier day's location
    TOO_FAST = "ATT_TOO_FAST"  # suspicious: impossible travel speed
    POOR_ACCURACY = "ATT_POOR_ACCURACY"  # suspicious: accuracy worse than the radius


SUSPICIOUS = frozenset({Finding.SAME_SPOT, Finding.TOO_FAST, Finding.POOR_ACCURACY})


@dataclass(frozen=True, slots=True)
class Duty:
    times: tuple[time, ...]
    tolerance_minutes: int = 0
    place: Place = Place.ANYWHERE


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lng: float
    radius_m: int


@dataclass(frozen=True, slots=True)
class Fix:
    """A location reading: degrees and the browser's (or app's) accuracy in metres."""

    lat: float
    lng: float
    accuracy_m: float | None = None


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier check-in of the same employee, for the fake-GPS heuristics."""

    at: datetime
    fix: Fix


def valid_coordinates(lat: float, lng: float) -> bool:
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return False
    return -90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0


def distance_m(a: Fix | Point, b: Fix | Point) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lng - a.lng)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def slot_of(at: time, duty: Duty) -> int | None:
    """The index of the duty time nearest to ``at`` (the earlier one on a tie)."""
    if not duty.times:
        return None
    now = _minutes(at)
    return min(range(len(duty.times)), key=lambda i: (abs(_minutes(duty.times[i]) - now), i))


def timing(at: time, duty: Duty) -> Finding | None:
    """Late for the first time, early for the last, off time for one between."""
    slot = slot_of(at, duty)
    if slot is None:
        return None
    diff = _minutes(at) - _minutes(duty.times[slot])
    tolerance = duty.tolerance_minutes
    last = len(duty.times) - 1
    if slot == 0 and diff > tolerance:
        return Finding.LATE
    if slot == last and last > 0 and diff < -tolerance:
        return Finding.EARLY
    if 0 < slot < last and abs(diff) > tolerance:
        return Finding.OFF_TIME
    return None


def place_findings(duty: Duty, point: Point | None, fix: Fix | None) -> list[Finding]:
    """Where the check-in was against the duty's place."""
    if duty.place is Place.ANYWHERE:
        return []
    if fix is None:
        return [Finding.NO_LOCATION]
    if point is None:
        return [Finding.NO_POINT]
    found = []
    if distance_m(fix, point) > point.radius_m:
        found.append(Finding.OUTSIDE)
    if fix.accuracy_m is not None and fix.accuracy_m > point.radius_m:
        found.append(Finding.POOR_ACCURACY)
    return found


def same_spot(fix: Fix, at: datetime, earlier: Iterable[Earlier]) -> bool:
    """The same coordinates to ``SAME_SPOT_DECIMALS`` decimals as a check-in of another day."""

    def key(f: Fix) -> tuple[float, float]:
        return (round(f.lat, SAME_SPOT_DECIMALS), round(f.lng, SAME_SPOT_DECIMALS))

    mine = key(fix)
    return any(e.at.date() != at.date() and key(e.fix) == mine for e in earlier)


def too_fast(fix: Fix, at: datetime, earlier: Iterable[Earlier]) -> bool:
    """Travel from the latest earlier check-in faster than ``MAX_SPEED_KMH``."""
    before = [e for e in earlier if e.at <= at]
    if not before:
        return False
    last = max(before, key=lambda e: e.at)
    metres = distance_m(last.fix, fix)
    if metres <= TRAVEL_JITTER_M:
        return False
    hours = (at - last.at) / timedelta(hours=1)
    if hours <= 0:
        return True
    return metres / 1000 / hours > MAX_SPEED_KMH


def judge_checkin(
    *,
    at: datetime,
    duty: Duty | None,
    point: Point | None,
    fix: Fix | None,
    earlier: Sequence[Earlier] = (),
) -> list[Finding]:
    """Every finding of one check-in, in a stable order; none means all is well."""
    found: list[Finding] = []
    if duty is not None:
        kind = timing(at.time(), duty)
        if kind is not None:
            found.append(kind)
        found += place_findings(duty, point, fix)
    if fix is not None:
        if same_spot(fix, at, earlier):
            found.append(Finding.SAME_SPOT)
        if too_fast(fix, at, earlier):
            found.append(Finding.TOO_FAST)
    return found


def missing_times(duty: Duty, checked_at: Iterable[time], now: time | None) -> list[time]:
    """The duty's times with no check-in, among those already passed (``now`` None: all)."""
    met = {slot_of(t, duty) for t in checked_at}
    passed = [
        (i, t)
        for i, t in enumerate(duty.times)
        if now is None or _minutes(now) > _minutes(t) + duty.tolerance_minutes
    ]
    return [t for i, t in passed if i not in met]
