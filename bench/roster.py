"""Benchmark of the roster week: grid page render and full-week save. Prints figures.

Run from the project root against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/roster.py [--repeat 5]

It builds a throw-away database with Django's test-database utilities
(``test_<name>`` beside the configured one), seeds OPDs of 50, 300 and 1,000
staff under a 50% WFA circular for ISO week 2025-W35 (five working days), and
drops the database at the end, also on failure.

Targets: 1,000 staff x 5 days saved and validated in under 1 s; the page in
under 300 ms.
"""

from __future__ import annotations

import argparse
import os
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

WEEK = date(2025, 8, 25)  # 2025-W35, Monday to Friday all working days
DAYS = [WEEK + timedelta(days=i) for i in range(5)]
SIZES = (50, 300, 1000)
SUB_UNITS = 10


def seed():
    from circulars.models import Circular, Window
    from organizations.models import Agency, Employee, Role, Unit, User
    from organizations.tests.factories import make_nip

    agency = Agency.objects.create(code="bench", name="Pemkot Bench", short_name="Bench")
    circular = Circular.objects.create(
        agency=agency,
        number="800/BENCH/2025",
        title="Bench",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=50,
    )
    Window.objects.create(circular=circular, start=DAYS[0], end=DAYS[-1])
    head = User.objects.create_user("bench-head", password="x")  # noqa: S106
    opds, serial = [], 0
    for size in SIZES:
        opd = Unit.objects.create(agency=agency, code=f"opd-{size}", name=f"Dinas {size}")
        subs = [
            Unit.objects.create(
                agency=agency, parent=opd, code=f"sub-{size}-{i}", name=f"Bidang {i}"
            )
            for i in range(SUB_UNITS)
        ]
        staff = []
        for i in range(size):
            serial += 1
            unit = opd if i % (SUB_UNITS + 1) == 0 else subs[i % SUB_UNITS]
            staff.append(Employee(nip=make_nip(serial), name=f"Pegawai {serial:05d}", unit=unit))
        Employee.objects.bulk_create(staff)
        Role.objects.create(user=head, kind=Role.Kind.OPD_HEAD, unit=opd)
        opds.append(opd)
    return head, opds


def full_week(staff_ids: list[int], shift: int):
    """Every cell of the week: each employee away two days of five (40% a day)."""
    from policy.values import Mode

    cells = {}
    for n, emp in enumerate(staff_ids):
        away = {(n + shift) % 5, (n + shift + 2) % 5}
        for i, day in enumerate(DAYS):
            cells[(emp, day)] = Mode.WFA if i in away else Mode.WFO
    return cells


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), result


def bench_opd(head, opd, repeat: int) -> dict:
    from organizations.models import Employee
    from schedules.forms import cell_name
    from schedules.services import save_week

    staff_ids = list(Employee.objects.of_opd(opd.pk).values_list("pk", flat=True))
    shift = iter(range(10_000))

    def save():
        result = save_week(
            opd=opd, week_start=WEEK, cells=full_week(staff_ids, next(shift)), actor=head
        )
        assert result.saved, [v.message_en for v in result.errors[:3]]
        return result

    first_started = time.perf_counter()
    first = save()
    first_ms = (time.perf_counter() - first_started) * 1000
    with CaptureQueriesContext(connection) as ctx:
        save()
    save_queries = len(ctx.captured_queries)
    save_ms, save_max, result = timed(save, repeat)

    client = Client()
    client.force_login(head)
    url = reverse("schedules:week", args=[opd.pk, "2025-W35"])

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response

    page()  # warm the template and translation caches
    with CaptureQueriesContext(connection) as ctx:
        response = page()
    page_queries = len(ctx.captured_queries)
    page_ms, page_max, _ = timed(page, repeat)

    post_data = {
        cell_name(emp, day): mode.value
        for (emp, day), mode in full_week(staff_ids, next(shift)).items()
    }
    save_url = reverse("schedules:save", args=[opd.pk, "2025-W35"])
    post_ms, post_max, post = timed(lambda: client.post(save_url, post_data), repeat)
    assert post.status_code == 302, post.status_code
    return {
        "staff": len(staff_ids),
        "cells": len(staff_ids) * len(DAYS),
        "first_save_ms": first_ms,
        "first_changed": first.changed,
        "save_ms": save_ms,
        "save_max": save_max,
        "changed": result.changed,
        "save_queries": save_queries,
        "page_ms": page_ms,
        "page_max": page_max,
        "page_kb": len(response.content) / 1024,
        "page_queries": page_queries,
        "post_ms": post_ms,
        "post_max": post_max,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with throwaway_database():
        head, opds = seed()
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        print(
            f"{'staff':>6} {'cells':>6} {'1st save':>9} {'save':>8} {'(max)':>8} {'changed':>8}"
            f" {'q':>3} {'page':>8} {'(max)':>8} {'KiB':>6} {'q':>3} {'POST':>8} {'(max)':>8}"
        )
        for opd in opds:
            r = bench_opd(head, opd, args.repeat)
            print(
                f"{r['staff']:>6} {r['cells']:>6} {r['first_save_ms']:>7.0f}ms"
                f" {r['save_ms']:>6.0f}ms {r['save_max']:>6.0f}ms {r['changed']:>8}"
                f" {r['save_queries']:>3} {r['page_ms']:>6.0f}ms {r['page_max']:>6.0f}ms"
                f" {r['page_kb']:>6.0f} {r['page_queries']:>3}"
                f" {r['post_ms']:>6.0f}ms {r['post_max']:>6.0f}ms"
            )
        print(
            "save: save_week of every cell of the week (medians; changed = cells that differ);"
            " page: GET of the grid; POST: the plain form post of the whole grid (save + redirect)."
        )


if __name__ == "__main__":
    main()
