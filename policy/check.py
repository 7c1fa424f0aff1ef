"""The validators of a proposed roster: values in, violations out.

Pure Python (stdlib and the rest of ``policy`` only), so it runs without a
database and can be checked in bulk.

Decisions worth knowing (the tests pin each one):

- Only away cells (WFA, WFH) are judged. WFO, LEAVE and TRAVEL are never
  flagged, whatever the day or the person: choosing the office is always
  allowed, and leave/travel are recorded, not rostered away.
- Per away cell, NOT_ON_STAFF, then NON_WORKING_DAY, then OUTSIDE_WINDOW
  short-circuit: when one applies it is the only error for that cell. A day
  missing from ``check.days`` is OUTSIDE_WINDOW before anything else. Otherwise
  every one of FRONTLINE_UNIT, the member's bars (``policy.eligibility``:
  EXEMPT_ROLE, PERMISSION_REVOKED) and WRONG_MODE that applies is reported.
  ``arrangement`` None means the circular allows either WFA or WFH.
- CAP_EXCEEDED and WEEKLY_LIMIT count every away cell of an on-staff member on
  an open day (working, under a circular), including cells that are already
  errors: simpler and stricter, and fixing the count never depends on fixing
  something else first. Closed days are not counted: every away cell there is
  already an error; nor is a frontline OPD's day for CAP_EXCEEDED, where every
  away cell is a FRONTLINE_UNIT error. WEEKLY_LIMIT only sees the days checked.
- Whether a day is open, its limit, who is barred and the modes allowed are
  the ``DayPolicy``'s answers: this module never computes them itself.
- ``allowed``/``requested`` carry numbers only where a count meets a limit:
  CAP_EXCEEDED, WEEKLY_LIMIT and NO_COVER (allowed = members - 1).
- ``unit_id`` is ``check.unit_id`` everywhere except NO_COVER, which names the
  sub-unit without cover (so two of them on one day stay distinct).
- Duplicate cells (same employee and day) raise ValueError: the service
  guarantees uniqueness, so a duplicate is a programming error, not user input.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, filterfalse
from string import Formatter
from typing import Any, NamedTuple

from policy.eligibility import (
    Bar,
    BarIndex,
    bar_facts,
    bar_facts_by,
    bar_key,
    bar_policy_facts,
)
from policy.texts import (
    MODES_EN,
    TEXTS,
    circular_names,
    circumstance_names,
    format_date_en,
    format_date_id,
    limit_words,
)
from policy.values import (
    AWAY_MODES,
    Assignment,
    Code,
    DayPolicy,
    LazyText,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    Severity,
    StaffMember,
    Violation,
)

__all__ = [
    "check_roster",
    "errors",
    "format_date_en",
    "format_date_id",
    "is_away",
    "priority_rank",
    "warnings",
]

# "by code" in the output order means the order codes are declared in, which
# runs from the most basic rule to the most specific.
_CODE_ORDER = {code: index for index, code in enumerate(Code)}


def is_away(mode: Mode) -> bool:
    return mode in AWAY_MODES


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity is Severity.ERROR]


def warnings(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity is Severity.WARNING]


def priority_rank(
    member: StaffMember, priorities: tuple[PriorityCriterion, ...]
) -> tuple[int, ...]:
    """0 per criterion the member meets, else 1: the smaller tuple goes away first."""
    return tuple(0 if _meets(member, criterion) else 1 for criterion in priorities)


def _meets(member: StaffMember, criterion: PriorityCriterion) -> bool:
    if criterion.kind is PriorityKind.DOMICILE:
        return member.domicile_region_id in criterion.region_ids
    if criterion.kind is PriorityKind.CIRCUMSTANCE:
        return not criterion.groups.isdisjoint(member.circumstances)
    return member.office_region_id in criterion.region_ids


def check_roster(check: RosterCheck) -> list[Violation]:
    """Every violation of ``check``: errors first, then warnings, each ordered by
    day, unit, employee and code. Raises ValueError on a duplicate cell.

    The cyclic garbage collector is paused for the call: a large check builds
    hundreds of thousands of small objects and no cycle, and each collection it
    would trigger walks every live object (the roster itself included)."""
    if not gc.isenabled():
        return _check_roster(check)
    gc.disable()
    try:
        return _check_roster(check)
    finally:
        gc.enable()


def _check_roster(check: RosterCheck) -> list[Violation]:
    ctx = _Context.of(check)
    grid, stray = _group_by_day(check)
    outs = _reject_duplicates(grid, stray)
    found = [
        v
        for a in stray
        if a.mode in AWAY_MODES
        for v in _judge_cell(ctx, a.employee_id, a.day, a.mode)
    ]
    days = [_judge_day(ctx, day, grid[day], found, outs.get(day)) for day in sorted(grid)]
    found += _weekly_limits(ctx, days)
    found += _priority_skips(ctx, days)
    found += _required_away(ctx, days)
    return _in_output_order(found)


# --- preparation -----------------------------------------------------------


class _Ranks(NamedTuple):
    of: dict[int, int]  # employee id: index of the rank, 0 the best
    size: int  # distinct ranks


class _Ladder(NamedTuple):
    # Per rank index (0 the best), its members' ids in order of (days away, id).
    ranks: list[list[int]]


@dataclass(slots=True)
class _Context:
    """Lookups built once per check, so each cell costs a few dict/set probes."""

    check: RosterCheck
    by_id: dict[int, StaffMember]
    ids: frozenset[int]
    # Only members with an active_from/active_until can be off staff on a day.
    bounded: tuple[StaffMember, ...]
    bar_index: BarIndex
    rank_cache: dict[tuple[PriorityCriterion, ...], _Ranks] = field(default_factory=dict)
    ladder_cache: dict[tuple[object, ...], _Ladder] = field(default_factory=dict)
    # What the bars read of each policy, by its id (the check holds every policy, so
    # an id stays its own for the whole check).
    policy_facts: dict[int, tuple[object, ...]] = field(default_factory=dict)
    open_tables: dict[int, dict[tuple[object, ...], tuple[tuple[Code, str, str], ...]]] = field(
        default_factory=dict
    )
    _sub_members: dict[int, list[StaffMember]] | None = None
    _sub_ids: dict[int, list[int]] | None = None
    _sub_list: list[list[int]] | None = None
    week_cache: dict[tuple[date, ...], Counter[int]] = field(default_factory=dict)
    # Members whose week is full, by the id of a week's counts and a limit (the
    # counts kept beside, so the id stays theirs).
    full_cache: dict[tuple[int, int], tuple[Counter[int], frozenset[int]]] = field(
        default_factory=dict
    )
    # ``skip_pool`` by the id of a ladder (kept in ``ladder_cache``) and the bounds.
    pool_cache: dict[tuple[object, ...], frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, check: RosterCheck) -> _Context:
        by_id = {m.employee_id: m for m in check.staff}
        members = list(by_id.values())
        bounded = tuple([m for m in members if m.active_from or m.active_until])
        return cls(
            check,
            by_id,
            frozenset(by_id),
            bounded,
            BarIndex(members),
        )

    def absent_on(self, day: date) -> frozenset[int]:
        if not self.bounded:
            return _NOBODY
        return frozenset(m.employee_id for m in self.bounded if not m.on_staff(day))

    def flagged(self, policy: DayPolicy) -> frozenset[int]:
        """Staff barred in person under this policy (``policy.eligibility``)."""
        return self.bar_index.barred(policy)

    def open_texts(
        self, policy: DayPolicy
    ) -> dict[tuple[object, ...], tuple[tuple[Code, str, str], ...]]:
        """The table of ``_open_texts`` under the policy (shared with every policy the
        errors of an away cell on an open day read alike: the bars' facts, the
        frontline reason and the arrangement), by member facts and mode."""
        table = self.open_tables.get(id(policy))
        if table is None:
            facts = (
                bar_policy_facts(policy),
                policy.unit_exempt,
                policy.unit_exempt_reason,
                policy.arrangement,
            )
            table = _OPEN_TEXTS.get(facts)
            if table is None or len(table) >= _BARS_KEPT:
                if len(_OPEN_TEXTS) >= _OPEN_KEPT:
                    _OPEN_TEXTS.clear()
                table = _OPEN_TEXTS[facts] = {}
            self.open_tables[id(policy)] = table
        return table

    def bars(self, policy: DayPolicy, member: StaffMember) -> tuple[Bar, ...]:
        """``policy.bars(member)``, kept (across checks) for policies and members the
        bars read alike."""
        facts = self.policy_facts.get(id(policy))
        if facts is None:
            facts = self.policy_facts[id(policy)] = bar_policy_facts(policy)
        key = (facts, bar_facts(policy, member))
        found = _BARS.get(key)
        if found is None:
            if len(_BARS) >= _BARS_KEPT:
                _BARS.clear()
            found = _BARS[key] = policy.bars(member)
        return found

    def ranks(self, priorities: tuple[PriorityCriterion, ...]) -> _Ranks:
        """Every member's rank under the criteria, as its index among the staff's
        distinct ranks sorted best first (``priority_rank``: smaller goes first)."""
        ranks = self.rank_cache.get(priorities)
        if ranks is None:
            # A rank depends only on the two region ids and the circumstances: few
            # such triples exist, and their ranks are kept across checks, as ints
            # whose bits are the rank's 0s and 1s (the same order).
            known = _RANKS.get(priorities)
            if known is None or len(known) >= _BARS_KEPT:
                if len(_RANKS) >= _RANKS_KEPT:
                    _RANKS.clear()
                known = _RANKS[priorities] = {}
            get = known.get
            rank_of: dict[int, int] = {}
            for m in self.by_id.values():
                facts = (m.domicile_region_id, m.office_region_id, m.circumstances)
                rank = get(facts)
                if rank is None:
                    rank = known[facts] = _as_bits(priority_rank(m, priorities))
                rank_of[m.employee_id] = rank
            present = sorted(set(rank_of.values()))
            if present and present[-1] >= len(present):  # gaps: number the ranks present
                index = {rank: n for n, rank in enumerate(present)}
                rank_of = {emp: index[rank] for emp, rank in rank_of.items()}
            ranks = _Ranks(rank_of, len(present))
            self.rank_cache[priorities] = ranks
        return ranks

    def day_fields(self, day: date) -> dict[str, object]:
        """The date and circular as every message of that day names them."""
        policy = self.check.days.get(day)
        return _day_fields(day, policy.circular_number if policy else "")

    def ladder(self, policy: DayPolicy, totals: Counter[int]) -> _Ladder:
        """The staff who may be away under the policy on some day (those barred
        whatever the day are left out), per rank index, in order of (days away, id).

        Cached per criteria and bars: ``totals`` is fixed for the whole check.
        """
        key = (policy.priorities, bar_key(policy))
        ladder = self.ladder_cache.get(key)
        if ladder is None:
            ranks = self.ranks(policy.priorities)
            static = self.bar_index.static(policy)
            free = [emp for emp in self.by_id if emp not in static]
            rank_of, held = ranks.of, totals.get
            if free and min(free) >= 0 and min(totals.values(), default=0) >= 0:
                # (rank, days, id) packed in one int, each in as few bits as it needs:
                # the same order, a much faster sort (of small ints, faster still).
                id_span = 1 << max(free).bit_length()
                days_span = 1 << max(totals.values(), default=0).bit_length()
                codes = sorted([(rank_of[e] * days_span + held(e, 0)) * id_span + e for e in free])
                rank_span = days_span * id_span
                starts = [bisect_left(codes, n * rank_span) for n in range(ranks.size + 1)]
                id_mask = id_span - 1
                ids = [code & id_mask for code in codes]
            else:
                entries = sorted([(rank_of[e], held(e, 0), e) for e in free])
                starts = [bisect_left(entries, (n,)) for n in range(ranks.size + 1)]
                ids = [emp for _rank, _held, emp in entries]
            by_rank = [ids[starts[n] : starts[n + 1]] for n in range(ranks.size)]
            ladder = self.ladder_cache[key] = _Ladder(by_rank)
        return ladder

    def skip_pool(
        self, ladder: _Ladder, totals: Counter[int], bound: list[float]
    ) -> frozenset[int]:
        """The members on the ladder whose days away are above the bound of their
        rank (``bound``: per rank index; ``_NEVER`` for none). Each rank's members are
        in order of days away, so they are its last few: found from the end."""
        key = (id(ladder), tuple(bound))
        pool = self.pool_cache.get(key)
        if pool is None:
            found: list[int] = []
            for ids, most in zip(ladder.ranks, bound, strict=True):
                if most == _NEVER:
                    continue
                n = len(ids)
                while n and totals.get(ids[n - 1], 0) > most:
                    n -= 1
                found += ids[n:]
            pool = self.pool_cache[key] = frozenset(found)
        return pool

    def full_week(self, week_away: Counter[int], limit: int) -> frozenset[int]:
        """The members away ``limit`` days or more in the week of ``week_away``."""
        key = (id(week_away), limit)
        kept = self.full_cache.get(key)
        if kept is None:
            full = frozenset([emp for emp, n in week_away.items() if n >= limit])
            kept = self.full_cache[key] = (week_away, full)
        return kept[1]

    def away_counts(self, days: list[_Day]) -> Counter[int]:
        """Days away per member over ``days`` (kept: the week rules ask twice, the
        priority pass with the days nobody is away on, which change no count)."""
        key = tuple(d.day for d in days if d.away)
        counts = self.week_cache.get(key)
        if counts is None:
            counts = self.week_cache[key] = Counter(chain.from_iterable(d.away for d in days))
        return counts

    def sub_ids(self) -> dict[int, list[int]]:
        """The ids of the staff per sub-unit (in the staff's order)."""
        if self._sub_ids is None:
            by_sub: dict[int, list[int]] = {}
            for m in self.by_id.values():
                unit = m.sub_unit_id
                ids = by_sub.get(unit)
                if ids is None:
                    by_sub[unit] = [m.employee_id]
                else:
                    ids.append(m.employee_id)
            self._sub_ids = by_sub
        return self._sub_ids

    def sub_list(self) -> list[list[int]]:
        """``sub_ids`` in the order of the sub-units."""
        if self._sub_list is None:
            by_sub = self.sub_ids()
            self._sub_list = [by_sub[sub] for sub in sorted(by_sub)]
        return self._sub_list

    def sub_members(self, sub: int) -> list[StaffMember]:
        """The staff of one sub-unit, by employee id."""
        if self._sub_members is None:
            by_sub: dict[int, list[StaffMember]] = {}
            for m in self.by_id.values():
                by_sub.setdefault(m.sub_unit_id, []).append(m)
            for members in by_sub.values():
                members.sort(key=lambda m: m.employee_id)
            self._sub_members = by_sub
        return self._sub_members.get(sub, [])


_NOBODY: frozenset[int] = frozenset()
# The bars of a member under a policy, by what they read of both (pure, so shared
# between checks); cleared when it holds that many.
_BARS: dict[tuple[object, ...], tuple[Bar, ...]] = {}
_BARS_KEPT = 20_000
# Per criteria, the rank of each (domicile, office region, circumstances) met (pure,
# so shared between checks); cleared when that many criteria are kept.
_RANKS: dict[tuple[PriorityCriterion, ...], dict[tuple[object, ...], int]] = {}
_RANKS_KEPT = 64


def _as_bits(rank: tuple[int, ...]) -> int:
    """A rank of 0s and 1s as the int of those bits: ordered as the tuples are."""
    bits = 0
    for bit in rank:
        bits = bits << 1 | bit
    return bits


@lru_cache(maxsize=4096)
def _day_fields(day: date, number: str) -> dict[str, object]:
    """Shared between calls: callers merge it into a new dict, never change it."""
    return {
        "date_id": format_date_id(day),
        "date_en": format_date_en(day),
        **circular_names(number),
    }


_limit_words = lru_cache(maxsize=1024)(limit_words)


def _group_by_day(check: RosterCheck) -> tuple[dict[date, dict[Mode, list[int]]], list[Assignment]]:
    """Employee ids per day and mode: the only loop over every assignment (one by one
    again, keeping the strays apart, when a cell lies outside the days checked).

    A plain loop: on Python 3.11 it beats a chain of ``map``s over ``attrgetter``s."""
    grid: dict[date, dict[Mode, list[int]]] = {
        day: {mode: [] for mode in Mode} for day in check.days
    }
    try:
        for a in check.assignments:
            grid[a.day][a.mode].append(a.employee_id)
    except KeyError:  # a stray cell: start again, one by one
        return _group_by_day_slowly(check)
    return grid, []


def _group_by_day_slowly(
    check: RosterCheck,
) -> tuple[dict[date, dict[Mode, list[int]]], list[Assignment]]:
    grid: dict[date, dict[Mode, list[int]]] = {
        day: {mode: [] for mode in Mode} for day in check.days
    }
    stray: list[Assignment] = []
    by_day = grid.get
    for a in check.assignments:
        by_mode = by_day(a.day)
        if by_mode is None:
            stray.append(a)
        else:
            by_mode[a.mode].append(a.employee_id)
    return grid, stray


def _reject_duplicates(
    grid: dict[date, dict[Mode, list[int]]], stray: list[Assignment]
) -> dict[date, frozenset[int]]:
    """Raises on a duplicate cell. Returns, for each day with no office cell, everyone
    with a cell: that day's ``_Day.out``, already built."""
    outs: dict[date, frozenset[int]] = {}
    for day, by_mode in grid.items():
        everyone = frozenset(chain.from_iterable(by_mode.values()))
        if len(everyone) != sum(map(len, by_mode.values())):
            _raise_duplicate(list(chain.from_iterable(by_mode.values())), day)
        if not by_mode[Mode.WFO]:
            outs[day] = everyone
    stray_cells = [(a.employee_id, a.day) for a in stray]
    if len(set(stray_cells)) != len(stray_cells):
        (emp, day), _ = Counter(stray_cells).most_common(1)[0]
        _raise_duplicate([emp, emp], day)
    return outs


def _raise_duplicate(ids: list[int], day: date) -> None:
    emp = next(emp for emp, n in Counter(ids).items() if n > 1)
    raise ValueError(
        f"duplicate assignment for employee {emp} on {day.isoformat()}: "
        "a roster holds at most one cell per employee and day"
    )


# --- per cell ----------------------------------------------------------------


def _judge_cell(ctx: _Context, emp: int, day: date, mode: Mode) -> list[Violation]:
    """Every per-cell error of one away cell (see the module docstring for the order)."""
    policy = ctx.check.days.get(day)
    member = ctx.by_id.get(emp)
    if policy is None:
        return [_cell_error(ctx, Code.OUTSIDE_WINDOW, emp, day, mode, "stray")]
    if member is None:
        return [_cell_error(ctx, Code.NOT_ON_STAFF, emp, day, mode, "unknown")]
    if not member.on_staff(day):
        return [_cell_error(ctx, Code.NOT_ON_STAFF, emp, day, mode, "", _span(member))]
    if policy.is_open():
        return _open_day_errors(ctx, member, policy, day, mode)
    if not policy.working_day:
        why = _why(policy.non_working_reason)
        return [_cell_error(ctx, Code.NON_WORKING_DAY, emp, day, mode, "", why)]
    return [_cell_error(ctx, Code.OUTSIDE_WINDOW, emp, day, mode)]


def _open_day_errors(
    ctx: _Context, member: StaffMember, policy: DayPolicy, day: date, mode: Mode
) -> list[Violation]:
    emp, found = member.employee_id, []
    if policy.unit_exempt:
        why = _why(policy.unit_exempt_reason)
        found.append(_cell_error(ctx, Code.FRONTLINE_UNIT, emp, day, mode, "", why))
    for bar in ctx.bars(policy, member):
        reason = (("reason_id", bar.message_id), ("reason_en", bar.message_en))
        found.append(_cell_error(ctx, bar.code, emp, day, mode, "barred", reason))
    if mode not in policy.arranged_modes():
        arrangement = (("arrangement", str(policy.arrangement)),)
        found.append(_cell_error(ctx, Code.WRONG_MODE, emp, day, mode, "", arrangement))
    return found


# Extra fields of a message, as (name, value) pairs (hashable, for the caches).
_Extra = tuple[tuple[str, str], ...]


def _cell_error(
    ctx: _Context,
    code: Code,
    emp: int,
    day: date,
    mode: Mode,
    variant: str = "",
    extra: _Extra = (),
) -> Violation:
    member = ctx.by_id.get(emp)
    policy = ctx.check.days.get(day)
    number = policy.circular_number if policy else ""
    text_id, text_en = _cell_texts(variant or code, day, number, mode, extra)
    row = {"name": member.name if member else f"ID {emp}", "emp": str(emp)}
    return _lazy_violation(
        code,
        Severity.ERROR,
        day,
        ctx.check.unit_id,
        emp,
        text_id,
        text_en,
        row,
    )


@lru_cache(maxsize=8192)
def _cell_texts(key: str, day: date, number: str, mode: Mode, extra: _Extra) -> tuple[str, str]:
    """A cell error's two messages with all but the member filled in."""
    fields = _day_fields(day, number) | {"mode": str(mode)} | dict(extra)
    return _partial(TEXTS[key], fields, _CELL_ROW)


_CELL_ROW = ("name", "emp")


def _span(member: StaffMember) -> _Extra:
    """When the member is on staff, to explain a mid-period move."""
    start, end = member.active_from, member.active_until
    parts_id = [f"sejak {format_date_id(start)}"] if start else []
    parts_en = [f"from {format_date_en(start)}"] if start else []
    parts_id += [f"sampai {format_date_id(end)}"] if end else []
    parts_en += [f"until {format_date_en(end)}"] if end else []
    return (
        ("span_id", f" (aktif {' '.join(parts_id)})"),
        ("span_en", f" (on staff {' '.join(parts_en)})"),
    )


def _why(reason: str) -> _Extra:
    text = f" ({reason})" if reason else ""
    return (("why_id", text), ("why_en", text))


def _violation(
    severity: Severity,
    code: Code,
    day: date,
    unit_id: int,
    emp: int | None,
    fields: dict[str, object],
    *,
    allowed: int | None = None,
    requested: int | None = None,
    variant: str = "",
) -> Violation:
    text_id, text_en = TEXTS[variant or code]
    return _lazy_violation(
        code, severity, day, unit_id, emp, text_id, text_en, fields, allowed, requested
    )


_FORMATTER = Formatter()


def _partial(
    templates: tuple[str, str], fields: dict[str, object], row: tuple[str, ...]
) -> tuple[str, str]:
    """The templates with every field but those of ``row`` filled from ``fields`` (and
    the braces of what was filled in escaped): ``_partial(t, f, r)[i].format_map(x)``
    is ``t[i].format_map(f | x)`` for any ``x`` holding the fields of ``row``."""
    return (_fill(templates[0], fields, row), _fill(templates[1], fields, row))


def _fill(template: str, fields: dict[str, object], row: tuple[str, ...]) -> str:
    out = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(_escape(literal))
        if name is None:
            continue
        if name in row:
            out.append(
                f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            )
            continue
        value = _FORMATTER.convert_field(fields[name], conversion)
        out.append(_escape(_FORMATTER.format_field(value, spec or "")))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _violation_factory() -> Callable[..., Violation]:
    """``Violation(...)`` without the frozen dataclass's ``__init__`` (which sets each
    field through ``object.__setattr__``): the slots are written through their own
    descriptors. The same value, equal and with the same hash."""
    setters = [_slot(Violation, f.name).__set__ for f in fields(Violation)]
    assert len(setters) == 9, "Violation changed: update _violation_factory"
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = setters
    new = object.__new__

    def make(
        code: Code,
        severity: Severity,
        day: date | None,
        unit_id: int | None,
        employee_id: int | None,
        text_id: str,
        text_en: str,
        row: dict[str, object],
        allowed: int | None = None,
        requested: int | None = None,
    ) -> Violation:
        """``Violation(..., allowed, requested, text_id.format_map(row),
        text_en.format_map(row))``, the two texts formatted only when read
        (``policy.values.LazyText``): most violations of a large check are counted,
        few are read. ``row`` must not change afterwards."""
        v = new(Violation)
        s0(v, code)
        s1(v, severity)
        s2(v, day)
        s3(v, unit_id)
        s4(v, employee_id)
        s5(v, allowed)
        s6(v, requested)
        s7(v, pending := (text_id, text_en, row))
        s8(v, pending)
        return v

    return make


def _slot(cls: type, name: str) -> Any:
    """The slot's own descriptor, under the ``LazyText`` of the messages."""
    attr = cls.__dict__[name]
    return attr.slot if isinstance(attr, LazyText) else attr


_lazy_violation = _violation_factory()


# --- per day -----------------------------------------------------------------


class _Day:
    """One checked day after judging its cells; the week and priority rules read it."""

    __slots__ = (
        "_away_set",
        "_barred",
        "_mode_of",
        "_out",
        "_wfa",
        "absent",
        "away",
        "by_mode",
        "day",
        "error_ids",
        "open",
        "policy",
    )

    def __init__(
        self,
        day: date,
        policy: DayPolicy,
        by_mode: dict[Mode, list[int]],
        absent: frozenset[int],
        away: list[int],
        error_ids: set[int],
        barred: frozenset[int] | None,
        out: frozenset[int] | None,
    ) -> None:
        self.day = day
        self.policy = policy
        self.open = policy.is_open()
        self.by_mode = by_mode
        self.absent = absent  # known staff who are not on staff this day
        self.away = away  # on-staff members away (WFA/WFH), valid or not
        self.error_ids = error_ids  # of ``away``: those whose cell holds an error
        self._barred = barred
        self._away_set: frozenset[int] | None = None
        self._mode_of: dict[int, Mode] | None = None
        self._out = out
        self._wfa: frozenset[int] | None = None

    def barred(self, ctx: _Context) -> frozenset[int]:
        if self._barred is None:
            self._barred = ctx.flagged(self.policy)
        return self._barred

    @property
    def away_set(self) -> frozenset[int]:
        if self._away_set is None:
            self._away_set = frozenset(self.away)
        return self._away_set

    @property
    def out(self) -> frozenset[int]:
        """Everyone with a cell other than the office (on staff or not)."""
        if self._out is None:
            by_mode = self.by_mode
            self._out = frozenset(
                chain(
                    by_mode[Mode.WFA], by_mode[Mode.WFH], by_mode[Mode.LEAVE], by_mode[Mode.TRAVEL]
                )
            )
        return self._out

    @property
    def wfa_set(self) -> frozenset[int]:
        """Everyone with a WFA cell this day."""
        if self._wfa is None:
            self._wfa = frozenset(self.by_mode[Mode.WFA])
        return self._wfa

    @property
    def mode_of(self) -> dict[int, Mode]:
        """The mode of everyone not at the office (``.get(emp, Mode.WFO)`` for the rest).

        Built only when a warning needs to name modes: most days never do."""
        if self._mode_of is None:
            self._mode_of = {
                e: mode for mode, ids in self.by_mode.items() if mode is not Mode.WFO for e in ids
            }
        return self._mode_of


def _judge_day(
    ctx: _Context,
    day: date,
    by_mode: dict[Mode, list[int]],
    found: list[Violation],
    out: frozenset[int] | None,
) -> _Day:
    """Per-cell errors, the cap and cover of one day; appends to ``found``. ``out``:
    the day's ``_Day.out`` when already built, else None."""
    policy = ctx.check.days[day]
    absent = ctx.absent_on(day)
    wfa, wfh = by_mode[Mode.WFA], by_mode[Mode.WFH]
    allowed = policy.modes_allowed()
    barred = ctx.flagged(policy) if allowed and (wfa or wfh) else None
    suspects = _suspects(ctx, allowed, barred, absent, wfa, wfh)
    if policy.is_open():
        cell_errors = _open_cell_errors(ctx, policy, day, absent, suspects)
    else:
        cell_errors = [v for e, m in suspects for v in _judge_cell(ctx, e, day, m)]
    found += cell_errors
    away = _on_staff(ctx, absent, wfa + wfh)
    d = _Day(
        day,
        policy,
        by_mode,
        absent,
        away,
        {v.employee_id for v in cell_errors if v.employee_id is not None},
        barred,
        out,
    )
    if d.open and not policy.unit_exempt:
        headcount = len(ctx.by_id) - len(absent)
        found += _cap_exceeded(ctx, d, headcount=headcount)
        found += _too_few_away(ctx, d, headcount=headcount)
    if policy.working_day and away:
        found += _no_cover(ctx, d)
    return d


def _open_cell_errors(
    ctx: _Context,
    policy: DayPolicy,
    day: date,
    absent: frozenset[int],
    suspects: list[tuple[int, Mode]],
) -> list[Violation]:
    """``_judge_cell`` for every suspect of an open day, its messages from templates
    kept per policy, member facts and mode (only the member's name and id vary).

    ``absent``: the known staff not on staff this day (``_Context.absent_on``)."""
    found: list[Violation] = []
    keep = found.append
    by_id_get, unit = ctx.by_id.get, ctx.check.unit_id
    facts_of = bar_facts_by(policy)
    error, make = Severity.ERROR, _lazy_violation
    # The templates by member facts and mode, under this policy's facts.
    texts_by = ctx.open_texts(policy)
    for emp, mode in suspects:
        member = by_id_get(emp)
        if member is None or emp in absent:
            found += _judge_cell(ctx, emp, day, mode)
            continue
        mine = (facts_of(member), mode)
        texts = texts_by.get(mine)
        if texts is None:
            texts = texts_by[mine] = _open_texts(ctx, policy, member, day, mode)
        row = {"name": member.name, "emp": str(emp)}
        for code, text_id, text_en in texts:
            keep(make(code, error, day, unit, emp, text_id, text_en, row))
    return found


def _open_texts(
    ctx: _Context, policy: DayPolicy, member: StaffMember, day: date, mode: Mode
) -> tuple[tuple[Code, str, str], ...]:
    """The errors of an away cell of an on-staff member on an open day, in the order
    of ``_open_day_errors``, as (code, Indonesian, English) with the name and id left
    to fill."""
    number = policy.circular_number
    found = []
    if policy.unit_exempt:
        why = _why(policy.unit_exempt_reason)
        found.append(
            (Code.FRONTLINE_UNIT, *_cell_texts(Code.FRONTLINE_UNIT, day, number, mode, why))
        )
    for bar in ctx.bars(policy, member):
        reason = (("reason_id", bar.message_id), ("reason_en", bar.message_en))
        found.append((bar.code, *_cell_texts("barred", day, number, mode, reason)))
    if mode not in policy.arranged_modes():
        arrangement = (("arrangement", str(policy.arrangement)),)
        found.append(
            (Code.WRONG_MODE, *_cell_texts(Code.WRONG_MODE, day, number, mode, arrangement))
        )
    return tuple(found)


# The templates of ``_open_texts`` by what they read of the policy, then of the member
# and the mode (pure, so shared between checks); cleared when that many policies.
_OPEN_TEXTS: dict[
    tuple[object, ...], dict[tuple[object, ...], tuple[tuple[Code, str, str], ...]]
] = {}
_OPEN_KEPT = 1024


def _suspects(
    ctx: _Context,
    allowed: frozenset[Mode],
    barred: frozenset[int] | None,
    absent: frozenset[int],
    wfa: list[int],
    wfh: list[int],
) -> list[tuple[int, Mode]]:
    """Away cells that may break a per-cell rule; every other away cell is valid.

    The fast path is a few C-level set tests per day, so a clean day costs no
    Python work per cell; ``_judge_cell`` then decides each suspect in full.
    """
    if not allowed:  # closed, or a frontline OPD: every away cell is an error
        return [(e, Mode.WFA) for e in wfa] + [(e, Mode.WFH) for e in wfh]
    if barred is None:  # only when no cell is away
        return []
    suspects: list[tuple[int, Mode]] = []
    ids = ctx.ids
    for mode, cells in ((Mode.WFA, wfa), (Mode.WFH, wfh)):
        if not cells:
            continue
        if mode not in allowed:
            suspects += [(e, mode) for e in cells]
        else:
            known = ids.issuperset(cells)
            if known and barred.isdisjoint(cells) and absent.isdisjoint(cells):
                continue
            # In any order: the output is sorted, and no two errors share a sort key.
            bad = set(barred.intersection(cells))
            if absent:
                bad.update(absent.intersection(cells))
            if not known:
                bad.update(filterfalse(ids.__contains__, cells))
            suspects += [(e, mode) for e in bad]
    return suspects


def _on_staff(ctx: _Context, absent: frozenset[int], ids: list[int]) -> list[int]:
    if ctx.ids.issuperset(ids) and absent.isdisjoint(ids):
        return ids
    return list(filterfalse(absent.__contains__, filter(ctx.ids.__contains__, ids)))


def _gone(ctx: _Context, d: _Day) -> list[int]:
    """On-staff members on leave or travel."""
    return _on_staff(ctx, d.absent, d.by_mode[Mode.LEAVE] + d.by_mode[Mode.TRAVEL])


def _cap_exceeded(ctx: _Context, d: _Day, *, headcount: int) -> list[Violation]:
    limit = d.policy.limit_for(headcount)
    count = len(d.away)
    if limit is None or count <= limit:
        return []
    fields = ctx.day_fields(d.day) | _limit_words(d.policy.binding_limit(headcount), headcount)
    fields |= {"allowed": limit, "requested": count, "excess": count - limit}
    unit = ctx.check.unit_id
    return [
        _violation(
            Severity.ERROR,
            Code.CAP_EXCEEDED,
            d.day,
            unit,
            None,
            fields,
            allowed=limit,
            requested=count,
        )
    ]


def _too_few_away(ctx: _Context, d: _Day, *, headcount: int) -> list[Violation]:
    """More at the office than an office maximum allows (leave and travel are out)."""
    most = d.policy.office_limit(headcount)
    if most is None:
        return []
    out = len(d.away) + len(_gone(ctx, d))
    office = headcount - out
    if office <= most:
        return []
    binding = d.policy.office_binding(headcount)
    assert binding is not None  # office_limit found one
    fields = ctx.day_fields(d.day) | _limit_words(binding, headcount)
    fields |= {"allowed": most, "requested": office, "excess": office - most}
    return [
        _violation(
            Severity.ERROR,
            Code.TOO_FEW_AWAY,
            d.day,
            ctx.check.unit_id,
            None,
            fields,
            allowed=most,
            requested=office,
        )
    ]


def _no_cover(ctx: _Context, d: _Day) -> list[Violation]:
    """Sub-units where someone is away and nobody on staff is at the office.

    Leave and travel count as out too. A sub-unit that is out only through
    leave or travel is not the roster's doing, so it is not reported.
    """
    absent, out = d.absent, d.out
    gone = out | absent if absent else out
    found = []
    # A sub-unit is covered unless every one of its staff is gone (a set test in C).
    for ids in filter(gone.issuperset, ctx.sub_list()):
        present = [emp for emp in ids if emp not in absent]  # all out, then
        away = d.away_set
        if any(emp in away for emp in present):
            sub = ctx.by_id[ids[0]].sub_unit_id
            found.append(_no_cover_warning(ctx, d, sub, len(present)))
    return found


def _no_cover_warning(ctx: _Context, d: _Day, sub: int, out: int) -> Violation:
    members = [m for m in ctx.sub_members(sub) if m.employee_id not in d.absent]
    modes = [d.mode_of.get(m.employee_id, Mode.WFO) for m in members]
    fields = ctx.day_fields(d.day) | {
        "requested": out,
        "people_id": ", ".join(
            f"{m.name} ({mode})" for m, mode in zip(members, modes, strict=True)
        ),
        "people_en": ", ".join(
            f"{m.name} ({MODES_EN.get(mode, mode)})" for m, mode in zip(members, modes, strict=True)
        ),
    }
    return _violation(
        Severity.WARNING, Code.NO_COVER, d.day, sub, None, fields, allowed=out - 1, requested=out
    )


# --- per week ----------------------------------------------------------------


def _weekly_limits(ctx: _Context, days: list[_Day]) -> list[Violation]:
    weeks: dict[tuple[int, int], list[_Day]] = {}
    for d in days:
        if d.open:
            year, week, _ = d.day.isocalendar()
            weeks.setdefault((year, week), []).append(d)
    return [v for week_days in weeks.values() for v in _weekly_in(ctx, week_days)]


def _weekly_in(ctx: _Context, week_days: list[_Day]) -> list[Violation]:
    limits = [d.policy.weekly_limit for d in week_days if d.policy.weekly_limit is not None]
    if not limits:
        return []
    # Nobody's own limit is below the week's smallest, so that bound filters
    # out almost everyone before the per-employee look.
    floor = min(limits)
    if len(week_days) <= floor:
        return []  # nobody can be away more days than the week has
    counts = ctx.away_counts(week_days)
    over = [emp for emp, n in counts.items() if n > floor]
    if not over:
        return []
    # Per day, which of those few are away (a set test in C per day).
    over_set = frozenset(over)
    away_by_day = [over_set.intersection(d.away) for d in week_days]
    return [v for emp in over for v in _weekly_for(ctx, emp, week_days, away_by_day)]


def _weekly_for(
    ctx: _Context, emp: int, week_days: list[_Day], away_by_day: list[frozenset[int]]
) -> list[Violation]:
    """``away_by_day``: per day of ``week_days``, members away that day (``emp`` among
    them where it is)."""
    member = ctx.by_id.get(emp)
    if member is not None and member.weekly_limit_exempt:
        return []
    mine = [d for d, away in zip(week_days, away_by_day, strict=True) if emp in away]
    limits = [d.policy.weekly_limit for d in mine if d.policy.weekly_limit is not None]
    if not limits or len(mine) <= min(limits):
        return []
    limit = min(limits)
    first_over = mine[limit]  # the day the running count first passes the limit
    monday = first_over.day - timedelta(days=first_over.day.weekday())
    fields = ctx.day_fields(first_over.day) | {
        "name": ctx.by_id[emp].name,
        "allowed": limit,
        "requested": len(mine),
        "week_id": format_date_id(monday),
        "week_en": format_date_en(monday),
    }
    return [
        _violation(
            Severity.ERROR,
            Code.WEEKLY_LIMIT,
            first_over.day,
            ctx.check.unit_id,
            emp,
            fields,
            allowed=limit,
            requested=len(mine),
        )
    ]


# --- priority ----------------------------------------------------------------


def _priority_skips(ctx: _Context, days: list[_Day]) -> list[Violation]:
    ranked = [d for d in days if d.away and d.policy.priorities and d.policy.modes_allowed()]
    if not ranked:
        return []
    by_week: dict[tuple[int, int], list[_Day]] = {}
    for d in days:
        by_week.setdefault(d.day.isocalendar()[:2], []).append(d)
    weekly = {week: ctx.away_counts(week_days) for week, week_days in by_week.items()}
    # Days away in the window: this roster's on-staff away cells plus those held elsewhere.
    elsewhere = ctx.check.away_days_elsewhere
    if len(weekly) == 1 and not elsewhere:
        (totals,) = weekly.values()  # the same count (neither is changed)
    else:
        totals = Counter(chain.from_iterable(d.away for d in days))
        totals.update(elsewhere)
    return [v for d in ranked for v in _skips_on(ctx, d, totals, weekly[d.day.isocalendar()[:2]])]


def _skips_on(
    ctx: _Context, d: _Day, totals: Counter[int], week_away: Counter[int]
) -> list[Violation]:
    """Valid away cells of a day while a higher-ranked colleague with fewer
    days away, free to go, sits at the office."""
    rank_of = ctx.ranks(d.policy.priorities).of
    ladder = ctx.ladder(d.policy, totals)
    above = _best_above(ctx, d, ladder, totals, week_away)
    # Per rank index: the days away above which a member is skipped over (none: never).
    bound = [_NEVER if best is None else best[0] for best in above]
    if min(bound) == _NEVER:
        return []  # nobody better ranked is free to go
    # The away members whose days away pass the bound of their rank: those on the
    # ladder from the few it holds above each bound (one set test in C), those off it
    # (barred whatever the day) one by one.
    away, error_ids = d.away, d.error_ids
    skipped = [
        emp
        for emp in ctx.skip_pool(ladder, totals, bound).intersection(away)
        if emp not in error_ids
    ]
    static = ctx.bar_index.static(d.policy)
    if static:
        skipped += [
            emp
            for emp in static.intersection(away)
            if totals[emp] > bound[rank_of[emp]] and emp not in error_ids
        ]
    # What every warning of the day shares: the texts per mode, the better colleague
    # per rank.
    by_id = ctx.by_id
    day, unit, number = d.day, ctx.check.unit_id, d.policy.circular_number
    wfa_texts = _skip_texts(day, number, Mode.WFA)
    wfh_texts = _skip_texts(day, number, Mode.WFH)
    wfa = d.wfa_set
    others = [None if best is None else (best[0], by_id[best[1]].name) for best in above]
    code, severity, make = Code.PRIORITY_SKIPPED, Severity.WARNING, _lazy_violation
    found: list[Violation] = []
    keep = found.append
    for emp in skipped:
        other = others[rank_of[emp]]
        assert other is not None  # its bound was passed
        text_id, text_en = wfa_texts if emp in wfa else wfh_texts
        row = {
            "name": by_id[emp].name,
            "other": other[1],
            "other_days": other[0],
            "own_days": totals[emp],
        }
        keep(make(code, severity, day, unit, emp, text_id, text_en, row))
    return found


_NEVER = float("inf")


def _best_above(
    ctx: _Context, d: _Day, ladder: _Ladder, totals: Counter[int], week_away: Counter[int]
) -> list[tuple[int, int] | None]:
    """Per rank index: the (days away, id) of the free colleague with the fewest days
    away among all strictly better ranks, or None.

    Free: not barred, on staff, at the office, and able to take the day: their week
    is not full, and they are not the last of their sub-unit at the office. Naming
    anyone else in a priority warning would ask for a roster that breaks another
    rule. Each rank's members are looked at in order until the first free one (the
    set tests in C, the sub-unit's only for those who pass them).
    """
    barred, absent, out = d.barred(ctx), d.absent, d.out
    limit = d.policy.weekly_limit
    full = _NOBODY if limit is None else ctx.full_week(week_away, limit)
    tests = [group.__contains__ for group in (out, full, barred, absent) if group]
    by_id, sub_ids = ctx.by_id, ctx.sub_ids()
    best: tuple[int, int] | None = None
    above: list[tuple[int, int] | None] = []
    for ids in ladder.ranks:
        above.append(best)
        candidates: Iterable[int] = ids
        for test in tests:
            candidates = filterfalse(test, candidates)
        for emp in candidates:
            if not any(
                other != emp and other not in out and other not in absent
                for other in sub_ids[by_id[emp].sub_unit_id]
            ):
                continue  # the last of the sub-unit at the office
            here = (totals.get(emp, 0), emp)
            if best is None or here < best:
                best = here
            break
    return above


@lru_cache(maxsize=4096)
def _skip_texts(day: date, number: str, mode: Mode) -> tuple[str, str]:
    fields = _day_fields(day, number) | {"mode": str(mode)}
    return _partial(
        TEXTS[Code.PRIORITY_SKIPPED], fields, ("name", "other", "other_days", "own_days")
    )


# --- required away -----------------------------------------------------------


def _required_away(ctx: _Context, days: list[_Day]) -> list[Violation]:
    """Members of a group the circular requires away (pregnant staff, say), free to
    go, yet at the office on an open day: a warning, never an error (they may be
    needed in, and the head answers for it)."""
    found: list[Violation] = []
    if not any(d.policy.required_away_groups for d in days):
        return found
    declared = [m for m in ctx.by_id.values() if m.circumstances]  # few: only they can be
    if not declared:
        return found
    for d in days:
        groups = d.policy.required_away_groups
        if not groups or not d.policy.modes_allowed():
            continue
        barred, absent, out = d.barred(ctx), d.absent, d.out
        # The day's texts by the groups named (few distinct).
        texts: dict[frozenset[str], tuple[str, str]] = {}
        arrangement = d.policy.proposed_mode() or Mode.WFA
        day, unit, number = d.day, ctx.check.unit_id, d.policy.circular_number
        for m in declared:
            emp = m.employee_id
            if groups.isdisjoint(m.circumstances) or emp in barred or emp in absent or emp in out:
                continue  # not in a group, may not go, or not at the office
            named = groups & m.circumstances
            pair = texts.get(named)
            if pair is None:
                pair = texts[named] = _required_texts(
                    day, number, tuple(sorted(named)), arrangement
                )
            found.append(
                _lazy_violation(
                    Code.REQUIRED_AWAY,
                    Severity.WARNING,
                    day,
                    unit,
                    emp,
                    pair[0],
                    pair[1],
                    {"name": m.name},
                )
            )
    return found


@lru_cache(maxsize=4096)
def _required_texts(
    day: date, number: str, groups: tuple[str, ...], arrangement: Mode
) -> tuple[str, str]:
    fields = _day_fields(day, number) | circumstance_names(groups)
    fields |= {"arrangement": str(arrangement)}
    return _partial(TEXTS[Code.REQUIRED_AWAY], fields, ("name",))


# --- output ------------------------------------------------------------------


def _in_output_order(found: list[Violation]) -> list[Violation]:
    """``sorted(found, key=_output_order)``, the keys built inline (no call per violation)."""
    error, first_day, order = Severity.ERROR, date.min, _CODE_ORDER
    keys = [
        (
            v.severity is not error,
            first_day if (day := v.day) is None else day,
            -1 if (unit := v.unit_id) is None else unit,
            -1 if (emp := v.employee_id) is None else emp,
            order[v.code],
        )
        for v in found
    ]
    return [found[n] for n in sorted(range(len(found)), key=keys.__getitem__)]


def _output_order(v: Violation) -> tuple[bool, date, int, int, int]:
    return (
        v.severity is not Severity.ERROR,
        v.day or date.min,
        -1 if v.unit_id is None else v.unit_id,
        -1 if v.employee_id is None else v.employee_id,
        _CODE_ORDER[v.code],
    )
