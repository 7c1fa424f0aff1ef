"""The evidence export per employee and month, keyed by NIP."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from attendance import services
from attendance.evidence import columns
from attendance.models import DailyReport, DayVerification

from .support import DAY, away, duty_circular, local

pytestmark = pytest.mark.django_db


def url(world, fmt="csv", employee=None):
    employee = employee or world.employee
    return reverse("attendance:evidence_export", args=[employee.pk, 2025, 4, fmt])


@pytest.fixture
def month(world):
    duty_circular(world.agency, place="anywhere")
    away(world.opd, world.employee, DAY, "WFH")
    away(world.opd, world.employee, DAY.replace(day=9), "WFA")
    services.check_in(employee=world.employee, at=local(DAY, 7, 50))
    DailyReport.objects.create(employee=world.employee, day=DAY, text="=SUM(A1) telaah")
    DayVerification.objects.create(
        employee=world.employee, day=DAY, status="disputed", note="Telat"
    )
    return world


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_employee_downloads_their_month_keyed_by_nip(month, client_for):
    rows = read(client_for(month.employee_user).get(url(month)))
    assert rows[0] == columns()
    first, second = rows[1], rows[2]
    assert first[:6] == [
        month.employee.nip,
        month.employee.name,
        month.opd.name,
        "2025-04-08",
        "WFH",
        "07:50",
    ]
    assert first[6] == "ATT_LATE ATT_MISSING"
    assert "Terlambat" in first[7] and first[8] == "tidak"
    assert first[9:12] == ["Dipersoalkan", "Telat", "'=SUM(A1) telaah"]
    assert second[3:7] == ["2025-04-09", "WFA", "", "ATT_MISSING"]


def test_the_excel_file_has_the_same_rows(month, client_for):
    from openpyxl import load_workbook

    response = client_for(month.admin).get(url(month, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(
        row[:5] == [month.employee.nip, month.employee.name, month.opd.name, "2025-04-08", "WFH"]
        for row in values
    )


@pytest.mark.parametrize("who", ["head", "admin", "inspector", "operator"])
def test_the_head_and_oversight_may_download(month, client_for, who):
    assert client_for(getattr(month, who)).get(url(month)).status_code == 200


@pytest.mark.parametrize("who", ["other_head", "other_admin", "foreign_head"])
def test_others_may_not(month, client_for, who):
    assert client_for(getattr(month, who)).get(url(month)).status_code == 404


def test_a_colleague_may_not_download_anothers_evidence(month, client_for):
    from organizations.tests.factories import UserFactory

    month.colleague.user = UserFactory(username="rekan")
    month.colleague.save()
    assert client_for(month.colleague.user).get(url(month)).status_code == 404


def test_anonymous_and_bad_formats(month, client, client_for):
    assert "/akun/masuk/" in client.get(url(month))["Location"]
    assert client_for(month.admin).get(url(month, "pdf")).status_code == 404
    bad_month = reverse("attendance:evidence_export", args=[month.employee.pk, 2025, 13, "csv"])
    assert client_for(month.admin).get(bad_month).status_code == 404


def test_the_export_costs_the_same_queries_for_a_busier_month(month, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(month.admin)
    client.get(url(month))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url(month))
        return len(ctx.captured_queries)

    small = count()
    for d in (10, 11):
        day = DAY.replace(day=d)
        away(month.opd, month.employee, day, "WFH")
        services.check_in(employee=month.employee, at=local(day, 7, 0))
        DailyReport.objects.create(employee=month.employee, day=day, text="x")
    assert count() == small
