"""What governs an OPD on a day: the layers of circulars resolved into one ``DayPolicy``.

Pure Python. ``circulars.governing`` turns the rows into ``Term`` values (one
per circular, as it reads for the OPD) and asks ``resolve``; nothing else
decides which circular applies. Which agencies a circular reaches at all, and in
which layer, is ``placement`` (``reaches``): governing, the impact of publishing
and the notices all ask it, so they cannot disagree.

The order, lowest first:

1. NATIONAL: a ministry's circular. It governs every regional government it
   *addresses* (by level: province, regency, city; optionally only in some
   regions or provinces) with no chain of parent agencies needed, and, as
   before, the agencies below it when it applies to subordinates. It is the
   outer bound: nothing above it may widen it.
2. REGIONAL: the circular of a regional government above the agency (a
   province's circular that applies to its regencies and cities). It narrows
   the national layer: where both cover a day, both apply and the strictest
   rule wins. A regional circular that names a national one as its parent
   replaces it for that region altogether: the national circular then governs
   none of the region's days, so narrowing a window means something.
3. STANDING: the agency's standing flexible-work policy (Permen PANRB 4/2025,
   ``standing.models.StandingPolicy``): from a date, with or without an end,
   open only on its weekdays (``Term.weekdays``), with its weekly limit per
   employee, its caps (a limit may be scoped to weekdays) and its exclusions.
   Its ``circular_id`` is negative (``standing_term_id``) so it never meets a
   circular's id; on a weekday it does not open, it does not govern.
4. EVENT: the agency's own circulars (Lebaran, air pollution...). On their
   dates they replace the standing policy, and still sit inside the national
   and regional bounds (strictest wins).
5. AMENDMENTS, applied to every layer before anything is combined:
   - an amendment replaces what it amends from its effective date: before it
     the amended circular governs, from it on the amendment does (SE MenPAN-RB
     3/2025 added 8 April 2025 to SE 2/2025);
   - a circular published over the dates of another published circular of the
     same agency declares its relation: ``amends`` replaces the other on the
     overlapping dates; ``adds`` lets both apply, the strictest rule winning.
     Rows published before the relation existed behave as ``amends`` (the
     later replaced the earlier, as the portal always did).

Combining several terms on one day ("strictest wins"): the lowest share away
and every other limit of each (``policy.limits``: the strictest binds); the
tightest weekly limit; the union of exempt roles; only the job types every
restricting term allows; sanctions excluded if any term excludes them; the
longest "new employee" period; the union of groups required away; a frontline
OPD if any term says so; WFH if any term says WFH (home is a narrower "anywhere"). The
*primary* term, which names the day in messages and whose priorities order
who goes first, is the top one: highest layer, then the nearest agency, then
the latest published. ``DayPolicy.circular_ids`` names every circular that
applied, primary first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum

from policy import limits
from policy.limits import Limit, Shape, UnitFacts
from policy.values import DayPolicy, Mode, PriorityCriterion

__all__ = [
    "Address",
    "AgencyFacts",
    "Layer",
    "Reach",
    "Relation",
    "Term",
    "UnitFacts",
    "applying",
    "governing_terms",
    "placement",
    "reaches",
    "resolve",
    "resolve_alone",
    "standing_pk",
    "standing_term_id",
]


def standing_term_id(pk: int) -> int:
    """The term id of a standing policy: negative, so it never meets a circular's id."""
    return -pk


def standing_pk(term_id: int | None) -> int | None:
    """The standing policy's pk behind a term id, None when it names a circular."""
    return -term_id if term_id is not None and term_id < 0 else None


class Layer(IntEnum):
    """The resolution order, lowest first (see the module docstring)."""

    NATIONAL = 1
    REGIONAL = 2
    STANDING = 3
    EVENT = 4


class Relation(StrEnum):
    """What a circular declares about a same-agency circular whose dates it overlaps."""

    NONE = ""  # published before relations existed: behaves as AMENDS
    AMENDS = "amends"  # replaces the other on the overlapping dates
    ADDS = "adds"  # both apply; the strictest rule wins


@dataclass(frozen=True, slots=True)
class AgencyFacts:
    """The agency whose OPD is governed, as addresses read it."""

    agency_id: int
    level: str  # "province", "regency", "city" (or "ministry")
    region_id: int | None = None
    province: str = ""  # the province its region lies in, by name
    ancestors: tuple[int, ...] = ()  # its parent, grandparent... (nearest first)


@dataclass(frozen=True, slots=True)
class Address:
    """Whom a national circular addresses: regional governments of these levels,
    only in these regions or provinces when any are given."""

    levels: frozenset[str]
    region_ids: frozenset[int] = frozenset()
    provinces: frozenset[str] = frozenset()

    def reaches(self, agency: AgencyFacts) -> bool:
        if agency.level not in self.levels:
            return False
        if not self.region_ids and not self.provinces:
            return True
        return agency.region_id in self.region_ids or agency.province in self.provinces


