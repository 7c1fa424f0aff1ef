"""Benchmark of standing flexible work at two agency sizes: BKPSDM's monitoring page and its
Excel export, the head's page, and next week's grid pre-filled from the arrangements.
Prints figures; not run by the tests.

Run from the project root against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/standing.py [--sizes 2000,20000] [--rounds 5] [--repeat 3]

It builds a throw-away database (``test_<name>`` beside the configured one) and seeds one
agency per size, in OPDs of 400 staff (a sub-unit each): a published standing policy
(Thursdays and Fridays open, 2 days a week), an arrangement on Fridays for 60% of the
staff, an approved application with two work-plan targets for a fifth of them (half
reported, a quarter reviewed as met), rosters of the last eight weeks with those Fridays
away, an event circular with an attendance duty (07:30, 16:00) over one past week, a
check-in on most days away (some late, some outside the radius, some suspicious, the
rest of the duty's times missing), and a few hundred recalls. It drops the database at
the end, also on failure. All sizes are seeded first; then every page is timed in
rounds, the order of the sizes alternating from round to round; the median over the
rounds, the range, and each page's queries (on a cold cache of resolved policies) are
printed. The query counts must be the same at both sizes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")

import django  # noqa: E402

django.setup()

from _database import throwaway_database  # noqa: E402  (bench/ is this script's folder)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (2_000, 20_000)
OPD_SIZE = 400
WEEKS_BACK = 8


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def nip(n: int) -> str:
    birth = date(1965, 1, 1) + timedelta(days=n // 999)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}1{1 + n % 999:03d}"


def seed(size: int, serial: int) -> dict:
    from attendance.models import AttendanceDuty, CheckIn
    from circulars.models import Circular, Window
    from organizations.models import Agency, Employee, Role, Unit, User
    from schedules.models import Assignment, DayCounter, Roster
    from standing.models import Application, Arrangement, Recall, StandingPolicy, WorkTarget

    today = timezone.localdate()
    this_week = monday(today)
    weeks = [this_week - timedelta(weeks=i) for i in range(WEEKS_BACK, 0, -1)]
    tag = f"s{size}"
    agency = Agency.objects.create(code=tag, name=f"Pemkot {tag}", short_name=tag, level="city")
    n_opds = max(1, size // OPD_SIZE)
    opds = Unit.objects.bulk_create(
        Unit(agency=agency, code=f"{tag}-opd-{i}", name=f"Dinas {i:03d}", short_name=f"D{i}")
        for i in range(n_opds)
    )
    subs = Unit.objects.bulk_create(
        Unit(agency=agency, parent=o, code=f"{tag}-sub-{i}", name=f"Bidang {i:03d}")
        for i, o in enumerate(opds)
    )
    people = Employee.objects.bulk_create(
        (
            Employee(
                nip=nip(serial + n),
                name=f"Pegawai {n:06d}",
                unit=(opds if n % 2 else subs)[n // OPD_SIZE % n_opds],
                job_type="pelaksana",
            )
            for n in range(size)
        ),
        batch_size=5000,
    )
    head = User.objects.create_user(f"{tag}-head", password="x")  # noqa: S106
    admin = User.objects.create_user(f"{tag}-admin", password="x")  # noqa: S106
    Role.objects.create(user=head, kind=Role.Kind.OPD_HEAD, unit=opds[0])
    Role.objects.create(user=admin, kind=Role.Kind.BKPSDM_ADMIN, agency=agency)
    policy = StandingPolicy.objects.create(
        agency=agency, number=f"800/{tag}/2025", title="Kerja fleksibel",
        status=StandingPolicy.Status.PUBLISHED, published_at=timezone.now(),
        start=weeks[0] - timedelta(weeks=8), open_weekdays=[3, 4], weekly_limit=2,
    )  # fmt: skip
    arranged = [e for n, e in enumerate(people) if n % 5 < 3]
    Arrangement.objects.bulk_create(
        (
            Arrangement(
                employee=e,
                policy=policy,
                weekdays=[4],
                start=policy.start,
                ict_doable=True,
                little_contact=True,
                no_supervision=True,
                no_equipment=True,
                decided_by=head,
            )  # fmt: skip
            for e in arranged
        ),
        batch_size=5000,
    )
    applied = arranged[::3]
    applications = Application.objects.bulk_create(
        (
            Application(
                employee=e,
                policy=policy,
                weekdays=[4],
                reason="Jauh",
                status=Application.Status.APPROVED,
                decided_by=head,
                decided_at=timezone.now() - timedelta(weeks=WEEKS_BACK),
            )  # fmt: skip
            for e in applied
        ),
        batch_size=5000,
    )
    reported = timezone.now() - timedelta(days=3)
    WorkTarget.objects.bulk_create(
        (
            WorkTarget(
                application=a,
                target=f"Target {k}",
                evidence_of_done="Laporan",
                result="Diunggah" if (n + k) % 2 else "",
                reported_at=reported if (n + k) % 2 else None,
                met=True if (n + k) % 4 == 1 else None,
            )  # fmt: skip
            for n, a in enumerate(applications)
            for k in range(2)
        ),
        batch_size=5000,
    )
    rosters = {
        (r.unit_id, r.week_start): r
        for r in Roster.objects.bulk_create(
            Roster(unit=o, week_start=w, status="accepted") for o in opds for w in weeks
        )
    }
    opd_of = {s.pk: s.parent_id for s in subs} | {o.pk: o.pk for o in opds}
    fridays = [w + timedelta(days=4) for w in weeks]
    rows, counts = [], {}
    for e in arranged:
        opd = opd_of[e.unit_id]
        for w, friday in zip(weeks, fridays, strict=True):
            rows.append(Assignment(roster=rosters[(opd, w)], employee=e, day=friday, mode="WFA"))
            counts[(opd, friday)] = counts.get((opd, friday), 0) + 1
    Assignment.objects.bulk_create(rows, batch_size=5000)
    DayCounter.objects.bulk_create(
        (DayCounter(unit_id=u, day=d, away=n) for (u, d), n in counts.items()), batch_size=5000
    )
    # An event circular with an attendance duty over one past week (its Friday governed by it).
    duty_week = weeks[-3]
    circular = Circular.objects.create(
        agency=agency, number=f"800/SE-{tag}/2025", title="Lebaran", status="published",
        published_at=timezone.now(), arrangement="WFA", cap_percent=100,
    )  # fmt: skip
    Window.objects.create(circular=circular, start=duty_week, end=duty_week + timedelta(days=4))
    AttendanceDuty.objects.create(circular=circular, times=["07:30", "16:00"], place="anywhere")
    findings = ([], ["ATT_LATE"], ["ATT_OUTSIDE"], ["ATT_SAME_SPOT"], [])
    check_ins = []
    for n, e in enumerate(arranged):
        for friday in fridays:
            if (n + friday.day) % 7 == 0:
                continue  # no check-in at all that day
            kind = (n + friday.day) % len(findings)
            at = datetime.combine(friday, datetime.min.time()).replace(hour=7, minute=20 + kind * 9)
            check_ins.append(
                CheckIn(
                    employee=e,
                    day=friday,
                    at=timezone.make_aware(at),
                    findings=findings[kind],
                    suspicious=kind == 3,
                )  # fmt: skip
            )
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    Recall.objects.bulk_create(
        (
            Recall(
                employee=e,
                day=fridays[n % len(fridays)],
                at=datetime.min.time().replace(hour=9),
                reason="Rapat",
                recalled_by=head,
                confirmed_at=timezone.now() if n % 3 else None,
            )  # fmt: skip
            for n, e in enumerate(arranged[:: max(1, len(arranged) // 300)])
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    return {
        "size": size,
        "agency": agency,
        "opd": opds[0],
        "head": head,
        "admin": admin,
        "period": {
            "start": weeks[0].isoformat(),
            "end": (this_week - timedelta(days=1)).isoformat(),
            "pivot": weeks[WEEKS_BACK // 2].isoformat(),
        },
        "next_week": this_week + timedelta(weeks=1),
        "rows": {
            "arrangements": len(arranged),
            "assignments": len(rows),
            "check_ins": len(check_ins),
        },
    }


def pages(world: dict) -> dict[str, tuple[object, str, dict]]:
    """name -> (user, url, query) of every page timed."""
    from wfa_portal.isoweek import format_week

    agency, opd = world["agency"], world["opd"]
    return {
        "monitoring": (
            world["admin"],
            reverse("standing:monitoring", args=[agency.pk]),
            world["period"],
        ),
        "monitoring.xlsx": (
            world["admin"],
            reverse("standing:monitoring_export", args=[agency.pk, "xlsx"]),
            world["period"],
        ),
        "head's page": (world["head"], reverse("standing:queue", args=[opd.pk]), {}),
        "grid pre-fill": (
            world["head"],
            reverse("roster:week", args=[opd.pk, format_week(world["next_week"])]),
            {},
        ),
    }


def measure(world: dict, repeat: int) -> dict[str, tuple[float, int]]:
    """name -> (median ms of ``repeat`` requests, queries of one)."""
    found = {}
    for name, (user, url, query) in pages(world).items():
        client = Client()
        client.force_login(user)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url, query)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, query)
        found[name] = (statistics.median(times), len(ctx.captured_queries))
    return found


def proposed(world: dict) -> int:
    """How many cells next week's grid proposes from the arrangements (a check that the
    pre-fill is exercised, not an empty week)."""
    from schedules.roster.services import check_week
    from standing.prefill import week_proposal

    proposal = week_proposal(check_week(opd=world["opd"], week_start=world["next_week"]))
    return 0 if proposal is None else len(proposal.proposed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    settings.CACHE_FIGURES = False  # every request resolves the policies afresh (cold)

    with throwaway_database():
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        worlds, serial = {}, 0
        for size in sizes:
            started = time.perf_counter()
            worlds[size] = seed(size, serial)
            serial += size
            print(
                f"seeded {size:,} staff in {time.perf_counter() - started:.1f} s: "
                + ", ".join(f"{k} {v:,}" for k, v in worlds[size]["rows"].items()),
                flush=True,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for size in sizes:
            print(f"{size:,} staff: next week's grid proposes {proposed(worlds[size])} cells")
            measure(worlds[size], 1)  # warm templates and translations
        runs: dict[int, list[dict]] = {size: [] for size in sizes}
        for r in range(args.rounds):
            for size in sizes if r % 2 == 0 else sizes[::-1]:
                runs[size].append(measure(worlds[size], args.repeat))
        names = list(pages(worlds[sizes[0]]))
        print(f"{'page':<16} " + " ".join(f"{f'{s:,} staff: ms (range) q':>32}" for s in sizes))
        for name in names:
            cells = []
            for size in sizes:
                ms = [run[name][0] for run in runs[size]]
                queries = {run[name][1] for run in runs[size]}
                q = "/".join(str(n) for n in sorted(queries))
                cells.append(
                    f"{statistics.median(ms):>8.0f} ({min(ms):>5.0f}-{max(ms):<6.0f}) {q:>4}"
                )
            print(f"{name:<16} " + " ".join(f"{c:>32}" for c in cells), flush=True)
        print(
            f"median over {args.rounds} interleaved rounds of each round's median of"
            f" {args.repeat} requests; range: the rounds' lowest and highest; q: queries of"
            " one request (cold cache of resolved policies). Both agencies share the tables."
        )


if __name__ == "__main__":
    main()
