"""CPU per request of the hot pages beside a bare authenticated view, in-process. Prints figures.

Run from the project root (PostgreSQL and Redis up):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_perf \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/page_cpu.py [--rounds 7] [--requests 20] [--profile PAGE]

A proxy of bench/throughput.py that a busy machine disturbs less: no server, no
load generator, no sockets. It creates a throw-away database (``<name>_page_cpu``
beside DATABASE_URL's, dropped at the end), seeds the world of the throughput
bench (bench/_world.py: a 20-OPD agency of 100 staff per OPD, twelve weeks of
rosters) and serves, through Django's test client with the settings of
bench/_bare_site.py (DEBUG off, the shared cache on, the template engine not
instrumented), the bare ``login_required`` view, "Jadwal saya" of an employee,
the roster grid of a 100-staff OPD and the dashboard of the agency. Each round
times ``--requests`` requests of every page, in an order that rotates from round
to round, with ``time.process_time`` (this process's CPU: Python, templates,
the database driver; not PostgreSQL's or Redis's own work). It prints each page's
median CPU ms per request with its range over the rounds, the wall ms, and the
bare view's CPU divided by the page's: the share of the bare view's throughput
a CPU-bound worker would reach (the targets of bench/throughput.py: my days
>= 0.5x, the grid and the dashboard >= 0.25x). My days, the grid and the dashboard keep
their body in the shared cache until something it shows changes, so their rows are
repeat visits; the rows "my days 1st", "grid 1st" and "dashboard 1st" renew the body's
version before each request (outside the timing), and give what a visit after a change
costs.
``bench/throughput.py`` stays the real measure; this one tells whether a change
moved the CPU.

``--profile PAGE`` runs cProfile over that page's requests after the rounds and
prints the top functions by cumulative and by own CPU time, and the queries of one
request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]
os.environ["DJANGO_SETTINGS_MODULE"] = "_bare_site"
# Cache keys of its own: the throughput bench or a test run beside it changes
# versions under other prefixes.
os.environ.setdefault("WFA_BENCH_CACHE_PREFIX", "bench-page-cpu")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no access log line per request

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

TARGETS = {"my days": 0.5, "grid": 0.25, "dashboard": 0.25}


def pages_of(world) -> dict[str, tuple[str, str, str]]:
    """page -> (path, username, a text the page must show)."""
    from wfa_portal.isoweek import format_week

    return {
        "bare": ("/bench/bare/", world.employee_username, "ok"),
        "my days": (reverse("requests:my_days"), world.employee_username, "SE 800/CPU"),
        "grid": (
            reverse("roster:week", args=[world.opd_id, format_week(world.week)]),
            world.head_username,
            "Dinas 000",
        ),
        "dashboard": (
            reverse("monitoring:dashboard", args=[world.agency_id, world.circular_id]),
            world.admin_username,
            "Dinas 019",
        ),
    }


def client_for(username: str) -> Client:
    from organizations.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def check(client: Client, path: str, marker: str) -> None:
    response = client.get(path)
    text = response.content.decode()
    if response.status_code != 200 or marker not in text:
        raise RuntimeError(f"{path}: {response.status_code}, {marker!r} not on the page")


def timed(client: Client, path: str, n: int, stale: list[str] | None = None) -> tuple[float, float]:
    """(CPU ms, wall ms) per request, over n requests. With ``stale``, those cache
    versions are renewed before each request, outside the timing: every request is
    a first visit that renders the cached body afresh."""
    from wfa_portal.soft_cache import new_versions

    cpu = wall = 0.0
    for _ in range(n):
        if stale:
            new_versions(stale)
        c, w = time.process_time(), time.perf_counter()
        response = client.get(path)
        cpu += time.process_time() - c
        wall += time.perf_counter() - w
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
    return cpu * 1000 / n, wall * 1000 / n


def first_visits(world) -> dict[str, tuple[str, list[str]]]:
    """page -> (the page it renders afresh, the versions renewed before each request):
    what a visit costs when the cached body is stale (a write since the last visit)."""
    from organizations.models import Employee
    from schedules.versions import SCHEDULES_KEY, employee_days_key, opd_days_key

    employee = Employee.objects.get(user__username=world.employee_username)
    return {
        "my days 1st": ("my days", [employee_days_key(employee.pk)]),
        "grid 1st": ("grid", [opd_days_key(world.opd_id)]),
        "dashboard 1st": ("dashboard", [SCHEDULES_KEY]),
    }


def profile(client: Client, path: str, n: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)  # CPU, as the rounds count it
    profiler.enable()
    for _ in range(n):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    if os.environ.get("WFA_PROFILE_CALLERS"):  # e.g. "__getattribute__|get_many"
        stats.print_callers(os.environ["WFA_PROFILE_CALLERS"])
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(f"{len(queries)} queries:")
    for query in queries:
        print(" ", query["sql"][:300])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20, help="per page and round")
    parser.add_argument("--profile", choices=["bare", "my days", "grid", "dashboard"])
    args = parser.parse_args()

    from _world import seed_world

    old_name = connection.settings_dict["NAME"]
    # Its own database, never the test suite's test_<name>, which may be in use.
    connection.settings_dict["TEST"]["NAME"] = f"{old_name}_page_cpu"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        world = seed_world("cpu", opds=20, staff=100)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"database {connection.settings_dict['NAME']} seeded in "
            f"{time.perf_counter() - started:.0f} s"
        )
        pages = pages_of(world)
        clients = {page: client_for(user) for page, (_p, user, _m) in pages.items()}
        for page, (path, _user, marker) in pages.items():
            check(clients[page], path, marker)  # right page, and warm caches
            timed(clients[page], path, 3)
        cold = first_visits(world)
        names = [*pages, *cold]
        cpu: dict[str, list[float]] = {n: [] for n in names}
        wall: dict[str, list[float]] = {n: [] for n in names}
        for r in range(args.rounds):
            for page in names[r % len(names) :] + names[: r % len(names)]:
                real, stale = cold.get(page, (page, None))
                c, w = timed(clients[real], pages[real][0], args.requests, stale)
                cpu[page].append(c)
                wall[page].append(w)
            print(
                f"round {r + 1}: " + ", ".join(f"{p} {cpu[p][-1]:.1f}" for p in names) + " CPU ms",
                flush=True,
            )
        print()
        print(
            f"{'page':<13} {'CPU ms median':>13} {'range':>13} {'wall ms':>8}"
            f" {'bare/page':>10} {'range':>13}  target"
        )
        for page in names:
            shares = [b / p for b, p in zip(cpu["bare"], cpu[page], strict=True)]
            line = (
                f"{page:<13} {statistics.median(cpu[page]):>13.2f}"
                f" {min(cpu[page]):>6.2f}-{max(cpu[page]):<6.2f}"
                f" {statistics.median(wall[page]):>8.2f}"
            )
            if page in cold:
                share = statistics.median(shares)
                line += f" {share:>9.3f}x {min(shares):>6.3f}-{max(shares):<6.3f}  (no target)"
            if page in TARGETS:
                share, target = statistics.median(shares), TARGETS[page]
                line += (
                    f" {share:>9.3f}x {min(shares):>6.3f}-{max(shares):<6.3f}"
                    f"  >= {target}x {'met' if share >= target else 'NOT met'}"
                )
            print(line)
        if args.profile:
            print()
            profile(clients[args.profile], pages[args.profile][0], args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
