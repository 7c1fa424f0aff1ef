"""Benchmark: a Celery worker killed with SIGKILL in the middle of a fan-out.

Run from the project root (PostgreSQL needed; Redis is a private redis-server):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench \\
        .venv/bin/python bench/killed_worker.py [--recipients 2002] [--kill-at 800]

It creates a throwaway database and starts its own redis-server on a free port,
then a worker (prefork, 2 processes, as in production) and a real beat (sweeper
every 30 s, settings). One notify() reaches --recipients people (2,002 by default,
the fan-out of issue 13). When --kill-at of them are sent, the worker's whole
process group gets SIGKILL; a new worker starts at once, as a supervisor restarts
it. When everyone has their notification, it prints:

- duplicates: e-mails beyond one per recipient;
- rows the dead worker held claimed, and rows it had queued or reserved;
- lateness: for the people still waiting at the kill, how long after the kill the
  last of them was served, and the same for those whose claim had to expire.

The e-mail backend waits --mail-ms before each message, like a mail server
(notifications/tests/slow_mail.py).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=2002)
    parser.add_argument("--kill-at", type=int, default=800, help="sent rows before the kill")
    parser.add_argument("--mail-ms", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=2)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server (the worker shares the database)")
    work = Path(tempfile.mkdtemp(prefix="wfa-bench-killed-"))
    from tests.private_redis import PrivateRedis

    server = PrivateRedis(work)
    server.start()
    os.environ["REDIS_URL"] = server.url()

    import django

    django.setup()
    from _database import throwaway_database

    try:
        with throwaway_database():
            run(args, work, server.url())
    finally:
        server.close()


def run(args: argparse.Namespace, work: Path, redis_url: str) -> None:
    from django.conf import settings
    from django.db import connection

    from organizations.models import User

    User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.go.id") for n in range(args.recipients)
    )
    db = connection.settings_dict
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    mail_dir = work / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "notifications.tests.slow_mail.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SLOW_MAIL_SECONDS": str(args.mail_ms / 1000),
    }
    sweep_every = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]["schedule"]
    print(
        f"{args.recipients:,} recipients; claim timeout {settings.NOTIFICATION_CLAIM_TIMEOUT} s, "
        f"sweeper every {sweep_every:.0f} s, {args.mail_ms:g} ms per e-mail, "
        f"worker of {args.concurrency} processes"
    )
    processes = [start(["beat", "-s", str(work / "beat-schedule")], env, work / "beat.log")]
    first = start_worker(args, env, work / "worker1.log")
    processes.append(first)
    try:
        time.sleep(4)  # both up before the fan-out
        killed_at, at_kill = fan_out_and_kill(args, first)
        processes.append(start_worker(args, env, work / "worker2.log"))
        served_at = wait_for_everyone(args.recipients)
        report(args, mail_dir, killed_at, at_kill, served_at)
    finally:
        for process in processes:
            stop(process)


def start(arguments: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "wfa_portal", *arguments, "--loglevel=WARNING"]
    with log.open("w") as out:
        # Its own session: the kill reaches the worker's pool processes too.
        return subprocess.Popen(  # noqa: S603 - our own venv's celery
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_worker(args, env, log: Path) -> subprocess.Popen:
    options = ["--pool=prefork", f"--concurrency={args.concurrency}", "--without-gossip"]
    return start(["worker", *options, "--without-mingle", "--without-heartbeat"], env, log)


def fan_out_and_kill(args, worker: subprocess.Popen) -> tuple[datetime, dict[str, int]]:
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from notifications import services
    from notifications.models import Kind, Notification
    from organizations.models import User

    with transaction.atomic():
        services.notify(
            event_key="bench:circular:1:published",
            kind=Kind.CIRCULAR_PUBLISHED,
            recipients=User.objects.all(),
            subject="Surat Edaran baru: SE 800/1/2025",
            body="Pemkot A menerbitkan SE 800/1/2025 tentang WFA arus mudik.",
            link="/surat-edaran/1/",
        )
    sent = Notification.objects.filter(state=Notification.State.SENT)
    deadline = time.monotonic() + 300
    while sent.count() < args.kill_at and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = timezone.now()
    states = dict(Notification.objects.values_list("state").annotate(n=Count("pk")).order_by())
    return killed_at, states


def wait_for_everyone(count: int) -> datetime:
    from django.db.models import Max

    from notifications.models import Notification

    rows = Notification.objects.all()
    deadline = time.monotonic() + 600
    while rows.exclude(state=Notification.State.SENT).exists():
        if time.monotonic() > deadline:
            sys.exit("not everyone was served within 10 minutes")
        time.sleep(0.5)
    return rows.aggregate(last=Max("sent_at"))["last"]


def report(args, mail_dir: Path, killed_at, at_kill: dict[str, int], served_at) -> None:
    from django.db.models import Max

    from notifications.models import Notification

    emails = Counter(
        line[4:].strip()
        for path in mail_dir.glob("*.log")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("To: ")
    )
    duplicates = sum(n - 1 for n in emails.values())
    waited = Notification.objects.filter(attempts__gte=2)  # claimed by the dead worker, then again
    claim_wait = waited.aggregate(last=Max("sent_at"))["last"]
    print(f"  at the kill: {at_kill}")
    print(f"  recipients served: {len(emails):,} of {args.recipients:,}")
    print(f"  duplicates: {duplicates}")
    print(f"  claimed by the dead worker (waited for the claim to expire): {waited.count()}")
    print(f"  last person served {(served_at - killed_at).total_seconds():.1f} s after the kill")
    if claim_wait:
        late = (claim_wait - killed_at).total_seconds()
        print(f"  last of the claimed ones served {late:.1f} s after the kill")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


if __name__ == "__main__":
    main()
