"""No export hands a spreadsheet a live formula (issue 13, item 5).

Employees are imported through the real import page with names and positions
that a spreadsheet would run; OPD names, a circular's title, a revocation's
reason and the checker's name carry more. Then every CSV and XLSX export of
the portal is downloaded and every cell of it is read back.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.services import record_attendance
from monitoring.tests.support import ISO, MON, publish_circular
from organizations.formulas import reads_as_formula
from organizations.importing import TEMPLATE_COLUMNS
from organizations.models import Employee, ImportBatch
from organizations.tests.factories import make_nip
from schedules.models import Revocation

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\uff1dSUM(A1)",
    "-",
    "+62 812 3456 7890",
]


@pytest.fixture
def poisoned(world, client_for):
    """The world with formula payloads in every text an export carries."""
    lines = [
        [make_nip(600 + n), payload, "diskominfo", PAYLOADS[-1 - n], "", ""]
        for n, payload in enumerate(PAYLOADS)
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(TEMPLATE_COLUMNS), *lines])
    client = client_for(world.admin)
    url = reverse("employee_import", args=[world.agency.pk])
    client.post(url, {"file": SimpleUploadedFile("p.csv", buffer.getvalue().encode())})
    batch = ImportBatch.objects.get()
    client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))
    assert set(PAYLOADS) <= set(Employee.objects.values_list("name", flat=True))

    world.opd.name = "=OPD()"
    world.opd.save()
    world.admin.first_name, world.admin.last_name = "@Admin", "+1"
    world.admin.save()
    world.circular = publish_circular(world.agency, number="800/1/SE/2025")
    world.circular.title = "=SE()"
    world.circular.save()
    victim = Employee.objects.get(name=PAYLOADS[0])
    Revocation.objects.create(
        employee=victim, circular=world.circular, reason="-1+1", revoked_by=world.admin
    )
    record_attendance(opd=world.opd, day=MON, actor=world.admin, absent_ids={victim.pk})
    return world


def exports(world) -> dict[str, str]:
    a, c = world.agency.pk, world.circular.pk
    urls = {
        "employees.xlsx": reverse("employee_export_xlsx", args=[a]),
        "employees.csv": reverse("employee_export_csv", args=[a]),
        "template.xlsx": reverse("employee_template", args=[a]),
    }
    for fmt in ("xlsx", "csv"):
        urls[f"dashboard.{fmt}"] = reverse("monitoring:dashboard_export", args=[a, c, fmt])
        urls[f"revocations.{fmt}"] = reverse("monitoring:revocations_export", args=[a, c, fmt])
        urls[f"week.{fmt}"] = reverse("monitoring:opd_week_export", args=[world.opd.pk, ISO, fmt])
        urls[f"attendance.{fmt}"] = reverse("monitoring:attendance_export", args=[a, fmt])
    return urls


def xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))  # not read-only: data_type is kept
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def csv_fields(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [field for row in rows for field in row]


@pytest.mark.django_db
def test_every_export_writes_formula_payloads_as_text(poisoned, client_for):
    client = client_for(poisoned.admin)
    for name, url in exports(poisoned).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name.endswith(".xlsx"):
            cells = xlsx_cells(response.content)
            assert cells, name
            for cell in cells:
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("="), (name, cell.value)
                    assert not reads_as_formula(cell.value), (name, cell.value)
            texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        else:
            texts = csv_fields(response.content)
            for field in texts:
                assert not reads_as_formula(field), (name, field)
        carried = [t for t in texts if re.match(r"'[=+\-@\uff1d]", t)]
        if not name.startswith("template"):
            assert carried, f"{name} carried no payload: the test would prove nothing"


@pytest.mark.django_db
def test_payloads_arrive_quoted_and_readable(poisoned, client_for):
    client = client_for(poisoned.admin)
    fields = csv_fields(
        client.get(reverse("employee_export_csv", args=[poisoned.agency.pk])).content
    )
    for payload in PAYLOADS:
        assert "'" + payload in fields
    cells = xlsx_cells(
        client.get(reverse("employee_export_xlsx", args=[poisoned.agency.pk])).content
    )
    assert {"'" + p for p in PAYLOADS} <= {c.value for c in cells}
    revocations = client.get(
        reverse(
            "monitoring:revocations_export",
            args=[poisoned.agency.pk, poisoned.circular.pk, "csv"],
        )
    )
    assert [f for f in csv_fields(revocations.content) if f in ("'-1+1", "'@Admin +1")] == [
        "'-1+1",
        "'@Admin +1",
    ]


@pytest.mark.django_db
def test_numbers_stay_numbers_in_excel(poisoned, client_for):
    url = reverse(
        "monitoring:dashboard_export", args=[poisoned.agency.pk, poisoned.circular.pk, "xlsx"]
    )
    cells = xlsx_cells(client_for(poisoned.admin).get(url).content)
    headcounts = [c for c in cells if c.data_type == "n" and isinstance(c.value, int)]
    assert headcounts  # the figures are numbers, not quoted text


@pytest.mark.django_db
def test_an_export_imported_again_gives_the_same_names(poisoned, client_for):
    client = client_for(poisoned.admin)
    before = dict(Employee.objects.values_list("nip", "name"))
    for fmt in ("xlsx", "csv"):
        content = client.get(reverse(f"employee_export_{fmt}", args=[poisoned.agency.pk])).content
        Employee.objects.filter(unit__agency=poisoned.agency).update(name="diganti")
        url = reverse("employee_import", args=[poisoned.agency.pk])
        client.post(url, {"file": SimpleUploadedFile(f"ekspor.{fmt}", content)})
        batch = ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEW).get()
        client.post(reverse("employee_import_apply", args=[poisoned.agency.pk, batch.pk]))
        assert dict(Employee.objects.values_list("nip", "name")) == before, fmt
