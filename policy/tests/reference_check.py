"""A frozen copy of the roster rules (``policy.check``) as of commit 66d0712: the TEST ORACLE.

Not used by the portal. ``test_check_differential`` runs it beside
``policy.check.check_roster`` on generated rosters and asserts both give the same
violations, in the same order, with the same messages; ``bench/rules.py
--reference`` times it beside the engine. Keep it as it is: it is the yardstick
the optimised engine is held to, not code to improve. It carries its own copies
of what the engine delegates to ``policy.eligibility`` (the bars) and
``policy.limits`` (through ``DayPolicy``'s answers), so optimising those modules
cannot change the oracle. Only the words (``policy.texts``) and the plain
values (``policy.values``) are shared.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain

from policy.limits import Limit, Shape
from policy.texts import (
    BAR_TEXTS,
    MODES_EN,
    TEXTS,
    circular_names,
    circumstance_names,
    format_date_en,
    format_date_id,
    job_type_names,
    limit_words,
    role_names,
)
from policy.values import (
    AWAY_MODES,
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

__all__ = ["check_roster", "priority_rank"]


def is_away(mode: Mode) -> bool:
    return mode in AWAY_MODES


# --- DayPolicy's answers, frozen (policy.values and policy.limits at 66d0712) ---------


def _is_open(policy: DayPolicy) -> bool:
    return policy.working_day and policy.circular_id is not None


def _arranged_modes(policy: DayPolicy) -> frozenset[Mode]:
    if not _is_open(policy):
        return frozenset()
    return AWAY_MODES if policy.arrangement is None else frozenset({policy.arrangement})


def _modes_allowed(policy: DayPolicy) -> frozenset[Mode]:
    return frozenset() if policy.unit_exempt else _arranged_modes(policy)


def _proposed_mode(policy: DayPolicy) -> Mode | None:
    if not _modes_allowed(policy):
        return None
    return policy.arrangement or Mode.WFA


def _applied_ids(policy: DayPolicy) -> frozenset[int]:
    if policy.circular_ids:
        return frozenset(policy.circular_ids)
    return frozenset() if policy.circular_id is None else frozenset({policy.circular_id})


def _max_away_of(limit: Limit, headcount: int) -> int | None:
    shape, value = limit.shape, limit.value
    if shape is Shape.AWAY_SHARE:
        return value * headcount // 100
    if shape is Shape.AWAY_COUNT:
        return min(value, headcount)
    if shape is Shape.STAY_SHARE:
        return headcount - min(headcount, -(-value * headcount // 100))
    if shape is Shape.STAY_COUNT:
        return max(0, headcount - value)
    return None


def _max_office_of(limit: Limit, headcount: int) -> int | None:
    if limit.shape is Shape.OFFICE_MAX_SHARE:
        return limit.value * headcount // 100
    if limit.shape is Shape.OFFICE_MAX_COUNT:
        return min(limit.value, headcount)
    return None


def _bounds(policy: DayPolicy) -> tuple[Limit, ...]:
    return (Limit(Shape.AWAY_SHARE, policy.cap_percent), *policy.limits)


def _strictest_away(limits: tuple[Limit, ...], headcount: int) -> tuple[int, Limit | None]:
    best, binding = headcount, None
    for limit in limits:
        bound = _max_away_of(limit, headcount)
        if bound is not None and (binding is None or bound < best):
            best, binding = bound, limit
    return best, binding


def _limit_for(policy: DayPolicy, headcount: int) -> int | None:
    if not _is_open(policy):
        return None
    return 0 if policy.unit_exempt else _strictest_away(_bounds(policy), headcount)[0]


def _binding_limit(policy: DayPolicy, headcount: int) -> Limit:
    return _strictest_away(_bounds(policy), headcount)[1] or _bounds(policy)[0]


def _office_binding(policy: DayPolicy, headcount: int) -> Limit | None:
    if not _is_open(policy) or policy.unit_exempt:
        return None
    best, binding = headcount, None
    for limit in policy.limits:
        bound = _max_office_of(limit, headcount)
        if bound is not None and (binding is None or bound < best):
            best, binding = bound, limit
    return binding


def _office_limit(policy: DayPolicy, headcount: int) -> int | None:
    binding = _office_binding(policy, headcount)
    return None if binding is None else _max_office_of(binding, headcount)


# --- the bars, frozen (policy.eligibility at 66d0712) --------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    code: Code
    message_id: str
    message_en: str
    detail: tuple[str, ...] = ()


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _is_new(member: StaffMember, policy: DayPolicy) -> bool:
    months = policy.new_employee_months
    if months is None or member.appointed is None:
        return False
    return _months_between(member.appointed, policy.day) < months


def _under_sanction(member: StaffMember, day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in member.sanctions)


def _on_staff_day(member: StaffMember, day: date) -> bool:
    if member.active_from is not None and day < member.active_from:
        return False
    return member.active_until is None or day <= member.active_until


def _bar_key(policy: DayPolicy) -> tuple[object, ...]:
    return (policy.exempt_roles, _applied_ids(policy), policy.eligible_job_types)


def _static_test(policy: DayPolicy) -> Callable[[StaffMember], bool]:
    roles, applied = policy.exempt_roles, _applied_ids(policy)
    job_types = policy.eligible_job_types

    def test(member: StaffMember) -> bool:
        return (
            bool(member.roles & roles)
            or not applied.isdisjoint(member.revoked_circular_ids)
            or bool(job_types and member.job_type not in job_types)
        )

    return test


def _dated(policy: DayPolicy, member: StaffMember) -> bool:
    sanctioned = policy.excludes_sanctioned and _under_sanction(member, policy.day)
    return sanctioned or _is_new(member, policy) or policy.day in member.recalled_days


def _is_barred(policy: DayPolicy, member: StaffMember) -> bool:
    return _static_test(policy)(member) or _dated(policy, member)


@dataclass(slots=True)
class BarIndex:
    members: list[StaffMember]
    _static: dict[tuple[object, ...], frozenset[int]] = field(default_factory=dict)
    _sanctioned: list[StaffMember] = field(default_factory=list)
    _recalled: list[StaffMember] = field(default_factory=list)
    _months: list[int] = field(default_factory=list)
    _ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sanctioned = [m for m in self.members if m.sanctions]
        self._recalled = [m for m in self.members if m.recalled_days]
        appointed = sorted(
            (m.appointed.year * 12 + m.appointed.month, m.employee_id)
            for m in self.members
            if m.appointed is not None
        )
        self._months = [month for month, _emp in appointed]
        self._ids = [emp for _month, emp in appointed]

    def barred(self, policy: DayPolicy) -> frozenset[int]:
        key = _bar_key(policy)
        if key not in self._static:
            test = _static_test(policy)
            self._static[key] = frozenset(m.employee_id for m in self.members if test(m))
        found = self._static[key]
        dated = self._dated(policy)
        return found | dated if dated else found

    def _dated(self, policy: DayPolicy) -> frozenset[int]:
        day = policy.day
        found: set[int] = set()
        if policy.excludes_sanctioned:
            found.update(m.employee_id for m in self._sanctioned if _under_sanction(m, day))
        if policy.new_employee_months is not None:
            oldest_new = day.year * 12 + day.month - policy.new_employee_months
            found.update(self._ids[bisect_right(self._months, oldest_new) :])
        found.update(m.employee_id for m in self._recalled if day in m.recalled_days)
        return frozenset(found)


def _bars(policy: DayPolicy, member: StaffMember) -> tuple[Bar, ...]:
    if not _is_barred(policy, member):
        return ()
    circ = circular_names(policy.circular_number)
    found = []
    if roles := tuple(sorted(member.roles & policy.exempt_roles)):
        found.append(_bar(Code.EXEMPT_ROLE, circ | role_names(roles), detail=roles))
    if revoked := _applied_ids(policy) & member.revoked_circular_ids:
        number = _number_of(policy, min(revoked))
        found.append(_bar(Code.PERMISSION_REVOKED, circular_names(number)))
    if policy.eligible_job_types and member.job_type not in policy.eligible_job_types:
        names = job_type_names(member.job_type, tuple(sorted(policy.eligible_job_types)))
        found.append(_bar(Code.JOB_TYPE_EXCLUDED, circ | names, detail=(member.job_type,)))
    if policy.excludes_sanctioned and _under_sanction(member, policy.day):
        found.append(_bar(Code.UNDER_SANCTION, circ | _sanction_span(member, policy.day)))
    if _is_new(member, policy):
        assert member.appointed is not None
        fields = circ | {
            "months": str(policy.new_employee_months),
            "tmt_id": f"{member.appointed.month:02d}/{member.appointed.year}",
            "tmt_en": f"{member.appointed.month:02d}/{member.appointed.year}",
        }
        found.append(_bar(Code.NEW_EMPLOYEE, fields))
    if policy.day in member.recalled_days:
        found.append(
            _bar(
                Code.RECALLED,
                {"date_id": format_date_id(policy.day), "date_en": format_date_en(policy.day)},
            )
        )
    return tuple(found)


def _sanction_span(member: StaffMember, day: date) -> dict[str, str]:
    start, end = next((s, e) for s, e in member.sanctions if s <= day and (e is None or day <= e))
    if end is None:
        return {
            "span_id": f"sejak {format_date_id(start)}",
            "span_en": f"since {format_date_en(start)}",
        }
    return {
        "span_id": f"{format_date_id(start)} sampai {format_date_id(end)}",
        "span_en": f"{format_date_en(start)} to {format_date_en(end)}",
    }


def _number_of(policy: DayPolicy, circular_id: int) -> str:
    numbers = dict(zip(policy.circular_ids, policy.circular_numbers, strict=False))
    return numbers.get(circular_id, policy.circular_number)


def _bar(code: Code, fields: dict[str, str], *, detail: tuple[str, ...] = ()) -> Bar:
    text_id, text_en = BAR_TEXTS[code]
    return Bar(code, text_id.format(**fields), text_en.format(**fields), detail)


# --- the rules, frozen (policy.check at 66d0712) -------------------------------------

# "by code" in the output order means the order codes are declared in, which
# runs from the most basic rule to the most specific.
_CODE_ORDER = {code: index for index, code in enumerate(Code)}


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
    day, unit, employee and code. Raises ValueError on a duplicate cell."""
    ctx = _Context.of(check)
    grid, stray = _group_by_day(check)
    _reject_duplicates(grid, stray)
    found = [
        v for a in stray if is_away(a.mode) for v in _judge_cell(ctx, a.employee_id, a.day, a.mode)
    ]
    days = [_judge_day(ctx, day, grid[day], found) for day in sorted(grid)]
    found += _weekly_limits(ctx, days)
    found += _priority_skips(ctx, days)
    found += _required_away(ctx, days)
    return sorted(found, key=_output_order)


