"""Lighthouse scores of the portal under production-like settings. Prints figures.

Accessibility (desktop) of the login page, the roster grid, "Jadwal saya" (my days) and
the dashboard; performance and bytes transferred of my days on a phone (Lighthouse's
mobile emulation and throttling).

Setup, once (Lighthouse is installed here by npm, its node_modules is not committed):

    (cd bench/lighthouse && npm install)

Run from the project root, against a database of its own (migrated and seeded with the
demo data by this script):

    createdb -h 127.0.0.1 -U postgres wfa_lighthouse
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_lighthouse \\
        .venv/bin/python bench/lighthouse.py [--port 8104] [--no-seed]

The server is gunicorn with DEBUG=0: static files collected and compressed by WhiteNoise
(``CompressedManifestStaticFilesStorage``) into a temporary folder, HTTPS redirects and
secure cookies off (plain loopback). Chromium is Debian's (CHROME_PATH=/usr/bin/chromium).

Targets: accessibility >= 98 on every page; my days on a phone: performance >= 90 and at
most 150 KB transferred.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
PYTHON = sys.executable
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
PASSWORD = "Demo#2025"  # noqa: S105 - the published demo password
HEAD, EMPLOYEE, ADMIN = "kepala.diskominfo", "pegawai.diskominfo", "bkpsdm.kotaserang"


def production_env(port: int, static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        WFA_TESTING="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


class Session:
    """A login through the real form; its cookie is handed to Lighthouse."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/akun/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{base}/akun/masuk/", data=body, headers={"Referer": f"{base}/akun/masuk/"}
        )
        answer = self.opener.open(request)
        if answer.geturl().rstrip("/").endswith("/akun/masuk"):
            raise SystemExit(f"could not sign in as {username}")

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def final_url(self, path: str) -> str:
        """Where ``path`` lands after redirects (the dashboard's index leads to one circular)."""
        return self.opener.open(f"{self.base}{path}").geturl()


def lighthouse(url: str, *, cookie: str = "", phone: bool = False) -> dict:
    args = [
        "node",
        str(CLI),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=accessibility,performance",
    ]
    if not phone:
        args.append("--preset=desktop")
    if cookie:
        args.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def score(report: dict, category: str) -> int:
    return round((report["categories"][category]["score"] or 0) * 100)


def failures(report: dict) -> list[str]:
    """The accessibility audits that failed, with an element or two each."""
    found = []
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("score") in (None, 1) or ref.get("weight", 0) == 0:
            continue
        items = (audit.get("details") or {}).get("items") or []
        where = [i.get("node", {}).get("snippet", "")[:90] for i in items[:2]]
        found.append(f"  - {audit['id']}: {audit['title']} {where}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--no-seed", action="store_true", help="the database is ready")
    parser.add_argument("--phone-runs", type=int, default=3)
    args = parser.parse_args()
    if not CLI.exists():
        raise SystemExit("Lighthouse is missing: (cd bench/lighthouse && npm install)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of its own")

    base = f"http://127.0.0.1:{args.port}"
    static_root = tempfile.mkdtemp(prefix="wfa-lighthouse-static-")
    env = production_env(args.port, static_root)
    server = None
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        if not args.no_seed:
            manage(env, "migrate", "--noinput", "-v0")
            manage(dict(env, DEBUG="1"), "seed_demo")
        server = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "wfa_portal.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_for(f"{base}/akun/masuk/")
        head, employee, admin = Session(base, HEAD), Session(base, EMPLOYEE), Session(base, ADMIN)
        grid = head.final_url("/jadwal/")
        grid = head.final_url(_first_week_link(head, grid))
        # The next week as well: the current one may be submitted (read-only).
        after = re.search(
            r'data-testid="next-week" href="([^"]+)"', head.opener.open(grid).read().decode()
        )
        pages = [
            ("login", f"{base}/akun/masuk/", ""),
            ("grid", grid, head.cookie()),
            *([("grid next", f"{base}{after.group(1)}", head.cookie())] if after else []),
            ("my days", f"{base}/saya/", employee.cookie()),
            ("dashboard", admin.final_url("/pemantauan/"), admin.cookie()),
        ]
        print(f"{'page':<10} {'accessibility':>13} {'performance':>12}  url")
        for name, url, cookie in pages:
            report = lighthouse(url, cookie=cookie)
            print(
                f"{name:<10} {score(report, 'accessibility'):>13}"
                f" {score(report, 'performance'):>12}  {url}"
            )
            for line in failures(report):
                print(line)
        # Lighthouse's phone throttling is simulated from the tasks it observes, so the
        # score moves with the machine's load: several runs, the median and the range.
        runs = [
            lighthouse(f"{base}/saya/", cookie=employee.cookie(), phone=True)
            for _ in range(args.phone_runs)
        ]
        scores = sorted(score(r, "performance") for r in runs)
        phone = runs[-1]
        weight = phone["audits"]["total-byte-weight"]["numericValue"] / 1024
        print(
            f"my days on a phone ({len(runs)} runs): performance median"
            f" {statistics.median(scores):.0f} ({scores[0]}–{scores[-1]}),"
            f" accessibility {score(phone, 'accessibility')}, transferred {weight:.0f} KB"
        )
        for item in phone["audits"]["total-byte-weight"]["details"]["items"][:6]:
            print(f"  {item['totalBytes'] / 1024:>6.1f} KB  {item['url']}")
        print("targets: accessibility >= 98; my days on a phone: performance >= 90, <= 150 KB")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)


def _first_week_link(session: Session, index_url: str) -> str:
    """The roster index links each OPD's week; the grid of the first one."""
    page = session.opener.open(index_url).read().decode()
    found = re.search(r'href="(/jadwal/opd/\d+/[^"]*)"', page)
    if not found:
        raise SystemExit("the head's roster index links no week")
    return found.group(1)


if __name__ == "__main__":
    main()
