"""Do the hot pages slow down as history piles up? Prints ratios and query plans.

Run from the project root against PostgreSQL (it takes a few minutes; run it once):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_perf \\
        .venv/bin/python bench/history.py [--rounds 5] [--requests 8] [--keep]

Two databases beside DATABASE_URL's, with the same schema and indexes:

- ``<name>_hist_small``: the agency of bench/_world.py (20 OPDs of 100 staff,
  twelve weeks of rosters around today);
- ``<name>_hist_big``: a copy of it, plus two years of history loaded with COPY:
  104 more weeks of accepted rosters for the same agency, ten more agencies of
  20 OPDs of 110 staff with the same two years, their day counters and one
  change-log row for every fourth assignment -- more than 5 million
  assignment rows.

Then, in interleaved rounds (the side that goes first alternates), the same
requests are timed in-process against each database: the grid of the 100-staff
OPD, a save of that grid (changed cells only, urlencoded, as the page posts),
"Jadwal saya" and the agency's dashboard, with the figure cache off (every request
reads the database, as the first visit after a change does). Printed: each page's
median time per side and the ratio big/small (median and range over the rounds);
target <= 1.1.
Last, every query of those requests is EXPLAINed on the big database (default
PostgreSQL settings) and the scan each one uses is printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")
os.environ.pop("REDIS_URL", None)  # local-memory cache, emptied when the side changes
# Every request reads the database, as a visit after a change does: a page body served
# from the figure cache (my days, the grid, the dashboard) would measure no history.
os.environ["WFA_CACHE_FIGURES"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")

HISTORY_WEEKS = 104
OTHER_AGENCIES = 10
OTHER_OPDS = 20
OTHER_STAFF = 110
TARGET = 1.1


def urls() -> tuple[str, str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL")
    base = urlparse(url).path.lstrip("/")
    return url, base + "_hist_small", base + "_hist_big"


def with_name(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def admin_sql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(with_name(url, "postgres"), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


# --- building the databases (each step in a child process on its database) -------------


def child(url: str, *args: str) -> str:
    env = dict(os.environ, DATABASE_URL=url)
    done = subprocess.run(  # noqa: S603 - this script, our own venv
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def seed_small() -> None:
    import django

    django.setup()
    from _world import seed_world

    world = seed_world("hist", opds=20, staff=100)
    print(json.dumps({k: str(v) if isinstance(v, date) else v for k, v in vars(world).items()}))


def copy(cursor, table: str, columns: str, lines) -> int:
    """COPY text rows (already tab-separated) into the table, in chunks."""
    n = 0
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as out:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            n += 1
            if n % 200_000 == 0:
                out.write(buffer.getvalue())
                buffer = io.StringIO()
        out.write(buffer.getvalue())
    return n


def load_history() -> None:
    """Two years of history for the seeded agency and ten more agencies (COPY)."""
    import django

    django.setup()
    from _world import WEEKS_BACK, away_days, monday, nip
    from django.db import connection
    from django.utils import timezone

    from organizations.models import Agency, Employee, Unit
    from schedules.models import Assignment, AssignmentChange, DayCounter, Roster

    expected = {
        Roster: "id unit_id week_start status submitted_at submitted_by_id decided_at "
        "decided_by_id return_comment updated_at",
        Assignment: "id roster_id employee_id day mode",
        DayCounter: "id unit_id day away",
        AssignmentChange: "id roster_id employee_id day old_mode new_mode changed_by_id changed_at",
    }
    for model, columns in expected.items():
        found = " ".join(f.column for f in model._meta.concrete_fields)
        assert found == columns, f"{model.__name__} has changed: {found}"

    started = time.perf_counter()
    first_week = monday(timezone.localdate()) - timedelta(weeks=WEEKS_BACK)
    weeks = [first_week - timedelta(weeks=HISTORY_WEEKS - i) for i in range(HISTORY_WEEKS)]
    window = [first_week + timedelta(weeks=i) for i in range(WEEKS_BACK + 5)]
    main = Agency.objects.get(code="hist")
    # Ten more agencies, each with OPDs, sub-units and staff (ORM: a few thousand rows).
    serial = 1_000_000
    for a in range(OTHER_AGENCIES):
        agency = Agency.objects.create(code=f"hist-{a}", name=f"Pemkab {a}", short_name=f"H{a}")
        opds = Unit.objects.bulk_create(
            Unit(agency=agency, code=f"opd-{i}", name=f"Dinas {i}", short_name=f"D{i}")
            for i in range(OTHER_OPDS)
        )
        subs = Unit.objects.bulk_create(
            Unit(agency=agency, parent=o, code=f"sub-{i}-{j}", name=f"Bidang {i}-{j}")
            for i, o in enumerate(opds)
            for j in range(2)
        )
        homes = [[o, subs[2 * i], subs[2 * i + 1]] for i, o in enumerate(opds)]
        staff = []
        for i in range(OTHER_OPDS):
            for k in range(OTHER_STAFF):
                serial += 1
                staff.append(
                    Employee(nip=nip(serial), name=f"Pegawai {serial}", unit=homes[i][k % 3])
                )
        Employee.objects.bulk_create(staff, batch_size=5000)
    print(f"  agencies and staff: {time.perf_counter() - started:.0f} s", file=sys.stderr)

    # Whose history: every OPD with its staff (sub-units rolled up), in a stable order.
    opd_of = dict(Unit.objects.values_list("pk", "parent_id"))
    staff_by_opd: dict[int, list[int]] = {}
    for pk, unit_id in Employee.objects.order_by("pk").values_list("pk", "unit_id"):
        staff_by_opd.setdefault(opd_of[unit_id] or unit_id, []).append(pk)
    others = set(Unit.objects.filter(agency__code__startswith="hist-").values_list("pk", flat=True))
    main_opds = set(Unit.objects.filter(agency=main, parent=None).values_list("pk", flat=True))

    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) FROM schedules_roster")
        roster_id = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) FROM schedules_assignment")
        assignment_id = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) FROM schedules_daycounter")
        counter_id = c.fetchone()[0]
    now = timezone.now().isoformat()
    rosters: list[tuple[int, int, date]] = []
    for opd in sorted(main_opds | others):
        for w in weeks + (window if opd in others else []):
            roster_id += 1
            rosters.append((roster_id, opd, w))
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cur:
        copy(
            cur,
            "schedules_roster",
            expected[Roster].replace(" ", ", "),
            (
                f"{pk}\t{opd}\t{w}\taccepted\t{now}\t\\N\t{now}\t\\N\t\t{now}\n"
                for pk, opd, w in rosters
            ),
        )
        counters: dict[tuple[int, date], int] = {}
        changes: list[str] = []
        rng = random.Random(7)

        def assignments():
            nonlocal assignment_id
            for pk, opd, w in rosters:
                wi = (w - weeks[0]).days // 7
                for n, emp in enumerate(staff_by_opd.get(opd, ())):
                    if n % 25 == 0:
                        continue  # exempt roles stay in
                    for d in away_days(n, wi):
                        day = w + timedelta(days=d)
                        assignment_id += 1
                        counters[(opd, day)] = counters.get((opd, day), 0) + 1
                        if assignment_id % 4 == 0:
                            at = f"{day - timedelta(days=3 + rng.randrange(4))}T09:00:00+00:00"
                            changes.append(f"{pk}\t{emp}\t{day}\tWFO\tWFA\t\\N\t{at}\n")
                        yield f"{assignment_id}\t{pk}\t{emp}\t{day}\tWFA\n"

        n = copy(
            cur, "schedules_assignment", expected[Assignment].replace(" ", ", "), assignments()
        )
        print(f"  {n:,} assignments: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        copy(
            cur,
            "schedules_daycounter",
            expected[DayCounter].replace(" ", ", "),
            (
                f"{counter_id + i + 1}\t{u}\t{d}\t{a}\n"
                for i, ((u, d), a) in enumerate(sorted(counters.items()))
            ),
        )
        copy(
            cur,
            "schedules_assignmentchange",
            "roster_id, employee_id, day, old_mode, new_mode, changed_by_id, changed_at",
            iter(changes),
        )
        for table in ("schedules_roster", "schedules_assignment", "schedules_daycounter"):
            last = f"(SELECT max(id) FROM {table})"  # noqa: S608 - our own table names
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
    raw.commit()
    print(
        f"  {len(rosters):,} rosters, {len(changes):,} changes: "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    print(json.dumps({"assignments": n, "rosters": len(rosters), "changes": len(changes)}))


# --- measuring --------------------------------------------------------------------


class Side:
    """One database: its name, its logged-in clients, the URLs of the world."""

    def __init__(self, name: str, world: dict) -> None:
        self.name = name
        self.world = world
        self.clients: dict = {}
        self.flip = 0

    def use(self) -> None:
        from django.core.cache import cache
        from django.db import connections

        connections["default"].close()
        connections["default"].settings_dict["NAME"] = self.name
        cache.clear()  # the two databases share ids: no answer crosses sides

    def client(self, username: str):
        from django.test import Client

        from organizations.models import User

        if username not in self.clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]


def pages(side: Side, free: list) -> dict:
    from django.urls import reverse

    from schedules.roster.forms import cell_name
    from wfa_portal.isoweek import format_week

    w = side.world
    week = format_week(date.fromisoformat(w["week"]))
    grid = reverse("roster:week", args=[w["opd_id"], week])
    save = reverse("roster:save", args=[w["opd_id"], week])
    my_days = reverse("requests:my_days")
    dashboard = reverse("monitoring:dashboard", args=[w["agency_id"], w["circular_id"]])

    def get(username, url):
        def run():
            response = side.client(username).get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def post():
        side.flip ^= 1
        mode = "WFA" if side.flip else "WFO"
        data = {cell_name(emp, day): mode for emp, day in free[:4]}
        response = side.client(w["head_username"]).post(save, data)
        assert response.status_code == 302 and response.url.endswith(f"{week}/"), response

    return {
        "grid": get(w["head_username"], grid),
        "save": post,
        "my days": get(w["employee_username"], my_days),
        "dashboard": get(w["admin_username"], dashboard),
    }


def measure(small: str, big: str, world: dict, rounds: int, requests: int) -> None:
    import django

    django.setup()
    from _world import World, free_cells
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    sides = [Side(small, world), Side(big, world)]
    sides[0].use()
    free = free_cells(World(**{**world, "week": date.fromisoformat(world["week"])}))
    runs = {side.name: pages(side, free) for side in sides}
    times: dict[tuple[str, str], list[float]] = {}
    for r in range(rounds):
        for side in sides if r % 2 == 0 else sides[::-1]:
            side.use()
            for page, run in runs[side.name].items():
                run()
                run()  # warm: connection, caches
                took = []
                for _ in range(requests):
                    started = time.perf_counter()
                    run()
                    took.append((time.perf_counter() - started) * 1000)
                times.setdefault((page, side.name), []).append(statistics.median(took))
        print(f"round {r + 1} of {rounds} done", flush=True)
    print()
    print(f"{'page':<10} {'small ms':>9} {'big ms':>9} {'big/small':>10} {'range':>13}  target")
    for page in runs[small]:
        s, b = times[(page, small)], times[(page, big)]
        ratios = [y / x for x, y in zip(s, b, strict=True)]
        ratio = statistics.median(ratios)
        print(
            f"{page:<10} {statistics.median(s):>9.1f} {statistics.median(b):>9.1f} "
            f"{ratio:>10.2f} {min(ratios):>6.2f}-{max(ratios):.2f}  <= {TARGET} "
            f"{'met' if ratio <= TARGET else 'NOT met'}"
        )
    explain(sides[1], runs[big])


def explain(side: Side, runs: dict) -> None:
    """EXPLAIN every query the pages run on the big database: the scan of each table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    side.use()
    print("\nQuery plans on the big database (default settings):")
    for page, run in runs.items():
        run()
        with CaptureQueriesContext(connection) as queries:
            run()
        print(f"\n{page}:")
        seen = set()
        for q in queries.captured_queries:
            sql = q["sql"]
            if not sql.startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            with connection.cursor() as c:
                c.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = c.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
            scans = sorted(set(_scans(plan[0]["Plan"])))
            took = plan[0]["Execution Time"]
            print(f"  {took:7.2f} ms  {sql[7:70]}...  ->  {'; '.join(scans) or 'no table'}")


