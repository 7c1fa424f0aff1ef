"""Every API action whose service refuses answers 422 (a rule: the roster's violation
shape), 400 (a field) or 409 (a state), with words a person can read; never a 500.

Regression: a refused approval used to answer 500 (``'ValidationError' object has no
attribute 'code'``) instead of the documented 422.
"""

from datetime import timedelta

import pytest

from organizations.models import Employee
from organizations.tests.factories import RoleFactory, UnitFactory
from schedules.models import Assignment, AwayRequest, DayCounter, Revocation
from schedules.requests.selectors import format_day
from schedules.tests.employee_support import (
    coming_circular,
    coming_working_days,
    roster_away,
    staff_opd,
    today,
)
from schedules.tests.support import add_staff

VIOLATION_KEYS = {"code", "date", "unit", "employee", "allowed", "requested", "message"}


@pytest.fixture
def se(world):
    staff_opd(world)  # 5 staff in world.opd: 2 may be away
    world.circular = coming_circular(world.agency, exempt_roles=["treasurer"])
    world.days = coming_working_days(world.agency, 2)
    return world


def ask(se, employee, day=None):
    return AwayRequest.objects.create(
        employee=employee, circular=se.circular, day=day or se.days[0], mode="WFA"
    )


def assert_refusal(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"].strip()
    return body


def assert_rule_refusal(response, code, rule_code):
    body = assert_refusal(response, 422, code)
    assert body["violations"], body
    assert all(set(v) == VIOLATION_KEYS for v in body["violations"])
    assert {v["code"] for v in body["violations"]} == {rule_code}
    return body


def test_an_approval_refused_by_the_cap_is_a_422_with_the_violations(se, api):
    day = se.days[0]
    for employee in se.extra[:2]:
        roster_away(se.opd, employee, [day], actor=se.admin, status="draft")
    request = ask(se, se.employee)

    response = api(se.head).post(f"/api/v1/requests/{request.pk}/approve/")

    body = assert_rule_refusal(response, "rules", "CAP_EXCEEDED")
    (violation,) = body["violations"]
    assert (violation["date"], violation["allowed"], violation["requested"]) == (
        day.isoformat(),
        2,
        3,
    )
    assert format_day(day) in body["detail"] and "melebihi batas 2 pegawai" in body["detail"]
    assert AwayRequest.objects.get(pk=request.pk).is_pending
    assert not Assignment.objects.filter(employee=se.employee).exists()
    assert DayCounter.objects.get(unit=se.opd, day=day).away == 2


def test_the_refusal_speaks_english_when_asked(se, api):
    for employee in se.extra[:2]:
        roster_away(se.opd, employee, [se.days[0]], actor=se.admin, status="draft")
    request = ask(se, se.employee)

    response = api(se.head).post(
        f"/api/v1/requests/{request.pk}/approve/", HTTP_ACCEPT_LANGUAGE="en"
    )

    body = assert_rule_refusal(response, "rules", "CAP_EXCEEDED")
    assert "more than the limit of 2" in body["detail"]


def test_an_approval_refused_by_an_exempt_role_is_a_422(se, api):
    se.colleague.role_tags = ["treasurer"]
    se.colleague.save(update_fields=["role_tags"])
    request = ask(se, se.colleague)

    response = api(se.head).post(f"/api/v1/requests/{request.pk}/approve/")

    assert_rule_refusal(response, "rules", "EXEMPT_ROLE")
    assert AwayRequest.objects.get(pk=request.pk).is_pending


def test_approving_a_past_day_is_a_409_and_a_decided_request_is_gone(se, api):
    past = ask(se, se.employee, today() - timedelta(days=1))
    response = api(se.head).post(f"/api/v1/requests/{past.pk}/approve/")
    assert_refusal(response, 409, "past")
    assert AwayRequest.objects.get(pk=past.pk).is_pending

    done = ask(se, se.colleague)
    assert api(se.head).post(f"/api/v1/requests/{done.pk}/approve/").status_code == 200
    # A decided request leaves the queue: deciding it again finds nothing.
    assert api(se.head).post(f"/api/v1/requests/{done.pk}/approve/").status_code == 404
    rejected = api(se.head).post(f"/api/v1/requests/{done.pk}/reject/", {"reason": "Rapat"})
    assert rejected.status_code == 404
    assert AwayRequest.objects.get(pk=done.pk).status == "approved"


def test_a_rejection_without_a_reason_is_a_400(se, api):
    request = ask(se, se.employee)
    response = api(se.head).post(f"/api/v1/requests/{request.pk}/reject/", {"reason": " "})
    assert response.status_code == 400
    assert response.json() == {"reason": ["Tulis alasan penolakan."]}
    assert AwayRequest.objects.get(pk=request.pk).is_pending


def test_revoke_and_reinstate_refusals(se, api):
    body = {"employee": se.employee.pk, "circular": se.circular.pk, "reason": ""}
    no_reason = api(se.head).post("/api/v1/revocations/", body, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Tulis alasan pencabutan izin."]}
    assert not Revocation.objects.exists()

    body["reason"] = "Mangkir"
    revocation_id = api(se.head).post("/api/v1/revocations/", body, format="json").json()["id"]
    url = f"/api/v1/revocations/{revocation_id}/reinstate/"
    assert api(se.head).post(url, {"reason": ""}).status_code == 400
    assert api(se.head).post(url, {"reason": "Membaik"}).status_code == 200
    again = api(se.head).post(url, {"reason": "Membaik"})
    assert_refusal(again, 409, "not_active")
    assert "sudah dipulihkan" in again.json()["detail"]


def test_choosing_the_office_on_a_day_not_away_or_past_is_a_409(se, api):
    url = "/api/v1/me/office-days/"
    client = api(se.employee_user)
    not_away = client.post(url, {"date": se.days[0].isoformat()}, format="json")
    assert_refusal(not_away, 409, "not_away")
    past = client.post(url, {"date": today().isoformat()}, format="json")
    assert_refusal(past, 409, "past")


@pytest.fixture
def full_target(se):
    """Another OPD of 4 with 2 away on the day (its limit); world.employee away at home."""
    day = se.days[0]
    roster_away(se.opd, se.employee, [day], actor=se.admin, status="draft")
    target = UnitFactory(agency=se.agency, code="tujuan", name="Dinas Tujuan")
    RoleFactory(kind="opd_head", unit=target)
    for employee in add_staff(target, 4)[:2]:
        roster_away(target, employee, [day], actor=se.admin, status="draft")
    se.target = target
    return se


def test_a_move_over_the_new_opd_limit_is_a_422_naming_the_day(full_target, api):
    se = full_target
    url = f"/api/v1/employees/{se.employee.pk}/"

    response = api(se.admin).patch(url, {"unit": se.target.pk, "name": "Nama Baru"}, format="json")

    body = assert_rule_refusal(response, "move_refused", "CAP_EXCEEDED")
    assert body["violations"][0]["unit"] == se.target.pk
    assert body["violations"][0]["date"] == se.days[0].isoformat()
    assert "tidak dapat dipindahkan ke Dinas Tujuan" in body["detail"]
    assert format_day(se.days[0]) in body["detail"]
    employee = Employee.objects.get(pk=se.employee.pk)
    assert (employee.unit, employee.name) == (se.sub_unit, se.employee.name)  # all or nothing
    assert Assignment.objects.get(employee=employee).roster.unit == se.opd
    assert DayCounter.objects.get(unit=se.target, day=se.days[0]).away == 2


def test_a_move_with_days_sent_to_the_office_is_saved(full_target, api):
    se = full_target
    url = f"/api/v1/employees/{se.employee.pk}/?away_days=to_office"

    response = api(se.admin).patch(url, {"unit": se.target.pk}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["unit"] == se.target.pk
    assert not Assignment.objects.filter(employee=se.employee).exists()
    assert DayCounter.objects.get(unit=se.opd, day=se.days[0]).away == 0
    assert DayCounter.objects.get(unit=se.target, day=se.days[0]).away == 2


def test_an_unknown_away_days_choice_is_a_400(full_target, api):
    se = full_target
    url = f"/api/v1/employees/{se.employee.pk}/?away_days=later"
    response = api(se.admin).patch(url, {"unit": se.target.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"away_days": ["Pilih refuse atau to_office."]}
    assert Employee.objects.get(pk=se.employee.pk).unit == se.sub_unit


@pytest.mark.parametrize(
    ("actor", "statuses"),
    [
        ("other_admin", (404,)),
        ("head", (403,)),
        ("other_head", (403,)),
        ("employee_user", (403,)),
        (None, (401, 403)),
    ],
)
def test_only_the_agency_admin_moves_an_employee(full_target, api, actor, statuses):
    se = full_target
    user = getattr(se, actor) if actor else None
    url = f"/api/v1/employees/{se.employee.pk}/?away_days=to_office"

    response = api(user).patch(url, {"unit": se.target.pk}, format="json")

    assert response.status_code in statuses, response.content
    assert Employee.objects.get(pk=se.employee.pk).unit == se.sub_unit
    assert Assignment.objects.filter(employee=se.employee).exists()


def test_other_field_changes_still_save(se, api):
    url = f"/api/v1/employees/{se.colleague.pk}/"
    response = api(se.admin).patch(url, {"position": "Analis Kebijakan"}, format="json")
    assert response.status_code == 200, response.content
    assert Employee.objects.get(pk=se.colleague.pk).position == "Analis Kebijakan"


def test_a_refused_move_speaks_english_when_asked(full_target, api):
    se = full_target
    response = api(se.admin).patch(
        f"/api/v1/employees/{se.employee.pk}/",
        {"unit": se.target.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = assert_rule_refusal(response, "move_refused", "CAP_EXCEEDED")
    assert f"{se.employee.name} cannot be moved to Dinas Tujuan:" in body["detail"]
    assert "more than the limit of 2" in body["detail"]
