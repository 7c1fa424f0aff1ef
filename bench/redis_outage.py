"""Benchmark: request times with Redis up, stopped and frozen (SIGSTOP).

Run from the project root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wfa_bench .venv/bin/python bench/redis_outage.py

It starts its own redis-server on a free port (the shared one is never touched)
and points the cache and the Celery broker at it with the production settings
(short timeouts, wfa_portal.soft_cache and wfa_portal.broker), builds a throwaway
database (SQLite in memory without DATABASE_URL), and through Django's test client
times: the API with a token, the password-for-token endpoint, publishing a
circular (its notifications are enqueued after commit), and the public page.
For each Redis state it prints the first request's time (which may pay one short
timeout) and the slowest of the next ones; then how many notifications the
outage left pending for the sweeper. Target: every request under 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")
os.environ.setdefault("API_RATE_TOKEN", "10000/min")
os.environ.setdefault("PUBLIC_RATE_PAGE", "10000/min")
TARGET_SECONDS = 1.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="requests per kind and state")
    parser.add_argument("--staff", type=int, default=200, help="recipients of each publish")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    from tests.private_redis import PrivateRedis

    server = PrivateRedis(Path(tempfile.mkdtemp(prefix="wfa-bench-redis-")))
    server.start()
    os.environ["REDIS_URL"] = server.url()
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

    import django

    django.setup()
    from _database import throwaway_database

    try:
        with throwaway_database():
            run(args, server)
    finally:
        server.close()


def run(args: argparse.Namespace, server) -> None:
    from django.conf import settings

    # The password hash (hundreds of ms of CPU) is not what this measures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = seed(args.staff)
    for _name, call in requests(world, "warm-up"):  # imports and first-use costs
        call()
    print(
        f"Redis timeouts {settings.REDIS_SOCKET_TIMEOUT} s, retry after "
        f"{settings.REDIS_RETRY_AFTER} s; {args.repeat} requests of each kind per state; "
        f"publish notifies {args.staff + 1} people"
    )
    print(f"{'state':8} {'request':18} {'first':>8} {'slowest of rest':>16}")
    worst = 0.0
    for state in ("up", "stopped", "frozen"):
        if state != "up":
            server.outage(state)
        for name, call in requests(world, state):
            times = [timed(call) for _ in range(args.repeat)]
            worst = max(worst, *times)
            print(f"{state:8} {name:18} {times[0]:7.3f}s {max(times[1:] or [0]):15.3f}s")
        server.recover()
        reset_breakers()
    report_outbox(worst, publishes=1 + 3 * args.repeat, recipients=args.staff + 1)


def seed(staff: int) -> dict:
    from api.services import issue_token
    from circulars.models import Circular
    from organizations.models import Agency, Employee, Role, Unit, User

    agency = Agency.objects.create(code="pemkot-bench", name="Pemkot Bench", short_name="Bench")
    opd = Unit.objects.create(agency=agency, code="dinas", name="Dinas", short_name="Dinas")
    admin = User.objects.create_user("admin", "admin@example.go.id", "Rahasia#2025")
    Role.objects.create(user=admin, kind=Role.Kind.BKPSDM_ADMIN, agency=agency)
    users = User.objects.bulk_create(
        User(username=f"pegawai{n}", email=f"pegawai{n}@example.go.id") for n in range(staff)
    )
    Employee.objects.bulk_create(
        Employee(unit=opd, user=user, name=user.username, nip=f"19800101200501{n:04d}")
        for n, user in enumerate(users)
    )
    _token, key = issue_token(user=admin, name="bench")
    return {"agency": agency, "admin": admin, "key": key, "Circular": Circular}


def requests(world: dict, state: str):
    from django.test import Client
    from django.urls import reverse

    token = Client(HTTP_AUTHORIZATION=f"Token {world['key']}")
    anonymous = Client()
    pages = Client()
    pages.force_login(world["admin"], backend="django.contrib.auth.backends.ModelBackend")
    login = {"username": "admin", "password": "Rahasia#2025"}

    def api():
        assert token.get("/api/v1/me/").status_code == 200

    def obtain():
        response = anonymous.post("/api/v1/auth/token/", login, content_type="application/json")
        assert response.status_code == 201, response.content

    def publish():
        draft = new_draft(world, state)
        response = pages.post(reverse("circulars:publish", args=[draft.pk]))
        assert response.status_code == 302, response.content[:500]

    def public():
        response = anonymous.get(reverse("public:public_agency", args=[world["agency"].code]))
        assert response.status_code == 200

    return [("GET /api/v1/me/", api), ("POST token", obtain), ("POST publish", publish),
            ("GET /publik/", public)]  # fmt: skip


_drafts = iter(range(1, 1_000_000))


def new_draft(world: dict, state: str):
    from datetime import date

    from circulars.models import Window

    circular = world["Circular"].objects.create(
        agency=world["agency"],
        number=f"800/{next(_drafts)}-{state}/2026",
        title="WFA arus mudik",
        cap_percent=50,
    )
    Window.objects.create(circular=circular, start=date(2026, 3, 16), end=date(2026, 3, 20))
    return circular


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def reset_breakers() -> None:
    from wfa_portal import broker
    from wfa_portal.soft_cache import soft_cache

    soft_cache.reset()
    broker.breaker.reset()


def report_outbox(worst: float, *, publishes: int, recipients: int) -> None:
    from notifications.models import Notification

    rows = Notification.objects.count()
    print(
        f"outbox: {rows:,} rows for {publishes} publishes of {recipients} recipients "
        f"(expected {publishes * recipients:,}); no worker runs here, so all wait for "
        "delivery: queued when Redis was up, for the sweeper otherwise"
    )
    verdict = "within" if worst < TARGET_SECONDS else "MISSES"
    print(f"slowest request {worst:.3f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()
