"""/readyz through real outages: a private PostgreSQL stopped and started, a private Redis frozen.

Run from the project root (as root, as CI does; PostgreSQL's server binaries must be installed):

    .venv/bin/python bench/readyz_outage.py

Touches no shared service: it makes its own PostgreSQL cluster (initdb as the postgres user,
in a temporary folder, on a free loopback port) and its own redis-server, migrates, starts one
gunicorn node on them, and then measures what a load balancer sees:

1. /readyz while everything runs (200);
2. PostgreSQL stopped (pg_ctl stop -m fast): /readyz status and time; /healthz still 200;
3. PostgreSQL started again: how long until /readyz is 200, with no restart of gunicorn;
4. Redis frozen (SIGSTOP, it accepts connections and never answers): /readyz status and time;
   then SIGCONT and 200 again.

Prints figures; exits non-zero if a status is not the expected one (timings are printed,
never judged). Everything it started is stopped and removed at the end.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command: list[str]) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)  # noqa: S603,S607


def probe(base: str, path: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    try:
        # Only http://127.0.0.1:<port> of the node this script started.
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, (time.perf_counter() - started) * 1000, body.decode().strip()


def wait_until(check, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise SystemExit(f"readyz_outage: timed out after {timeout} s")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="wfa-readyz-"))
    data = tmp / "pgdata"
    shutil.chown(tmp, "postgres")
    pg_port, redis_port, web_port = free_port(), free_port(), free_port()
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-s", "-w"]
    pg_start = [*ctl, "-l", str(tmp / "pg.log"), "-o", f"-p {pg_port} -k {tmp} -h 127.0.0.1"]
    processes: list[subprocess.Popen] = []
    expected: list[tuple[str, int, int]] = []
    try:
        as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"])
        as_postgres([*pg_start, "start"])
        redis = subprocess.Popen(  # noqa: S603,S607 - the redis-server on PATH, loopback only
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(redis)
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "WFA_TESTING": "1",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        subprocess.run(  # noqa: S603 - our own interpreter
            [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        web = subprocess.Popen(  # noqa: S603 - our own gunicorn
            [str(BIN / "gunicorn"), "wfa_portal.wsgi", "--config", "deploy/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{web_port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(web)
        base = f"http://127.0.0.1:{web_port}"

        def ready() -> bool:
            try:
                return probe(base, "/readyz")[0] == 200
            except OSError:
                return False

        wait_until(ready, 60)

        def record(label: str, path: str, want: int) -> None:
            status, ms, body = probe(base, path)
            expected.append((label, status, want))
            print(f"  {label:<44} {status} {body!r:<24} {ms:7.0f} ms")

        print("readyz_outage: one gunicorn node on a private PostgreSQL and Redis")
        record("everything up: /readyz", "/readyz", 200)
        as_postgres([*ctl, "stop", "-m", "fast"])
        record("PostgreSQL stopped: /readyz", "/readyz", 503)
        record("PostgreSQL stopped: /readyz again", "/readyz", 503)
        record("PostgreSQL stopped: /healthz", "/healthz", 200)
        as_postgres([*pg_start, "start"])
        back = wait_until(ready, 30)
        print(f"  {'PostgreSQL started: /readyz 200 again after':<44} {back * 1000:.0f} ms")
        os.kill(redis.pid, signal.SIGSTOP)
        record("Redis frozen (SIGSTOP): /readyz", "/readyz", 503)
        os.kill(redis.pid, signal.SIGCONT)
        back = wait_until(ready, 30)
        print(f"  {'Redis thawed: /readyz 200 again after':<44} {back * 1000:.0f} ms")
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGCONT)
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        if (data / "postmaster.pid").exists():
            as_postgres([*ctl, "stop", "-m", "immediate"])
        shutil.rmtree(tmp, ignore_errors=True)
    wrong = [(label, got, want) for label, got, want in expected if got != want]
    for label, got, want in wrong:
        print(f"readyz_outage: FAILED: {label}: {got}, expected {want}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
