"""Backups that restore: a consistent PostgreSQL dump, the media files, a manifest; and the drill.

``take_backup`` opens a read-only REPEATABLE READ transaction, exports its
snapshot, counts every table's rows inside it and runs ``pg_dump -Fc
--snapshot`` on that same snapshot: the counts in the manifest are exactly the
rows in the dump, however busy the portal is. The media folder is archived
after the dump, so it holds at least every file the dump refers to.

``restore_drill`` restores the newest backup into a scratch database it
creates (and always drops), then checks the checksums, the row count of every
table against the manifest, and that every OPD's day counters equal its
assignment rows (the figure the cap is enforced with).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
PREFIX = "wfa-backup-"


class BackupError(Exception):
    """A backup or drill that cannot go on; the message says why, for the operator."""


# --- Where the database is ----------------------------------------------------


def require_postgres(settings_dict: dict) -> None:
    if not settings_dict["ENGINE"].endswith("postgresql"):
        raise BackupError(
            "backup and restore_drill need PostgreSQL (DATABASE_URL=postgres://...). "
            "This database is SQLite, the development default: copy it with "
            '`sqlite3 var/db.sqlite3 ".backup var/backup.sqlite3"` instead.'
        )


def conninfo(settings_dict: dict, dbname: str | None = None) -> dict[str, str]:
    """psycopg keyword arguments for the configured server (another database when named)."""
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "sslmode": (settings_dict.get("OPTIONS") or {}).get("sslmode", ""),
        "connect_timeout": "10",
    }
    return {key: value for key, value in params.items() if value}


def libpq_env(params: dict[str, str]) -> dict[str, str]:
    """The same, for pg_dump/pg_restore: in the environment, never on the command line."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
        "connect_timeout": "PGCONNECT_TIMEOUT",
    }
    return {**os.environ, **{names[key]: value for key, value in params.items()}}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install postgresql-client (apt-get install postgresql-client)"
        )
    return path


# --- Taking a backup ----------------------------------------------------------


def take_backup(*, settings_dict: dict, media_root: Path, dest: Path) -> Path:
    """Write one backup folder under ``dest`` and return it; it appears only when complete."""
    require_postgres(settings_dict)
    dest.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    final = dest / f"{PREFIX}{started:%Y%m%dT%H%M%S.%fZ}"
    partial = final.with_name(final.name + ".partial")
    partial.mkdir()
    try:
        params = conninfo(settings_dict)
        with psycopg.connect(**params, autocommit=False) as snapshot_conn:
            snapshot_conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = snapshot_conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            tables = _row_counts(snapshot_conn)
            migrations = _latest_migrations(snapshot_conn)
            server = snapshot_conn.execute("SHOW server_version").fetchone()[0]
            _pg_dump(params, snapshot, partial / DUMP_NAME)
            snapshot_conn.rollback()
        media_files = _archive_media(media_root, partial / MEDIA_NAME)
        manifest = {
            "format": 1,
            "created_at": started.isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": settings_dict["NAME"],
            "server_version": server,
            "files": {name: _describe(partial / name) for name in (DUMP_NAME, MEDIA_NAME)},
            "media_files": media_files,
            "tables": tables,
            "migrations": migrations,
        }
        (partial / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _row_counts(conn: psycopg.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
        )
    ]
    return {name: _count(conn, name) for name in names}


def _count(conn: psycopg.Connection, table: str) -> int:
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
    return conn.execute(query).fetchone()[0]


