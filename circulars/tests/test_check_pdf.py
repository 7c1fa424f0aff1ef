"""`manage.py check_pdf`, which `make run` calls: says clearly what PDFs need, never fails."""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


def run() -> str:
    out = StringIO()
    call_command("check_pdf", stdout=out)
    return out.getvalue()


def test_says_ready_when_weasyprint_can_draw_a_pdf():
    assert "PDF: WeasyPrint siap" in run()


def test_without_pango_it_says_what_to_install_and_does_not_fail(monkeypatch):
    import weasyprint

    def missing_pango(self, *args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0': No such file")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", missing_pango)
    text = run()
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" in text
    assert "Portal tetap berjalan" in text
    assert "libpango-1.0-0': No such file" in text


def test_make_run_checks_pdfs_without_failing_and_the_readme_says_how():
    makefile = (ROOT / "Makefile").read_text()
    run_target = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    # The leading "-" lets make go on to runserver whatever the check says.
    assert "\t-DEBUG=1 $(BIN)/python manage.py check_pdf\n" in run_target
    assert run_target.index("check_pdf") < run_target.index("runserver $(HOST)")
    readme = (ROOT / "README.md").read_text()
    assert "make run HOST=0.0.0.0:8080" in readme
    assert "libpango-1.0-0 libpangoft2-1.0-0" in readme
