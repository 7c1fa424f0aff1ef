"""The before/after comparison counts the attendance findings per OPD (late, early, outside
the radius, missing, suspicious) from ``attendance.period``: on the page, in the exports,
in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from attendance import services as attendance_services
from attendance.models import CheckIn
from attendance.period import Findings, findings_by_opd
from attendance.tests.support import DAY, away, duty_circular, local
from organizations.tests.factories import EmployeeFactory
from standing.board import board

pytestmark = pytest.mark.django_db
PIVOT = DAY + timedelta(days=1)  # Tuesday 8 April before, Wednesday 9 and Thursday 10 after
START, END = DAY, DAY + timedelta(days=2)


def seeded(world):
    """A duty 07:30 and 16:00 (15 minutes' tolerance) from Monday 7 to Friday 11 April 2025."""
    duty_circular(world.agency, day=DAY)
    away(world.opd, world.employee, DAY)
    # Late at 08:10, and 16:00 missed.
    attendance_services.check_in(employee=world.employee, at=local(DAY, 8, 10))
    away(world.opd, world.employee, PIVOT)
    attendance_services.check_in(employee=world.employee, at=local(PIVOT, 7, 30))
    attendance_services.check_in(employee=world.employee, at=local(PIVOT, 15, 0))  # early
    away(world.opd, world.colleague, PIVOT)  # no check-in: both times missed
    CheckIn.objects.create(
        employee=world.other_employee,
        day=PIVOT + timedelta(days=1),
        at=local(PIVOT + timedelta(days=1), 7, 20),
        findings=["ATT_OUTSIDE", "ATT_SAME_SPOT"],
        suspicious=True,
    )


def test_the_findings_per_opd_before_and_after(world):
    seeded(world)
    found = findings_by_opd(world.agency, START, END, PIVOT)
    assert found[world.opd.pk].before == Findings(late=1, missing=1)
    assert found[world.opd.pk].after == Findings(early=1, missing=2)
    assert found[world.other_opd.pk].before == Findings()
    assert found[world.other_opd.pk].after == Findings(outside=1, suspicious=1)


@pytest.mark.parametrize(
    "start, end, pivot, before, after",
    [
        (START, END, START, Findings(), Findings(late=1, early=1, missing=3)),
        (START, END, END + timedelta(days=1), Findings(late=1, early=1, missing=3), Findings()),
        (PIVOT, PIVOT, PIVOT, Findings(), Findings(early=1, missing=2)),
        (END + timedelta(days=1), END + timedelta(days=3), END, Findings(), Findings()),
    ],
)
def test_the_period_and_the_pivot_split_them(world, start, end, pivot, before, after):
    seeded(world)
    found = findings_by_opd(world.agency, start, end, pivot)[world.opd.pk]
    assert (found.before, found.after) == (before, after)


def test_another_agency_counts_nothing_of_these(world):
    seeded(world)
    found = findings_by_opd(world.other_agency, START, END, PIVOT)
    assert all(h.before == Findings() and h.after == Findings() for h in found.values())


def test_the_board_page_and_exports_show_them(world, client_for):
    seeded(world)
    row = next(r for r in board(world.agency, START, END, PIVOT).rows if r.opd == world.opd)
    assert row.findings.pairs() == [(1, 0), (0, 1), (0, 0), (1, 2), (0, 0)]
    client = client_for(world.admin)
    query = {"start": START.isoformat(), "end": END.isoformat(), "pivot": PIVOT.isoformat()}
    page = client.get(reverse("standing:monitoring", args=[world.agency.pk]), query)
    text = page.content.decode()
    assert "Temuan presensi sebelum dan sesudah" in text
    assert "Presensi tidak dilakukan" in text and "Di luar radius" in text
    cells = text.split(f'data-testid="findings-{world.opd.pk}"')[1].split("</tr>")[0]
    assert cells.count("<td>") == 11
    assert "<td>1</td><td>0</td><td>0</td><td>1</td>" in cells
    export = client.get(
        reverse("standing:monitoring_export", args=[world.agency.pk, "xlsx"]), query
    )
    sheet = [[c.value for c in r] for r in load_workbook(io.BytesIO(export.content)).active.rows]
    header = next(r for r in sheet if r[0] == "OPD")
    line = next(r for r in sheet if r[0] == world.opd.name)
    picked = dict(zip(header, line, strict=True))
    assert picked["Terlambat sebelum"] == 1 and picked["Terlambat sesudah"] == 0
    assert picked["Presensi tidak dilakukan sesudah"] == 2
    assert picked["Pulang cepat sesudah"] == 1
    other = dict(zip(header, next(r for r in sheet if r[0] == world.other_opd.name), strict=True))
    assert other["Mencurigakan sesudah"] == 1 and other["Di luar radius sesudah"] == 1
    text = client.get(
        reverse("standing:monitoring_export", args=[world.agency.pk, "csv"]), query
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any("Presensi tidak dilakukan sebelum" in r for r in rows)
    pdf = client.get(reverse("standing:monitoring_export", args=[world.agency.pk, "pdf"]), query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_count_of_queries_does_not_grow(world, count_queries):
    seeded(world)
    small, _ = count_queries(findings_by_opd, world.agency, START, END, PIVOT)
    for n in range(8):
        person = EmployeeFactory(unit=world.other_opd if n % 2 else world.opd)
        away(person.unit, person, PIVOT)
        attendance_services.check_in(employee=person, at=local(PIVOT, 8, n))
    large, found = count_queries(findings_by_opd, world.agency, START, END, PIVOT)
    assert large == small
    assert found[world.other_opd.pk].after.late == 4


def test_the_page_costs_the_same_queries_with_more_findings(world, client_for, count_queries):
    seeded(world)
    client = client_for(world.admin)
    url = reverse("standing:monitoring", args=[world.agency.pk])
    query = {"start": START.isoformat(), "end": END.isoformat(), "pivot": PIVOT.isoformat()}
    small, _ = count_queries(client.get, url, query)
    for n in range(6):
        person = EmployeeFactory(unit=world.other_opd)
        away(world.other_opd, person, DAY)
        attendance_services.check_in(employee=person, at=local(DAY, 9, n))
    large, response = count_queries(client.get, url, query)
    assert large == small and response.status_code == 200


@pytest.mark.parametrize("days_away, over", [(2, 0), (3, 1)])
def test_employee_weeks_past_the_weekly_limit(world, days_away, over):
    from standing.tests.builders import make_policy

    make_policy(world, start=DAY - timedelta(days=30), open_weekdays=[0, 1, 2, 3, 4])
    monday = DAY - timedelta(days=DAY.weekday())
    for n in range(days_away):
        away(world.opd, world.employee, monday + timedelta(days=n + 1), mode="WFA")
    away(world.opd, world.colleague, monday + timedelta(days=1), mode="WFA")
    row = next(
        r
        for r in board(world.agency, monday, monday + timedelta(days=4), monday).rows
        if r.opd == world.opd
    )
    assert (row.away_days, row.over_limit) == (days_away + 1, over)


def test_the_count_without_json_containment_is_the_same(world, monkeypatch):
    """The development fallback (SQLite has no JSON containment) counts what PostgreSQL does."""
    from types import SimpleNamespace

    import attendance.period as period

    seeded(world)
    expected = findings_by_opd(world.agency, START, END, PIVOT)
    monkeypatch.setattr(period, "connection", SimpleNamespace(vendor="sqlite"))
    assert findings_by_opd(world.agency, START, END, PIVOT) == expected