# --- preparation -----------------------------------------------------------


# A rank and its members as (days away, employee id), best rank first.
_Ladder = list[tuple[tuple[int, ...], list[tuple[int, int]]]]


@dataclass(slots=True)
class _Context:
    """Lookups built once per check, so each cell costs a few dict/set probes."""

    check: RosterCheck
    by_id: dict[int, StaffMember]
    ids: frozenset[int]
    sub_of: dict[int, int]
    sub_size: Counter[int]
    # Only members with an active_from/active_until can be off staff on a day.
    bounded: tuple[StaffMember, ...]
    bar_index: BarIndex
    rank_cache: dict[tuple[PriorityCriterion, ...], dict[int, tuple[int, ...]]] = field(
        default_factory=dict
    )
    ladder_cache: dict[tuple[PriorityCriterion, ...], _Ladder] = field(default_factory=dict)
    fields_cache: dict[date, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def of(cls, check: RosterCheck) -> _Context:
        by_id = {m.employee_id: m for m in check.staff}
        bounded = tuple(m for m in by_id.values() if m.active_from or m.active_until)
        sub_of = {emp: m.sub_unit_id for emp, m in by_id.items()}
        return cls(
            check,
            by_id,
            frozenset(by_id),
            sub_of,
            Counter(sub_of.values()),
            bounded,
            BarIndex(list(by_id.values())),
        )

    def absent_on(self, day: date) -> frozenset[int]:
        return frozenset(m.employee_id for m in self.bounded if not _on_staff_day(m, day))

    def flagged(self, policy: DayPolicy) -> frozenset[int]:
        """Staff barred in person under this policy (``policy.eligibility``)."""
        return self.bar_index.barred(policy)

    def ranks(self, priorities: tuple[PriorityCriterion, ...]) -> dict[int, tuple[int, ...]]:
        if priorities not in self.rank_cache:
            # A rank depends only on the two region ids, and few pairs exist.
            by_regions: dict[tuple[object, ...], tuple[int, ...]] = {}
            ranks = self.rank_cache[priorities] = {}
            for emp, m in self.by_id.items():
                regions = (m.domicile_region_id, m.office_region_id, m.circumstances)
                if regions not in by_regions:
                    by_regions[regions] = priority_rank(m, priorities)
                ranks[emp] = by_regions[regions]
        return self.rank_cache[priorities]

    def day_fields(self, day: date) -> dict[str, object]:
        """The date and circular as every message of that day names them."""
        if day not in self.fields_cache:
            policy = self.check.days.get(day)
            number = policy.circular_number if policy else ""
            self.fields_cache[day] = {
                "date_id": format_date_id(day),
                "date_en": format_date_en(day),
                **circular_names(number),
            }
        return self.fields_cache[day]

    def ladder(self, priorities: tuple[PriorityCriterion, ...], totals: Counter[int]) -> _Ladder:
        """Staff grouped by rank, best rank first, each group by (days away, id).

        Cached per criteria: ``totals`` is fixed for the whole check.
        """
        if priorities not in self.ladder_cache:
            groups: dict[tuple[int, ...], list[tuple[int, int]]] = {}
            for emp, rank in self.ranks(priorities).items():
                groups.setdefault(rank, []).append((totals[emp], emp))
            self.ladder_cache[priorities] = sorted((r, sorted(g)) for r, g in groups.items())
        return self.ladder_cache[priorities]


def _group_by_day(check: RosterCheck) -> tuple[dict[date, dict[Mode, list[int]]], list[Assignment]]:
    """Employee ids per day and mode: the only loop over every assignment."""
    grid: dict[date, dict[Mode, list[int]]] = {
        day: {mode: [] for mode in Mode} for day in check.days
    }
    stray: list[Assignment] = []
    for a in check.assignments:
        by_mode = grid.get(a.day)
        if by_mode is None:
            stray.append(a)
        else:
            by_mode[a.mode].append(a.employee_id)
    return grid, stray


def _reject_duplicates(grid: dict[date, dict[Mode, list[int]]], stray: list[Assignment]) -> None:
    for day, by_mode in grid.items():
        ids = list(chain.from_iterable(by_mode.values()))
        if len(set(ids)) != len(ids):
            _raise_duplicate(ids, day)
    stray_cells = [(a.employee_id, a.day) for a in stray]
    if len(set(stray_cells)) != len(stray_cells):
        (emp, day), _ = Counter(stray_cells).most_common(1)[0]
        _raise_duplicate([emp, emp], day)


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
        return [_cell_error(ctx, Code.OUTSIDE_WINDOW, emp, day, mode, variant="stray")]
    if member is None:
        return [_cell_error(ctx, Code.NOT_ON_STAFF, emp, day, mode, variant="unknown")]
    if not _on_staff_day(member, day):
        return [_cell_error(ctx, Code.NOT_ON_STAFF, emp, day, mode, **_span(member))]
    if _is_open(policy):
        return _open_day_errors(ctx, member, policy, day, mode)
    if not policy.working_day:
        return [
            _cell_error(
                ctx, Code.NON_WORKING_DAY, emp, day, mode, **_why(policy.non_working_reason)
            )
        ]
    return [_cell_error(ctx, Code.OUTSIDE_WINDOW, emp, day, mode)]


def _open_day_errors(
    ctx: _Context, member: StaffMember, policy: DayPolicy, day: date, mode: Mode
) -> list[Violation]:
    emp, found = member.employee_id, []
    if policy.unit_exempt:
        found.append(
            _cell_error(ctx, Code.FRONTLINE_UNIT, emp, day, mode, **_why(policy.unit_exempt_reason))
        )
    found += [_barred_error(ctx, bar, emp, day, mode) for bar in _bars(policy, member)]
    if mode not in _arranged_modes(policy):
        found.append(
            _cell_error(ctx, Code.WRONG_MODE, emp, day, mode, arrangement=str(policy.arrangement))
        )
    return found


def _barred_error(ctx: _Context, bar: Bar, emp: int, day: date, mode: Mode) -> Violation:
    return _cell_error(
        ctx,
        bar.code,
        emp,
        day,
        mode,
        variant="barred",
        reason_id=bar.message_id,
        reason_en=bar.message_en,
    )


def _cell_error(
    ctx: _Context, code: Code, emp: int, day: date, mode: Mode, *, variant: str = "", **extra: str
) -> Violation:
    member = ctx.by_id.get(emp)
    name = member.name if member else f"ID {emp}"
    fields = ctx.day_fields(day) | {"name": name, "emp": str(emp), "mode": str(mode)} | extra
    return _violation(Severity.ERROR, code, day, ctx.check.unit_id, emp, fields, variant=variant)


def _span(member: StaffMember) -> dict[str, str]:
    """When the member is on staff, to explain a mid-period move."""
    start, end = member.active_from, member.active_until
    parts_id = [f"sejak {format_date_id(start)}"] if start else []
    parts_en = [f"from {format_date_en(start)}"] if start else []
    parts_id += [f"sampai {format_date_id(end)}"] if end else []
    parts_en += [f"until {format_date_en(end)}"] if end else []
    return {
        "span_id": f" (aktif {' '.join(parts_id)})",
        "span_en": f" (on staff {' '.join(parts_en)})",
    }


def _why(reason: str) -> dict[str, str]:
    text = f" ({reason})" if reason else ""
    return {"why_id": text, "why_en": text}


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
    return Violation(
        code,
        severity,
        day,
        unit_id,
        emp,
        allowed,
        requested,
        text_id.format(**fields),
        text_en.format(**fields),
    )


# --- per day -----------------------------------------------------------------


@dataclass(slots=True)
class _Day:
    """One checked day after judging its cells; the week and priority rules read it."""

    day: date
    policy: DayPolicy
    by_mode: dict[Mode, list[int]]
    absent: frozenset[int]  # known staff who are not on staff this day
    away: list[int]  # on-staff members away (WFA/WFH), valid or not
    error_ids: set[int]  # of ``away``: those whose cell holds an error
    _away_set: frozenset[int] | None = None
    _mode_of: dict[int, Mode] | None = None

    @property
    def open(self) -> bool:
        return _is_open(self.policy)

    @property
    def away_set(self) -> frozenset[int]:
        if self._away_set is None:
            self._away_set = frozenset(self.away)
        return self._away_set

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
    ctx: _Context, day: date, by_mode: dict[Mode, list[int]], found: list[Violation]
) -> _Day:
    """Per-cell errors, the cap and cover of one day; appends to ``found``."""
    policy = ctx.check.days[day]
    absent = ctx.absent_on(day)
    cell_errors = [
        v for e, m in _suspects(ctx, policy, absent, by_mode) for v in _judge_cell(ctx, e, day, m)
    ]
    found += cell_errors
    away = _on_staff(ctx, absent, by_mode[Mode.WFA] + by_mode[Mode.WFH])
    d = _Day(
        day,
        policy,
        by_mode,
        absent,
        away,
        {v.employee_id for v in cell_errors if v.employee_id is not None},
    )
    if d.open and not policy.unit_exempt:
        headcount = len(ctx.by_id) - len(absent)
        found += _cap_exceeded(ctx, d, headcount=headcount)
        found += _too_few_away(ctx, d, headcount=headcount)
    if policy.working_day:
        found += _no_cover(ctx, d)
    return d


