"""Benchmark of the request queues (the head's and BKPSDM's) at two sizes. Prints figures.

Run from the project root against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/request_queue.py [--rounds 5]

It builds a throw-away database (``test_<name>``, dropped at the end, also on failure)
with two agencies under a 50% WFA circular over the coming eight weeks:

- small: an OPD of 100 staff with 250 pending requests, and 2 OPDs whose heads asked
  for a day (BKPSDM decides those);
- large: an OPD of 1,000 staff (three sub-units) with 2,500 pending requests, and 20
  OPDs with a head's request each, a few of them in weeks already submitted.

The sizes are measured in interleaved rounds (small, large, small, large...) and each
figure is the median with its range. Target (issue 17): the first page of the queue at
1,000 staff with 2,500 pending requests under 200 KB, and (issue 18) a number of
queries that does not grow with pending requests or OPDs.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # the access log of every request would drown the figures

from _database import throwaway_database  # noqa: E402  (bench/ is this script's folder)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = {"small": (100, 250, 2), "large": (1_000, 2_500, 20)}  # staff, pending, head OPDs
LIMIT_KB = 200


def working_days(count: int):
    from circulars.calendar import non_working_days

    day = timezone.localdate() + timedelta(days=1)
    closed = non_working_days(0, day, day + timedelta(days=count * 2 + 30))
    found = []
    while len(found) < count:
        if day.weekday() < 5 and day not in closed:
            found.append(day)
        day += timedelta(days=1)
    return found


def seed(name: str, staff: int, requests: int, head_opds: int, serial: int):
    from circulars.models import Circular, Window
    from organizations.models import Agency, Employee, Role, Unit, User
    from schedules.models import AwayRequest, Roster
    from wfa_portal.isoweek import monday_of

    today = timezone.localdate()
    agency = Agency.objects.create(code=f"bench-{name}", name=f"Pemda {name}", short_name=name)
    circular = Circular.objects.create(
        agency=agency,
        number=f"800/BENCH-{name}/2026",
        title="Bench",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=50,
    )
    Window.objects.create(circular=circular, start=today, end=today + timedelta(days=70))
    opd = Unit.objects.create(
        agency=agency, code=f"opd-{name}", name="Dinas Besar", short_name="DB"
    )
    subs = Unit.objects.bulk_create(
        [
            Unit(agency=agency, parent=opd, code=f"sub-{name}-{j}", name=f"Bidang {j}")
            for j in range(3)
        ]
    )
    units = [opd, *subs]
    people = []
    for i in range(staff):
        serial += 1
        people.append(
            Employee(nip=f"19800101{serial:010d}", name=f"Pegawai {serial:06d}", unit=units[i % 4])
        )
    people = Employee.objects.bulk_create(people)
    days = working_days(40)
    AwayRequest.objects.bulk_create(
        [
            AwayRequest(
                employee=people[k % staff],
                circular=circular,
                day=days[k // staff],
                mode="WFA",
                note="Mengurus keluarga di luar kota",
            )
            for k in range(requests)
        ],
        batch_size=5_000,
    )
    head = User.objects.create_user(f"bench-head-{name}", password="x")  # noqa: S106
    Role.objects.create(user=head, kind=Role.Kind.OPD_HEAD, unit=opd)
    admin = User.objects.create_user(f"bench-admin-{name}", password="x")  # noqa: S106
    Role.objects.create(user=admin, kind=Role.Kind.BKPSDM_ADMIN, agency=agency)
    for n in range(head_opds):
        small = Unit.objects.create(agency=agency, code=f"k-{name}-{n}", name=f"Kantor {n:02d}")
        user = User.objects.create_user(f"bench-{name}-kepala-{n}", password="x")  # noqa: S106
        Role.objects.create(user=user, kind=Role.Kind.OPD_HEAD, unit=small)
        serial += 1
        boss = Employee.objects.create(
            nip=f"19800101{serial:010d}", name=f"Kepala {n:02d}", unit=small, user=user
        )
        day = days[n % 5]
        AwayRequest.objects.create(employee=boss, circular=circular, day=day, mode="WFA")
        if n % 4 == 0:
            Roster.objects.create(
                unit=small, week_start=monday_of(day), status=Roster.Status.SUBMITTED
            )
    Roster.objects.create(unit=opd, week_start=monday_of(days[0]), status=Roster.Status.SUBMITTED)
    return (
        (head, reverse("requests:queue", args=[opd.pk])),
        (admin, reverse("requests:agency_queue", args=[agency.pk])),
        serial,
    )


def measure(user, url: str) -> tuple[float, int, float, int]:
    client = Client()
    client.force_login(user)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return (
        ms,
        len(ctx.captured_queries),
        len(response.content) / 1024,
        len(response.context["rows"]),
    )


def spread(values) -> str:
    return f"{statistics.median(values):7.1f} [{min(values):.1f}-{max(values):.1f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with throwaway_database():
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        targets, serial = {}, 0
        for name, (staff, requests, head_opds) in SIZES.items():
            head, admin, serial = seed(name, staff, requests, head_opds, serial)
            targets[name] = {"head's queue": head, "BKPSDM's queue": admin}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        figures: dict[tuple[str, str], list] = {}
        for _round in range(args.rounds):  # interleaved: every page of every size per round
            for name, pages in targets.items():
                for page, (user, url) in pages.items():
                    figures.setdefault((page, name), []).append(measure(user, url))
        print(f"{'page':<15} {'size':<6} {'ms median [range]':>24} {'queries':>8} {'KB':>7} rows")
        over = []
        for (page, name), runs in figures.items():
            ms = [r[0] for r in runs]
            queries, kb, rows = runs[-1][1], runs[-1][2], runs[-1][3]
            print(f"{page:<15} {name:<6} {spread(ms):>24} {queries:>8} {kb:>7.1f} {rows}")
            if kb > LIMIT_KB:
                over.append(f"{page} ({name}) {kb:.0f} KB")
        for page in ("head's queue", "BKPSDM's queue"):
            small, large = figures[(page, "small")][-1][1], figures[(page, "large")][-1][1]
            verdict = "constant" if small == large else f"GROWS {small} -> {large}"
            print(f"queries of the {page}: {verdict}")
        print(
            f"first page under {LIMIT_KB} KB: " + ("yes" if not over else "NO: " + ", ".join(over))
        )


if __name__ == "__main__":
    main()
