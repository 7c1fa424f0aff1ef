"""Employees' requests, heads' decisions and revocations through the API, reusing
schedules.requests.services (rules are theirs; here: scope, roles, status codes)."""

import pytest

from schedules.models import Assignment, AwayRequest, Revocation
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.days = coming_working_days(world.agency, 3)
    return world


def _ask(se, api, days=None):
    days = days or se.days[:1]
    body = {"circular": se.circular.pk, "days": [d.isoformat() for d in days], "note": "Mudik"}
    return api(se.employee_user).post("/api/v1/me/requests/", body, format="json")


def test_employee_requests_days(se, api):
    response = _ask(se, api, se.days[:2])
    assert response.status_code == 201, response.content
    assert [r["status"] for r in response.json()] == ["pending", "pending"]
    assert AwayRequest.objects.filter(employee=se.employee).count() == 2
    listed = api(se.employee_user).get("/api/v1/me/requests/").json()["results"]
    assert len(listed) == 2


def test_request_status_cannot_be_mass_assigned(se, api):
    body = {
        "circular": se.circular.pk,
        "days": [se.days[0].isoformat()],
        "status": "approved",
        "employee": se.colleague.pk,
    }
    response = api(se.employee_user).post("/api/v1/me/requests/", body, format="json")
    assert response.status_code == 201
    row = AwayRequest.objects.get()
    assert row.status == "pending" and row.employee == se.employee


def test_request_under_unknown_circular_is_400(se, api):
    body = {"circular": 999999, "days": [se.days[0].isoformat()]}
    response = api(se.employee_user).post("/api/v1/me/requests/", body, format="json")
    assert response.status_code == 400
    assert "circular" in response.json()


def test_login_without_employee_record_gets_403(se, api):
    assert api(se.head).get("/api/v1/me/schedule/?from=2026-01-01&to=2026-01-31").status_code == 403
    body = {"circular": se.circular.pk, "days": [se.days[0].isoformat()]}
    assert api(se.head).post("/api/v1/me/requests/", body, format="json").status_code == 403


def test_withdraw_own_request_only(se, api):
    request_id = _ask(se, api).json()[0]["id"]
    other = api(se.head).post(f"/api/v1/me/requests/{request_id}/withdraw/")
    assert other.status_code in (403, 404)
    response = api(se.employee_user).post(f"/api/v1/me/requests/{request_id}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api(se.employee_user).post(f"/api/v1/me/requests/{request_id}/withdraw/")
    assert again.status_code == 409


def test_head_approves_staff_request(se, api):
    request_id = _ask(se, api).json()[0]["id"]
    queue = api(se.head).get("/api/v1/requests/").json()["results"]
    assert [r["id"] for r in queue] == [request_id]
    response = api(se.head).post(f"/api/v1/requests/{request_id}/approve/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert Assignment.objects.filter(employee=se.employee, day=se.days[0]).exists()


def test_reject_needs_a_reason(se, api):
    request_id = _ask(se, api).json()[0]["id"]
    url = f"/api/v1/requests/{request_id}/reject/"
    assert api(se.head).post(url, {"reason": ""}).status_code == 400
    response = api(se.head).post(url, {"reason": "Rapat"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected" and response.json()["reason"] == "Rapat"


@pytest.mark.parametrize("actor", ["other_head", "foreign_head", "other_admin", "employee_user"])
def test_others_cannot_see_or_decide_a_request(se, api, actor):
    request_id = _ask(se, api).json()[0]["id"]
    client = api(getattr(se, actor))
    assert client.get("/api/v1/requests/").json()["results"] == []
    assert client.post(f"/api/v1/requests/{request_id}/approve/").status_code == 404
    assert client.post(f"/api/v1/requests/{request_id}/reject/", {"reason": "x"}).status_code == 404
    assert AwayRequest.objects.get(pk=request_id).status == "pending"


def test_head_revokes_and_reinstates_permission(se, api):
    body = {"employee": se.employee.pk, "circular": se.circular.pk, "reason": "Kinerja"}
    response = api(se.head).post("/api/v1/revocations/", body, format="json")
    assert response.status_code == 201, response.content
    revocation_id = response.json()["id"]
    again = api(se.head).post("/api/v1/revocations/", body, format="json")
    assert again.status_code == 400
    url = f"/api/v1/revocations/{revocation_id}/reinstate/"
    assert api(se.other_head).post(url, {"reason": "x"}).status_code == 404
    response = api(se.head).post(url, {"reason": "Membaik"})
    assert response.status_code == 200
    assert response.json()["reinstated_at"] is not None


def test_other_head_cannot_revoke_foreign_staff(se, api):
    body = {"employee": se.employee.pk, "circular": se.circular.pk, "reason": "x"}
    assert api(se.other_head).post("/api/v1/revocations/", body, format="json").status_code == 404
    assert not Revocation.objects.exists()


def test_my_schedule(se, api):
    start, end = se.days[0], se.days[-1]
    response = api(se.employee_user).get(f"/api/v1/me/schedule/?from={start}&to={end}")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert rows[0]["date"] == start.isoformat()
    assert {r["circular"] for r in rows} == {se.circular.pk}
    too_long = api(se.employee_user).get("/api/v1/me/schedule/?from=2026-01-01&to=2026-12-31")
    assert too_long.status_code == 400


def test_employee_gives_a_rostered_day_back(se, api):
    from schedules.tests.employee_support import roster_away

    day = se.days[1]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    body = {"date": day.isoformat()}
    response = api(se.employee_user).post("/api/v1/me/office-days/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"released": 1}
    assert not Assignment.objects.filter(employee=se.employee, day=day).exists()
    again = api(se.employee_user).post("/api/v1/me/office-days/", body, format="json")
    assert again.status_code == 409
    assert api(se.head).post("/api/v1/me/office-days/", body, format="json").status_code == 403


def test_employee_acknowledges_conditions_of_a_circular_in_force(se, api):
    from schedules.models import Acknowledgement

    body = {"circular": se.circular.pk}
    response = api(se.employee_user).post("/api/v1/me/acknowledgements/", body, format="json")
    assert response.status_code == 200, response.content
    assert Acknowledgement.objects.filter(employee=se.employee, circular=se.circular).exists()
    unknown = api(se.employee_user).post(
        "/api/v1/me/acknowledgements/", {"circular": 999999}, format="json"
    )
    assert unknown.status_code == 400
