"""Properties of the automatic fair rotation over generated OPDs (hypothesis).

``plans()`` draws anything the planner must live with: 0-300 staff in up to 30
sub-units, exempt roles, revoked permissions, staff joining or leaving inside
the window, caps 0-100, 1-14 calendar days from any weekday (so weekends, a
holiday, days without a circular and frontline days), weekly limits (some
varying inside a week), head's targets, days away held elsewhere, and fixed
cells (WFO, leave, travel, away) that are valid on their own.

``even_plans()`` draws the OPDs where an even split is always possible: every
sub-unit has a treasurer, who never goes, so cover never binds; nobody joins
or leaves; no fixed cells, targets or days elsewhere; one weekly limit.

Every property below is checked against ``check_roster`` or recomputed from
the result, not from the planner's internals.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.check import check_roster, priority_rank
from policy.planner import PlanRequest, PlanResult, plan_roster, roster_check
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
)

MONDAY = date(2025, 3, 24)
CIRCULAR = 7
ROLES = ("treasurer", "supervisor", "activity_leader", "analyst")
PRIORITY_SETS = (
    (),
    (PriorityCriterion(PriorityKind.DOMICILE, frozenset({1, 2})),),
    (
        PriorityCriterion(PriorityKind.DOMICILE, frozenset({1})),
        PriorityCriterion(PriorityKind.OFFICE, frozenset({2, 3})),
    ),
)

modest = settings(max_examples=100, deadline=None)


# --- strategies ----------------------------------------------------------------


def _rng(draw: st.DrawFn) -> random.Random:
    """The many small choices come from a seeded Random: drawing each one
    through hypothesis would make 300 staff slow. The sizes shrink; the seed
    reproduces the rest."""
    return random.Random(draw(st.integers(0, 2**32 - 1)))


@st.composite
def plans(draw: st.DrawFn) -> PlanRequest:
    rng = _rng(draw)
    days = _days(draw, rng)
    staff = _staff(draw, rng, list(days))
    fixed = _valid_fixed(rng, staff, days, draw(st.sampled_from((0.0, 0.05, 0.2))))
    elsewhere = {m.employee_id: rng.randint(0, 4) for m in staff if rng.random() < 0.2}
    targets = {day: rng.randint(0, len(staff) + 1) for day in days if rng.random() < 0.2}
    return PlanRequest(1, staff, days, fixed, targets, elsewhere)


def _days(draw: st.DrawFn, rng: random.Random) -> dict[date, DayPolicy]:
    start = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    base = DayPolicy(
        start,
        working_day=True,
        circular_id=CIRCULAR,
        circular_number="800/7/2025",
        arrangement=rng.choice((None, Mode.WFA, Mode.WFH)),
        cap_percent=rng.choice((50, 50, 25, 100, 0, rng.randint(0, 100))),
        exempt_roles=frozenset(rng.sample(ROLES[:3], rng.randint(0, 3))),
        weekly_limit=rng.choice((None, None, 1, 2, 3, 5)),
        priorities=rng.choice(PRIORITY_SETS),
    )
    days = {}
    for n in range(draw(st.sampled_from((12, 5, 1)) | st.integers(1, 14))):
        day = start + timedelta(days=n)
        days[day] = _vary(rng, replace(base, day=day))
    return days


def _vary(rng: random.Random, policy: DayPolicy) -> DayPolicy:
    """Weekends, and now and then a holiday, a day without circular, a frontline
    day, another cap or another weekly limit."""
    roll = rng.random()
    if policy.day.weekday() >= 5 or roll < 0.05:
        return replace(policy, working_day=False, non_working_reason="Libur")
    if roll < 0.1:
        return replace(policy, circular_id=None)
    if roll < 0.15:
        return replace(policy, unit_exempt=True, unit_exempt_reason="Puskesmas")
    if roll < 0.2:
        return replace(policy, cap_percent=rng.randint(0, 100))
    if roll < 0.25:
        return replace(policy, weekly_limit=rng.choice((None, 0, 1, 2)))
    return policy


def _staff(draw: st.DrawFn, rng: random.Random, days: list[date]) -> list[StaffMember]:
    count = draw(st.sampled_from((7, 40, 150, 300)) | st.integers(0, 300))
    subs = draw(st.integers(1, 30))
    ids = rng.sample(range(1, 100_000), count)  # not in order: the rotation must sort them
    return [
        StaffMember(
            employee_id=emp,
            name=f"Pegawai {emp}",
            sub_unit_id=rng.randint(1, subs),
            roles=frozenset(rng.sample(ROLES, 1)) if rng.random() < 0.15 else frozenset(),
            domicile_region_id=rng.choice((None, 1, 2, 3)),
            office_region_id=rng.choice((None, 1, 2, 3)),
            active_from=rng.choice(days) if rng.random() < 0.05 else None,
            active_until=rng.choice(days) if rng.random() < 0.05 else None,
            revoked_circular_ids=frozenset({CIRCULAR}) if rng.random() < 0.05 else frozenset(),
        )
        for emp in ids
    ]


def _valid_fixed(
    rng: random.Random, staff: list[StaffMember], days: dict[date, DayPolicy], share: float
) -> list[Assignment]:
    """Cells the head set, each valid: away cells only where allowed, within
    the cap and the weekly limit."""
    fixed, away = [], Counter[date]()
    weeks: dict[tuple[int, tuple[int, int]], list[int | None]] = {}
    for day, policy in days.items():
        headcount = sum(m.on_staff(day) for m in staff)
        for m in staff:
            if rng.random() >= share:
                continue
            mode = rng.choice((Mode.WFO, Mode.LEAVE, Mode.TRAVEL, Mode.WFA, Mode.WFH))
            if mode in AWAY_MODES:
                mode = policy.arrangement or mode
                held = weeks.setdefault((m.employee_id, _week(day)), [])
                if not _may_be_away(m, policy) or away[day] >= _limit(policy, headcount):
                    continue
                if not _week_allows(held, policy):
                    continue
                held.append(policy.weekly_limit)
                away[day] += 1
            fixed.append(Assignment(m.employee_id, day, mode))
    rng.shuffle(fixed)
    return fixed


@st.composite
def even_plans(draw: st.DrawFn) -> PlanRequest:
    rng = _rng(draw)
    days = {
        day: replace(p, circular_id=CIRCULAR, unit_exempt=False)
        for day, p in _days(draw, rng).items()
    }
    weekly = rng.choice((None, 0, 1, 2, 3, 5))
    cap = rng.choice((50, 25, 100, 0, rng.randint(0, 100)))
    days = {d: replace(p, weekly_limit=weekly, cap_percent=cap) for d, p in days.items()}
    exempt = frozenset({"treasurer"}) | next(iter(days.values())).exempt_roles
    days = {d: replace(p, exempt_roles=exempt) for d, p in days.items()}
    staff = [
        replace(m, active_from=None, active_until=None)
        for m in _staff(draw, rng, list(days))
        if "treasurer" not in m.roles
    ]
    subs = sorted({m.sub_unit_id for m in staff})
    treasurers = [
        StaffMember(200_000 + sub, f"Bendahara {sub}", sub, frozenset({"treasurer"}))
        for sub in subs
    ]
    return PlanRequest(1, staff + treasurers, days)


# --- what a result means, recomputed -------------------------------------------


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _limit(policy: DayPolicy, headcount: int) -> int:
    return policy.cap_percent * headcount // 100


def _open(policy: DayPolicy) -> bool:
    return policy.working_day and policy.circular_id is not None and not policy.unit_exempt


def _may_be_away(m: StaffMember, policy: DayPolicy) -> bool:
    return (
        _open(policy)
        and m.on_staff(policy.day)
        and not m.roles & policy.exempt_roles
        and policy.circular_id not in m.revoked_circular_ids
    )


def _week_allows(held: list[int | None], policy: DayPolicy) -> bool:
    """One more day away within the tightest limit of the week's days away."""
    limits = [n for n in (*held, policy.weekly_limit) if n is not None]
    return not limits or len(held) < min(limits)


