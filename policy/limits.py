"""Every cap arithmetic of the portal: how many of an OPD's staff may (or must) be away.

Pure Python. Integer arithmetic on purpose: 0.29 * 100 is 28.999... in
floating point, and a cap must never be exceeded by rounding.

The shapes a circular's limit takes (``Shape``), for an OPD of ``h`` staff on
staff that day:

=================  ==========================================  ==================
shape              reads                                       bounds
=================  ==========================================  ==================
AWAY_SHARE p       at most p% away (today's cap)               away <= floor(p*h/100)
AWAY_COUNT n       at most n away                              away <= n
STAY_SHARE p       at least p% stay at the office              away <= h - ceil(p*h/100)
STAY_COUNT n       at least n stay at the office               away <= h - n (0 at least)
OFFICE_MAX_SHARE p at most p% at the office (pandemic)         office <= floor(p*h/100)
OFFICE_MAX_COUNT n at most n at the office a day               office <= n
=================  ==========================================  ==================

The first four bound the days away from above; the last two bound the office
from above, so too FEW away (counting leave and travel as out of the office)
is the violation. A limit may be scoped by service category, by OPD, by the
OPD's office region, by a date range and by weekdays (a standing policy's cap
per weekday), in any combination (an empty scope
field matches everything); the effective bound is the strictest of every limit
that applies. 0 is a valid value of every shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Limit",
    "Shape",
    "UnitFacts",
    "at_least_as_strict",
    "away_limit",
    "binding_limit",
    "effective_cap",
    "max_away",
    "max_office",
    "not_narrowed",
]


class Shape(StrEnum):
    AWAY_SHARE = "away_share"
    AWAY_COUNT = "away_count"
    STAY_SHARE = "stay_share"
    STAY_COUNT = "stay_count"
    OFFICE_MAX_SHARE = "office_max_share"
    OFFICE_MAX_COUNT = "office_max_count"


SHARES = frozenset({Shape.AWAY_SHARE, Shape.STAY_SHARE, Shape.OFFICE_MAX_SHARE})
OFFICE_SHAPES = frozenset({Shape.OFFICE_MAX_SHARE, Shape.OFFICE_MAX_COUNT})


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """The OPD a limit is read for: its id, service category and office region."""

    unit_id: int
    category: str = ""
    office_region_id: int | None = None


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit of a circular, with its optional scope (empty fields match everything)."""

    shape: Shape
    value: int
    category: str = ""
    unit_id: int | None = None
    region_id: int | None = None  # the OPD's office region
    start: date | None = None
    end: date | None = None
    weekdays: frozenset[int] = frozenset()  # 0 Monday..6 Sunday; empty: every day

    def applies(self, scope: UnitFacts, day: date | None) -> bool:
        """Whether it applies to the OPD on ``day`` (None: on any day, so only an
        undated limit applies)."""
        if self.category and self.category != scope.category:
            return False
        if self.unit_id is not None and self.unit_id != scope.unit_id:
            return False
        if self.region_id is not None and self.region_id != scope.office_region_id:
            return False
        if day is None:
            return self.start is None and self.end is None and not self.weekdays
        if self.weekdays and day.weekday() not in self.weekdays:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def bounds_office(self) -> bool:
        """Whether it bounds the office from above (too few away is the violation)."""
        return self.shape in OFFICE_SHAPES

    def max_away(self, headcount: int) -> int | None:
        """The most of ``headcount`` it lets be away (None: it sets no such bound)."""
        shape, value = self.shape, self.value
        if shape is Shape.AWAY_SHARE:
            return away_limit(value, headcount)
        if shape is Shape.AWAY_COUNT:
            return min(value, headcount)
        if shape is Shape.STAY_SHARE:
            return headcount - min(headcount, _ceil_share(value, headcount))
        if shape is Shape.STAY_COUNT:
            return max(0, headcount - value)
        return None

    def max_office(self, headcount: int) -> int | None:
        """The most of ``headcount`` it lets be at the office (None: no such bound)."""
        if self.shape is Shape.OFFICE_MAX_SHARE:
            return self.value * headcount // 100
        if self.shape is Shape.OFFICE_MAX_COUNT:
            return min(self.value, headcount)
        return None


def away_limit(cap_percent: int, headcount: int) -> int:
    """Most staff who may be away on one day under a share away: floor(cap% of headcount)."""
    return cap_percent * headcount // 100


