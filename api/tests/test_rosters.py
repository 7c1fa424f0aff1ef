"""Rosters through the API: the week as data, replacing cells through save_week
(422 with the violations, nothing saved), submit, the planner's proposal."""

import pytest

from schedules.models import Assignment, Roster
from schedules.tests.support import MON, TUE, add_staff, publish_circular

WEEK = "2025-W13"


@pytest.fixture
def staffed(world):
    """Five staff in the OPD (limit 2 a day at 50%) under a published circular."""
    world.staff = add_staff(world.opd, 3)
    world.circular = publish_circular(world.agency, cap=50)
    return world


def url(world, suffix=""):
    return f"/api/v1/rosters/{world.opd.pk}/{WEEK}/{suffix}"


def cell(employee, day=MON, mode="WFA"):
    return {"employee": employee, "date": day.isoformat(), "mode": mode}


def test_get_roster_as_data(staffed, api):
    w = staffed
    response = api(w.head).get(f"/api/v1/rosters/?unit={w.opd.pk}&week={WEEK}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "draft" and data["editable"] is True
    assert data["week_start"] == "2025-03-24"
    days = {d["date"]: d for d in data["days"]}
    assert days["2025-03-24"]["open"] is True
    assert days["2025-03-24"]["limit"] == 2
    assert days["2025-03-24"]["circular"] == w.circular.pk
    assert days["2025-03-29"]["open"] is False
    assert days["2025-03-29"]["closed_reason"]
    assert len(data["staff"]) == 5
    assert data["assignments"] == []


def test_put_assignments_saves_by_id_or_nip(staffed, api):
    w = staffed
    body = [cell(w.staff[0].pk), cell(w.staff[1].nip, day=TUE, mode="WFA")]
    response = api(w.head).put(url(w, "assignments/"), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assignments"] == [
        {"employee": w.staff[0].pk, "date": "2025-03-24", "mode": "WFA"},
        {"employee": w.staff[1].pk, "date": "2025-03-25", "mode": "WFA"},
    ]
    assert Assignment.objects.count() == 2
    # Back to the office deletes the row.
    response = api(w.head).put(url(w, "assignments/"), [cell(w.staff[0].pk, mode="WFO")])
    assert response.status_code == 200
    assert Assignment.objects.count() == 1


def test_cap_exceeded_is_422_with_exact_shape_and_nothing_saved(staffed, api):
    w = staffed
    body = [cell(e.pk) for e in w.staff]
    response = api(w.head).put(url(w, "assignments/"), body, format="json")
    assert response.status_code == 422
    data = response.json()
    assert list(data) == ["violations"]
    cap = [v for v in data["violations"] if v["code"] == "CAP_EXCEEDED"]
    assert cap == [
        {
            "code": "CAP_EXCEEDED",
            "date": "2025-03-24",
            "unit": w.opd.pk,
            "employee": None,
            "allowed": 2,
            "requested": 3,
            "message": cap[0]["message"],
        }
    ]
    assert set(data["violations"][0]) == {
        "code",
        "date",
        "unit",
        "employee",
        "allowed",
        "requested",
        "message",
    }
    assert not Assignment.objects.exists()


def test_violation_message_follows_the_request_language(staffed, api):
    w = staffed
    body = [cell(e.pk) for e in w.staff]
    indonesian = api(w.head).put(url(w, "assignments/"), body, format="json").json()
    english = (
        api(w.head)
        .put(url(w, "assignments/"), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    assert indonesian["violations"][0]["message"] != english["violations"][0]["message"]


@pytest.mark.parametrize(
    ("day", "code"),
    [("2025-03-29", "NON_WORKING_DAY"), ("2025-03-28", "NON_WORKING_DAY")],
)
def test_closed_day_is_refused(staffed, api, day, code):
    w = staffed
    body = [{"employee": w.staff[0].pk, "date": day, "mode": "WFA"}]
    response = api(w.head).put(url(w, "assignments/"), body, format="json")
    assert response.status_code == 422
    assert {v["code"] for v in response.json()["violations"]} >= {code}


def test_exempt_role_is_refused(world, api):
    staff = add_staff(world.opd, 3, role_tags=["treasurer"])
    publish_circular(world.agency, exempt_roles=["treasurer"])
    body = [cell(staff[0].pk)]
    response = api(world.head).put(url(world, "assignments/"), body, format="json")
    assert response.status_code == 422
    assert [v["code"] for v in response.json()["violations"]] == ["EXEMPT_ROLE"]


def test_no_circular_means_outside_window(world, api):
    body = [cell(world.colleague.pk)]
    response = api(world.head).put(url(world, "assignments/"), body, format="json")
    assert response.status_code == 422
    assert response.json()["violations"][0]["code"] == "OUTSIDE_WINDOW"


def test_unknown_or_foreign_employee_is_400(staffed, api):
    w = staffed
    for ref in (w.other_employee.pk, w.foreign_employee.nip, "abc", 999999):
        response = api(w.head).put(url(w, "assignments/"), [cell(ref)], format="json")
        assert response.status_code == 400, ref
    assert not Assignment.objects.exists()


def test_day_outside_week_and_bad_mode_are_400(staffed, api):
    w = staffed
    body = [{"employee": w.staff[0].pk, "date": "2025-04-01", "mode": "WFA"}]
    assert api(w.head).put(url(w, "assignments/"), body, format="json").status_code == 400
    body = [{"employee": w.staff[0].pk, "date": "2025-03-24", "mode": "LIBUR"}]
    assert api(w.head).put(url(w, "assignments/"), body, format="json").status_code == 400


def test_submit_then_locked(staffed, api):
    w = staffed
    api(w.head).put(url(w, "assignments/"), [cell(w.staff[0].pk)], format="json")
    response = api(w.head).post(url(w, "submit/"))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    response = api(w.head).put(url(w, "assignments/"), [cell(w.staff[1].pk)], format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "submitted"


def test_admin_reads_a_submitted_week_of_own_agency(staffed, api):
    w = staffed
    api(w.head).post(url(w, "submit/"))
    query = f"/api/v1/rosters/?unit={w.opd.pk}&week={WEEK}"
    assert api(w.admin).get(query).status_code == 200
    assert api(w.other_admin).get(query).status_code == 404
    assert api(w.admin).put(url(w, "assignments/"), [cell(w.staff[0].pk)]).status_code == 403


def test_plan_proposes_without_saving(staffed, api):
    w = staffed
    response = api(w.head).post(url(w, "plan/"), {}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    proposed = [a for a in data["assignments"] if a["proposed"]]
    assert proposed
    assert not [v for v in data["violations"] if v["severity"] == "error"]
    assert not Assignment.objects.exists()
    assert not Roster.objects.exists()


@pytest.mark.parametrize("actor", ["other_head", "foreign_head"])
def test_other_heads_get_404_and_change_nothing(staffed, api, actor):
    w = staffed
    client = api(getattr(w, actor))
    assert client.get(f"/api/v1/rosters/?unit={w.opd.pk}&week={WEEK}").status_code == 404
    assert client.put(url(w, "assignments/"), [cell(w.staff[0].pk)]).status_code == 404
    assert client.post(url(w, "submit/")).status_code == 404
    assert client.post(url(w, "plan/"), {}).status_code == 404
    assert not Assignment.objects.exists() and not Roster.objects.exists()


@pytest.mark.parametrize("actor", ["employee_user", "inspector"])
def test_roles_without_rosters_get_403(staffed, api, actor):
    client = api(getattr(staffed, actor))
    assert client.put(url(staffed, "assignments/"), [cell(staffed.staff[0].pk)]).status_code == 403
    assert client.get(f"/api/v1/rosters/?unit={staffed.opd.pk}&week={WEEK}").status_code == 403


def test_anonymous_is_401(staffed, api):
    assert api().put(url(staffed, "assignments/"), []).status_code == 401


def test_bad_week_is_400(staffed, api):
    response = api(staffed.head).get(f"/api/v1/rosters/?unit={staffed.opd.pk}&week=2025-13")
    assert response.status_code == 400
    assert api(staffed.head).get(f"/api/v1/rosters/?week={WEEK}").status_code == 400


def submitted(world):
    from django.utils import timezone

    return Roster.objects.create(
        unit=world.opd,
        week_start=MON,
        status=Roster.Status.SUBMITTED,
        submitted_by=world.head,
        submitted_at=timezone.now(),
    )


def test_bkpsdm_returns_a_submitted_week_with_a_comment(staffed, api):
    w = staffed
    roster = submitted(w)
    response = api(w.admin).post(url(w, "return/"), {"comment": "Isi ulang hari Senin"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    roster.refresh_from_db()
    assert (roster.status, roster.return_comment) == ("draft", "Isi ulang hari Senin")


def test_returning_without_a_comment_is_a_field_error(staffed, api):
    w = staffed
    roster = submitted(w)
    response = api(w.admin).post(url(w, "return/"), {})
    assert response.status_code == 400
    assert response.json()["comment"] == ["Tulis alasan pengembalian untuk kepala OPD."]
    roster.refresh_from_db()
    assert roster.status == "submitted"


def test_bkpsdm_accepts_a_submitted_week(staffed, api):
    w = staffed
    roster = submitted(w)
    response = api(w.admin).post(url(w, "accept/"))
    assert response.status_code == 200, response.content
    roster.refresh_from_db()
    assert roster.status == "accepted"


def test_a_draft_week_cannot_be_accepted(staffed, api):
    w = staffed
    Roster.objects.create(unit=w.opd, week_start=MON)
    response = api(w.admin).post(url(w, "accept/"))
    assert response.status_code == 409
    assert response.json()["code"] == "not_submitted"


@pytest.mark.parametrize("actor", ["head", "operator", "other_admin", "employee_user", "inspector"])
def test_only_the_agencys_bkpsdm_decides_a_week(staffed, api, actor):
    w = staffed
    roster = submitted(w)
    for suffix in ("return/", "accept/"):
        response = api(getattr(w, actor)).post(url(w, suffix), {"comment": "x"})
        assert response.status_code == 404
    roster.refresh_from_db()
    assert roster.status == "submitted"


def test_anonymous_cannot_decide_a_week(staffed, api):
    submitted(staffed)
    assert api(None).post(url(staffed, "accept/")).status_code == 401
