"""The automatic fair rotation: fill an OPD's roster in one click.

Pure Python (stdlib and the rest of ``policy`` only) and
deterministic: the same request gives the same plan, whatever the order of
its staff, fixed cells, days or targets.

What a plan holds (the tests pin each point):

- A day is *open* to proposals when it is a working day, a circular governs
  it, the OPD is not exempt and the arrangement is a day away. The mode
  proposed is the day's arrangement, or WFA when the circular allows either
  (``arrangement`` None).
- A day's *target* is its limit (``DayPolicy.limit_for`` the staff on staff
  that day), or the head's lower ``targets[day]``; under an office maximum it
  is raised (never above the limit) to what keeps the office within it.
  Fixed away cells count towards it; the planner adds people until it is
  reached or nobody eligible is left.
- *Eligible* on a day: on staff, no fixed cell that day, no exempt role, no
  revoked permission under the day's circular, one more day away keeps the
  ISO week within its limit (as ``check_roster`` counts it: fixed cells
  included, the tightest limit of the days away), and not the last person of
  their sub-unit still at the office.
- *Days away* of a person: ``away_days_elsewhere`` + their fixed away cells in
  the plan + the days proposed. Candidates are taken by (fewest days away,
  best priority rank, rotation); the rotation is the position in employee-id
  order, moved on by one place per calendar day, so ties do not always fall
  to the same people.
- At the end no *trade* is left: no proposed day of X could go to an eligible
  colleague Y at the office that day with two or more days fewer than X, or
  with one day fewer and a better priority rank.
- Fixed cells are kept exactly, even when they break a rule (``check_roster``
  reports those); a proposed cell never breaks one, so a plan over valid fixed
  cells has no error. A sub-unit left without cover by fixed cells alone may
  still get a NO_COVER warning: the planner never takes anyone else out of it.
- The result lists the fixed cells and the proposed days away, sorted by day
  and employee; office days are left out, as ``RosterCheck`` reads them.

How: fill the days in date order greedily (one sort of the eligible staff a
day), then trade days and fill again until nothing changes. That takes one to
three rounds in the tests and benchmarks, each O(days x staff log staff); the
rounds are bounded, which only matters if days of one plan ran under different
priority criteria and could trade back and forth.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from policy.check import priority_rank
from policy.eligibility import BarIndex
from policy.values import (
    AWAY_MODES,
    Assignment,
    DayPolicy,
    Mode,
    PriorityCriterion,
    RosterCheck,
    StaffMember,
)

__all__ = ["DayFigures", "PlanRequest", "PlanResult", "plan_roster", "roster_check"]

# Fill-and-trade rounds converge in a few; only days under different priority
# criteria could trade back and forth, and this bound ends that.
_MAX_ROUNDS = 50

_Week = tuple[int, int]  # ISO (year, week)
_Key = tuple[int, tuple[int, ...], int]  # (days away, priority rank, rotation)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """One OPD over a set of days: what the head asks the planner to fill.

    ``fixed`` holds the cells the head already set and the approved requests;
    ``targets`` an optional per-day number of people away below the limit;
    ``away_days_elsewhere`` the days away each employee already holds in the
    same window outside ``days`` (for fairness).
    """

    unit_id: int
    staff: list[StaffMember]
    days: dict[date, DayPolicy]
    fixed: list[Assignment] = field(default_factory=list)
    targets: dict[date, int] = field(default_factory=dict)
    away_days_elsewhere: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DayFigures:
    headcount: int  # staff on staff that day
    limit: int  # the most who may be away: floor(cap% x headcount); 0 on a closed day
    target: int  # the number aimed for: the limit, or the head's lower target
    away: int  # away in the plan: fixed and proposed
    proposed: int  # of ``away``: added by the planner


@dataclass(frozen=True, slots=True)
class PlanResult:
    assignments: list[Assignment]  # fixed cells and proposed days away; office days left out
    proposed: frozenset[tuple[int, date]]  # (employee_id, day) of the cells the planner added
    days: dict[date, DayFigures]


def plan_roster(request: PlanRequest) -> PlanResult:
    """Fill the open days of ``request`` fairly; raises ValueError on an
    inconsistent request (duplicate staff or fixed cell, bad target)."""
    _validate(request)
    state = _State.of(request)
    _fill_and_trade(state)
    return state.result()


def roster_check(request: PlanRequest, result: PlanResult) -> RosterCheck:
    """The plan as ``check_roster`` judges it."""
    return RosterCheck(
        request.unit_id,
        request.staff,
        request.days,
        result.assignments,
        request.away_days_elsewhere,
    )


def _validate(request: PlanRequest) -> None:
    ids = [m.employee_id for m in request.staff]
    if len(set(ids)) != len(ids):
        raise ValueError("an employee appears twice in the staff of the plan")
    cells = [(a.employee_id, a.day) for a in request.fixed]
    if len(set(cells)) != len(cells):
        raise ValueError("a fixed cell appears twice for the same employee and day")
    for day, target in request.targets.items():
        if day not in request.days or target < 0:
            raise ValueError(f"target {target} for {day.isoformat()} is not a day of the plan")


def _fill_and_trade(state: _State) -> None:
    for _ in range(_MAX_ROUNDS):
        # Lists, not generators: every day gets its turn in each round.
        filled = [_fill(state, day) for day in state.open_days]
        traded = [_trade(state, day) for day in state.open_days]
        if not any(filled + traded):
            return


def _fill(state: _State, day: date) -> int:
    """Add the best eligible candidates until the day reaches its target."""
    d = state.days[day]
    slots = d.target - d.fixed_away - len(d.away)
    if slots <= 0 or d.exhausted:
        return 0
    added = 0
    for emp in sorted(state.free(day), key=state.key(day)):
        if state.covered(emp, day):
            state.move(emp, day, away=True)
            added += 1
            if added == slots:
                return added
    d.exhausted = True  # until someone in the week comes back to the office
    return added


def _trade(state: _State, day: date) -> int:
    """Hand the day of those with most days away to those with fewest; see _gains."""
    d, key, free = state.days[day], state.key(day), state.free(day)
    if not d.away or not _gains(max(map(key, d.away)), min(map(key, free), default=None)):
        return 0  # the common case: two scans, no sort
    takers = (y for y in sorted(free, key=key) if state.covered(y, day))
    trades = 0
    for x in sorted(d.away, key=key, reverse=True):
        y = next(takers, None)
        if y is None or not _gains(key(x), key(y)):
            break
        state.move(x, day, away=False)
        state.move(y, day, away=True)
        trades += 1
    return trades


def _gains(giver: _Key, taker: _Key | None) -> bool:
    """Whether moving a day from giver to taker makes the plan fairer, or keeps
    it as fair and gives the day to the better priority rank."""
    if taker is None:
        return False
    more = giver[0] - taker[0]
    return more >= 2 or (more == 1 and giver[1] > taker[1])


# --- state -------------------------------------------------------------------


@dataclass(slots=True)
class _Day:
    """One day of the plan: its fixed figures and the cells proposed so far."""

    policy: DayPolicy
    mode: Mode | None  # the mode to propose; None when the day is closed to proposals
    headcount: int
    limit: int
    target: int
    fixed_away: int
    week: _Week
    pool: list[int]  # may be away that day but for the week limit and cover
    cover: Counter[int]  # per sub-unit: on-staff members at the office
    away: set[int] = field(default_factory=set)  # proposed
    exhausted: bool = False  # the last fill found nobody more who could go


@dataclass(slots=True)
class _State:
    """What the planner reads and updates while it fills and trades."""

    request: PlanRequest
    by_id: dict[int, StaffMember]
    position: dict[int, int]  # in employee-id order: the base of the rotation
    sub_size: Counter[int]  # members per sub-unit
    totals: Counter[int]  # days away, see the module docstring
    # Per ISO week with a weekly limit on an open day: employee -> the limit of
    # each of their days away that week (None: that day sets no limit).
    weeks: dict[_Week, dict[int, list[int | None]]]
    days: dict[date, _Day] = field(default_factory=dict)
    rank_cache: dict[tuple[PriorityCriterion, ...], dict[int, tuple[int, ...]]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, request: PlanRequest) -> _State:
        by_id = {m.employee_id: m for m in request.staff}
        state = cls(
            request,
            by_id,
            {emp: i for i, emp in enumerate(sorted(by_id))},
            Counter(m.sub_unit_id for m in by_id.values()),
            Counter(request.away_days_elsewhere),
            {
                _week(d): {}
                for d, p in request.days.items()
                if p.is_open() and p.weekly_limit is not None
            },
        )
        _prepare_days(state)
        return state

    @property
    def open_days(self) -> list[date]:
        return [day for day, d in self.days.items() if d.mode is not None]

    def ranks(self, priorities: tuple[PriorityCriterion, ...]) -> dict[int, tuple[int, ...]]:
        if priorities not in self.rank_cache:
            # A rank depends only on two region ids, and few pairs exist.
            pairs: dict[tuple[object, ...], tuple[int, ...]] = {}
            ranks = self.rank_cache[priorities] = {}
            for emp, m in self.by_id.items():
                pair = (m.domicile_region_id, m.office_region_id, m.circumstances)
                if pair not in pairs:
                    pairs[pair] = priority_rank(m, priorities)
                ranks[emp] = pairs[pair]
        return self.rank_cache[priorities]

    def key(self, day: date) -> Callable[[int], _Key]:
        """Who gets the day first: fewest days away, best rank, then the rotation."""
        ranks = self.ranks(self.days[day].policy.priorities)
        totals, position, shift = self.totals, self.position, day.toordinal()
        size = len(position)
        return lambda emp: (totals[emp], ranks[emp], (position[emp] - shift) % size)

    def free(self, day: date) -> list[int]:
        """The pool at the office whose week allows one more day away."""
        d = self.days[day]
        book, limit = self.weeks.get(d.week), d.policy.weekly_limit
        if book is None:
            return [e for e in d.pool if e not in d.away]
        by_id = self.by_id
        return [
            e
            for e in d.pool
            if e not in d.away
            and (by_id[e].weekly_limit_exempt or _week_allows(book.get(e), limit))
        ]

    def covered(self, emp: int, day: date) -> bool:
        """Whether someone else of emp's sub-unit stays at the office."""
        return self.days[day].cover[self.by_id[emp].sub_unit_id] > 1

    def move(self, emp: int, day: date, *, away: bool) -> None:
        d, step = self.days[day], 1 if away else -1
        (d.away.add if away else d.away.remove)(emp)
        self.totals[emp] += step
        d.cover[self.by_id[emp].sub_unit_id] -= step
        self.count_week(emp, d.week, d.policy.weekly_limit, step)
        if not away:  # emp may go on another day of the week, and cover grew today
            for other in self.days.values():
                other.exhausted &= other.week != d.week

    def count_week(self, emp: int, week: _Week, limit: int | None, step: int) -> None:
        book = self.weeks.get(week)
        if book is not None:
            held = book.setdefault(emp, [])
            (held.append if step > 0 else held.remove)(limit)

    def result(self) -> PlanResult:
        proposed = [
            Assignment(emp, day, d.mode)
            for day, d in self.days.items()
            if d.mode is not None
            for emp in d.away
        ]
        cells = sorted([*self.request.fixed, *proposed], key=lambda a: (a.day, a.employee_id))
        figures = {
            day: DayFigures(d.headcount, d.limit, d.target, d.fixed_away + len(d.away), len(d.away))
            for day, d in self.days.items()
        }
        return PlanResult(cells, frozenset((a.employee_id, a.day) for a in proposed), figures)


