"""Benchmark of attendance: a 100,000-row check-in import and the daily figure of an agency
of 20,000 staff. Prints figures; not run by the tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/attendance.py [--staff 20000] [--rows 100000] [--repeat 5]

It builds a throw-away database (``test_<name>`` beside the configured one), seeds one
agency of ``--staff`` employees in OPDs of 400 with a 50% WFH circular stating an
attendance duty (office point, 07:30 and 16:00), a WFH roster for a quarter of the staff
on each of five days, office points for every OPD, and drops the database at the end.
The import's limits are raised for the run (the portal refuses more than
IMPORT_MAX_ATTENDANCE_ROWS rows, 50,000 by default).
"""

from __future__ import annotations

import argparse
import os
import random
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

MONDAY = date(2025, 4, 7)
DAYS = [MONDAY + timedelta(days=i) for i in range(5)]
OPD_SIZE = 400


def seed(staff: int):
    from attendance.models import AttendanceDuty, ImportSource, OfficePoint
    from circulars.models import Circular, Window
    from organizations.models import Agency, Employee, Unit, User
    from schedules.models import Assignment, Roster

    agency = Agency.objects.create(
        code="bench", name="Pemkot Bench", short_name="Bench", level="city"
    )
    opds = Unit.objects.bulk_create(
        Unit(agency=agency, code=f"opd-{i}", name=f"Dinas {i:03d}", short_name=f"D{i}")
        for i in range((staff + OPD_SIZE - 1) // OPD_SIZE)
    )
    people = [
        Employee(
            nip=f"19800101{200001 + i:06d}1{i % 1000:03d}", name=f"P {i}", unit=opds[i // OPD_SIZE]
        )
        for i in range(staff)
    ]
    Employee.objects.bulk_create(people, batch_size=5000)
    people = list(Employee.objects.filter(unit__agency=agency).order_by("pk"))
    circular = Circular.objects.create(
        agency=agency, number="800/BENCH/2025", title="Bench", status="published",
        published_at=timezone.now(), arrangement="WFH", cap_percent=50,
    )  # fmt: skip
    Window.objects.create(circular=circular, start=DAYS[0], end=DAYS[-1])
    AttendanceDuty.objects.create(circular=circular, times=["07:30", "16:00"], place="office")
    OfficePoint.objects.bulk_create(
        OfficePoint(unit=o, lat=-6.12 + i / 1000, lng=106.15, radius_m=150)
        for i, o in enumerate(opds)
    )
    rosters = {
        o.pk: Roster.objects.create(unit=o, week_start=MONDAY, status="submitted") for o in opds
    }
    rng = random.Random(7)
    rows = []
    for day in DAYS:
        for e in rng.sample(people, len(people) // 4):
            rows.append(Assignment(roster=rosters[e.unit_id], employee=e, day=day, mode="WFH"))
    Assignment.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    source = ImportSource.objects.create(
        agency=agency, name="Bench", nip_column="NIP", date_column="Tanggal", time_column="Jam",
        lat_column="Lat", lng_column="Lng", device_column="Perangkat",
    )  # fmt: skip
    admin = User.objects.create(username="bench-admin")
    return agency, people, source, admin


def csv_bytes(people, rows: int) -> bytes:
    rng = random.Random(11)
    lines = ["NIP,Tanggal,Jam,Lat,Lng,Perangkat"]
    per_day = max(1, rows // (len(DAYS) * 2))
    made = 0
    for day in DAYS:
        for e in people[:per_day]:
            for clock in ("07:2", "16:0"):
                if made == rows:
                    break
                lines.append(
                    f"{e.nip},{day.isoformat()},{clock}{rng.randint(0, 9)},"
                    f"{-6.12 + rng.random() / 100:.6f},{106.15 + rng.random() / 100:.6f},HP"
                )
                made += 1
    return ("\n".join(lines) + "\n").encode()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.IMPORT_MAX_ATTENDANCE_ROWS = args.rows
    settings.UPLOAD_MAX_ROWS = args.rows + 10
    settings.UPLOAD_MAX_CELLS = args.rows * 7
    settings.UPLOAD_MAX_BYTES = 64 * 1024 * 1024

    from attendance import imports
    from attendance.figure import daily_figure
    from organizations.tables import read_rows

    with throwaway_database():
        seconds, (agency, people, source, admin) = timed(lambda: seed(args.staff))
        print(f"seeded {args.staff} staff in {seconds:.1f} s")
        content = csv_bytes(people, args.rows)
        print(f"file: {len(content) / 1e6:.1f} MB, {args.rows} rows")
        seconds, table = timed(
            lambda: read_rows("a.csv", content, kinds=(".csv",), max_rows=args.rows)
        )
        print(f"read the file: {seconds:.2f} s")
        rows = imports.mapped_rows(table, source)
        seconds, (preview, batch) = timed(
            lambda: imports.stage(
                agency=agency, source=source, actor=admin, filename="a.csv", rows=rows
            )
        )
        assert batch is not None, [r.errors for r in preview.error_rows[:3]]
        print(f"checked and staged {len(rows)} rows: {seconds:.2f} s")
        with CaptureQueriesContext(connection) as ctx:
            seconds, _batch = timed(lambda: imports.apply(batch=batch))
        print(
            f"applied (findings, bulk insert): {seconds:.2f} s, {len(ctx.captured_queries)} queries"
        )
        times = []
        for _i in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                seconds, figure = timed(lambda: daily_figure(agency, DAYS[1]))
            times.append(seconds)
        t = figure.totals
        print(
            f"daily figure, {args.staff} staff in {len(figure.rows)} OPDs: median "
            f"{statistics.median(times) * 1000:.0f} ms, {len(ctx.captured_queries)} queries "
            f"(WFO {t.wfo}, WFH {t.wfh}, not reported {t.not_reported}, checked in {t.checked_in})"
        )
        started = datetime.now()
        print(f"done at {started:%H:%M:%S}")


if __name__ == "__main__":
    main()
