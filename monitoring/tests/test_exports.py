import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .support import ISO, MON, TUE, add_staff, away, publish_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(world):
    world.circular = publish_circular(world.agency, number="800/9/SE/2025")
    world.more = add_staff(world.opd, 2, prefix="Tambahan")
    away(world.opd, world.head, [(world.colleague, MON), (world.more[0], TUE)])
    return world


def dashboard_export(world, fmt, query=""):
    return (
        reverse("monitoring:dashboard_export", args=[world.agency.pk, world.circular.pk, fmt])
        + query
    )


class TestDashboardExport:
    def test_xlsx_holds_the_table_with_the_figures(self, exported, client_for):
        response = client_for(exported.inspector).get(dashboard_export(exported, "xlsx"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == "Rekapitulasi kepatuhan jadwal kerja"
        header = next(r for r in rows if r and r[0] == "OPD")
        diskominfo = next(r for r in rows if r and r[0] == exported.opd.name)
        record = dict(zip(header, diskominfo, strict=False))
        assert record["Pegawai"] == 4
        assert record["24/03"] == "1/2" and record["25/03"] == "1/2" and record["26/03"] == "0/2"

    def test_csv_and_pdf(self, exported, client_for):
        client = client_for(exported.admin)
        text = client.get(dashboard_export(exported, "csv")).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:3] == ["OPD", "Kategori", "Pegawai"]
        assert rows[-1][0] == "Jumlah"
        pdf = client.get(dashboard_export(exported, "pdf"))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    def test_filters_apply_to_the_export(self, exported, client_for):
        text = (
            client_for(exported.admin)
            .get(dashboard_export(exported, "csv", "?category=health"))
            .content.decode("utf-8-sig")
        )
        assert exported.opd.name not in text

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin"])
    def test_others_get_404(self, exported, client_for, actor):
        response = client_for(getattr(exported, actor)).get(dashboard_export(exported, "xlsx"))
        assert response.status_code == 404

    def test_unknown_format_is_404_and_post_405(self, exported, client_for):
        client = client_for(exported.admin)
        assert client.get(dashboard_export(exported, "docx")).status_code == 404
        assert client.post(dashboard_export(exported, "csv")).status_code == 405


class TestRosterExport:
    def url(self, world, fmt):
        return reverse("monitoring:opd_week_export", args=[world.opd.pk, ISO, fmt])

    def test_the_week_in_three_formats(self, exported, client_for):
        client = client_for(exported.head)
        text = client.get(self.url(exported, "csv")).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows[0]) == 3 + 7
        colleague = next(r for r in rows if r[1] == exported.colleague.name)
        # Friday 28 March 2025 is cuti bersama (Nyepi): a day off, not WFO.
        assert colleague[3:8] == ["WFA", "WFO", "WFO", "WFO", "Libur"]
        away = next(r for r in rows if r[1] == "Di luar kantor (WFA/WFH)")
        assert away[3:5] == ["1", "1"]
        sheet = load_workbook(io.BytesIO(client.get(self.url(exported, "xlsx")).content)).active
        assert any(exported.colleague.name in row for row in sheet.iter_rows(values_only=True))
        assert client.get(self.url(exported, "pdf")).content.startswith(b"%PDF")

    def test_formula_like_names_stay_text_in_excel(self, exported, client_for):
        exported.colleague.name = '=HYPERLINK("http://x")'
        exported.colleague.save()
        sheet = load_workbook(
            io.BytesIO(client_for(exported.admin).get(self.url(exported, "xlsx")).content)
        ).active
        values = [v for row in sheet.iter_rows(values_only=True) for v in row]
        assert '\'=HYPERLINK("http://x")' in values

    @pytest.mark.parametrize("actor", ["other_head", "employee_user", "other_admin"])
    def test_others_get_404(self, exported, client_for, actor):
        assert (
            client_for(getattr(exported, actor)).get(self.url(exported, "csv")).status_code == 404
        )
