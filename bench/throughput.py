"""Throughput of the hot pages against a bare authenticated view. Prints figures.

Run from the project root (PostgreSQL and Redis up; wrk from Debian if installed):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_perf \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/throughput.py [--rounds 5] [--seconds 4] [--port 8106]

It creates its own database (``<name>_tp`` beside DATABASE_URL's, dropped at the
end), migrates it, seeds a 20-OPD agency of 100 staff per OPD with twelve weeks
of rosters (bench/_world.py), and starts gunicorn with 2 sync workers on
loopback with the settings of bench/_bare_site.py: the portal as deployed plus
``/bench/bare/``, a ``login_required`` view that answers "ok". A load generator
(wrk, 1 thread, 8 connections; a Python one with threads when wrk is missing)
then drives, in each round and in an order that rotates from round to round,
the bare view, "Jadwal saya" of an employee, the roster grid of a 100-staff OPD
and the dashboard of the agency. Each page's requests per second are divided by
the bare view's of the same round; the median and range over the rounds are
printed.

Targets: my days >= 0.5x the bare view; the grid and the dashboard >= 0.25x.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
TARGETS = {"my days": 0.5, "grid": 0.25, "dashboard": 0.25}


def database_urls() -> tuple[str, str, str]:
    """(the configured URL, the bench database's URL, its name)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL")
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_tp"
    return url, urlunparse(parsed._replace(path="/" + name)), name


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def site_env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="_bare_site",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        LOG_LEVEL="WARNING",
    )
    return env


def seed_and_login() -> None:
    """In a child process with the site's settings: seed, log the actors in, print JSON."""
    import django

    django.setup()
    from _world import seed_world
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from organizations.models import User
    from wfa_portal.isoweek import format_week

    world = seed_world("tp", opds=20, staff=100)

    def cookie(username: str) -> str:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    pages = {
        "bare": ("/bench/bare/", cookie(world.employee_username), "ok"),
        "my days": (reverse("requests:my_days"), cookie(world.employee_username), "SE 800/TP"),
        "grid": (
            reverse("roster:week", args=[world.opd_id, format_week(world.week)]),
            cookie(world.head_username),
            "Dinas 000",
        ),
        "dashboard": (
            reverse("monitoring:dashboard", args=[world.agency_id, world.circular_id]),
            cookie(world.admin_username),
            "Dinas 019",
        ),
    }
    print(json.dumps(pages))


# --- load ---------------------------------------------------------------------


def with_wrk(url: str, cookie: str, seconds: float) -> float:
    command = ["wrk", "-t1", "-c8", f"-d{round(seconds)}s", "--timeout", "60s"]
    command += ["-H", f"Cookie: {cookie}", url]
    out = subprocess.run(  # noqa: S603 - Debian's wrk
        command,  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url}: answers other than 2xx/3xx\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def with_threads(url: str, cookie: str, seconds: float) -> float:
    """8 connections from threads (keep-alive), when wrk is not installed."""
    import requests

    done = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        session = requests.Session()
        n = 0
        while time.perf_counter() < stop:
            response = session.get(url, headers={"Cookie": cookie}, allow_redirects=False)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
            n += 1
        with lock:
            done[0] += n

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.perf_counter() - started)


def check_page(url: str, cookie: str, marker: str) -> None:
    import requests

    response = requests.get(url, headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
    if response.status_code != 200 or marker not in response.text:
        raise RuntimeError(f"{url}: {response.status_code}, {marker!r} not on the page")


def wait_ready(url: str, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, allow_redirects=False, timeout=20)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    url, db_url, name = database_urls()
    env = site_env(db_url)
    admin_sql(url, f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True
        )
        seeded = subprocess.run(  # noqa: S603 - this script
            [PYTHON, __file__, "--seed"], env=env, check=True, capture_output=True, text=True
        )
        pages = json.loads(seeded.stdout.strip().splitlines()[-1])
        print(f"database {name} migrated and seeded in {time.perf_counter() - started:.0f} s")
        log = open(f"/tmp/throughput-gunicorn-{args.port}.log", "w")  # noqa: SIM115, S108
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "wfa_portal.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{args.port}",
                "--log-level=warning",
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
        base = f"http://127.0.0.1:{args.port}"
        wait_ready(base + "/bench/bare/")
        for path, cookie, marker in pages.values():
            check_page(base + path, cookie, marker)
        load = with_wrk if shutil.which("wrk") else with_threads
        print(f"load generator: {'wrk -t1 -c8' if load is with_wrk else 'Python, 8 threads'}")
        for path, cookie, _marker in pages.values():  # warm both workers and the caches
            load(base + path, cookie, 1)
        names = list(pages)
        rates: dict[str, list[float]] = {n: [] for n in names}
        for r in range(args.rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for page in order:
                path, cookie, _marker = pages[page]
                rates[page].append(load(base + path, cookie, args.seconds))
            print(
                f"round {r + 1}: " + ", ".join(f"{page} {rates[page][-1]:.1f}/s" for page in names),
                flush=True,
            )
        print()
        print(f"{'page':<10} {'req/s median':>13} {'share of bare':>14} {'range':>14}  target")
        bare = rates["bare"]
        print(f"{'bare':<10} {statistics.median(bare):>13.1f}")
        for page in names[1:]:
            shares = [p / b for p, b in zip(rates[page], bare, strict=True) if b]
            share = statistics.median(shares)
            target = TARGETS[page]
            print(
                f"{page:<10} {statistics.median(rates[page]):>13.1f} {share:>13.3f}x "
                f"{min(shares):>6.3f}-{max(shares):.3f}  >= {target}x "
                f"{'met' if share >= target else 'NOT met'}"
            )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep:
            admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if "--seed" in sys.argv:
        seed_and_login()
    else:
        main()