class Outcome:
    """A plan's cells read back: days away, who is where, who could still go."""

    def __init__(self, request: PlanRequest, result: PlanResult) -> None:
        self.request, self.result = request, result
        self.by_id = {m.employee_id: m for m in request.staff}
        self.cell = {(a.employee_id, a.day): a.mode for a in result.assignments}
        self.totals = Counter(request.away_days_elsewhere)
        self.week_days: dict[tuple[int, tuple[int, int]], list[int | None]] = {}
        for a in result.assignments:
            policy, m = request.days.get(a.day), self.by_id.get(a.employee_id)
            if policy and m and m.on_staff(a.day) and a.mode in AWAY_MODES:
                self.totals[a.employee_id] += 1
                if policy.working_day and policy.circular_id is not None:
                    key = (a.employee_id, _week(a.day))
                    self.week_days.setdefault(key, []).append(policy.weekly_limit)

    def at_office(self, m: StaffMember, day: date) -> bool:
        return m.on_staff(day) and self.cell.get((m.employee_id, day), Mode.WFO) is Mode.WFO

    def in_office_by_sub(self, day: date) -> Counter[int]:
        return Counter(m.sub_unit_id for m in self.request.staff if self.at_office(m, day))

    def could_go(self, day: date) -> list[StaffMember]:
        """At the office with no cell, allowed away, within the week, not the last
        of their sub-unit at the office."""
        policy, in_office = self.request.days[day], self.in_office_by_sub(day)
        return [
            m
            for m in self.request.staff
            if (m.employee_id, day) not in self.cell
            and _may_be_away(m, policy)
            and _week_allows(self.week_days.get((m.employee_id, _week(day)), []), policy)
            and in_office[m.sub_unit_id] >= 2
        ]

    def proposed_on(self, day: date) -> list[StaffMember]:
        return [self.by_id[e] for e, d in self.result.proposed if d == day]

    def target(self, day: date) -> int:
        policy = self.request.days[day]
        headcount = sum(m.on_staff(day) for m in self.request.staff)
        limit = _limit(policy, headcount) if _open(policy) else 0
        return min(limit, self.request.targets.get(day, limit))

    def away_on(self, day: date) -> int:
        return sum(
            1
            for (e, d), mode in self.cell.items()
            if d == day and mode in AWAY_MODES and e in self.by_id and self.by_id[e].on_staff(d)
        )


