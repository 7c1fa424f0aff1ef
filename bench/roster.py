"""Benchmark of the roster grid: page render and size, validation and save, as the browser
posts them. Prints figures (medians with their ranges); tests never time anything.

Run from the project root against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench WFA_TESTING=1 \\
        .venv/bin/python bench/roster.py [--rounds 5] [--sizes 100,300,1000]

It builds a throw-away database with Django's test-database utilities
(``test_<name>`` beside the configured one) and drops it at the end, also on failure.

Each OPD lives under a 50% WFA circular for ISO week 2025-W35 (five working days) that
keeps treasurers at the office (exempt role), ranks staff living in one region first
(a priority), and has revoked the permission of a few employees. Each employee is away
two days of five (40%), saved beforehand through ``save_week``.

What is posted is exactly what the grid posts (static/js/roster.js): urlencoded, the CSRF
token, the day targets of "Isi otomatis" (empty), and only the cells that differ from what
is saved. Each round moves one away day of 5% of the staff, which the head would do with
a few clicks: validated (the htmx POST), then saved (the form POST, answered by a redirect).

The sizes are interleaved in rounds (each round visits every size, in a rotating order),
so load on the machine moves every size alike. Each GET follows the previous round's
save, so the grid is rendered afresh every time (a visit after a change: the shared
cache holds the grid only until the next write).

Targets: the page of a 1,000-staff OPD (its first page of staff) under 300 ms and 200 KB;
a save under 1 s.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

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
ISO = "2025-W35"
DAYS = [WEEK + timedelta(days=i) for i in range(5)]
SUB_UNITS = 10
FORM = "application/x-www-form-urlencoded"
CSRF = "x" * 64  # the length of a real masked token; the test client does not check it


def seed(sizes: list[int]):
    from circulars.models import Circular, Priority, Window
    from organizations.models import Agency, Employee, Region, Role, RoleTag, Unit, User
    from organizations.tests.factories import make_nip
    from schedules.models import Revocation

    agency = Agency.objects.create(code="bench", name="Pemkot Bench", short_name="Bench")
    near = Region.objects.create(code="3673", name="Kota Bench", kind="kota", province="Banten")
    circular = Circular.objects.create(
        agency=agency,
        number="800/BENCH/2025",
        title="Bench",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=50,
        arrangement="WFA",
        exempt_roles=[RoleTag.TREASURER],
    )
    Window.objects.create(circular=circular, start=DAYS[0], end=DAYS[-1])
    Priority.objects.create(circular=circular, order=1, kind=Priority.Kind.DOMICILE).regions.add(
        near
    )
    head = User.objects.create_user("bench-head", password="x")  # noqa: S106
    opds, serial = {}, 0
    for size in sizes:
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
            staff.append(
                Employee(
                    nip=make_nip(serial),
                    name=f"Pegawai {serial:05d}",
                    unit=opd if i % (SUB_UNITS + 1) == 0 else subs[i % SUB_UNITS],
                    role_tags=[RoleTag.TREASURER] if i % 50 == 7 else [],
                    domicile_region=near if i % 2 else None,
                )
            )
        Employee.objects.bulk_create(staff)
        Role.objects.create(user=head, kind=Role.Kind.OPD_HEAD, unit=opd)
        ids = list(Employee.objects.of_opd(opd.pk).order_by("pk").values_list("pk", flat=True))
        revoked = ids[3::50]
        Revocation.objects.bulk_create(
            Revocation(employee_id=emp, circular=circular, reason="Bench") for emp in revoked
        )
        exempt = {ids[i] for i in range(len(ids)) if i % 50 == 7}
        free = [emp for emp in ids if emp not in exempt and emp not in set(revoked)]
        opds[size] = (opd, free)
    return head, opds


def away_days(n: int, shift: int) -> set[int]:
    return {(n + shift) % 5, (n + shift + 2) % 5}


def week_cells(free: list[int]):
    from policy.values import Mode

    return {
        (emp, day): Mode.WFA
        for n, emp in enumerate(free)
        for i, day in enumerate(DAYS)
        if i in away_days(n, 0)
    }


class Opd:
    """One OPD of the bench: its staff who may be away, and the head's moves so far."""

    def __init__(self, opd, free: list[int]):
        self.opd = opd
        self.free = free
        self.shift = dict.fromkeys(range(len(free)), 0)
        self.round = 0

    def moves(self) -> dict[tuple[int, date], str]:
        """The changed cells of this round: 5% of the staff each move one day away on."""
        step = max(1, len(self.free) // 20)
        start = (self.round * step) % len(self.free)
        self.round += 1
        changed: dict[tuple[int, date], str] = {}
        for n in range(start, min(start + step, len(self.free))):
            before = away_days(n, self.shift[n])
            after = away_days(n, self.shift[n] + 1)
            emp = self.free[n]
            for i in before - after:
                changed[(emp, DAYS[i])] = "WFO"
            for i in after - before:
                changed[(emp, DAYS[i])] = "WFA"
            self.shift[n] += 1
        return changed


def grid_body(changed: dict[tuple[int, date], str]) -> str:
    """The urlencoded body roster.js sends: token, empty day targets, changed cells only."""
    from schedules.roster.forms import cell_name, target_name

    pairs = [("csrfmiddlewaretoken", CSRF)]
    pairs += [(target_name(day), "") for day in DAYS]
    pairs += [(cell_name(emp, day), mode) for (emp, day), mode in sorted(changed.items())]
    return urlencode(pairs)


def measure(client: Client, entry: Opd, figures: dict[str, list[float]]) -> None:
    opd = entry.opd
    page_url = reverse("roster:week", args=[opd.pk, ISO])
    started = time.perf_counter()
    response = client.get(page_url)
    figures["page_ms"].append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    figures["page_kb"].append(len(response.content) / 1024)
    figures["page_gz_kb"].append(len(gzip.compress(response.content)) / 1024)

    body = grid_body(entry.moves())
    figures["post_kb"].append(len(body) / 1024)
    validate_url = reverse("roster:validate", args=[opd.pk, ISO])
    started = time.perf_counter()
    response = client.post(validate_url, body, content_type=FORM, HTTP_HX_REQUEST="true")
    figures["validate_ms"].append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    assert b'data-testid="violations"' not in response.content or b"alert-danger" not in (
        response.content
    ), "a bench move broke a rule"

    save_url = reverse("roster:save", args=[opd.pk, ISO])
    started = time.perf_counter()
    response = client.post(save_url, body, content_type=FORM)
    figures["save_ms"].append((time.perf_counter() - started) * 1000)
    assert response.status_code == 302, response.status_code


def queries(client: Client, entry: Opd) -> tuple[int, int, int]:
    """Queries of the page, the validation and the save (once, outside the timing)."""
    opd = entry.opd
    counts = []
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("roster:week", args=[opd.pk, ISO]))
    counts.append(len(ctx.captured_queries))
    body = grid_body(entry.moves())
    for name, extra in (("validate", {"HTTP_HX_REQUEST": "true"}), ("save", {})):
        with CaptureQueriesContext(connection) as ctx:
            client.post(reverse(f"roster:{name}", args=[opd.pk, ISO]), body, FORM, **extra)
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1], counts[2]


