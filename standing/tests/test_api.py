"""The standing endpoints: the same services and scopes as the pages, refusals in the
API's shapes, every forbidden actor refused, query counts at two sizes."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from organizations.tests.factories import EmployeeFactory
from schedules.roster.services import save_week
from standing import services as svc
from standing.models import Application, Arrangement, Recall, StandingPolicy
from wfa_portal.isoweek import monday_of

from .builders import criteria, make_policy, next_weekday

pytestmark = pytest.mark.django_db
D = date
BASE = "/api/v1/standing/"


def as_user(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def refused(response, user) -> bool:
    return response.status_code in ((401, 403) if user is None else (403, 404))


def test_bkpsdm_creates_publishes_and_ends_a_policy(world):
    client = as_user(world.admin)
    body = {
        "agency": world.agency.pk,
        "number": "800/1/2026",
        "title": "Kerja fleksibel",
        "start": "2026-01-01",
        "open_weekdays": [3, 4],
        "weekly_limit": 2,
        "earliest_start": "07:00:00",
        "latest_start": "08:30:00",
        "limits": [{"weekdays": [4], "shape": "away_share", "value": 75}],
        "shifts": [{"name": "pagi", "start": "07:00", "end": "15:30", "break_minutes": 60}],
    }
    created = client.post(BASE + "policies/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["limits"] == [{"weekdays": [4], "shape": "away_share", "value": 75}]
    assert client.post(f"{BASE}policies/{pk}/publish/").json()["status"] == "published"
    again = client.post(f"{BASE}policies/{pk}/publish/")
    assert again.status_code == 409 and again.json()["detail"] == "Kebijakan ini sudah diterbitkan."
    ended = client.post(f"{BASE}policies/{pk}/end/", {"end": "2026-06-30", "reason": "Evaluasi"})
    assert ended.json()["status"] == "ended"


def test_a_bad_policy_is_refused_on_its_field(world):
    response = as_user(world.admin).post(
        BASE + "policies/",
        {
            "agency": world.agency.pk,
            "number": "1",
            "title": "x",
            "start": "2026-01-01",
            "open_weekdays": [],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Pilih paling sedikit satu hari" in response.json()["open_weekdays"][0]
    assert not StandingPolicy.objects.exists()


@pytest.mark.parametrize("name", ["head", "other_admin", "employee_user", None])
def test_only_the_agencys_admin_changes_a_policy(world, name):
    policy = make_policy(world, publish=False)
    user = None if name is None else getattr(world, name)
    client = as_user(user)
    assert refused(client.post(f"{BASE}policies/{policy.pk}/publish/"), user)
    created = client.post(
        BASE + "policies/",
        {
            "agency": world.agency.pk,
            "number": "2",
            "title": "x",
            "start": "2026-01-01",
            "open_weekdays": [4],
        },
        format="json",
    )
    assert refused(created, user) or created.status_code == 400
    assert StandingPolicy.objects.get().status == "draft"
    if name == "other_admin":  # drafts of another agency are not even listed
        assert client.get(BASE + "policies/").json()["results"] == []


def apply_json(world):
    return {
        "weekdays": [4],
        "reason": "Rumah jauh",
        "start": "2025-10-01",
        "targets": [{"target": "Dua laporan", "evidence_of_done": "Unggahan e-Kinerja"}],
    }


def test_the_employee_applies_and_the_head_approves(world):
    make_policy(world)
    mine = as_user(world.employee_user).post(
        "/api/v1/me/standing-applications/", apply_json(world), format="json"
    )
    assert mine.status_code == 201, mine.json()
    pk = mine.json()["id"]
    head = as_user(world.head)
    assert [a["id"] for a in head.get(BASE + "applications/").json()["results"]] == [pk]
    missing = head.post(f"{BASE}applications/{pk}/approve/", {"ict_doable": True}, format="json")
    assert missing.status_code == 400 and "keempat kriteria tugas" in missing.json()["criteria"][0]
    approved = head.post(f"{BASE}applications/{pk}/approve/", criteria(), format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    arrangement = Arrangement.objects.get()
    assert arrangement.weekdays == [4]
    seen = as_user(world.employee_user).get(BASE + "arrangements/").json()["results"]
    assert [a["id"] for a in seen] == [arrangement.pk]


def test_an_application_without_a_work_plan_is_refused(world):
    make_policy(world)
    body = apply_json(world) | {"targets": []}
    response = as_user(world.employee_user).post(
        "/api/v1/me/standing-applications/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["targets"] == ["Tulis paling sedikit satu target kerja yang terukur."]


@pytest.mark.parametrize(
    "name", ["other_head", "foreign_head", "other_admin", "employee_user", None]
)
def test_nobody_else_decides_an_application(world, name):
    policy = make_policy(world)
    row = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="x",
        targets=[svc.Target("t", "b")],
        weekdays=[4],
    )
    user = None if name is None else getattr(world, name)
    client = as_user(user)
    assert refused(client.post(f"{BASE}applications/{row.pk}/reject/", {"note": "x"}), user)
    assert refused(client.get(f"{BASE}applications/{row.pk}/"), user)
    assert Application.objects.get().status == "pending"


def test_the_head_sets_an_arrangement(world):
    make_policy(world, start=D(2025, 1, 1))
    body = {
        "employee": world.employee.pk,
        "eligible": True,
        "weekdays": [4],
        "place": "home",
        **criteria(),
    }
    response = as_user(world.head).post(BASE + "arrangements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (
        as_user(world.other_head).post(BASE + "arrangements/", body, format="json").status_code
        == 404
    )
    assert Arrangement.objects.count() == 1


def test_recall_and_confirm(world):
    make_policy(world)
    friday = next_weekday(4)
    save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(world.employee.pk, friday): "WFA"},
        actor=world.head,
    )
    body = {"unit": world.opd.pk, "day": friday.isoformat(), "at": "09:00", "reason": "Rapat"}
    assert as_user(world.other_head).post(BASE + "recalls/", body, format="json").status_code == 404
    created = as_user(world.head).post(BASE + "recalls/", body, format="json")
    assert created.status_code == 201 and created.json()[0]["employee"] == world.employee.pk
    pk = created.json()[0]["id"]
    # A login without an employee record is refused (403), another employee gets 404.
    assert as_user(world.head).post(f"{BASE}recalls/{pk}/confirm/").status_code == 403
    colleague = EmployeeFactory(unit=world.opd, user=world.other_head)
    assert (
        colleague
        and as_user(world.other_head).post(f"{BASE}recalls/{pk}/confirm/").status_code == 404
    )
    confirmed = as_user(world.employee_user).post(f"{BASE}recalls/{pk}/confirm/")
    assert confirmed.json()["confirmed_at"] is not None
    assert [r["id"] for r in as_user(world.admin).get(BASE + "recalls/").json()["results"]] == [pk]
    assert as_user(world.other_admin).get(BASE + "recalls/").json()["results"] == []
    assert Recall.objects.get().confirmed_at is not None


@pytest.mark.parametrize("path", ["policies/", "arrangements/", "applications/", "recalls/"])
def test_lists_cost_the_same_queries(world, count_queries, path):
    policy = make_policy(world, start=D(2025, 1, 1))
    client = as_user(world.admin)

    def grow(n):
        for _ in range(n):
            e = EmployeeFactory(unit=world.opd)
            svc.decide_arrangement(
                employee=e,
                policy=policy,
                data=svc.ArrangementData(
                    eligible=True, weekdays=[4], start=D(2025, 1, 1), **criteria()
                ),
                actor=world.head,
            )
            svc.submit_application(
                employee=e, policy=policy, reason="x", targets=[svc.Target("t", "b")], weekdays=[4]
            )
            Recall.objects.create(
                employee=e, day=D(2025, 10, 3), at="08:00", reason="x", recalled_by=world.head
            )

    grow(1)
    small, _ = count_queries(client.get, BASE + path)
    grow(4)
    large, response = count_queries(client.get, BASE + path)
    assert response.status_code == 200
    assert large == small
