"""Print shell exports that point `make test` at a local PostgreSQL and Redis.

`make test` runs the suite on SQLite unless DATABASE_URL is set; but some code
paths (the roster's bulk upsert, row locks, concurrency tests) exist only on
PostgreSQL. When a PostgreSQL answers on 127.0.0.1:5432 as user `postgres`
without a password (as on the project's machines), and DATABASE_URL is unset,
the suite uses it; likewise a Redis on 127.0.0.1:6379 for REDIS_URL. Set
WFA_LOCAL_SERVICES=0 to keep SQLite. Prints nothing for what is already set
or does not answer within a second.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/wfa_portal"
REDIS_URL = "redis://127.0.0.1:6379/9"


def postgres_answers() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(
            host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=1
        ) as conn:
            return conn.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
    except Exception:  # noqa: BLE001 (any failure means: not usable here)
        return False


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def main() -> None:
    if os.environ.get("WFA_LOCAL_SERVICES", "1") == "0":
        return
    found = []
    if not os.environ.get("DATABASE_URL") and postgres_answers():
        found.append(("DATABASE_URL", POSTGRES_URL))
    if not os.environ.get("REDIS_URL") and redis_answers():
        found.append(("REDIS_URL", REDIS_URL))
    for name, value in found:
        print(f"export {name}={shlex.quote(value)}")
        print(
            f"make test: {name}={value} (local service; WFA_LOCAL_SERVICES=0 for none)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