def _suspects(
    ctx: _Context, policy: DayPolicy, absent: frozenset[int], by_mode: dict[Mode, list[int]]
) -> list[tuple[int, Mode]]:
    """Away cells that may break a per-cell rule; every other away cell is valid.

    The fast path is a few C-level set tests per day, so a clean day costs no
    Python work per cell; ``_judge_cell`` then decides each suspect in full.
    """
    wfa, wfh = by_mode[Mode.WFA], by_mode[Mode.WFH]
    allowed = _modes_allowed(policy)
    if not allowed:  # closed, or a frontline OPD: every away cell is an error
        return [(e, Mode.WFA) for e in wfa] + [(e, Mode.WFH) for e in wfh]
    barred = ctx.flagged(policy) | absent
    suspects: list[tuple[int, Mode]] = []
    for mode, ids in ((Mode.WFA, wfa), (Mode.WFH, wfh)):
        if mode not in allowed:
            suspects += [(e, mode) for e in ids]
        elif not (ctx.ids.issuperset(ids) and barred.isdisjoint(ids)):
            suspects += [(e, mode) for e in ids if e in barred or e not in ctx.ids]
    return suspects


def _on_staff(ctx: _Context, absent: frozenset[int], ids: list[int]) -> list[int]:
    if ctx.ids.issuperset(ids) and absent.isdisjoint(ids):
        return ids
    return [e for e in ids if e in ctx.ids and e not in absent]


