"""Benchmark of BKPSDM's compliance dashboard at three agency sizes. Prints figures.

Run from the project root against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/dashboard.py [--repeat 5] [--rounds 3] [--sizes 2000,20000,200000]

It builds a throw-away database with Django's test-database utilities
(``test_<name>`` beside the configured one), seeds one agency per size (OPDs of
a few hundred staff each, three sub-units per OPD) under a 50% WFA circular of
eight weeks (2025-W28 to W35, as a real window runs), with a DayCounter per OPD
and day and a Roster per OPD and week in every status, and a year of history
before it (accepted rosters and day counters of 52 earlier weeks); it drops the
database at the end, also on failure. All sizes are seeded first; then the
pages are timed in rounds, the order of the sizes alternating from round to
round, and the median and range over the rounds are printed.

Target: the dashboard page of a 20,000-staff agency in under 500 ms, in a number
of queries that does not grow with the agency.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")

import django  # noqa: E402

django.setup()

from _database import throwaway_database  # noqa: E402  (bench/ is this script's folder)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

START = date(2025, 7, 7)  # 2025-W28
END = date(2025, 8, 29)  # end of 2025-W35
HISTORY_WEEKS = 52
SIZES = (2_000, 20_000, 200_000)
SUB_UNITS = 3
STATUSES = ("draft", "submitted", "accepted")


def opd_count(size: int) -> int:
    """Regional governments run some 30 to 60 OPDs; a ministry-sized agency far more."""
    return max(20, min(400, size // 500))


def seed(size: int, serial: int) -> tuple[object, object, int]:
    from circulars.models import Circular, Window
    from organizations.models import Agency, Employee, Role, Unit, User
    from schedules.models import DayCounter, Roster

    code = f"bench-{size}"
    agency = Agency.objects.create(code=code, name=f"Pemda Bench {size}", short_name=code)
    circular = Circular.objects.create(
        agency=agency,
        number=f"800/BENCH-{size}/2025",
        title="Bench",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=50,
    )
    Window.objects.create(circular=circular, start=START, end=END)
    n_opds = opd_count(size)
    opds = Unit.objects.bulk_create(
        [
            Unit(agency=agency, code=f"opd-{i}", name=f"Dinas {i:03d}", short_name=f"D{i}")
            for i in range(n_opds)
        ]
    )
    subs = Unit.objects.bulk_create(
        [
            Unit(
                agency=agency,
                parent=opd,
                code=f"sub-{opd.code}-{j}",
                name=f"Bidang {j}",
                short_name=f"B{j}",
            )
            for opd in opds
            for j in range(SUB_UNITS)
        ]
    )
    units = opds + subs
    rng = random.Random(size)
    batch = []
    for i in range(size):
        serial += 1
        batch.append(
            Employee(
                nip=f"19800101{serial:010d}",
                name=f"Pegawai {serial:06d}",
                unit=units[i % len(units)],
            )
        )
        if len(batch) == 10_000:
            Employee.objects.bulk_create(batch)
            batch = []
    Employee.objects.bulk_create(batch)
    per_opd = size // n_opds
    days = [START + timedelta(days=i) for i in range((END - START).days + 1)]
    DayCounter.objects.bulk_create(
        [
            DayCounter(unit=opd, day=day, away=rng.randint(0, per_opd * 55 // 100))
            for opd in opds
            for day in days
            if day.weekday() < 5
        ],
        batch_size=10_000,
    )
    weeks = [START + timedelta(weeks=i) for i in range((END - START).days // 7 + 1)]
    Roster.objects.bulk_create(
        [
            Roster(unit=opd, week_start=week, status=rng.choice(STATUSES))
            for opd in opds[: n_opds * 9 // 10]  # a tenth have not started
            for week in weeks
        ],
        batch_size=10_000,
    )
    # A year of history before the window: accepted weeks and their counters.
    history = [START - timedelta(weeks=i) for i in range(1, HISTORY_WEEKS + 1)]
    Roster.objects.bulk_create(
        [Roster(unit=opd, week_start=week, status="accepted") for opd in opds for week in history],
        batch_size=10_000,
    )
    DayCounter.objects.bulk_create(
        [
            DayCounter(unit=opd, day=week + timedelta(days=d), away=rng.randint(0, per_opd // 2))
            for opd in opds
            for week in history
            for d in range(5)
        ],
        batch_size=10_000,
    )
    admin = User.objects.create_user(f"bench-admin-{size}", password="x")  # noqa: S106
    Role.objects.create(user=admin, kind=Role.Kind.BKPSDM_ADMIN, agency=agency)
    return admin, circular, serial


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), result


def bench(admin, circular, repeat: int) -> dict:
    from monitoring.dashboard import build_dashboard

    client = Client()
    client.force_login(admin)
    url = reverse("monitoring:dashboard", args=[circular.agency_id, circular.pk])

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    page()  # warm the template and translation caches
    with CaptureQueriesContext(connection) as ctx:
        response = page()
    queries = len(ctx.captured_queries)
    page_ms, page_max, _ = timed(page, repeat)
    build_ms, _max, board = timed(lambda: build_dashboard(circular.agency, circular), repeat)
    htmx_ms, _max, _ = timed(
        lambda: client.get(url + "?problems=on", HTTP_HX_REQUEST="true"), repeat
    )
    xlsx_ms, _max, _ = timed(
        lambda: client.get(
            reverse("monitoring:dashboard_export", args=[circular.agency_id, circular.pk, "xlsx"])
        ),
        1,
    )
    return {
        "staff": board.totals.headcount,
        "opds": len(board.all_rows),
        "page_ms": page_ms,
        "page_max": page_max,
        "queries": queries,
        "build_ms": build_ms,
        "htmx_ms": htmx_ms,
        "xlsx_ms": xlsx_ms,
        "kb": len(response.content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with throwaway_database():
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        serial, seeded = 0, {}
        for size in sizes:
            started = time.perf_counter()
            admin, circular, serial = seed(size, serial)
            seeded[size] = (admin, circular)
            print(f"seeded {size:,} staff in {time.perf_counter() - started:.1f} s", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        found: dict[int, list[dict]] = {size: [] for size in sizes}
        for r in range(args.rounds):
            for size in sizes if r % 2 == 0 else sizes[::-1]:
                found[size].append(bench(*seeded[size], args.repeat))
        print(
            f"{'staff':>8} {'OPDs':>5} {'page ms (range)':>18} {'q':>3}"
            f" {'build':>8} {'htmx':>8} {'xlsx':>8} {'KiB':>6}"
        )
        for size in sizes:
            runs = found[size]
            pages = [r["page_ms"] for r in runs]
            r = runs[0]

            def mid(key, runs=runs):
                return statistics.median(run[key] for run in runs)

            print(
                f"{r['staff']:>8} {r['opds']:>5} {statistics.median(pages):>6.0f}"
                f" ({min(pages):>4.0f}-{max(pages):<4.0f}) {r['queries']:>3}"
                f" {mid('build_ms'):>6.0f}ms {mid('htmx_ms'):>6.0f}ms"
                f" {mid('xlsx_ms'):>6.0f}ms {r['kb']:>6.0f}",
                flush=True,
            )
        print(
            "page: GET of the dashboard, median of the rounds' medians (range); q: its"
            " queries; build: build_dashboard alone; htmx: the filtered table partial;"
            " xlsx: the Excel export. Each agency is seeded beside the others, so the"
            " tables hold them all."
        )


if __name__ == "__main__":
    main()
