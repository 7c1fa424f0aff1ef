"""The dashboard and attendance checks through the API (monitoring's services)."""

import pytest

from monitoring.models import AttendanceCheck
from schedules.tests.support import MON, add_staff, publish_circular


@pytest.fixture
def board(world):
    world.staff = add_staff(world.opd, 3)
    world.circular = publish_circular(world.agency, cap=50)
    return world


def _dashboard(w, user):
    return f"/api/v1/dashboard/?agency={w.agency.pk}&circular={w.circular.pk}"


@pytest.mark.parametrize("actor", ["admin", "inspector"])
def test_watchers_get_the_dashboard(board, api, actor):
    response = api(getattr(board, actor)).get(_dashboard(board, actor))
    assert response.status_code == 200, response.content
    rows = {row["opd"]: row for row in response.json()["rows"]}
    assert rows[board.opd.pk]["headcount"] == 5
    assert rows[board.opd.pk]["days"][0] == {"date": "2025-03-24", "away": 0, "limit": 2}


def test_dashboard_is_scoped(board, api):
    assert api(board.other_admin).get(_dashboard(board, None)).status_code == 404
    assert api(board.head).get(_dashboard(board, None)).status_code == 403
    assert api(board.admin).get("/api/v1/dashboard/").status_code == 400


def test_inspector_records_attendance(board, api):
    body = {"unit": board.opd.pk, "day": MON.isoformat(), "absent": [board.staff[0].pk]}
    response = api(board.inspector).post("/api/v1/attendance-checks/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["present"] == 4 and response.json()["absent"] == 1
    assert response.json()["checked_by"] == board.inspector.pk
    listed = api(board.admin).get("/api/v1/attendance-checks/").json()["results"]
    assert [row["id"] for row in listed] == [response.json()["id"]]


def test_attendance_is_scoped(board, api):
    body = {"unit": board.opd.pk, "day": MON.isoformat(), "absent": []}
    assert api(board.other_admin).post("/api/v1/attendance-checks/", body).status_code == 404
    assert api(board.head).post("/api/v1/attendance-checks/", body).status_code == 403
    foreign = {"unit": board.opd.pk, "day": MON.isoformat(), "absent": [board.other_employee.pk]}
    assert api(board.admin).post("/api/v1/attendance-checks/", foreign).status_code == 400
    assert not AttendanceCheck.objects.exists()