def _cap_exceeded(ctx: _Context, d: _Day, *, headcount: int) -> list[Violation]:
    limit = _limit_for(d.policy, headcount)
    count = len(d.away)
    if limit is None or count <= limit:
        return []
    fields = ctx.day_fields(d.day) | limit_words(_binding_limit(d.policy, headcount), headcount)
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
    most = _office_limit(d.policy, headcount)
    if most is None:
        return []
    out = len(d.away) + len(
        _on_staff(ctx, d.absent, d.by_mode[Mode.LEAVE] + d.by_mode[Mode.TRAVEL])
    )
    office = headcount - out
    if office <= most:
        return []
    binding = _office_binding(d.policy, headcount)
    assert binding is not None  # office_limit found one
    fields = ctx.day_fields(d.day) | limit_words(binding, headcount)
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
    sub_of = ctx.sub_of.__getitem__
    gone = _on_staff(ctx, d.absent, d.by_mode[Mode.LEAVE] + d.by_mode[Mode.TRAVEL])
    out_by_sub = Counter(map(sub_of, chain(d.away, gone)))
    absent_by_sub = Counter(map(sub_of, d.absent))
    return [
        _no_cover_warning(ctx, d, sub, out_by_sub[sub])
        for sub in sorted(set(map(sub_of, d.away)))
        if out_by_sub[sub] == ctx.sub_size[sub] - absent_by_sub[sub]
    ]


