"""Benchmark of notifications: one notify() to 10,000 recipients, then delivery.

Run from the project root:  .venv/bin/python bench/notify.py [--recipients N] [--mode M]

It creates a throwaway database next to the configured one (DATABASE_URL;
SQLite in memory by default), makes the users there, calls notify() once in a
transaction and has them delivered, then drops the database.

- mode "inprocess" (default without REDIS_URL): one loop calls the delivery
  service over the outbox in batches, as one worker would; e-mail to locmem.
- mode "worker" (default with REDIS_URL and PostgreSQL): notify() enqueues
  after commit and one real Celery worker (solo pool) delivers; e-mail to
  files in a temporary folder.

Prints write time, delivery time, throughput (notifications/s) and the total.
The target is 10,000 notifications delivered in under 60 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")  # a development key; no production checks
TARGET_SECONDS = 60


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--mode", choices=["auto", "inprocess", "worker"], default="auto")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    mail_dir = Path(tempfile.mkdtemp(prefix="wfa-bench-mail-"))
    worker_mode = args.mode == "worker" or (
        args.mode == "auto" and os.environ.get("REDIS_URL") and _postgres_url()
    )
    os.environ["EMAIL_BACKEND"] = (
        "django.core.mail.backends.filebased.EmailBackend"
        if worker_mode
        else "django.core.mail.backends.locmem.EmailBackend"
    )
    os.environ["EMAIL_FILE_PATH"] = str(mail_dir)

    import django

    django.setup()
    from django.db import connection

    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_notify_{uuid.uuid4().hex[:8]}" if connection.vendor != "sqlite" else None
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.recipients, worker_mode=bool(worker_mode), mail_dir=mail_dir)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _postgres_url() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def run(count: int, *, worker_mode: bool, mail_dir: Path) -> None:
    from django.db import connection

    from notifications.models import Notification
    from organizations.models import User

    started = time.perf_counter()
    User.objects.bulk_create(
        (User(username=f"bench{n}", email=f"bench{n}@example.go.id") for n in range(count)),
        batch_size=2000,
    )
    users = list(User.objects.only("pk", "email"))
    print(f"{count:,} recipients on {connection.vendor} ({time.perf_counter() - started:.1f} s)")

    if worker_mode:
        write, deliver = run_with_worker(users, mail_dir)
        sent = sum(
            path.read_text(encoding="utf-8").count("\nTo: ") for path in mail_dir.glob("*.log")
        )
        how = "one Celery worker (solo pool, Redis)"
    else:
        write, deliver = run_in_process(users)
        from django.core import mail

        sent = len(mail.outbox)
        how = "one in-process delivery loop"
    delivered = Notification.objects.filter(state=Notification.State.SENT).count()
    total = write + deliver
    print(f"  delivered by {how}: {delivered:,} rows sent, {sent:,} e-mails written")
    print(f"  notify() + commit: {write:.2f} s ({count / write:,.0f} rows/s)")
    print(f"  delivery:          {deliver:.2f} s ({delivered / deliver:,.0f} notifications/s)")
    verdict = "within" if total < TARGET_SECONDS and delivered == count == sent else "MISSES"
    print(f"  total:             {total:.2f} s ({verdict} the {TARGET_SECONDS} s target)")


def _notify(users) -> int:
    from notifications import services
    from notifications.models import Kind

    return services.notify(
        event_key="bench:circular:1:published",
        kind=Kind.CIRCULAR_PUBLISHED,
        recipients=users,
        subject="Surat Edaran 800/1/2025 tentang WFA telah terbit",
        body="Surat Edaran tentang pelaksanaan WFA telah terbit. Silakan periksa jadwal Anda.",
        link="/surat-edaran/1/",
    )


def run_in_process(users) -> tuple[float, float]:
    from django.db import transaction

    from notifications import services
    from notifications.models import Notification

    started = time.perf_counter()
    # Delivery is measured on its own below, not inside the after-commit hook.
    with (
        mock.patch.object(services, "enqueue_event", lambda event_key: True),
        transaction.atomic(),
    ):
        _notify(users)
    write = time.perf_counter() - started

    started = time.perf_counter()
    ids = list(
        Notification.objects.filter(state=Notification.State.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), services.BATCH_SIZE):
        services.deliver_many(ids[start : start + services.BATCH_SIZE])
    return write, time.perf_counter() - started


def run_with_worker(users, mail_dir: Path) -> tuple[float, float]:
    from django.db import connection, transaction

    from notifications.models import Notification
    from wfa_portal.celery import app

    queue = f"bench-notify-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "wfa_portal", "worker", "--pool=solo", "-Q", queue]
    command += ["--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    try:
        time.sleep(3)  # let the worker start, so delivery time is delivery only
        started = time.perf_counter()
        with transaction.atomic():
            _notify(users)
        write = time.perf_counter() - started
        started = time.perf_counter()
        pending = Notification.objects.exclude(state=Notification.State.SENT)
        while pending.exists() and time.perf_counter() - started < 300:
            time.sleep(0.25)
        return write, time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