def _ceil_share(percent: int, headcount: int) -> int:
    return -(-percent * headcount // 100)


def effective_cap(
    general: int, limits: tuple[Limit, ...], *, scope: UnitFacts, day: date | None
) -> int:
    """The strictest share away: the general cap and every AWAY_SHARE limit that applies
    (a scoped share never raises the general one)."""
    shares = [
        limit.value
        for limit in limits
        if limit.shape is Shape.AWAY_SHARE and limit.applies(scope, day)
    ]
    return min([general, *shares])


def binding_limit(limits: tuple[Limit, ...], headcount: int) -> tuple[int, Limit | None]:
    """The most who may be away under every bound from above, and the limit that binds
    (the first of the strictest; None and ``headcount`` when none bounds the days away)."""
    best, binding = headcount, None
    for limit in limits:
        bound = limit.max_away(headcount)
        if bound is not None and (binding is None or bound < best):
            best, binding = bound, limit
    return best, binding


def max_away(limits: tuple[Limit, ...], headcount: int) -> int:
    return binding_limit(limits, headcount)[0]


def max_office(limits: tuple[Limit, ...], headcount: int) -> tuple[int, Limit | None]:
    """The most who may be at the office under every office bound, and the one that binds."""
    best, binding = headcount, None
    for limit in limits:
        bound = limit.max_office(headcount)
        if bound is not None and (binding is None or bound < best):
            best, binding = bound, limit
    return best, binding


# --- narrowing: a regional circular may only narrow its parent ---------------------------

# For a parent limit's shape: the child's shapes that can stand for it, and whether a
# value stands, for every headcount (the arithmetic of ``Limit.max_away``/``max_office``).
_AS_STRICT = {
    Shape.AWAY_SHARE: {
        Shape.AWAY_SHARE: lambda c, p: c <= p,
        Shape.STAY_SHARE: lambda c, p: c >= 100 - p,
    },
    Shape.STAY_SHARE: {
        Shape.STAY_SHARE: lambda c, p: c >= p,
        Shape.AWAY_SHARE: lambda c, p: c <= 100 - p,
    },
    Shape.AWAY_COUNT: {
        Shape.AWAY_COUNT: lambda c, p: c <= p,
        Shape.AWAY_SHARE: lambda c, p: c == 0,
        Shape.STAY_SHARE: lambda c, p: c == 100,
    },
    Shape.STAY_COUNT: {
        Shape.STAY_COUNT: lambda c, p: c >= p,
        Shape.AWAY_SHARE: lambda c, p: c == 0,
        Shape.AWAY_COUNT: lambda c, p: c == 0,
        Shape.STAY_SHARE: lambda c, p: c == 100,
    },
    Shape.OFFICE_MAX_SHARE: {
        Shape.OFFICE_MAX_SHARE: lambda c, p: c <= p,
        Shape.OFFICE_MAX_COUNT: lambda c, p: c == 0,
    },
    Shape.OFFICE_MAX_COUNT: {
        Shape.OFFICE_MAX_COUNT: lambda c, p: c <= p,
        Shape.OFFICE_MAX_SHARE: lambda c, p: c == 0,
    },
}


def _covers_scope(candidate: Limit, bound: Limit) -> bool:
    """Whether ``candidate`` applies wherever and whenever ``bound`` does."""
    if candidate.category and candidate.category != bound.category:
        return False
    if candidate.unit_id is not None and candidate.unit_id != bound.unit_id:
        return False
    if candidate.region_id is not None and candidate.region_id != bound.region_id:
        return False
    if candidate.start is not None and (bound.start is None or candidate.start > bound.start):
        return False
    return candidate.end is None or (bound.end is not None and candidate.end >= bound.end)


def at_least_as_strict(candidate: Limit, bound: Limit) -> bool:
    """Whether ``candidate`` binds at least as hard as ``bound`` for every OPD, day and
    headcount ``bound`` reaches ("strictest wins": a lower share or count away, a
    higher share or count that must stay, a lower office maximum)."""
    test = _AS_STRICT[Shape(bound.shape)].get(Shape(candidate.shape))
    return (
        test is not None and test(candidate.value, bound.value) and _covers_scope(candidate, bound)
    )


def not_narrowed(
    parent: tuple[Limit, ...], child: tuple[Limit, ...], *, child_cap: int = 100
) -> list[Limit]:
    """The parent's limits that no limit of the child (its general share away
    ``child_cap`` counting as an unscoped share) stands for: each widens the parent."""
    candidates = (Limit(Shape.AWAY_SHARE, child_cap), *child)
    return [
        bound
        for bound in parent
        if not any(at_least_as_strict(candidate, bound) for candidate in candidates)
    ]