def _no_cover_warning(ctx: _Context, d: _Day, sub: int, out: int) -> Violation:
    members = sorted(
        (m for m in ctx.by_id.values() if m.sub_unit_id == sub and m.employee_id not in d.absent),
        key=lambda m: m.employee_id,
    )
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
    counts = Counter(chain.from_iterable(d.away for d in week_days))
    # Nobody's own limit is below the week's smallest, so that bound filters
    # out almost everyone before the per-employee look.
    floor = min(limits)
    return [v for emp, n in counts.items() if n > floor for v in _weekly_for(ctx, emp, week_days)]


def _weekly_for(ctx: _Context, emp: int, week_days: list[_Day]) -> list[Violation]:
    member = ctx.by_id.get(emp)
    if member is not None and member.weekly_limit_exempt:
        return []
    mine = [d for d in week_days if emp in d.away_set]
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
    ranked = [d for d in days if d.policy.priorities and _modes_allowed(d.policy)]
    if not ranked:
        return []
    # Days away in the window: this roster's on-staff away cells plus those held elsewhere.
    totals = Counter(chain.from_iterable(d.away for d in days))
    totals.update(ctx.check.away_days_elsewhere)
    weekly: dict[tuple[int, int], Counter[int]] = {}
    for d in days:
        weekly.setdefault(d.day.isocalendar()[:2], Counter()).update(d.away)
    return [v for d in ranked for v in _skips_on(ctx, d, totals, weekly[d.day.isocalendar()[:2]])]


