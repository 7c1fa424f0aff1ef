"""BKPSDM's monitoring of standing flexible work per OPD: figures, the before/after
comparison, the Excel export through the safe cells, access and query counts."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from circulars.calendar import non_working_days
from organizations.tests.factories import EmployeeFactory
from schedules.roster.services import save_week
from standing import services as svc
from standing.board import board
from standing.models import Recall
from wfa_portal.isoweek import monday_of

from .builders import make_policy, next_weekday

pytestmark = pytest.mark.django_db
D = date


def seeded(world):
    make_policy(world, start=D(2025, 1, 1))
    friday = next_weekday(4)
    save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(world.employee.pk, friday): "WFA", (world.colleague.pk, friday): "WFA"},
        actor=world.head,
    )
    svc.recall(employees=[world.employee], day=friday, at=time(9, 0), reason="x", actor=world.head)
    return friday


def test_the_board_counts_per_opd(world):
    friday = seeded(world)
    data = board(
        world.agency, monday_of(friday) - timedelta(days=7), friday, pivot=monday_of(friday)
    )
    row = next(r for r in data.rows if r.opd == world.opd)
    assert (row.staff, row.away_days, row.recalls, row.confirmed) == (2, 1, 1, 0)
    closed = non_working_days(world.agency.pk, monday_of(friday), friday)
    working = sum(1 for n in range(5) if monday_of(friday) + timedelta(days=n) not in closed)
    # 1 day away of 2 staff x the working days since the pivot; none before it.
    assert row.share_before == "0.0" and row.share_after == f"{100 / (2 * working):.1f}"
    other = next(r for r in data.rows if r.opd == world.other_opd)
    assert (other.away_days, other.recalls) == (0, 0)


def test_the_page_and_the_excel_export(world, client_for):
    friday = seeded(world)
    client = client_for(world.admin)
    query = {"start": (friday - timedelta(days=14)).isoformat(), "end": friday.isoformat()}
    page = client.get(reverse("standing:monitoring", args=[world.agency.pk]), query)
    text = page.content.decode()
    assert "Pemantauan kerja fleksibel" in text and "Diskominfo" in text
    export = client.get(
        reverse("standing:monitoring_export", args=[world.agency.pk, "xlsx"]), query
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Pemantauan kerja fleksibel"
    assert any(row[0] == world.opd.name and row[6] == 1 for row in values)


def test_a_formula_in_a_name_is_exported_as_text(world, client_for):
    friday = seeded(world)
    world.opd.name = '=HYPERLINK("http://x","y")'
    world.opd.save()
    query = {"start": (friday - timedelta(days=7)).isoformat(), "end": friday.isoformat()}
    export = client_for(world.admin).get(
        reverse("standing:monitoring_export", args=[world.agency.pk, "xlsx"]), query
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[0].value for row in sheet.iter_rows()]
    assert '\'=HYPERLINK("http://x","y")' in names


def test_a_bad_period_says_why(world, client_for):
    response = client_for(world.admin).get(
        reverse("standing:monitoring", args=[world.agency.pk]),
        {"start": "2026-01-10", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "Tanggal akhir harus sesudah tanggal mulai." in response.content.decode()


@pytest.mark.parametrize("name", ["head", "other_admin", "employee_user", "foreign_head", None])
def test_only_the_agencys_oversight_sees_it(world, client_for, name):
    client = client_for(None if name is None else getattr(world, name))
    for url in (
        reverse("standing:monitoring", args=[world.agency.pk]),
        reverse("standing:monitoring_export", args=[world.agency.pk, "xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == (302 if name is None else 404)
    assert (
        client_for(world.inspector)
        .get(reverse("standing:monitoring", args=[world.agency.pk]))
        .status_code
        == 200
    )


def test_the_page_costs_the_same_queries_with_more_data(world, client_for, count_queries):
    friday = seeded(world)
    client = client_for(world.admin)
    url = reverse("standing:monitoring", args=[world.agency.pk])
    query = {"start": (friday - timedelta(days=14)).isoformat(), "end": friday.isoformat()}
    small, _ = count_queries(client.get, url, query)
    more = [EmployeeFactory(unit=world.other_opd) for _ in range(4)]
    save_week(
        opd=world.other_opd,
        week_start=monday_of(friday),
        cells={(e.pk, friday): "WFA" for e in more},
        actor=world.admin,
    )
    svc.recall(employees=more[:2], day=friday, at=time(9, 0), reason="y", actor=world.admin)
    large, response = count_queries(client.get, url, query)
    assert large == small
    assert Recall.objects.count() == 3 and response.status_code == 200
