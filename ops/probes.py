"""What readiness checks: the database answers, Redis answers (when configured),
and no migration is waiting. Each check fails fast (a second at most on a
dead address) and says only *which* dependency failed, never how it is set up.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from functools import lru_cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.5  # seconds, per dependency
_migrations_applied = False  # cached per process once true: an upgrade migrates, then restarts


def database_ok(alias: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[alias]
    try:
        if connection.connection is None and not _port_open(connection.settings_dict):
            raise ConnectionError("database port closed or unreachable")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log only
        logger.warning("Readiness: database unavailable (%s)", type(exc).__name__)
        _discard(connection)
        return False
    return True


def _port_open(settings_dict: dict) -> bool:
    """A TCP connect with a short timeout before the driver's (libpq waits 2 s at least)."""
    host = settings_dict.get("HOST") or ""
    if not host or host.startswith("/") or settings_dict.get("ENGINE", "").endswith("sqlite3"):
        return True  # a local file or socket: nothing to wait for
    port = int(settings_dict.get("PORT") or 5432)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return True
    except OSError:
        return False


def _discard(connection) -> None:
    """Drop a broken connection so the next request connects afresh."""
    with contextlib.suppress(Exception):  # it is broken already; closing is best effort
        connection.close()


def migrations_applied(alias: str = DEFAULT_DB_ALIAS) -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    try:
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        logger.warning("Readiness: migration state unknown (%s)", type(exc).__name__)
        return False
    if plan:
        logger.warning("Readiness: %d migration(s) not applied", len(plan))
        return False
    _migrations_applied = True
    return True


def forget_migration_check() -> None:
    """For tests: check the migrations again on the next probe."""
    global _migrations_applied
    _migrations_applied = False


def redis_ok(url: str | None = None) -> bool:
    url = settings.REDIS_URL if url is None else url
    if not url:
        return True  # not configured: the app runs without it
    try:
        _redis_client(url).ping()
    except Exception as exc:
        logger.warning("Readiness: Redis unavailable (%s)", type(exc).__name__)
        return False
    return True


@lru_cache(maxsize=4)
def _redis_client(url: str):
    """One client per process and URL: its pool reconnects by itself after an outage."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=CONNECT_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=0,
    )


def failures() -> list[str]:
    """Names of the dependencies that are not ready (empty when ready)."""
    failed = []
    if not database_ok():
        failed.append("database")
    elif not migrations_applied():
        failed.append("migrations")
    if not redis_ok():
        failed.append("redis")
    return failed
