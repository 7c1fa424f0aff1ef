"""`manage.py seed_demo`: load the demo data of every app, then print the demo logins.

Each app that has demo data gives a module with ``seed(stdout)``, listed in
SEED_MODULES in the order they must run; a module that does not exist (yet) is
skipped. All steps run in one transaction, and each is idempotent, so the command
can be run again at any time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from organizations.demo import login_rows
from organizations.models import Agency, Employee, Unit

SEED_MODULES = ("organizations.demo", "circulars.demo", "schedules.demo", "standing.demo")


def seed_steps() -> Iterator[tuple[str, Callable]]:
    """(module path, seed function) of every demo module that exists, in order."""
    for path in SEED_MODULES:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name != path:  # a missing import inside the module is a real error
                raise
            continue
        yield path, module.seed


class Command(BaseCommand):
    help = "Isi basis data dengan data demo (instansi, OPD, pegawai, akun demo). Aman diulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan walau DEBUG mati dan WFA_TESTING tidak diset (akun demo berkata "
            "sandi publik: jangan di produksi).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not (force or settings.DEBUG or settings.TESTING):
            raise CommandError(
                "seed_demo membuat akun superadmin dengan kata sandi publik. Jalankan dengan "
                "DEBUG=1 atau WFA_TESTING=1, atau --force bila memang bukan server produksi."
            )
        with transaction.atomic():
            for path, seed in seed_steps():
                self.stdout.write(f"Memuat data demo: {path}")
                for line in seed(self.stdout) or ():
                    self.stdout.write(f"  {line}")
        self._print_counts()
        self._print_logins()

    def _print_counts(self) -> None:
        units = Unit.objects.all()
        self.stdout.write("")
        self.stdout.write(
            f"Instansi: {Agency.objects.count()}  "
            f"OPD: {units.opds().count()}  "
            f"Sub-unit: {units.exclude(parent=None).count()}  "
            f"Pegawai aktif: {Employee.objects.active().count()}"
        )

    def _print_logins(self) -> None:
        header = ("Nama pengguna", "Kata sandi", "Peran", "Instansi / OPD")
        rows = [header, *login_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        rule = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Akun demo (masuk di {reverse('login')}):"))
        for i, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if i == 0:
                self.stdout.write(rule)