@dataclass(frozen=True, slots=True)
class Reach:
    """Whom one circular can govern, as its row tells it: the issuing agency, whether
    it is a ministry's (national), whether it applies to the agencies below its
    own, and whom it addresses (a national circular; None when it addresses nobody)."""

    agency_id: int
    national: bool = False
    subordinates: bool = False
    address: Address | None = None


def placement(circular: Reach, agency: AgencyFacts) -> tuple[Layer, int] | None:
    """The layer and distance at which the circular governs the agency, None when it
    does not reach it: the one answer to "which agencies does this circular reach".

    - its own agency: the EVENT layer, distance 0;
    - an agency below its own (through the parents) when it applies to subordinates:
      NATIONAL for a ministry's, else REGIONAL, at the number of steps up;
    - a ministry's circular that addresses the agency (by level, region or province):
      NATIONAL, farther than any parent, whether or not a chain of parents exists
      (Banten and DKI in the demo data have none).
    """
    if circular.agency_id == agency.agency_id:
        return Layer.EVENT, 0
    if circular.subordinates and circular.agency_id in agency.ancestors:
        layer = Layer.NATIONAL if circular.national else Layer.REGIONAL
        return layer, agency.ancestors.index(circular.agency_id) + 1
    if circular.national and circular.address is not None and circular.address.reaches(agency):
        return Layer.NATIONAL, len(agency.ancestors) + 1
    return None


def reaches(circular: Reach, agency: AgencyFacts) -> bool:
    """Whether the circular governs the agency's OPDs at all (see ``placement``)."""
    return placement(circular, agency) is not None


@dataclass(frozen=True, slots=True)
class Term:
    """One circular as it reads for one OPD: its dates and its rules.

    ``published`` orders the circulars of one agency (later is larger);
    ``distance`` is how far its agency stands from the OPD's (0: its own).
    ``applies_from`` and ``replaced_from`` bound it in time (amendments);
    ``narrowed`` is set when a nearer agency follows it with its own circular;
    ``address`` is a national circular's addressees, None when it reaches the
    agency through the chain of parents.
    """

    circular_id: int
    number: str
    layer: Layer
    agency_id: int
    windows: tuple[tuple[date, date], ...]
    arrangement: Mode | None = None
    cap_percent: int = 100  # the general share away
    limits: tuple[Limit, ...] = ()  # every other limit, each with its optional scope
    unit_exempt_reason: str = ""  # "" when the circular keeps this OPD's staff free to go
    exempt_roles: frozenset[str] = frozenset()
    weekly_limit: int | None = None
    priorities: tuple[PriorityCriterion, ...] = ()
    eligible_job_types: frozenset[str] = frozenset()  # empty: every job type may go
    excludes_sanctioned: bool = False
    new_employee_months: int | None = None
    required_away_groups: frozenset[str] = frozenset()
    published: int = 0
    distance: int = 0
    relation: Relation = Relation.NONE
    applies_from: date | None = None
    replaced_from: date | None = None
    narrowed: bool = False
    address: Address | None = None
    weekdays: frozenset[int] = frozenset()  # 0 Monday..4 Friday; empty: every day

    def covers(self, day: date) -> bool:
        if self.weekdays and day.weekday() not in self.weekdays:
            return False
        if self.applies_from is not None and day < self.applies_from:
            return False
        if self.replaced_from is not None and day >= self.replaced_from:
            return False
        return any(start <= day <= end for start, end in self.windows)

    @property
    def rank(self) -> tuple[int, int, int]:
        """The order of primacy: the larger governs the day's name and priorities."""
        return (self.layer, -self.distance, self.published)


@dataclass(frozen=True, slots=True)
class _Combined:
    terms: tuple[Term, ...]  # primary first
    cap_percent: int = 100
    limits: tuple[Limit, ...] = ()
    arrangement: Mode | None = None
    unit_exempt_reason: str = ""
    exempt_roles: frozenset[str] = field(default_factory=frozenset)
    weekly_limit: int | None = None
    eligible_job_types: frozenset[str] = field(default_factory=frozenset)
    excludes_sanctioned: bool = False
    new_employee_months: int | None = None
    required_away_groups: frozenset[str] = field(default_factory=frozenset)


# A job type no member holds: two circulars whose allowed job types do not meet.
NO_JOB_TYPE = "-"


def _job_types(applied: list[Term]) -> frozenset[str]:
    """The job types every restricting circular allows (empty: no restriction)."""
    restricting = [t.eligible_job_types for t in applied if t.eligible_job_types]
    if not restricting:
        return frozenset()
    return frozenset.intersection(*restricting) or frozenset({NO_JOB_TYPE})


