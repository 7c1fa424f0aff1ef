"""Benchmark of policy.check.check_roster: prints figures, is not a test.

Run from the project root:  .venv/bin/python bench/rules.py [--seed N] [--rounds 5]

Two shapes of about 1,000,000 stored assignments each, both realistic (about 45% away,
5% leave or travel, some exempt roles and revoked permissions, a public
weekend, priorities, a weekly limit, a few wrong modes) under the richer
policies of policy/: two circulars layered on every day, a share away with a
headcount that must stay and an office maximum, only pelaksana and fungsional
staff may go, sanctions and new employees excluded, pregnant staff first and
required away:

- opd-weeks: 400 OPD-weeks of 1,000 staff x 5 working days (how the service
  calls it: one OPD, one roster week at a time);
- giant: one check of 50,000 staff x 40 working days (the worst case for one call).

Only what storage holds is counted and checked: a day at the office has no row
(``schedules.models``: setting a cell back to WFO deletes it), so the checks get
the days away, on leave and on travel, never the office cells. The shapes run in
interleaved rounds (the one that goes first alternates); printed are the median
and range of the CPU time (``time.process_time``) and the wall time per round,
and the CPU time per 1,000,000 stored assignments. The prebuilt checks are frozen out
of the garbage collector (``gc.freeze``: a worker holds one OPD-week, not 400) and
each run starts after a collection, so a full pass owed by one run does not land in
the next one's time. Each check is timed on its own and its violations are read into
plain tuples after it, outside the timing (a worker holds one check's violations, not
400 checks'); inside a check the collector works as it would in a worker.
Targets: under 2 s of CPU for 1,000,000 stored assignments (issue 12), under 1 s
(issue 18).

With ``--reference``, each round also runs the frozen engine the rules were
optimised from (``policy/tests/reference_check.py``, the differential tests'
oracle) on the same checks, the two engines taking turns to go first; printed
beside the engine's figures are the reference's, the speed-up of the medians,
and whether both found the very same violations.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy.check import check_roster, priority_rank  # noqa: E402
from policy.limits import Limit, Shape  # noqa: E402 (the path is set just above)
from policy.tests import reference_check  # noqa: E402
from policy.values import (  # noqa: E402
    AWAY_MODES,
    Assignment,
    DayPolicy,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    StaffMember,
    Violation,
)

CIRCULAR_ID = 2023_08
NATIONAL_ID = 2023_02  # the national circular the regional one sits in
LIMITS = (Limit(Shape.STAY_COUNT, 2), Limit(Shape.OFFICE_MAX_SHARE, 95))
JOB_TYPES = ("pelaksana",) * 6 + ("fungsional",) * 3 + ("struktural",)
EXEMPT_ROLES = frozenset({"treasurer", "supervisor", "activity_leader"})
JABODETABEK = frozenset(
    {3171, 3172, 3173, 3174, 3175, 3201, 3216, 3271, 3275, 3276, 3603, 3671, 3674}
)
OTHER_REGIONS = (3601, 3602, 3604, 3672, 3673)
PRIORITIES = (
    PriorityCriterion(PriorityKind.CIRCUMSTANCE, groups=frozenset({"pregnancy"})),
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
        job_type=rng.choice(JOB_TYPES),
        appointed=date(rng.randint(1995, 2023), rng.randint(1, 12), 1),
        sanctions=((date(2023, 9, 4), None),) if rng.random() < 0.005 else (),
        circumstances=frozenset({"pregnancy"}) if rng.random() < 0.03 else frozenset(),
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
        circular_ids=(CIRCULAR_ID, NATIONAL_ID),
        circular_numbers=("800/1234-BKD/2023", "2 Tahun 2023"),
        limits=LIMITS,
        eligible_job_types=frozenset({"pelaksana", "fungsional"}),
        excludes_sanctioned=True,
        new_employee_months=12,
        required_away_groups=frozenset({"pregnancy"}),
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
            modes = ((day, pick_mode(rng, day in away)) for day in week)
            # Storage holds no office day: those cells are not rows.
            cells += [Assignment(member.employee_id, d, m) for d, m in modes if m != Mode.WFO]
    return cells


def days_away(rng: random.Random, member: StaffMember) -> int:
    if (member.roles or member.job_type == "struktural") and rng.random() < 0.9:
        return 0  # most exempt-role and structural staff are rostered correctly
    if member.circumstances:
        return 3  # required away: as many days as the week allows
    if rng.random() < 0.01:
        return 4  # over the weekly limit
    # Higher priority, more days: what the circular asks of the head.
    rank = priority_rank(member, PRIORITIES[1:])
    return {(0, 0): 3, (0, 1): 3, (1, 0): rng.choice((2, 3))}.get(rank, rng.choice((1, 2, 2)))


def pick_mode(rng: random.Random, away: bool) -> Mode:
    roll = rng.random()
    if away:
        return Mode.WFA if roll < 0.005 else Mode.WFH
    return Mode.LEAVE if roll < 0.03 else Mode.TRAVEL if roll < 0.05 else Mode.WFO


def opd_weeks(rng: random.Random) -> list[RosterCheck]:
    checks = []
    for n in range(400):
        days = make_days(date(2023, 8, 28) + timedelta(weeks=n % 4), 5)
        staff = make_staff(rng, 1000, first_id=n * 10_000)
        checks.append(RosterCheck(n, staff, days, make_assignments(rng, staff, days)))
    return checks


def giant(rng: random.Random) -> list[RosterCheck]:
    days = make_days(date(2023, 8, 28), 54)  # eight weeks, weekends included, no cells on them
    staff = make_staff(rng, 50_000, first_id=1)
    return [RosterCheck(1, staff, days, make_assignments(rng, staff, days))]


def run_once(
    checks: list[RosterCheck], engine: Callable = check_roster
) -> tuple[float, float, list[tuple]]:
    """(CPU s, wall s, the violations as plain tuples) of one run over ``checks``.

    Each check is timed on its own, as a worker runs one per request; after it, outside
    the timing, its violations are read into plain tuples (every field, the texts in
    both languages) and dropped, so the collector does not walk the violations of the
    checks already done while the next ones run: a worker holds one check's at a time.
    What the collector does inside a check (the giant shape: 138,000 violations of one
    call) is counted."""
    gc.collect()  # what the previous run left is collected outside the timing
    cpu = wall = 0.0
    found: list[tuple] = []
    for check in checks:
        c, w = time.process_time(), time.perf_counter()
        violations = engine(check)
        cpu += time.process_time() - c
        wall += time.perf_counter() - w
        found.extend(plain(v) for v in violations)
        del violations
    return cpu, wall, found


def plain(v: Violation) -> tuple:
    return (
        v.code.value,
        v.severity,
        v.day,
        v.unit_id,
        v.employee_id,
        v.allowed,
        v.requested,
        v.message_id,
        v.message_en,
    )


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also time the frozen reference engine on the same checks, in the same rounds",
    )
    args = parser.parse_args()
    shapes = {}
    for name, build in (("opd-weeks", opd_weeks), ("giant", giant)):
        started = time.perf_counter()
        shapes[name] = build(random.Random(args.seed))
        print(f"[{name}] built in {time.perf_counter() - started:.1f} s")
    # The prebuilt worlds of every check (millions of objects a worker never holds at
    # once: it checks one OPD-week per request) are set aside from the collector, so
    # its full passes do not walk them in whichever engine happens to be running.
    gc.collect()
    gc.freeze()
    engines: dict[str, Callable] = {"engine": check_roster}
    if args.reference:
        engines["reference"] = reference_check.check_roster
    runs = [(name, engine) for name in shapes for engine in engines]
    cpu: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
    wall: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
    found: dict[tuple[str, str], list] = {}
    names, kinds = list(shapes), list(engines)
    for r in range(args.rounds):
        # Interleaved: the shape that goes first alternates, and so does the engine.
        for name in names if r % 2 == 0 else names[::-1]:
            for kind in kinds if r % 4 < 2 else kinds[::-1]:
                found.pop((name, kind), None)
                c, w, found[name, kind] = run_once(shapes[name], engines[kind])
                cpu[name, kind].append(c)
                wall[name, kind].append(w)
    for name, checks in shapes.items():
        stored = sum(len(c.assignments) for c in checks)
        away = sum(a.mode in AWAY_MODES for check in checks for a in check.assignments)
        cells = sum(len(c.staff) * sum(p.working_day for p in c.days.values()) for c in checks)
        print(
            f"{name}: {len(checks)} check(s), {stored:,} stored assignments "
            f"({away / stored:.0%} away) of {cells:,} staff-days"
        )
        for kind in kinds:
            per_million = statistics.median(cpu[name, kind]) * 1_000_000 / stored
            label = "" if len(kinds) == 1 else f"{kind:9s} "
            print(f"  {label}CPU  {spread(cpu[name, kind])}, median of {args.rounds} rounds")
            print(f"  {label}wall {spread(wall[name, kind])}")
            print(
                f"  {label}{per_million:.3f} s of CPU per 1,000,000 stored assignments "
                f"(#12 target < 2 s: {'met' if per_million < 2 else 'NOT met'}; "
                f"#18 target < 1 s: {'met' if per_million < 1 else 'NOT met'})"
            )
        if args.reference:
            ratio = statistics.median(cpu[name, "reference"]) / statistics.median(
                cpu[name, "engine"]
            )
            same = found[name, "engine"] == found[name, "reference"]
            print(
                f"  speed-up (median CPU, reference / engine): {ratio:.2f}x; "
                f"same violations: {'yes' if same else 'NO'}"
            )
        codes = Counter(v[0] for v in found[name, "engine"])
        print(f"  violations: {len(found[name, 'engine']):,} {dict(sorted(codes.items()))}")


if __name__ == "__main__":
    main()