def _skips_on(
    ctx: _Context, d: _Day, totals: Counter[int], week_away: Counter[int]
) -> list[Violation]:
    """Valid away cells of a day while a higher-ranked colleague with fewer
    days away, free to go, sits at the office."""
    ranks = ctx.ranks(d.policy.priorities)
    not_at_office = frozenset(
        chain.from_iterable(ids for mode, ids in d.by_mode.items() if mode != Mode.WFO)
    )
    busy = ctx.flagged(d.policy) | d.absent | not_at_office | _cannot_go(ctx, d, week_away)
    above = _best_above(ctx.ladder(d.policy.priorities, totals), busy)
    found = []
    for emp in d.away:
        best = above[ranks[emp]]
        if best is not None and best[0] < totals[emp] and emp not in d.error_ids:
            found.append(_skip_warning(ctx, d, emp, best, totals[emp]))
    return found


def _cannot_go(ctx: _Context, d: _Day, week_away: Counter[int]) -> frozenset[int]:
    """Colleagues at the office who could not take the day anyway: their week is
    full, or they are the last of their sub-unit at the office. Naming them in a
    priority warning would ask for a roster that breaks another rule."""
    limit = d.policy.weekly_limit
    full = {emp for emp, n in week_away.items() if limit is not None and n >= limit}
    out = d.absent | frozenset(
        chain.from_iterable(ids for mode, ids in d.by_mode.items() if mode != Mode.WFO)
    )
    at_office = Counter(sub for emp, sub in ctx.sub_of.items() if emp not in out)
    last = {emp for emp, sub in ctx.sub_of.items() if emp not in out and at_office[sub] <= 1}
    return frozenset(full | last)


