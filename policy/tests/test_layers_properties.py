"""Properties of the layers over generated circulars (hypothesis, bounded examples).

- Adding a stricter circular, in any layer and with any relation, never loosens
  what governs a day: the limit for any headcount, the weekly limit, the
  arrangement, the exemption and who is barred.
- A roster the rules accept never has more staff away on a day than any
  circular that applies to that day allows on its own.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.check import check_roster, errors
from policy.layers import Layer, Relation, Term, UnitFacts, applying, resolve, resolve_alone
from policy.limits import Limit, Shape, effective_cap
from policy.values import AWAY_MODES, Assignment, DayPolicy, Mode, RosterCheck, StaffMember

FIRST_DAY = date(2025, 3, 20)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(8)]
OPD = UnitFacts(unit_id=7, category="health", office_region_id=36)
ROLES = ("treasurer", "supervisor")
NARROWNESS = {None: 0, Mode.WFA: 1, Mode.WFH: 2}

modest = settings(max_examples=150, deadline=None)


@st.composite
def windows(draw: st.DrawFn) -> tuple[tuple[date, date], ...]:
    found = []
    for _ in range(draw(st.integers(1, 2))):
        start = draw(st.integers(0, 7))
        found.append((DAYS[start], DAYS[min(7, start + draw(st.integers(0, 5)))]))
    return tuple(found)


@st.composite
def scoped_limits(draw: st.DrawFn) -> Limit:
    shape = draw(st.sampled_from(Shape))
    start = draw(st.none() | st.sampled_from(DAYS))
    return Limit(
        shape,
        draw(st.integers(0, 100) if shape.endswith("share") else st.integers(0, 12)),
        category=draw(st.sampled_from(("", "health", "education"))),
        unit_id=draw(st.sampled_from((None, 7, 8))),
        region_id=draw(st.sampled_from((None, 36, 31))),
        start=start,
        end=draw(st.none() | st.sampled_from([d for d in DAYS if start is None or d >= start])),
    )


@st.composite
def terms(draw: st.DrawFn, circular_id: int) -> Term:
    layer = draw(st.sampled_from(Layer))
    limits = draw(st.lists(scoped_limits(), max_size=3))
    return Term(
        circular_id,
        number=f"SE {circular_id}",
        layer=layer,
        agency_id=draw(st.sampled_from((1, 2, 3))),
        windows=draw(windows()),
        arrangement=draw(st.sampled_from((None, Mode.WFA, Mode.WFH))),
        cap_percent=draw(st.sampled_from((0, 50, 100)) | st.integers(0, 100)),
        limits=tuple(limits),
        unit_exempt_reason=draw(st.sampled_from(("", "", "", "RSUD"))),
        exempt_roles=frozenset(draw(st.sets(st.sampled_from(ROLES)))),
        weekly_limit=draw(st.none() | st.integers(1, 4)),
        published=circular_id,
        distance=draw(st.integers(0, 2)),
        relation=draw(st.sampled_from(Relation)),
    )


@st.composite
def term_sets(draw: st.DrawFn) -> list[Term]:
    return [draw(terms(n)) for n in range(1, draw(st.integers(1, 4)) + 1)]


def _cap(t: Term) -> int:
    return min(effective_cap(t.cap_percent, t.limits, scope=OPD, day=day) for day in DAYS)


@st.composite
def stricter_than(draw: st.DrawFn, existing: list[Term]) -> Term:
    """A circular at least as strict as every one in ``existing`` for this OPD."""
    base = draw(terms(len(existing) + 1))
    weekly = [t.weekly_limit for t in existing if t.weekly_limit is not None]
    most_narrow = max((NARROWNESS[t.arrangement] for t in existing), default=0)
    arrangement = draw(st.sampled_from([m for m, n in NARROWNESS.items() if n >= most_narrow]))
    return Term(
        base.circular_id,
        number=base.number,
        layer=base.layer,
        agency_id=base.agency_id,
        windows=base.windows,
        arrangement=arrangement,
        cap_percent=draw(st.integers(0, min(_cap(t) for t in existing))),
        limits=tuple(limit for t in existing for limit in t.limits),
        unit_exempt_reason="RSUD" if any(t.unit_exempt_reason for t in existing) else "",
        exempt_roles=frozenset().union(*(t.exempt_roles for t in existing)),
        weekly_limit=draw(st.integers(1, min(weekly))) if weekly else base.weekly_limit,
        published=base.published,
        distance=base.distance,
        relation=base.relation,
    )


def _most(bound: int | None) -> float:
    return float("inf") if bound is None else bound


def _weekly(policy: DayPolicy) -> float:
    return float("inf") if policy.weekly_limit is None else policy.weekly_limit


@modest
@given(term_sets().flatmap(lambda ts: st.tuples(st.just(ts), stricter_than(ts))))
def test_adding_a_stricter_circular_never_loosens_a_day(case):
    existing, stricter = case
    members = [StaffMember(n, f"P{n}", 7, roles=frozenset({role})) for n, role in enumerate(ROLES)]
    for day in DAYS:
        before = resolve(day, existing, OPD)
        after = resolve(day, [*existing, stricter], OPD)
        if not before.is_open():
            continue
        assert after.is_open()
        for headcount in (0, 1, 3, 7, 10, 33):
            assert after.limit_for(headcount) <= before.limit_for(headcount)
        for headcount in (0, 1, 3, 7, 10, 33):
            # A frontline OPD keeps everyone in: no office maximum binds it.
            if not after.unit_exempt:
                after_most = _most(after.office_limit(headcount))
                assert after_most <= _most(before.office_limit(headcount))
        assert _weekly(after) <= _weekly(before)
        assert NARROWNESS[after.arrangement] >= NARROWNESS[before.arrangement]
        assert after.unit_exempt >= before.unit_exempt
        assert all(after.is_barred(m) for m in members if before.is_barred(m))


@st.composite
def layered_rosters(draw: st.DrawFn) -> tuple[list[Term], RosterCheck]:
    layered = draw(term_sets())
    staff = [StaffMember(n, f"P{n}", 7 + n % 2) for n in range(1, draw(st.integers(2, 8)) + 1)]
    policies = {day: resolve(day, layered, OPD) for day in DAYS}
    cells = []
    for day, policy in policies.items():
        # Mostly up to the day's limit (so that many rosters are accepted), sometimes more.
        most = (policy.limit_for(len(staff)) or 0) + draw(st.sampled_from((0, 0, 0, 1)))
        away = draw(st.lists(st.sampled_from(staff), max_size=most, unique=True))
        allowed = sorted(policy.modes_allowed()) or [Mode.WFA]
        cells += [Assignment(m.employee_id, day, draw(st.sampled_from(allowed))) for m in away]
    return layered, RosterCheck(7, staff, policies, cells)


@modest
@given(layered_rosters())
def test_an_accepted_roster_never_exceeds_any_circular_that_applies(case):
    layered, check = case
    if errors(check_roster(check)):
        return
    headcount = len(check.staff)
    for day in DAYS:
        away = sum(a.day == day and a.mode in AWAY_MODES for a in check.assignments)
        for t in applying(layered, day):
            alone = resolve_alone(t, OPD, day)
            assert away <= alone.limit_for(headcount)
            assert headcount - away <= _most(alone.office_limit(headcount))
