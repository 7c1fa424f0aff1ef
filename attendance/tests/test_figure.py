"""The daily figure per agency and day: equal to the roster grid, on a page, exports, the
API, and the beat job that sends it to BKPSDM."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from attendance import services
from attendance.figure import daily_figure, send_daily_figures
from attendance.models import DailyReport, DayVerification
from notifications.models import Notification
from organizations.tests.factories import EmployeeFactory
from policy.values import Mode
from schedules.roster.selectors import staff_of, week_state
from schedules.tests.support import add_staff
from wfa_portal.isoweek import monday_of

from .support import DAY, away, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def rostered(world):
    """Diskominfo (with its sub-unit): 2 WFH, 1 WFA, 1 leave, 1 travel; Bappeda: 1 WFA."""
    staff = add_staff(world.opd, 4)
    away(world.opd, world.employee, DAY, "WFH")
    away(world.opd, staff[0], DAY, "WFH")
    away(world.opd, staff[1], DAY, "WFA")
    away(world.opd, staff[2], DAY, "CUTI")
    away(world.opd, staff[3], DAY, "DL")
    away(world.other_opd, world.other_employee, DAY, "WFA")
    DailyReport.objects.create(employee=world.employee, day=DAY, text="Kerja")
    services.check_in(employee=world.employee, at=local(DAY, 7, 0), lat=-6.2, lng=106.8)
    DayVerification.objects.create(employee=world.employee, day=DAY, status="verified")
    DayVerification.objects.create(employee=staff[0], day=DAY, status="disputed", note="?")
    world.staff = staff
    return world


def grid_counts(opd, day) -> dict[str, int]:
    """What the roster grid shows for the OPD's day: its staff and their cells."""
    _roster, cells = week_state(opd, monday_of(day))
    counts = dict.fromkeys(["WFO", "WFA", "WFH", "CUTI", "DL"], 0)
    for member in staff_of(opd):
        counts[cells.get((member.pk, day), Mode.WFO).value] += 1
    return counts


def test_the_figure_equals_the_roster_grid(rostered):
    # A moved employee's old cell and an inactive employee do not count, as in the grid.
    moved = EmployeeFactory(unit=rostered.opd)
    away(rostered.opd, moved, DAY, "WFA")
    moved.unit = rostered.other_opd
    moved.save()
    gone = rostered.staff[3]
    figure = {r.opd_id: r for r in daily_figure(rostered.agency, DAY).rows}
    for opd in (rostered.opd, rostered.other_opd):
        grid = grid_counts(opd, DAY)
        row = figure[opd.pk]
        assert (row.wfo, row.wfa, row.wfh, row.leave, row.travel) == (
            grid["WFO"], grid["WFA"], grid["WFH"], grid["CUTI"], grid["DL"],
        )  # fmt: skip
        assert row.headcount == sum(grid.values())
    mine = figure[rostered.opd.pk]
    assert (mine.headcount, mine.wfo, mine.wfh, mine.wfa, mine.leave, mine.travel) == (
        6, 1, 2, 1, 1, 1,
    )  # fmt: skip
    assert (mine.not_reported, mine.checked_in, mine.verified, mine.disputed) == (2, 1, 1, 1)
    gone.active = False
    gone.save()
    again = {r.opd_id: r for r in daily_figure(rostered.agency, DAY).rows}[rostered.opd.pk]
    assert (again.headcount, again.travel) == (5, 0)
    assert grid_counts(rostered.opd, DAY)["DL"] == 0


def test_the_figure_costs_five_queries_at_any_size(rostered, count_queries):
    small, _figure = count_queries(daily_figure, rostered.agency, DAY)
    more = add_staff(rostered.other_opd, 80)
    for e in more[:30]:
        away(rostered.other_opd, e, DAY, "WFH")
        DailyReport.objects.create(employee=e, day=DAY, text="x")
    large, figure = count_queries(daily_figure, rostered.agency, DAY)
    assert small == large == 5
    assert {r.opd_id: r for r in figure.rows}[rostered.other_opd.pk].wfh == 30