def governing_terms(terms: Iterable[Term], agency: AgencyFacts) -> list[Term]:
    """The terms that can govern the agency at all: addressed to it (or reaching it
    through its parents) and not replaced by a nearer agency's own circular."""
    return [t for t in terms if not t.narrowed and (t.address is None or t.address.reaches(agency))]


def applying(terms: Iterable[Term], day: date) -> list[Term]:
    """The terms that apply on ``day``, primary first (see the module docstring)."""
    covering = [t for t in terms if t.covers(day)]
    kept: list[Term] = []
    for group in _by_agency(covering).values():
        kept += _relations(group)
    if any(t.layer is Layer.EVENT for t in kept):
        kept = [t for t in kept if t.layer is not Layer.STANDING]
    return sorted(kept, key=lambda t: t.rank, reverse=True)


def _by_agency(terms: list[Term]) -> dict[tuple[Layer, int], list[Term]]:
    groups: dict[tuple[Layer, int], list[Term]] = {}
    for t in terms:
        groups.setdefault((t.layer, t.agency_id), []).append(t)
    return groups


def _relations(group: list[Term]) -> list[Term]:
    """One agency's terms on a day, in publication order: each that amends
    replaces those before it; each that adds joins them."""
    kept: list[Term] = []
    for t in sorted(group, key=lambda t: (t.published, t.circular_id)):
        kept = [*kept, t] if t.relation is Relation.ADDS else [t]
    return kept


def resolve(
    day: date,
    terms: Iterable[Term],
    unit: UnitFacts,
    *,
    working_day: bool = True,
    non_working_reason: str = "",
) -> DayPolicy:
    """The policy of the OPD on ``day`` under the terms that govern its agency."""
    applied = applying(terms, day)
    if not applied:
        return DayPolicy(day, working_day, non_working_reason)
    return _policy(day, _combine(applied, unit, day), working_day, non_working_reason)


def resolve_alone(term: Term, unit: UnitFacts, day: date | None = None) -> DayPolicy:
    """What one circular rules for the OPD on a working day it governs, ignoring
    every other layer (the pages of a single circular). Without a day, only the
    limits without a date range apply."""
    return _policy(day or date.min, _combine([term], unit, day), True, "")


def _combine(applied: list[Term], unit: UnitFacts, day: date | None) -> _Combined:
    caps = [limits.effective_cap(t.cap_percent, t.limits, scope=unit, day=day) for t in applied]
    others = tuple(
        limit
        for t in applied
        for limit in t.limits
        if limit.shape is not Shape.AWAY_SHARE and limit.applies(unit, day)
    )
    arrangements = {t.arrangement for t in applied}
    weekly = [t.weekly_limit for t in applied if t.weekly_limit is not None]
    return _Combined(
        terms=tuple(applied),
        cap_percent=min(caps),
        limits=others,
        arrangement=_narrowest(arrangements),
        unit_exempt_reason=next(
            (t.unit_exempt_reason for t in applied if t.unit_exempt_reason), ""
        ),
        exempt_roles=frozenset().union(*(t.exempt_roles for t in applied)),
        weekly_limit=min(weekly) if weekly else None,
        eligible_job_types=_job_types(applied),
        excludes_sanctioned=any(t.excludes_sanctioned for t in applied),
        new_employee_months=max(
            (t.new_employee_months for t in applied if t.new_employee_months is not None),
            default=None,
        ),
        required_away_groups=frozenset().union(*(t.required_away_groups for t in applied)),
    )


def _narrowest(arrangements: set[Mode | None]) -> Mode | None:
    """WFH is a narrower WFA; None (either) is the widest."""
    for mode in (Mode.WFH, Mode.WFA):
        if mode in arrangements:
            return mode
    return None


def _policy(day: date, c: _Combined, working_day: bool, non_working_reason: str) -> DayPolicy:
    primary = c.terms[0]
    return DayPolicy(
        day=day,
        working_day=working_day,
        non_working_reason=non_working_reason,
        circular_id=primary.circular_id,
        circular_number=primary.number,
        arrangement=c.arrangement,
        cap_percent=c.cap_percent,
        unit_exempt=bool(c.unit_exempt_reason),
        unit_exempt_reason=c.unit_exempt_reason,
        exempt_roles=c.exempt_roles,
        weekly_limit=c.weekly_limit,
        priorities=next((t.priorities for t in c.terms if t.priorities), ()),
        circular_ids=tuple(t.circular_id for t in c.terms),
        circular_numbers=tuple(t.number for t in c.terms),
        limits=c.limits,
        eligible_job_types=c.eligible_job_types,
        excludes_sanctioned=c.excludes_sanctioned,
        new_employee_months=c.new_employee_months,
        required_away_groups=c.required_away_groups,
    )
