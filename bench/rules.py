"""Benchmark of policy.check.check_roster: prints figures, is not a test.

Run from the project root:  .venv/bin/python bench/rules.py [--seed N]

Two shapes of the same 1,000,000 assignments, both realistic (about 45% away,
5% leave or travel, some exempt roles and revoked permissions, a public
weekend, priorities, a weekly limit, a few wrong modes):

- opd-weeks: 200 OPD-weeks of 1,000 staff x 5 working days (how the service
  calls it: one OPD, one roster week at a time);
- giant: one check of 50,000 staff x 20 working days (the worst case for one call).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy.check import check_roster, priority_rank  # noqa: E402
from policy.values import (  # noqa: E402 (the path is set just above)
    AWAY_MODES,
    Assignment,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    StaffMember,
)

CIRCULAR_ID = 2023_08
EXEMPT_ROLES = frozenset({"treasurer", "supervisor", "activity_leader"})
JABODETABEK = frozenset(
    {3171, 3172, 3173, 3174, 3175, 3201, 3216, 3271, 3275, 3276, 3603, 3671, 3674}
)
OTHER_REGIONS = (3601, 3602, 3604, 3672, 3673)
PRIORITIES = (
    PriorityCriterion(PriorityKind.DOMICILE, JABODETABEK),
    PriorityCriterion(PriorityKind.OFFICE, frozenset({3171, 3671, 3674})),
)


def make_staff(rng: random.Random, count: int, first_id: int) -> list[StaffMember]:
    return [make_member(rng, first_id + i, sub_unit_id=first_id + i // 20) for i in range(count)]


def make_member(rng: random.Random, emp: int, sub_unit_id: int) -> StaffMember:
    roll = rng.random()
    roles = frozenset({rng.choice(sorted(EXEMPT_ROLES))}) if roll < 0.05 else frozenset()
    jabodetabek = rng.random() < 0.3
    region = rng.choice(sorted(JABODETABEK) if jabodetabek else OTHER_REGIONS)
    return StaffMember(
        employee_id=emp,
        name=f"Pegawai {emp}",
        sub_unit_id=sub_unit_id,
        roles=roles,
        domicile_region_id=region,
        office_region_id=3671 if sub_unit_id % 3 == 0 else 3604,  # where the sub-unit sits
        revoked_circular_ids=frozenset({CIRCULAR_ID}) if rng.random() < 0.01 else frozenset(),
        active_until=date(2023, 8, 30) if rng.random() < 0.002 else None,
    )


def make_days(start: date, count: int) -> dict[date, DayPolicy]:
    return {day: make_policy(day) for day in (start + timedelta(days=n) for n in range(count))}


def make_policy(day: date) -> DayPolicy:
    if day.weekday() >= 5:
        reason = "Sabtu" if day.weekday() == 5 else "Minggu"
        return DayPolicy(day, working_day=False, non_working_reason=reason, circular_id=CIRCULAR_ID)
    return DayPolicy(
        day,
        working_day=True,
        circular_id=CIRCULAR_ID,
        circular_number="800/1234-BKD/2023",
        arrangement=Mode.WFH,
        cap_percent=50,
        exempt_roles=EXEMPT_ROLES,
        weekly_limit=3,
        priorities=PRIORITIES,
    )


def make_assignments(
    rng: random.Random, staff: list[StaffMember], days: dict[date, DayPolicy]
) -> list[Assignment]:
    """One cell per member and working day, as an OPD head would roster them:
    by priority rank 3, 2-3 or 1-2 days away a week (about 45% in all),
    a few slips (exempt roles, 4 days in a week, WFA on a WFH day)."""
    weeks: dict[tuple[int, int], list[date]] = {}
    for day, policy in days.items():
        if policy.working_day:
            weeks.setdefault(day.isocalendar()[:2], []).append(day)
    cells = []
    for week in weeks.values():
        for member in staff:
            away = set(rng.sample(week, min(len(week), days_away(rng, member))))
            cells += [
                Assignment(member.employee_id, day, pick_mode(rng, day in away)) for day in week
            ]
    return cells


def days_away(rng: random.Random, member: StaffMember) -> int:
    if member.roles and rng.random() < 0.9:
        return 0  # most exempt-role staff are rostered correctly
    if rng.random() < 0.01:
        return 4  # over the weekly limit
    # Higher priority, more days: what the circular asks of the head.
    rank = priority_rank(member, PRIORITIES)
    return {(0, 0): 3, (0, 1): 3, (1, 0): rng.choice((2, 3))}.get(rank, rng.choice((1, 2, 2)))


def pick_mode(rng: random.Random, away: bool) -> Mode:
    roll = rng.random()
    if away:
        return Mode.WFA if roll < 0.005 else Mode.WFH
    return Mode.LEAVE if roll < 0.03 else Mode.TRAVEL if roll < 0.05 else Mode.WFO


def opd_weeks(rng: random.Random) -> list[RosterCheck]:
    checks = []
    for n in range(200):
        days = make_days(date(2023, 8, 28) + timedelta(weeks=n % 4), 5)
        staff = make_staff(rng, 1000, first_id=n * 10_000)
        checks.append(RosterCheck(n, staff, days, make_assignments(rng, staff, days)))
    return checks


def giant(rng: random.Random) -> list[RosterCheck]:
    days = make_days(date(2023, 8, 28), 26)  # four weeks, weekends included, no cells on them
    staff = make_staff(rng, 50_000, first_id=1)
    return [RosterCheck(1, staff, days, make_assignments(rng, staff, days))]


def measure(name: str, checks: list[RosterCheck]) -> None:
    total = sum(len(c.assignments) for c in checks)
    timings, found = [], []
    for _ in range(3):
        started = time.perf_counter()
        found = [v for check in checks for v in check_roster(check)]
        timings.append(time.perf_counter() - started)
    best = min(timings)
    codes = Counter(v.code.value for v in found)
    away = sum(a.mode in AWAY_MODES for check in checks for a in check.assignments)
    print(f"{name}: {len(checks)} check(s), {total:,} assignments, {away / total:.0%} away")
    print(f"  check_roster: {best:.3f} s (min of 3), {total / best:,.0f} assignments/s")
    print(f"  violations: {len(found):,} {dict(sorted(codes.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    for name, build in (("opd-weeks", opd_weeks), ("giant", giant)):
        rng = random.Random(args.seed)
        started = time.perf_counter()
        checks = build(rng)
        print(f"[{name}] built in {time.perf_counter() - started:.1f} s")
        measure(name, checks)


if __name__ == "__main__":
    main()
