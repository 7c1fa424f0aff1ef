"""A real Celery worker process for tests, on the test database and a chosen broker.

Used by the real-worker tests here and by the Redis-outage tests (tests/): the
worker shares PostgreSQL with the test (a transactional test, so it sees the
rows) and writes its e-mail to files that the test reads back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def require_worker_services(*, broker: bool = True) -> None:
    """Skip (fail under WFA_REQUIRE_SERVICES=1) without PostgreSQL and, if asked, REDIS_URL."""
    missing = []
    if broker and not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL")
    if connection.vendor != "postgresql":
        missing.append("DATABASE_URL (PostgreSQL)")
    if not missing:
        return
    reason = f"needs {' and '.join(missing)}: the worker process must share broker and database"
    if settings.WFA_REQUIRE_SERVICES:
        pytest.fail(reason)
    pytest.skip(reason)


def test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def sent_emails(mail_dir: Path) -> list[str]:
    """Recipient address of every message the file backend wrote."""
    recipients = []
    for path in mail_dir.glob("*.log"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("To: "):
                recipients.append(line[4:].strip())
    return recipients


def duplicates(recipients: list[str]) -> int:
    """Messages beyond the first to each address."""
    return sum(n - 1 for n in Counter(recipients).values())


class Worker:
    """One ``celery worker --pool=solo`` process; stop() or kill() it."""

    def __init__(self, tmp_path: Path, queue: str, *, env: dict[str, str] | None = None) -> None:
        self.mail_dir = tmp_path / f"mail-{queue}"
        self.mail_dir.mkdir(exist_ok=True)
        self.log_path = tmp_path / f"worker-{queue}.log"
        environment = {
            **os.environ,
            "WFA_TESTING": "1",
            "DATABASE_URL": test_database_url(),
            "DB_CONN_MAX_AGE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            **(env or {}),
        }
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "wfa_portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own venv's celery
                command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
            )

    def log(self) -> str:
        return self.log_path.read_text()

    def emails(self) -> list[str]:
        return sent_emails(self.mail_dir)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, no clean-up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_until(condition, *, timeout: float, interval: float = 0.1) -> bool:
    """Poll ``condition`` until it is true or ``timeout`` seconds passed; its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