def _scans(node: dict):
    kind = node.get("Node Type", "")
    if "Scan" in kind and "Relation Name" in node:
        index = node.get("Index Name")
        yield f"{kind} on {node['Relation Name']}" + (f" using {index}" if index else "")
    for child_node in node.get("Plans", ()):
        yield from _scans(child_node)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep both databases")
    parser.add_argument("--reuse", action="store_true", help="measure databases kept before")
    args = parser.parse_args()
    url, small, big = urls()
    world_file = Path(f"/tmp/{small}.json")  # noqa: S108 - a bench's scratch file
    try:
        if not args.reuse:
            started = time.perf_counter()
            admin_sql(
                url,
                f'DROP DATABASE IF EXISTS "{big}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{small}" WITH (FORCE)',
                f'CREATE DATABASE "{small}"',
            )
            env = dict(os.environ, DATABASE_URL=with_name(url, small))
            subprocess.run(  # noqa: S603 - our own manage.py
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                env=env,
                check=True,
            )
            world_file.write_text(child(with_name(url, small), "--seed").strip().splitlines()[-1])
            admin_sql(url, f'CREATE DATABASE "{big}" TEMPLATE "{small}"')
            print(f"small database ready: {time.perf_counter() - started:.0f} s", flush=True)
            loaded = json.loads(child(with_name(url, big), "--load").strip().splitlines()[-1])
            print(
                f"big database: {loaded['assignments']:,} assignments, "
                f"{loaded['rosters']:,} rosters, {loaded['changes']:,} change rows "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
            for name in (small, big):
                import psycopg

                with psycopg.connect(with_name(url, name), autocommit=True) as conn:
                    conn.execute("VACUUM ANALYZE")
        world = json.loads(world_file.read_text())
        measure(small, big, world, args.rounds, args.requests)
    finally:
        if not args.keep and not args.reuse:
            admin_sql(
                url,
                f'DROP DATABASE IF EXISTS "{big}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{small}" WITH (FORCE)',
            )


if __name__ == "__main__":
    if "--seed" in sys.argv:
        seed_small()
    elif "--load" in sys.argv:
        load_history()
    else:
        main()