def url(world):
    return reverse("attendance:figure", args=[world.agency.pk, DAY])


@pytest.mark.parametrize("who", ["admin", "inspector"])
def test_bkpsdm_and_the_inspectorate_see_the_figure(rostered, client_for, who):
    page = client_for(getattr(rostered, who)).get(url(rostered)).content.decode()
    assert "Rekap harian WFO/WFA per OPD" in page and "Belum melapor" in page
    assert "Selasa, 8 April 2025" in page


@pytest.mark.parametrize("who", ["other_admin", "head", "employee_user", "operator"])
def test_others_do_not_see_the_figure(rostered, client_for, who):
    client = client_for(getattr(rostered, who))
    assert client.get(url(rostered)).status_code == 404
    export = reverse("attendance:figure_export", args=[rostered.agency.pk, DAY, "csv"])
    assert client.get(export).status_code == 404


def test_anonymous_goes_to_login_for_the_figure(rostered, client):
    assert "/akun/masuk/" in client.get(url(rostered))["Location"]


def test_the_figure_page_costs_the_same_at_two_sizes(rostered, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(rostered.admin)
    client.get(url(rostered))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url(rostered))
        return len(ctx.captured_queries)

    small = count()
    for e in add_staff(rostered.other_opd, 60)[:25]:
        away(rostered.other_opd, e, DAY, "WFA")
    assert count() == small


def test_the_figure_exports_as_csv_and_excel(rostered, client_for):
    from openpyxl import load_workbook

    client = client_for(rostered.admin)
    response = client.get(
        reverse("attendance:figure_export", args=[rostered.agency.pk, DAY, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["OPD", "Pegawai", "WFO", "WFA"]
    line = next(r for r in rows if r[0] == rostered.opd.name)
    assert line[1:8] == ["6", "1", "1", "2", "1", "1", "2"]
    xlsx = client.get(reverse("attendance:figure_export", args=[rostered.agency.pk, DAY, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert any(rostered.opd.name in [c.value for c in row] for row in book.active.iter_rows())
    bad = reverse("attendance:figure_export", args=[rostered.agency.pk, DAY, "pdf"])
    assert client.get(bad).status_code == 404


def test_the_api_gives_the_same_figure(rostered, client_for):
    api = reverse("api:attendance_daily_figure")
    client = client_for(rostered.inspector)
    data = client.get(api, {"agency": rostered.agency.pk, "date": "2025-04-08"}).json()
    mine = next(r for r in data["rows"] if r["opd"] == rostered.opd.pk)
    assert (mine["wfo"], mine["wfh"], mine["not_reported"], mine["verified"]) == (1, 2, 2, 1)
    assert data["totals"]["wfa"] == 2
    wrong = client.get(api, {"agency": rostered.agency.pk, "date": "08/04/2025"})
    assert wrong.status_code == 400 and "gunakan YYYY-MM-DD" in wrong.json()["date"][0]
    assert client.get(api).status_code == 400
    for who in ("other_admin", "head", "employee_user"):
        other = client_for(getattr(rostered, who)).get(api, {"agency": rostered.agency.pk})
        assert other.status_code == 404
    client_for(None).logout()
    assert client_for(None).get(api, {"agency": rostered.agency.pk}).status_code in (401, 403)


def test_the_beat_job_sends_the_figure_to_bkpsdm_once(rostered, settings):
    assert settings.CELERY_BEAT_SCHEDULE["attendance-daily-figure"]["schedule"].hour == {13}
    assert send_daily_figures(DAY) == 1
    assert send_daily_figures(DAY) == 0  # once per agency and day
    notice = Notification.objects.get(kind="summary_daily_figure")
    assert notice.recipient == rostered.admin
    assert notice.subject == "Rekap 8 April 2025: 1 WFO, 4 WFA/WFH, 3 belum melapor"
    assert f"{rostered.opd.name}: WFO 1, WFA/WFH 3, cuti 1, dinas luar 1" in notice.body