def _latest_migrations(conn: psycopg.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(rows.fetchall())


def _pg_dump(params: dict[str, str], snapshot: str, target: Path) -> None:
    command = [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
    result = subprocess.run(  # noqa: S603 - a fixed command; credentials travel in the environment
        command, env=libpq_env(params), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[-500:]}")


def _archive_media(media_root: Path, target: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    return count


def _describe(path: Path) -> dict[str, object]:
    return {"bytes": path.stat().st_size, "sha256": sha256(path)}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def prune(dest: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete backups (and any stale .partial folder)."""
    removed = []
    for stale in dest.glob(f"{PREFIX}*.partial"):
        if time.time() - stale.stat().st_mtime > 24 * 3600:
            shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale)
    for old in complete_backups(dest)[keep:]:
        shutil.rmtree(old)
        removed.append(old)
    return removed


def complete_backups(dest: Path) -> list[Path]:
    """Finished backups, newest first (names sort by time)."""
    found = [
        path
        for path in dest.glob(f"{PREFIX}*")
        if path.is_dir() and not path.name.endswith(".partial") and (path / MANIFEST_NAME).is_file()
    ]
    return sorted(found, key=lambda path: path.name, reverse=True)


# --- The restore drill --------------------------------------------------------


@dataclass
class DrillReport:
    backup: Path
    tables: int = 0
    rows: int = 0
    counters: int = 0
    media_files: int = 0
    restore_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def restore_drill(*, settings_dict: dict, source: Path) -> DrillReport:
    require_postgres(settings_dict)
    backups = complete_backups(source)
    if not backups:
        raise BackupError(f"no complete backup under {source}")
    backup = backups[0]
    manifest = json.loads((backup / MANIFEST_NAME).read_text())
    report = DrillReport(backup=backup)
    _check_files(backup, manifest, report)
    if not report.passed:
        return report  # a damaged dump is not worth restoring
    _check_media(backup / MEDIA_NAME, manifest, report)
    with scratch_database(settings_dict) as params:
        started = time.monotonic()
        _pg_restore(params, backup / DUMP_NAME)
        report.restore_seconds = time.monotonic() - started
        with psycopg.connect(**params) as conn:
            _check_tables(conn, manifest["tables"], report)
            _check_counters(conn, report)
    return report


def _check_files(backup: Path, manifest: dict, report: DrillReport) -> None:
    for name, expected in manifest["files"].items():
        path = backup / name
        if not path.is_file():
            report.problems.append(f"{name} is missing")
        elif path.stat().st_size != expected["bytes"] or sha256(path) != expected["sha256"]:
            report.problems.append(f"{name} does not match its checksum in the manifest")


def _check_media(path: Path, manifest: dict, report: DrillReport) -> None:
    with tarfile.open(path, "r:gz") as archive:
        report.media_files = sum(1 for member in archive.getmembers() if member.isfile())
    if report.media_files != manifest["media_files"]:
        report.problems.append(
            f"media archive holds {report.media_files} files, "
            f"the manifest says {manifest['media_files']}"
        )


@contextmanager
def scratch_database(settings_dict: dict) -> Iterator[dict[str, str]]:
    """A fresh, empty database on the same server; dropped afterwards, whatever happens."""
    name = f"wfa_drill_{datetime.now(UTC):%Y%m%d%H%M%S}_{uuid.uuid4().hex[:8]}"
    admin = conninfo(settings_dict, dbname="postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield conninfo(settings_dict, dbname=name)
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _pg_restore(params: dict[str, str], dump: Path) -> None:
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        f"--dbname={params['dbname']}",
        str(dump),
    ]
    result = subprocess.run(  # noqa: S603 - a fixed command; credentials travel in the environment
        command, env=libpq_env(params), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[-500:]}")


def _check_tables(conn: psycopg.Connection, expected: dict[str, int], report: DrillReport) -> None:
    restored = _row_counts(conn)
    report.tables = len(restored)
    report.rows = sum(restored.values())
    for table in sorted(set(expected) | set(restored)):
        want, got = expected.get(table), restored.get(table)
        if want != got:
            report.problems.append(f"table {table}: {got} rows restored, manifest says {want}")


def _check_counters(conn: psycopg.Connection, report: DrillReport) -> None:
    """Every OPD's day counter equals its away assignment rows, in both directions."""
    from policy.values import AWAY_MODES
    from schedules.models import Assignment, DayCounter, Roster

    query = sql.SQL(
        "WITH counted AS ("
        "  SELECT r.unit_id, a.day, count(*) AS n FROM {assignment} a"
        "  JOIN {roster} r ON r.id = a.roster_id WHERE a.mode = ANY(%s) GROUP BY 1, 2) "
        "SELECT coalesce(c.unit_id, k.unit_id), coalesce(c.day, k.day),"
        "       coalesce(c.away, 0), coalesce(k.n, 0) "
        "FROM {counter} c FULL JOIN counted k ON k.unit_id = c.unit_id AND k.day = c.day "
        "WHERE coalesce(c.away, 0) <> coalesce(k.n, 0) ORDER BY 1, 2"
    ).format(
        assignment=sql.Identifier(Assignment._meta.db_table),
        roster=sql.Identifier(Roster._meta.db_table),
        counter=sql.Identifier(DayCounter._meta.db_table),
    )
    modes = sorted(mode.value for mode in AWAY_MODES)
    for unit_id, day, counter, rows in conn.execute(query, [modes]):
        report.problems.append(
            f"OPD {unit_id} on {day}: day counter says {counter} away, assignments say {rows}"
        )
    table = sql.Identifier(DayCounter._meta.db_table)
    report.counters = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()[0]