def _plan(request: PlanRequest) -> tuple[PlanResult, Outcome]:
    result = plan_roster(request)
    return result, Outcome(request, result)


# --- properties ----------------------------------------------------------------


@modest
@given(plans())
def test_plan_over_valid_fixed_cells_breaks_no_rule(request: PlanRequest) -> None:
    fixed_only = RosterCheck(1, request.staff, request.days, request.fixed)
    assert not [v for v in check_roster(fixed_only) if v.severity is Severity.ERROR]
    found = check_roster(roster_check(request, plan_roster(request)))
    assert [v for v in found if v.severity is Severity.ERROR] == []


@modest
@given(plans())
def test_fixed_cells_are_kept_and_proposals_are_new_away_days_in_the_days_mode(
    request: PlanRequest,
) -> None:
    result = plan_roster(request)
    fixed = {(a.employee_id, a.day) for a in request.fixed}
    assert set(request.fixed) <= set(result.assignments)
    assert {(a.employee_id, a.day) for a in result.assignments} == fixed | result.proposed
    assert len(result.assignments) == len(fixed) + len(result.proposed)
    assert not fixed & result.proposed
    for a in result.assignments:
        if (a.employee_id, a.day) in result.proposed:
            assert a.mode is (request.days[a.day].arrangement or Mode.WFA)
    assert result.assignments == sorted(result.assignments, key=lambda a: (a.day, a.employee_id))


