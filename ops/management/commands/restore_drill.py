from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ops.backups import BackupError, restore_drill


class Command(BaseCommand):
    help = (
        "Restore the newest backup under --source into a scratch database (created and dropped "
        "here), check checksums, row counts per table and every OPD's day counters against its "
        "assignments, and print a verdict. Exits non-zero on any mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, type=Path, help="folder that holds backups")

    def handle(self, *args, source: Path, **options):
        source = Path(source)
        settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
        try:
            report = restore_drill(settings_dict=settings_dict, source=source)
        except BackupError as exc:
            raise CommandError(f"RESTORE DRILL FAILED: {exc}") from exc
        age = datetime.now(UTC) - datetime.fromtimestamp(report.backup.stat().st_mtime, UTC)
        self.stdout.write(
            f"Backup {report.backup.name} ({age.total_seconds() / 3600:.1f} h old): "
            f"{report.tables} tables, {report.rows:,} rows restored in "
            f"{report.restore_seconds:.1f} s; {report.counters:,} day counters checked; "
            f"{report.media_files} media files."
        )
        if not report.passed:
            for problem in report.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"RESTORE DRILL FAILED: {len(report.problems)} problem(s)")
        self.stdout.write("RESTORE DRILL PASSED")
