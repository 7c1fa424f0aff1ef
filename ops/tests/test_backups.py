"""backup and restore_drill against the real PostgreSQL: a seeded database restores whole."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ops.backups import MANIFEST_NAME, complete_backups, conninfo
from schedules.models import Assignment, DayCounter
from schedules.roster.services import save_week
from schedules.tests.support import MON, TUE, WED, WEEK, add_staff, publish_circular

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world, postgres_db, settings, tmp_path):
    """Two OPDs with rosters of days away, and one uploaded file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "surat-edaran").mkdir(parents=True)
    (settings.MEDIA_ROOT / "surat-edaran" / "ttd.pdf").write_bytes(b"%PDF-1.4 ttd\n")
    publish_circular(world.agency)
    for opd, size in ((world.opd, 6), (world.other_opd, 4)):
        staff = add_staff(opd, size)
        cells = {(staff[0].pk, MON): "WFA", (staff[1].pk, MON): "WFA", (staff[1].pk, WED): "WFA"}
        cells[(staff[2].pk, TUE)] = "WFA"
        result = save_week(opd=opd, week_start=WEEK, cells=cells, actor=world.head)
        assert result.saved, result.violations
    assert Assignment.objects.count() == 8
    return world


def drill(source: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore_drill", source=str(source), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def drill_failure(source: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="RESTORE DRILL FAILED") as failure:
        call_command("restore_drill", source=str(source), stdout=out, stderr=err)
    return str(failure.value), err.getvalue()


def backup(dest: Path, **options) -> Path:
    call_command("backup", dest=str(dest), stdout=io.StringIO(), **options)
    return complete_backups(dest)[0]


def drill_databases() -> list[str]:
    with psycopg.connect(**conninfo(connection.settings_dict, dbname="postgres")) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'wfa_drill_%'")
        return [row[0] for row in rows]


def test_a_backup_of_a_seeded_database_passes_the_drill(seeded, tmp_path):
    folder = backup(tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    assert manifest["tables"]["schedules_assignment"] == 8
    assert manifest["tables"]["schedules_daycounter"] == DayCounter.objects.count() > 0
    assert manifest["media_files"] == 1
    assert manifest["files"]["database.dump"]["bytes"] == (folder / "database.dump").stat().st_size
    assert len(manifest["files"]["media.tar.gz"]["sha256"]) == 64
    assert manifest["migrations"]["schedules"].startswith("00")
    before = set(drill_databases())

    out, err = drill(tmp_path / "backups")

    assert "RESTORE DRILL PASSED" in out, err
    assert f"{DayCounter.objects.count()} day counters checked" in out
    assert "1 media files" in out
    assert not set(drill_databases()) - before  # the scratch database is gone again


def test_the_drill_fails_when_a_day_counter_disagrees_with_its_rows(seeded, tmp_path):
    counter = DayCounter.objects.get(unit=seeded.opd, day=MON)
    DayCounter.objects.filter(pk=counter.pk).update(away=counter.away + 1)
    backup(tmp_path / "backups")

    message, err = drill_failure(tmp_path / "backups")

    assert "1 problem(s)" in message
    assert f"OPD {seeded.opd.pk} on {MON}: day counter says 3 away, assignments say 2" in err


def test_the_drill_fails_when_a_table_lost_rows(seeded, tmp_path):
    folder = backup(tmp_path / "backups")
    manifest_path = folder / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["schedules_assignment"] = 9  # as if a row had been lost in the dump
    manifest_path.write_text(json.dumps(manifest))

    _message, err = drill_failure(tmp_path / "backups")

    assert "table schedules_assignment: 8 rows restored, manifest says 9" in err


def test_the_drill_refuses_a_damaged_dump_without_restoring_it(seeded, tmp_path):
    folder = backup(tmp_path / "backups")
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"\0")

    _message, err = drill_failure(tmp_path / "backups")

    assert "database.dump does not match its checksum" in err


def test_keep_removes_all_but_the_newest_backups(seeded, tmp_path):
    dest = tmp_path / "backups"
    first = backup(dest)
    backup(dest)
    out = io.StringIO()
    call_command("backup", dest=str(dest), keep=2, stdout=out)
    kept = complete_backups(dest)
    assert len(kept) == 2
    assert first not in kept
    assert f"Removed old backup {first.name}" in out.getvalue()


def test_the_drill_says_so_when_there_is_no_backup(postgres_db, tmp_path):
    message, _err = drill_failure(tmp_path)
    assert "no complete backup" in message


@pytest.mark.parametrize("command", ["backup", "restore_drill"])
def test_sqlite_is_refused_with_a_clear_message(command, tmp_path):
    env = {**os.environ, "WFA_TESTING": "1", "DATABASE_URL": ""}
    option = "--dest" if command == "backup" else "--source"
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", command, option, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "need PostgreSQL" in result.stderr
    assert "sqlite3" in result.stderr
    assert list(tmp_path.iterdir()) == []