def spread(values: list[float], unit: str) -> str:
    low, high = min(values), max(values)
    return f"{statistics.median(values):>7.0f}{unit} ({low:.0f}–{high:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from schedules.roster.services import save_week

    with throwaway_database():
        head, opds = seed(sizes)
        entries = {}
        for size, (opd, free) in opds.items():
            result = save_week(opd=opd, week_start=WEEK, cells=week_cells(free), actor=head)
            assert result.saved, [v.message_en for v in result.errors[:3]]
            entries[size] = Opd(opd, free)
        client = Client()
        client.force_login(head)
        for entry in entries.values():  # warm templates, translations and caches
            measure(client, entry, {k: [] for k in FIGURES})
        counted = {size: queries(client, entry) for size, entry in entries.items()}

        figures = {size: {k: [] for k in FIGURES} for size in sizes}
        for n in range(args.rounds):
            order = sizes[n % len(sizes) :] + sizes[: n % len(sizes)]
            for size in order:
                measure(client, entries[size], figures[size])

        print(f"database: {connection.vendor}; {args.rounds} rounds, sizes interleaved")
        print(
            f"{'staff':>6} {'page (GET)':>20} {'KB':>6} {'gzip KB':>8} {'posted KB':>10}"
            f" {'validate (htmx)':>20} {'save (POST)':>20} {'queries g/v/s':>14}"
        )
        for size in sizes:
            f = figures[size]
            print(
                f"{size:>6} {spread(f['page_ms'], 'ms'):>20}"
                f" {statistics.median(f['page_kb']):>6.0f}"
                f" {statistics.median(f['page_gz_kb']):>8.0f}"
                f" {statistics.median(f['post_kb']):>10.1f}"
                f" {spread(f['validate_ms'], 'ms'):>20} {spread(f['save_ms'], 'ms'):>20}"
                f" {'/'.join(str(q) for q in counted[size]):>14}"
            )
        print(
            "medians (min–max). page: the grid's first page of staff (paged by sub-unit at"
            " 100 rows; the day counters are the whole OPD's). posted: the urlencoded body of"
            " 5% of the staff moving one day away."
        )


FIGURES = ("page_ms", "page_kb", "page_gz_kb", "post_kb", "validate_ms", "save_ms")


if __name__ == "__main__":
    main()