def _best_above(
    ladder: _Ladder, busy: frozenset[int]
) -> dict[tuple[int, ...], tuple[int, int] | None]:
    """Per rank: the (days away, id) of the free colleague with the fewest days
    away among all strictly better ranks, or None."""
    best: tuple[int, int] | None = None
    above: dict[tuple[int, ...], tuple[int, int] | None] = {}
    for rank, members in ladder:
        above[rank] = best
        here = next((m for m in members if m[1] not in busy), None)
        if here is not None and (best is None or here < best):
            best = here
    return above


def _skip_warning(
    ctx: _Context, d: _Day, emp: int, best: tuple[int, int], own_days: int
) -> Violation:
    fields = ctx.day_fields(d.day) | {
        "name": ctx.by_id[emp].name,
        "mode": str(d.mode_of[emp]),
        "other": ctx.by_id[best[1]].name,
        "other_days": best[0],
        "own_days": own_days,
    }
    return _violation(
        Severity.WARNING, Code.PRIORITY_SKIPPED, d.day, ctx.check.unit_id, emp, fields
    )


# --- required away -----------------------------------------------------------


def _required_away(ctx: _Context, days: list[_Day]) -> list[Violation]:
    """Members of a group the circular requires away (pregnant staff, say), free to
    go, yet at the office on an open day: a warning, never an error (they may be
    needed in, and the head answers for it)."""
    found = []
    declared = [m for m in ctx.by_id.values() if m.circumstances]  # few: only they can be
    for d in days:
        groups = d.policy.required_away_groups
        if not groups or not declared or not _modes_allowed(d.policy):
            continue
        barred = ctx.flagged(d.policy) | d.absent
        for m in declared:
            emp = m.employee_id
            if groups.isdisjoint(m.circumstances) or emp in barred or emp in d.mode_of:
                continue  # not in a group, may not go, or not at the office
            found.append(_required_warning(ctx, d, m, tuple(sorted(groups & m.circumstances))))
    return found


def _required_warning(
    ctx: _Context, d: _Day, member: StaffMember, groups: tuple[str, ...]
) -> Violation:
    arrangement = _proposed_mode(d.policy) or Mode.WFA
    fields = ctx.day_fields(d.day) | circumstance_names(groups)
    fields |= {"name": member.name, "arrangement": str(arrangement)}
    return _violation(
        Severity.WARNING, Code.REQUIRED_AWAY, d.day, ctx.check.unit_id, member.employee_id, fields
    )


# --- output ------------------------------------------------------------------


def _output_order(v: Violation) -> tuple[bool, date, int, int, int]:
    return (
        v.severity is not Severity.ERROR,
        v.day or date.min,
        -1 if v.unit_id is None else v.unit_id,
        -1 if v.employee_id is None else v.employee_id,
        _CODE_ORDER[v.code],
    )
