from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ops.backups import BackupError, prune, take_backup


class Command(BaseCommand):
    help = (
        "Take a consistent PostgreSQL dump (pg_dump -Fc) and a tar of MEDIA_ROOT into a new "
        "folder under --dest, with a manifest of sizes, sha256 and row counts per table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dest", required=True, type=Path, help="folder that holds backups")
        parser.add_argument(
            "--keep", type=int, default=0, help="afterwards keep only the newest N backups (0: all)"
        )

    def handle(self, *args, dest: Path, keep: int, **options):
        dest = Path(dest)
        settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
        try:
            folder = take_backup(
                settings_dict=settings_dict, media_root=Path(settings.MEDIA_ROOT), dest=dest
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sizes = ", ".join(
            f"{path.name} {path.stat().st_size:,} bytes" for path in sorted(folder.iterdir())
        )
        self.stdout.write(f"Backup written: {folder} ({sizes})")
        if keep > 0:
            for old in prune(dest, keep=keep):
                self.stdout.write(f"Removed old backup {old.name}")
