"""Benchmark of policy.planner.plan_roster: prints figures, is not a test.

Run from the project root:  .venv/bin/python bench/planner.py [--seed N] [--rounds N]

"standard": one OPD of 100, 1,000 and 10,000 staff over a 10-working-day
window: two ISO weeks (Monday 28 August - Friday 8 September 2023, the weekend
in the middle is a non-working day of the window), 50% WFH as in Pemprov
Banten, treasurers, supervisors and activity leaders exempt (about 5% of
staff), a revoked permission here and there, sub-units of about 20, the
Jabodetabek domicile criterion, at most 3 days away a week, 2% of the cells
fixed beforehand (approved requests and chosen WFO).

"tight": 10,000 staff as above but at most 2 days away a week (so the days
cannot all be filled), three times as many fixed cells, and days away held
elsewhere in the window by 30% of the staff: the planner's slowest path, with
more fill-and-trade rounds.

The cases run in interleaved rounds (every round plans each case, in an order that
rotates); printed are the median and range of the CPU and wall time of ``plan_roster``.
The target is 10,000 staff in under 1 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy.check import check_roster  # noqa: E402
from policy.planner import PlanRequest, PlanResult, plan_roster, roster_check  # noqa: E402
from policy.values import (  # noqa: E402 (the path is set just above)
    AWAY_MODES,
    Assignment,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    Severity,
    StaffMember,
)

CIRCULAR_ID = 2023_08
EXEMPT_ROLES = frozenset({"treasurer", "supervisor", "activity_leader"})
JABODETABEK = frozenset({3171, 3172, 3173, 3174, 3175, 3201, 3216, 3271, 3275, 3276, 3603, 3671})
OTHER_REGIONS = (3601, 3602, 3604, 3672, 3673)
PRIORITIES = (PriorityCriterion(PriorityKind.DOMICILE, JABODETABEK),)
START = date(2023, 8, 28)  # a Monday


def make_days() -> dict[date, DayPolicy]:
    days = {}
    for n in range(12):  # Mon 28 Aug .. Fri 8 Sep: 10 working days and one weekend
        day = START + timedelta(days=n)
        working = day.weekday() < 5
        days[day] = DayPolicy(
            day,
            working_day=working,
            non_working_reason="" if working else ("Sabtu", "Minggu")[day.weekday() - 5],
            circular_id=CIRCULAR_ID,
            circular_number="800/1234-BKD/2023",
            arrangement=Mode.WFH,
            cap_percent=50,
            exempt_roles=EXEMPT_ROLES,
            weekly_limit=3,
            priorities=PRIORITIES,
        )
    return days


def make_staff(rng: random.Random, count: int) -> list[StaffMember]:
    subs = max(1, count // 20)  # sub-units of about 20
    return [make_member(rng, emp, 1 + rng.randrange(subs)) for emp in range(1, count + 1)]


def make_member(rng: random.Random, emp: int, sub_unit_id: int) -> StaffMember:
    roles = frozenset({rng.choice(sorted(EXEMPT_ROLES))}) if rng.random() < 0.05 else frozenset()
    region = rng.choice(sorted(JABODETABEK)) if rng.random() < 0.3 else rng.choice(OTHER_REGIONS)
    return StaffMember(
        employee_id=emp,
        name=f"Pegawai {emp}",
        sub_unit_id=sub_unit_id,
        roles=roles,
        domicile_region_id=region,
        revoked_circular_ids=frozenset({CIRCULAR_ID}) if rng.random() < 0.01 else frozenset(),
    )


def make_fixed(
    rng: random.Random, staff: list[StaffMember], days: dict[date, DayPolicy]
) -> list[Assignment]:
    """About 2% of the cells, set by the head or approved: half WFO, half WFH.

    Away cells go to staff who may be away, at most one a week each, so the
    fixed cells are themselves valid.
    """
    fixed = []
    working = [day for day, policy in days.items() if policy.working_day]
    for member in staff:
        if rng.random() < 0.1:
            day = rng.choice(working)
            free = not (member.roles or member.revoked_circular_ids)
            mode = Mode.WFH if free and rng.random() < 0.5 else Mode.WFO
            fixed.append(Assignment(member.employee_id, day, mode))
    return fixed


def standard(rng: random.Random, count: int) -> PlanRequest:
    days = make_days()
    staff = make_staff(rng, count)
    return PlanRequest(1, staff, days, make_fixed(rng, staff, days))


def tight(rng: random.Random, count: int) -> PlanRequest:
    days = {day: replace(policy, weekly_limit=2) for day, policy in make_days().items()}
    staff = make_staff(rng, count)
    fixed = {}
    for _ in range(3):
        fixed |= {(a.employee_id, a.day): a for a in make_fixed(rng, staff, days)}
    elsewhere = {m.employee_id: rng.randint(1, 3) for m in staff if rng.random() < 0.3}
    return PlanRequest(1, staff, days, list(fixed.values()), away_days_elsewhere=elsewhere)


def time_plan(request: PlanRequest) -> tuple[float, float, PlanResult]:
    """(CPU s, wall s, the plan) of one ``plan_roster`` call."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = plan_roster(request)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def spread_of(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:8.1f} ms"
        f" ({min(values) * 1000:.1f}-{max(values) * 1000:.1f})"
    )


def report(
    name: str, request: PlanRequest, cpu: list[float], wall: list[float], result: PlanResult
) -> None:
    days, staff = request.days, request.staff
    started = time.perf_counter()
    found = check_roster(roster_check(request, result))
    checked = time.perf_counter() - started
    errors = sum(v.severity is Severity.ERROR for v in found)
    codes = Counter(v.code.value for v in found)
    totals = Counter(a.employee_id for a in result.assignments if a.mode in AWAY_MODES)
    free = [m.employee_id for m in staff if not (m.roles or m.revoked_circular_ids)]
    spread = [totals[e] for e in free]
    working = [f for d, f in result.days.items() if days[d].working_day]
    print(
        f"{name}: {len(staff):,} staff, {len(working)} working days,"
        f" {len(request.fixed):,} fixed cells"
    )
    print(f"  plan_roster CPU  {spread_of(cpu)} over {len(cpu)} rounds")
    print(f"  plan_roster wall {spread_of(wall)}")
    print(f"  check_roster on the plan: {checked * 1000:.1f} ms, {errors} errors, {dict(codes)}")
    print(
        f"  away per working day: {min(f.away for f in working)}-{max(f.away for f in working)}"
        f" (limit {working[0].limit}); days away per eligible person:"
        f" {min(spread)}-{max(spread)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--rounds", "--repeat", type=int, default=5, dest="rounds")
    args = parser.parse_args()
    cases = {
        **{
            f"standard {count:,}": standard(random.Random(args.seed), count)
            for count in (100, 1_000, 10_000)
        },
        "tight 10,000": tight(random.Random(args.seed), 10_000),
    }
    names = list(cases)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    results = {}
    for r in range(args.rounds):
        # Interleaved: every round plans every case, in an order that rotates.
        for name in names[r % len(names) :] + names[: r % len(names)]:
            c, w, results[name] = time_plan(cases[name])
            cpu[name].append(c)
            wall[name].append(w)
    for name in names:
        report(name, cases[name], cpu[name], wall[name], results[name])


if __name__ == "__main__":
    main()