def _week(day: date) -> _Week:
    year, week, _ = day.isocalendar()
    return year, week


def _week_allows(held: list[int | None] | None, limit: int | None) -> bool:
    """Whether one more day away (under ``limit``) keeps within the tightest
    limit of the week's days away, as ``check_roster`` counts them."""
    if not held:
        return limit is None or limit > 0
    limits = [n for n in (*held, limit) if n is not None]
    return not limits or len(held) < min(limits)


# --- preparation -------------------------------------------------------------


def _prepare_days(state: _State) -> None:
    """Every day's fixed figures, in date order; fixed away cells counted in."""
    fixed: dict[date, dict[int, Mode]] = {}
    for a in state.request.fixed:
        fixed.setdefault(a.day, {})[a.employee_id] = a.mode
    bounded = [m for m in state.by_id.values() if m.active_from or m.active_until]
    barred = BarIndex(list(state.by_id.values()))
    for day in sorted(state.request.days):
        absent = frozenset(m.employee_id for m in bounded if not m.on_staff(day))
        cells = {e: mode for e, mode in fixed.get(day, {}).items() if e in state.by_id}
        state.days[day] = _prepare_day(state, day, absent, cells, barred)


def _prepare_day(
    state: _State, day: date, absent: frozenset[int], cells: dict[int, Mode], barred: BarIndex
) -> _Day:
    """One day's fixed figures; its fixed away cells counted in ``state``."""
    policy = state.request.days[day]
    mode = policy.proposed_mode()
    headcount = len(state.by_id) - len(absent)
    limit = (policy.limit_for(headcount) or 0) if mode else 0
    away = [e for e, m in cells.items() if m in AWAY_MODES and e not in absent]
    for emp in away:
        state.totals[emp] += 1
        if policy.is_open():  # the days ``check_roster`` counts against the weekly limit
            state.count_week(emp, _week(day), policy.weekly_limit, 1)
    skip = barred.barred(policy) | absent | frozenset(cells)
    pool = [e for e in state.position if e not in skip] if mode else []
    out = absent.union(e for e, m in cells.items() if m is not Mode.WFO)
    cover = state.sub_size.copy()
    cover.subtract(state.by_id[e].sub_unit_id for e in out)
    target = min(limit, state.request.targets.get(day, limit))
    office_most = policy.office_limit(headcount) if mode else None
    if office_most is not None:  # an office maximum: at least this many must be out
        gone = sum(
            1 for e, m in cells.items() if m in (Mode.LEAVE, Mode.TRAVEL) and e not in absent
        )
        target = max(target, min(limit, headcount - office_most - gone))
    return _Day(policy, mode, headcount, limit, target, len(away), _week(day), pool, cover)
