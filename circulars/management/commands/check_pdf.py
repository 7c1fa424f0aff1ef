"""`manage.py check_pdf`: can this machine draw the PDFs (circulars, lampiran, reports)?

WeasyPrint needs Pango from the system. `make run` calls this before the server
starts: on a machine without Pango it says what to install, and the portal still
runs (only the PDF downloads fail). It never exits with an error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

ADVICE = (
    "PDF belum dapat dibuat di mesin ini: WeasyPrint membutuhkan Pango dan fon sistem.\n"
    "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "fonts-dejavu-core\n"
    "  Portal tetap berjalan; hanya unduhan PDF yang gagal sampai paket itu terpasang.\n"
    "  (PDFs cannot be drawn here yet: install Pango and fonts as above.)"
)


def pdf_problem() -> str:
    """ "" when WeasyPrint can draw a small PDF here, else the reason."""
    try:
        from weasyprint import HTML

        data = HTML(string="<p>WFA Portal</p>").write_pdf()
    except (ImportError, OSError) as error:  # a missing library surfaces as one of these
        return f"{type(error).__name__}: {error}"
    if not data.startswith(b"%PDF-"):
        return "WeasyPrint returned no PDF"
    return ""


class Command(BaseCommand):
    help = "Periksa apakah WeasyPrint dapat membuat PDF di mesin ini (tidak pernah gagal)."

    def handle(self, *args, **options):
        problem = pdf_problem()
        if problem:
            self.stdout.write(self.style.WARNING(ADVICE))
            self.stdout.write(f"  ({problem})")
        else:
            self.stdout.write(self.style.SUCCESS("PDF: WeasyPrint siap (Pango dan fon tersedia)."))