@modest
@given(plans())
def test_each_day_reaches_its_target_unless_nobody_who_could_go_is_left(
    request: PlanRequest,
) -> None:
    result, outcome = _plan(request)
    for day in request.days:
        figures, target = result.days[day], outcome.target(day)
        assert (figures.target, figures.away) == (target, outcome.away_on(day))
        assert figures.proposed == len(outcome.proposed_on(day))
        if figures.proposed:
            assert figures.away <= target
        if figures.away < target:
            assert outcome.could_go(day) == []


@modest
@given(plans())
def test_no_trade_would_make_the_plan_fairer_or_honour_priority_better(
    request: PlanRequest,
) -> None:
    """On every day, between anyone proposed (X) and anyone who could go instead
    (Y): days_away(X) - days_away(Y) <= 1, and when it is 1, Y does not rank
    strictly better than X. Days away count those held elsewhere and fixed ones.

    Checked on the extremes: the most days away (then worst rank) among the
    proposed, the fewest (then best rank) among those who could go; if that pair
    passes, every pair does."""
    _, outcome = _plan(request)
    for day, policy in request.days.items():
        givers, takers = outcome.proposed_on(day), outcome.could_go(day)
        if not givers or not takers:
            continue

        def key(m: StaffMember, p: DayPolicy = policy) -> tuple[int, tuple[int, ...]]:
            return outcome.totals[m.employee_id], priority_rank(m, p.priorities)

        (most, worst), (fewest, best) = max(map(key, givers)), min(map(key, takers))
        assert most - fewest <= 1
        assert not (most - fewest == 1 and best < worst)


@modest
@given(plans())
def test_planner_never_takes_the_last_person_of_a_sub_unit_out(request: PlanRequest) -> None:
    result, outcome = _plan(request)
    for day in request.days:
        in_office = outcome.in_office_by_sub(day)
        for m in outcome.proposed_on(day):
            assert in_office[m.sub_unit_id] >= 1
    found = check_roster(roster_check(request, result))
    proposed_subs = {(d, outcome.by_id[e].sub_unit_id) for e, d in result.proposed}
    assert not [v for v in found if v.code is Code.NO_COVER and (v.day, v.unit_id) in proposed_subs]


@modest
@given(plans(), st.data())
def test_same_request_in_any_order_gives_the_same_plan(
    request: PlanRequest, data: st.DataObject
) -> None:
    shuffled = PlanRequest(
        request.unit_id,
        data.draw(st.permutations(request.staff)),
        dict(data.draw(st.permutations(list(request.days.items())))),
        data.draw(st.permutations(request.fixed)),
        dict(data.draw(st.permutations(list(request.targets.items())))),
        dict(data.draw(st.permutations(list(request.away_days_elsewhere.items())))),
    )
    first = plan_roster(request)
    assert plan_roster(request) == first
    assert plan_roster(shuffled) == first


@modest
@given(even_plans())
def test_even_split_differs_by_at_most_one_day_and_extra_days_go_by_priority(
    request: PlanRequest,
) -> None:
    """When every sub-unit keeps a treasurer in, nobody joins or leaves, nothing
    is fixed and one weekly limit holds: among staff who may be away (no exempt
    role, permission not revoked), days away differ by at most one; nobody has
    more days away than a colleague of strictly better priority rank; and
    check_roster finds nothing at all, warnings included."""
    result, outcome = _plan(request)
    policy = replace(next(iter(request.days.values())), working_day=True)
    free = [m for m in request.staff if _may_be_away(m, policy)]
    totals = [outcome.totals[m.employee_id] for m in free]
    assert max(totals, default=0) - min(totals, default=0) <= 1
    by_rank: dict[tuple[int, ...], list[int]] = {}
    for m in free:
        by_rank.setdefault(priority_rank(m, policy.priorities), []).append(
            outcome.totals[m.employee_id]
        )
    ranked = sorted(by_rank.items())
    for (_, better), (_, worse) in zip(ranked, ranked[1:], strict=False):
        assert min(better) >= max(worse)
    assert check_roster(roster_check(request, result)) == []
