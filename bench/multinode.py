"""Smoke test of more than one machine: two web nodes, a worker and beat on one database.

Run from the project root (CI runs it after the tests):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/multinode.py

On loopback only, it creates its own database (``wfa_multinode_<random>``) on the
server of DATABASE_URL and uses the Redis db number of REDIS_URL (give it one
that no other worker listens on). It starts two gunicorn processes ("nodes" A
and B, two workers each, deploy/gunicorn.conf.py, metrics in multi-process
mode), one Celery worker and Celery beat, all as in production except that
static files come from the source folders (WFA_TESTING=1: collectstatic alone
takes a minute here, and CI checks it separately) and plain HTTP. Then:

1. both nodes answer /healthz and /readyz;
2. a head logs in through A, saves a roster week through A, and the week is read
   back through B with the same session (sessions live in PostgreSQL);
3. BKPSDM, logged in through B, publishes a circular through A: every person of
   the agency gets its notification delivered exactly once (e-mails counted in
   the worker's mail folder), and the worker's log lines of the delivery carry
   the request id of the publish;
4. a notification whose enqueue was "lost" is delivered by beat's sweeper;
5. /metrics on A (with its token) sums both gunicorn workers and shows an empty outbox.

Prints figures and exits non-zero on the first failure (with the processes'
last log lines). Every process is stopped and the database dropped at the end.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
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
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WEEK = "2025-W35"  # Monday 25 - Friday 29 August 2025: five working days
STAFF = 40
PASSWORD = "Multi#Node-2025"  # noqa: S105 - a throw-away database's demo login


class Failure(Exception):
    pass


# --- The seed (runs in a child process, inside Django) -----------------------------------


def seed() -> dict:
    from datetime import date

    from django.utils import timezone

    from circulars.models import Circular, Window
    from circulars.services import Draft, create_draft
    from notifications.events import people_of
    from notifications.models import Kind, Notification
    from organizations.models import Agency, Employee, Role, Unit, User
    from organizations.tests.factories import make_nip

    agency = Agency.objects.create(code="multi", name="Pemkot Multinode", short_name="Multi")
    opd = Unit.objects.create(agency=agency, code="diskominfo", name="Dinas Kominfo")
    head = User.objects.create_user("kepala.multi", "kepala@multi.example", PASSWORD)
    admin = User.objects.create_user("bkpsdm.multi", "bkpsdm@multi.example", PASSWORD)
    Role.objects.create(user=head, kind="opd_head", unit=opd)
    Role.objects.create(user=admin, kind="bkpsdm_admin", agency=agency)
    for n in range(STAFF):
        user = User.objects.create(
            username=f"pegawai{n:03d}", email=f"pegawai{n:03d}@multi.example"
        )
        Employee.objects.create(
            nip=make_nip(700_000 + n), name=f"Pegawai {n:03d}", unit=opd, user=user
        )
    running = Circular.objects.create(
        agency=agency,
        number="800/1/2025",
        title="WFA Agustus",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        arrangement="WFA",
        cap_percent=50,
    )
    Window.objects.create(circular=running, start=date(2025, 8, 25), end=date(2025, 8, 29))
    draft = create_draft(
        user=admin,
        agency=agency,
        draft=Draft(
            fields={
                "number": "800/2/2025",
                "title": "WFA September",
                "arrangement": "WFA",
                "parent": None,
                "cap_percent": 50,
                "weekly_limit": None,
                "exempt_categories": [],
                "exempt_roles": [],
                "body": "Uji beberapa mesin.",
            },
            windows=[(date(2025, 9, 1), date(2025, 9, 5))],
        ),
    )
    # An outbox row whose enqueue was lost (as when Redis was down): only the sweeper sends it.
    archivist = User.objects.create(username="arsip", email="arsip@elsewhere.example")
    lost = Notification.objects.create(
        recipient=archivist,
        kind=Kind.REMINDER_TOMORROW,
        event_key="multinode:lost-enqueue",
        subject="Pengingat",
        body="Dikirim oleh penyapu.",
    )
    staff = list(Employee.objects.filter(unit=opd).order_by("pk").values_list("pk", flat=True))
    emails = sorted(people_of([agency.pk]).exclude(email="").values_list("email", flat=True))
    return {
        "opd": opd.pk,
        "draft": draft.pk,
        "staff": staff,
        "emails": emails,
        "lost": lost.pk,
        "lost_email": archivist.email,
    }


# --- HTTP with a cookie jar (a browser that moves between nodes) -------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def call(self, base: str, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        # Only http://127.0.0.1:<port> of the nodes this script started.
        request = urllib.request.Request(base + path, data=body, headers=headers or {})  # noqa: S310
        if data is not None:
            request.add_header("X-CSRFToken", self.cookie("csrftoken"))
            request.add_header("Referer", base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, content, head = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, head = error.code, error.read(), error.headers
        return status, content, head, (time.perf_counter() - started) * 1000

    def login(self, base: str, username: str) -> float:
        self.call(base, "/akun/masuk/")
        status, content, _head, ms = self.call(
            base, "/akun/masuk/", {"username": username, "password": PASSWORD}
        )
        if status != 302:
            raise Failure(f"login of {username} through {base} answered {status}")
        return ms


# --- Processes ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Fleet:
    """The processes this script started, each in its own process group, and their logs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own programs
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def require_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise Failure(f"{name} exited with {process.returncode}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def tails(self, lines: int = 15) -> str:
        return "\n".join(
            f"--- {name} (last {lines} lines)\n" + "\n".join(self.log(name).splitlines()[-lines:])
            for name in self.processes
        )


def run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own programs
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        raise Failure(f"{' '.join(command[:3])} failed:\n{result.stderr[-2000:]}")
    return result


def wait_for(what: str, check, timeout: float, fleet: Fleet) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        fleet.require_alive()
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


# --- Database -----------------------------------------------------------------------------


def database_urls(url: str) -> tuple[str, str, str]:
    """(maintenance URL, URL of the scratch database, its name)."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise Failure("DATABASE_URL must be a PostgreSQL URL")
    name = f"wfa_multinode_{secrets.token_hex(4)}"
    maintenance = parts._replace(path="/postgres").geturl()
    return maintenance, parts._replace(path=f"/{name}").geturl(), name


def admin_sql(maintenance_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(statement)


def outbox_states(node_url: str, where: str, params: list) -> Counter:
    import psycopg

    with psycopg.connect(node_url) as conn:
        rows = conn.execute(
            f"SELECT state, count(*) FROM notifications_notification WHERE {where} GROUP BY 1",  # noqa: S608
            params,
        ).fetchall()
    return Counter(dict(rows))


def emails_written(mail_dir: Path) -> Counter:
    recipients: Counter = Counter()
    for path in mail_dir.glob("*.log"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("To: "):
                recipients[line[4:].strip()] += 1
    return recipients


def scrape(base: str, token: str) -> dict[tuple[str, tuple], float]:
    from prometheus_client.parser import text_string_to_metric_families

    status, content, _head, _ms = Browser().call(
        base, "/metrics", headers={"Authorization": f"Bearer {token}"}
    )
    if status != 200:
        raise Failure(f"/metrics with the token answered {status}")
    if Browser().call(base, "/metrics")[0] != 403:
        raise Failure("/metrics answered without the token")
    samples = {}
    for family in text_string_to_metric_families(content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


# --- The scenario -------------------------------------------------------------------------


def scenario(fleet: Fleet, env: dict, node_url: str, tmp: Path, figures: dict) -> None:
    # Beat first: it needs only Redis, and its first sweep comes 60 s after it starts.
    beat_schedule = str(tmp / "celerybeat-schedule")
    fleet.start("beat", [str(BIN / "celery"), "-A", "wfa_portal", "beat", "-s", beat_schedule], env)
    beat_started = started = time.monotonic()
    run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"], env)
    figures["migrate"] = f"{time.monotonic() - started:.1f} s"
    data = json.loads(run([str(BIN / "python"), __file__, "seed"], env).stdout)

    ports = {"A": free_port(), "B": free_port()}
    nodes = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    for name, port in ports.items():
        metrics_dir = tmp / f"prometheus-{name}"
        metrics_dir.mkdir()
        fleet.start(
            f"web-{name}",
            [str(BIN / "gunicorn"), "wfa_portal.wsgi", "--config", "deploy/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
            {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
        )
    fleet.start(
        "worker", [str(BIN / "celery"), "-A", "wfa_portal", "worker", "--concurrency=2"], env
    )

    def healthy(base: str):
        def check() -> bool:
            try:
                return Browser().call(base, "/healthz")[0] == 200
            except OSError:  # not listening yet
                return False

        return check

    up = max(wait_for(f"node {n}", healthy(b), 60, fleet) for n, b in nodes.items())
    figures["nodes up"] = f"{up:.1f} s"
    for name, base in nodes.items():
        status, content, _h, ms = Browser().call(base, "/readyz")
        if status != 200:
            raise Failure(f"/readyz of node {name} answered {status}: {content!r}")
        figures[f"readyz {name}"] = f"{ms:.0f} ms"

    # A head logs in through A and saves a week through A; B reads it with the same session.
    head = Browser()
    figures["login (A)"] = f"{head.login(nodes['A'], 'kepala.multi'):.0f} ms"
    days = ["20250825", "20250826", "20250827"]
    cells = {f"c-{emp}-{day}": "WFA" for emp in data["staff"][:10] for day in days}
    status, _content, _h, ms = head.call(
        nodes["A"], f"/jadwal/opd/{data['opd']}/{WEEK}/simpan/", cells
    )
    if status != 302:
        raise Failure(f"roster save through A answered {status}")
    figures["roster save, 30 cells (A)"] = f"{ms:.0f} ms"
    status, content, _h, ms = head.call(
        nodes["B"], f"/api/v1/rosters/?unit={data['opd']}&week={WEEK}"
    )
    if status != 200:
        raise Failure(f"roster read through B answered {status}")
    stored = {
        f"c-{a['employee']}-{a['date'].replace('-', '')}": a["mode"]
        for a in json.loads(content)["assignments"]
    }
    if stored != cells:
        raise Failure(f"B reads {len(stored)} cells, A saved {len(cells)}")
    warm = head.call(nodes["B"], f"/api/v1/rosters/?unit={data['opd']}&week={WEEK}")[3]
    figures["roster read (B)"] = (
        f"{ms:.0f} ms cold, {warm:.0f} ms warm; {len(stored)} cells as saved"
    )

    # BKPSDM logs in through B and publishes through A: everyone hears of it once.
    admin = Browser()
    admin.login(nodes["B"], "bkpsdm.multi")
    request_id = f"multinode-{secrets.token_hex(4)}"
    status, _content, headers, ms = admin.call(
        nodes["A"],
        f"/surat-edaran/{data['draft']}/terbitkan/",
        {},
        headers={"X-Request-ID": request_id},
    )
    if status != 302 or headers.get("X-Request-ID") != request_id:
        raise Failure(f"publish through A answered {status}")
    figures["publish (A)"] = f"{ms:.0f} ms"
    event = [f"circular:{data['draft']}:published"]

    def all_sent() -> bool:
        states = outbox_states(node_url, "event_key = %s", event)
        return sum(states.values()) > 0 and set(states) <= {"sent", "skipped"}

    delivery = wait_for("every notification of the circular", all_sent, 60, fleet)
    states = outbox_states(node_url, "event_key = %s", event)
    mail = emails_written(Path(env["EMAIL_FILE_PATH"]))
    mail.pop(data["lost_email"], None)  # the sweeper's, below
    expected = Counter(dict.fromkeys(data["emails"], 1))
    if states["sent"] != len(expected) or mail != expected:
        twice = sorted(address for address, n in mail.items() if n > 1)
        missing = sorted(set(expected) - set(mail))
        raise Failure(f"outbox {dict(states)}; twice: {twice}; missing: {missing}")
    figures["notifications delivered"] = (
        f"{states['sent']} in {delivery:.1f} s after the publish, each e-mail once"
    )
    worker_lines = [
        json.loads(line) for line in fleet.log("worker").splitlines() if line.startswith("{")
    ]
    carried = {
        line["request_id"]
        for line in worker_lines
        if "deliver_notifications" in line["message"] and "succeeded" in line["message"]
    }
    if carried != {request_id}:
        raise Failure(f"worker logged the delivery under {carried}, not {request_id}")
    figures["request id in worker log"] = request_id

    # Beat's sweeper delivers the notification whose enqueue was lost (first run after 60 s).
    def swept() -> bool:
        return outbox_states(node_url, "id = %s", [data["lost"]]) == Counter({"sent": 1})

    wait_for("the sweeper", swept, max(75 - (time.monotonic() - beat_started), 5), fleet)
    figures["lost enqueue swept by beat"] = f"{time.monotonic() - beat_started:.0f} s after start"
    if emails_written(Path(env["EMAIL_FILE_PATH"])) != expected + Counter([data["lost_email"]]):
        raise Failure("after the sweep the e-mails are not one per person")

    samples = scrape(nodes["A"], env["METRICS_TOKEN"])
    saves = samples.get(("wfa_http_request_duration_seconds_count", (("view", "roster:save"),)))
    publishes = samples.get(
        ("wfa_http_request_duration_seconds_count", (("view", "circulars:publish"),))
    )
    waiting = samples[("wfa_outbox_waiting", (("state", "pending"),))]
    if saves != 1 or publishes != 1 or waiting != 0:
        raise Failure(f"metrics of A: saves {saves}, publishes {publishes}, pending {waiting}")
    figures["metrics (A)"] = "latency summed over 2 workers; outbox empty"


def child_env(node_url: str, redis_url: str, tmp: Path) -> dict:
    mail = tmp / "mail"
    mail.mkdir()
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PROMETHEUS_"))}
    return {
        **keep,
        "DATABASE_URL": node_url,
        "REDIS_URL": redis_url,
        "WFA_TESTING": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "METRICS_TOKEN": secrets.token_urlsafe(24),
        "PYTHONUNBUFFERED": "1",
    }


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url or not redis_url:
        print("multinode: DATABASE_URL (PostgreSQL) and REDIS_URL are required", file=sys.stderr)
        return 2
    maintenance, node_url, name = database_urls(database_url)
    tmp = Path(tempfile.mkdtemp(prefix="wfa-multinode-"))
    fleet = Fleet(tmp)
    figures: dict[str, str] = {}
    started = time.monotonic()
    admin_sql(maintenance, f'CREATE DATABASE "{name}"')
    try:
        scenario(fleet, child_env(node_url, redis_url, tmp), node_url, tmp, figures)
    except Failure as failure:
        print(f"multinode: FAILED: {failure}\n{fleet.tails()}", file=sys.stderr)
        return 1
    finally:
        fleet.stop()
        admin_sql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(key) for key in figures)
    print("multinode: 2 gunicorn nodes (2 workers each), 1 Celery worker, beat, 1 PostgreSQL")
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value}")
    print(f"multinode: PASSED in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
        import django

        django.setup()
        print(json.dumps(seed()))
        sys.exit(0)
    sys.exit(main())
