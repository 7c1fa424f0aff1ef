"""Circulars through the API: drafts via circulars.services, the lifecycle actions,
no mass assignment, scoping, and the governing rules of a unit's day."""

from datetime import date

import pytest

from circulars.models import Circular, CircularEvent
from circulars.tests.circular_builders import make_draft, make_published
from schedules.tests.support import add_staff, publish_circular

URL = "/api/v1/circulars/"


def _body(**overrides):
    body = {
        "number": "800/9-BKPSDM/2025",
        "title": "WFA arus mudik",
        "arrangement": "WFA",
        "cap_percent": 40,
        "windows": [{"start": "2025-03-24", "end": "2025-03-27"}],
        "limits": [{"shape": "away_share", "category": "health", "value": 10}],
        "exempt_categories": ["security"],
    }
    body.update(overrides)
    return body


def test_admin_creates_draft_with_windows_and_rules(world, api):
    response = api(world.admin).post(URL, _body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["agency"] == world.agency.pk
    assert data["windows"] == [{"start": "2025-03-24", "end": "2025-03-27"}]
    assert data["limits"] == [
        {
            "shape": "away_share",
            "value": 10,
            "category": "health",
            "unit": None,
            "region": None,
            "start": None,
            "end": None,
        }
    ]
    circular = Circular.objects.get(pk=data["id"])
    assert circular.created_by == world.admin
    assert circular.events.filter(action=CircularEvent.Action.CREATED).exists()


def test_server_decided_fields_cannot_be_mass_assigned(world, api):
    body = _body(
        status="published",
        created_by=world.other_admin.pk,
        published_at="2025-01-01T00:00:00Z",
        revoke_reason="x",
        id=12345,
    )
    response = api(world.admin).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    circular = Circular.objects.get()
    assert circular.status == Circular.Status.DRAFT
    assert circular.created_by == world.admin
    assert circular.published_at is None and circular.revoke_reason == ""
    assert circular.pk != 12345


def test_agency_cannot_be_another_admins(world, api):
    response = api(world.admin).post(URL, _body(agency=world.other_agency.pk), format="json")
    assert response.status_code == 400
    assert "agency" in response.json()
    assert not Circular.objects.exists()


def test_service_errors_come_back_as_field_errors(world, api):
    body = _body(windows=[{"start": "2025-03-27", "end": "2025-03-24"}], cap_percent=101)
    response = api(world.admin).post(URL, body, format="json")
    assert response.status_code == 400
    assert "cap_percent" in response.json()
    make_draft(world, number="800/9-BKPSDM/2025")
    response = api(world.admin).post(URL, _body(), format="json")
    assert response.status_code == 400
    assert response.json()["number"] == [
        "Nomor 800/9-BKPSDM/2025 sudah dipakai surat edaran lain dari instansi ini."
    ]


def test_patch_draft_keeps_untouched_rows(world, api):
    circular = make_draft(world)
    response = api(world.admin).patch(f"{URL}{circular.pk}/", {"cap_percent": 30}, format="json")
    assert response.status_code == 200, response.content
    circular.refresh_from_db()
    assert circular.cap_percent == 30
    assert [(w.start, w.end) for w in circular.windows.all()] == [
        (date(2025, 3, 24), date(2025, 3, 27))
    ]


def test_agency_of_existing_circular_is_read_only(world, api):
    circular = make_draft(world)
    body = {"agency": world.other_agency.pk, "title": "Baru"}
    response = api(world.admin).patch(f"{URL}{circular.pk}/", body, format="json")
    assert response.status_code == 200
    circular.refresh_from_db()
    assert circular.agency == world.agency and circular.title == "Baru"


def test_published_circular_is_not_editable(world, api):
    circular = make_published(world.agency)
    response = api(world.admin).patch(f"{URL}{circular.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert "tidak dapat diubah" in response.json()["detail"]
    circular.refresh_from_db()
    assert circular.title != "X"


def test_publish_revoke_and_amend(world, api):
    circular = make_draft(world)
    client = api(world.admin)
    response = client.post(f"{URL}{circular.pk}/publish/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert client.post(f"{URL}{circular.pk}/publish/").status_code == 409
    amended = client.post(f"{URL}{circular.pk}/amend/")
    assert amended.status_code == 201
    assert amended.json()["amends"] == circular.pk
    assert amended.json()["status"] == "draft"
    assert client.post(f"{URL}{circular.pk}/revoke/", {"reason": ""}).status_code == 400
    revoked = client.post(f"{URL}{circular.pk}/revoke/", {"reason": "Dibatalkan"})
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revoke_reason"] == "Dibatalkan"


def test_english_messages_follow_accept_language(world, api):
    circular = make_published(world.agency)
    response = api(world.admin).post(f"{URL}{circular.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["code"] == "not_draft"


@pytest.mark.parametrize("actor", ["head", "employee_user", "inspector"])
def test_non_admins_cannot_write_circulars(world, api, actor):
    circular = make_draft(world)
    client = api(getattr(world, actor))
    assert client.post(URL, _body(), format="json").status_code == 403
    assert client.post(f"{URL}{circular.pk}/publish/").status_code == 403
    circular.refresh_from_db()
    assert circular.status == Circular.Status.DRAFT


def test_other_agency_admin_gets_404_and_changes_nothing(world, api):
    circular = make_draft(world)
    client = api(world.other_admin)
    assert client.get(f"{URL}{circular.pk}/").status_code == 404
    assert client.patch(f"{URL}{circular.pk}/", {"title": "X"}, format="json").status_code == 404
    assert client.post(f"{URL}{circular.pk}/publish/").status_code == 404
    published = make_published(world.agency, number="SE/2")
    assert client.post(f"{URL}{published.pk}/revoke/", {"reason": "x"}).status_code == 404
    circular.refresh_from_db()
    published.refresh_from_db()
    assert circular.status == "draft" and published.status == "published"


def test_drafts_are_hidden_from_other_logins(world, api):
    draft = make_draft(world)
    published = make_published(world.agency, number="SE/2")
    rows = api(world.head).get(URL).json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert api(world.head).get(f"{URL}{draft.pk}/").status_code == 404
    assert api().get(URL).status_code == 401


def test_governing_gives_circular_and_daily_limit(world, api):
    add_staff(world.opd, 9)
    circular = publish_circular(world.agency, cap=50)
    response = api(world.head).get(f"{URL}governing/?unit={world.sub_unit.pk}&date=2025-03-25")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["circular"]["id"] == circular.pk
    assert data["opd"] == world.opd.pk
    # 9 added + the colleague in the OPD + the employee in its sub-unit = 11 staff.
    assert data["headcount"] == 11
    assert data["daily_limit"] == 5
    assert data["cap_percent"] == 50


def test_governing_on_a_day_without_circular(world, api):
    response = api(world.head).get(f"{URL}governing/?unit={world.opd.pk}&date=2025-03-25")
    assert response.status_code == 200
    assert response.json()["circular"] is None
    assert response.json()["daily_limit"] is None


def test_governing_needs_a_visible_unit(world, api):
    client = api(world.head)
    assert (
        client.get(f"{URL}governing/?unit={world.other_opd.pk}&date=2025-03-25").status_code == 404
    )
    assert client.get(f"{URL}governing/?unit={world.opd.pk}&date=kemarin").status_code == 400
    assert client.get(f"{URL}governing/?date=2025-03-25").status_code == 400


def test_delete_and_unknown_methods_are_405(world, api):
    circular = make_draft(world)
    client = api(world.admin)
    assert client.delete(f"{URL}{circular.pk}/").status_code == 405
    assert client.get(f"{URL}{circular.pk}/publish/").status_code == 405
    assert Circular.objects.filter(pk=circular.pk).exists()


def test_garbage_ids_are_404(world, api):
    client = api(world.admin)
    for bad in ("999999", "abc", "0"):
        assert client.get(f"{URL}{bad}/").status_code == 404
        assert client.post(f"{URL}{bad}/publish/").status_code == 404


def test_times_are_answered_to_the_second(world, api):
    response = api(world.admin).post(URL, _body(break_start="07:14:40.016080"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["break_start"] == "07:14:40"


def test_the_api_writes_and_reads_limits_of_every_shape(world, api):
    body = {
        "number": "800/9-BKPSDM/2025",
        "title": "WFH pandemi",
        "arrangement": "WFH",
        "cap_percent": 100,
        "windows": [{"start": "2025-03-24", "end": "2025-03-27"}],
        "limits": [
            {"shape": "office_max_share", "value": 50},
            {"shape": "office_max_share", "value": 25, "start": "2025-03-25", "end": "2025-03-26"},
            {"shape": "away_count", "value": 0, "unit": world.other_opd.pk},
        ],
    }
    response = api(world.admin).post("/api/v1/circulars/", body, format="json")
    assert response.status_code == 201, response.content
    assert [(row["shape"], row["value"], row["start"]) for row in response.json()["limits"]] == [
        ("office_max_share", 50, None),
        ("office_max_share", 25, "2025-03-25"),
        ("away_count", 0, None),
    ]
    bad = api(world.admin).post(
        "/api/v1/circulars/",
        {**body, "number": "800/10", "limits": [{"shape": "away_share", "value": 101}]},
        format="json",
    )
    assert bad.status_code == 400
    assert "100" in str(bad.json()["limits"])
