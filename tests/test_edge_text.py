"""Bodies and text the database or a file format cannot hold, refused where they come in.

Root causes, each fixed once:
- JSON nested thousands deep: the API's parser has a nesting limit (api/parsers.py);
- a PATCH of a circular with incomplete nested items: nested items are validated
  whole even in a PATCH (``WholeItemMixin``), instead of reaching the draft builder
  with keys missing;
- a username longer than any login reached django-axes, whose records hold 255:
  the login form and the token endpoint refuse more than 150 characters first;
- NUL in the address reached PostgreSQL (which refuses NUL in text): the address is
  checked once, at the door (``RefuseNulMiddleware``); form fields and JSON fields
  refuse NUL through Django's and DRF's own validators;
- a name with CR/LF broke the ICS content lines: text is put on one line
  (``schedules.requests.ical.one_line``).
"""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from icalendar import Calendar

from api.models import ApiToken
from api.tests.conftest import _fresh_throttles  # noqa: F401 - autouse: no throttle carried over
from circulars.models import Circular
from circulars.tests.circular_builders import make_draft
from organizations.models import Employee, Region
from schedules.models import Assignment, AwayRequest, Roster
from schedules.requests.services import feed_token_for
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000
NESTED_40 = json.dumps({"number": "1", "windows": [json.loads("[" * 40 + "]" * 40)]})
TOO_DEEP = "JSON bersarang terlalu dalam: paling banyak 32 tingkat."
REQUIRED = "Bidang ini harus diisi."


def _writes(world) -> list[tuple[object, str, str]]:
    """(actor, method, path) of API writes that take a JSON body."""
    circular = make_draft(world)
    return [
        (world.admin, "post", "/api/v1/circulars/"),
        (world.admin, "patch", f"/api/v1/circulars/{circular.pk}/"),
        (world.head, "put", f"/api/v1/rosters/{world.opd.pk}/2025-W13/assignments/"),
        (world.head, "post", f"/api/v1/rosters/{world.opd.pk}/2025-W13/plan/"),
        (world.admin, "post", "/api/v1/employees/"),
        (world.head, "post", "/api/v1/tokens/"),
        (world.admin, "post", "/api/v1/accounts/"),
        (world.admin, "post", f"/api/v1/circulars/{circular.pk}/revoke/"),
        (world.employee_user, "post", "/api/v1/me/requests/"),
    ]


# --- JSON nesting ------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP, NESTED_40], ids=["5000-deep", "40-deep"])
def test_json_nested_too_deep_is_a_400_everywhere(api, world, body):
    before = (Circular.objects.count(), Employee.objects.count(), ApiToken.objects.count())
    for actor, method, path in _writes(world):
        response = getattr(api(actor), method)(path, body, content_type="application/json")
        assert response.status_code == 400, path
        assert response.json() == {"detail": TOO_DEEP}, path
    assert (Circular.objects.count() - 1, Employee.objects.count(), ApiToken.objects.count()) == (
        before
    )


def test_json_nested_too_deep_at_the_token_endpoint(api, world):
    response = api().post("/api/v1/auth/token/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": TOO_DEEP}


def test_ordinary_nesting_still_parses(api, world):
    body = {
        "number": "800/9/2025",
        "title": "WFA",
        "windows": [{"start": "2025-03-24", "end": "2025-03-27"}],
        "priorities": [{"kind": "domicile", "regions": [Region.objects.create(name="X").pk]}],
    }
    response = api(world.admin).post("/api/v1/circulars/", body, format="json")
    assert response.status_code == 201, response.content


# --- nested items in a PATCH ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"priorities": [{}]},
            {"priorities": {"0": {"kind": [REQUIRED], "regions": [REQUIRED]}}},
        ),
        ({"windows": [{"start": "2025-03-24"}]}, {"windows": {"0": {"end": [REQUIRED]}}}),
        ({"windows": [{}]}, {"windows": {"0": {"start": [REQUIRED], "end": [REQUIRED]}}}),
        ({"limits": [{}]}, {"limits": {"0": {"shape": [REQUIRED], "value": [REQUIRED]}}}),
    ],
    ids=["priority-empty", "window-without-end", "window-empty", "limit-empty"],
)
def test_patch_with_incomplete_nested_items_names_the_missing_fields(api, world, body, errors):
    circular = make_draft(world)
    windows = list(circular.windows.values_list("start", "end"))
    limits = list(circular.limits.values_list("shape", "value"))

    response = api(world.admin).patch(f"/api/v1/circulars/{circular.pk}/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert list(circular.windows.values_list("start", "end")) == windows
    assert list(circular.limits.values_list("shape", "value")) == limits
    assert not circular.priorities.exists()


def test_patch_of_a_whole_limit_takes_its_defaults(api, world):
    circular = make_draft(world)

    response = api(world.admin).patch(
        f"/api/v1/circulars/{circular.pk}/",
        {"limits": [{"shape": "away_share", "value": 10, "category": "health"}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["limits"] == [
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


# --- usernames longer than any login ------------------------------------------------------


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_login_page_refuses_a_username_longer_than_any_login(client, world, length):
    response = client.post(reverse("login"), {"username": "a" * length, "password": "x"})

    assert "paling banyak 150 karakter" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_token_endpoint_refuses_a_username_longer_than_any_login(api, world, length):
    response = api().post(
        "/api/v1/auth/token/", {"username": "a" * length, "password": "x"}, format="json"
    )

    assert response.status_code == 400
    assert "150" in response.json()["username"][0]
    assert not AccessAttempt.objects.exists()
    assert not ApiToken.objects.exists()


# --- NUL ----------------------------------------------------------------------------------


NUL_FILTERS = [
    ("/api/v1/employees/", {"name": "a\x00b"}),
    ("/api/v1/employees/", {"nip": "19\x00"}),
    ("/api/v1/units/", {"service_category": "health\x00"}),
    ("/api/v1/circulars/", {"status": "draft\x00"}),
    ("/api/v1/accounts/", {"q": "\x00"}),
    ("/api/v1/requests/", {"status": "pending\x00"}),
    ("/api/v1/rosters/", {"unit": "1", "week": "2025-W13\x00"}),
    ("/api/v1/circulars/governing/", {"unit": "1", "date": "2025-03-24\x00"}),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("path", "params"), NUL_FILTERS)
def test_nul_in_an_api_filter_is_a_400(postgres_db, api, world, path, params):
    response = api(world.admin).get(path, params)

    assert response.status_code == 400
    assert response.json() == {"detail": "Alamat berisi karakter NUL (\\x00) yang tidak diizinkan."}


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("account_list", "agency", {"q": "kep\x00ala"}),
        ("circulars:list", None, {"q": "\x00"}),
        ("requests:acknowledgements", "opd", {"se": "1\x00"}),
        ("admin:organizations_employee_changelist", None, {"q": "a\x00"}),
        ("requests:feed", "token", {}),
    ],
)
def test_nul_in_a_page_address_is_a_400_page(postgres_db, client_for, world, name, args, params):
    arg = {"agency": world.agency.pk, "opd": world.opd.pk, "token": "ab\x00cd"}.get(args)
    path = reverse(name, args=[arg] if arg is not None else [])

    response = client_for(world.admin).get(path, params)

    assert response.status_code == 400
    assert "Alamat berisi karakter NUL" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.postgres
def test_nul_in_json_fields_is_a_field_error_and_saves_nothing(postgres_db, api, world):
    client = api(world.admin)
    body = {"number": "800/\x00", "title": "WFA\x00", "windows": []}

    circular = client.post("/api/v1/circulars/", body, format="json")
    token = client.post("/api/v1/tokens/", {"name": "ci\x00"}, format="json")
    employee = client.post(
        "/api/v1/employees/",
        {"nip": "198503152010011001", "name": "A\x00", "unit": world.opd.pk},
        format="json",
    )

    for response, field in ((circular, "number"), (token, "name"), (employee, "name")):
        assert response.status_code == 400
        assert response.json()[field] == ["Karakter null tidak diizinkan."]
    assert not Circular.objects.exists()
    assert not ApiToken.objects.exists()
    assert not Employee.objects.filter(nip="198503152010011001").exists()


@pytest.mark.postgres
def test_nul_in_form_fields_is_a_field_error_and_saves_nothing(postgres_db, client_for, world):
    staff_opd(world)
    circular = coming_circular(world.agency)
    (day,) = coming_working_days(world.agency, 1)

    login = client_for(None).post(reverse("login"), {"username": "kep\x00ala", "password": "x"})
    request = client_for(world.employee_user).post(
        reverse("requests:requests"),
        {"circular": circular.pk, "days": [day.isoformat()], "note": "mudik\x00"},
    )

    assert "Karakter null tidak diizinkan." in login.content.decode()
    assert not AccessAttempt.objects.exists()
    assert request.status_code == 400
    assert "Karakter null tidak diizinkan." in request.content.decode()
    assert not AwayRequest.objects.exists()


@pytest.mark.postgres
def test_nul_in_an_api_week_path_is_not_found(postgres_db, api, world):
    response = api(world.head).put(f"/api/v1/rosters/{world.opd.pk}/2025-W13%00/assignments/", [])

    assert response.status_code in (400, 404)
    assert not Roster.objects.exists() and not Assignment.objects.exists()


# --- the calendar feed ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Siti\r\nNur", "Siti\rNur", "Siti\nNur", "Siti\x0bNur\t"])
def test_a_name_with_line_breaks_keeps_the_feed_valid(client_for, world, name):
    Employee.objects.filter(pk=world.employee.pk).update(name=name)
    world.employee.refresh_from_db()
    token = feed_token_for(world.employee).token

    response = client_for(None).get(reverse("requests:feed", args=[token]))

    assert response.status_code == 200
    lines = response.content.split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Jadwal kerja Siti Nur"


def test_the_feed_dies_with_the_login(client_for, world):
    token = feed_token_for(world.employee).token
    feed = reverse("requests:feed", args=[token])
    assert client_for(None).get(feed).status_code == 200

    world.employee_user.is_active = False
    world.employee_user.save()

    assert client_for(None).get(feed).status_code == 404


def test_the_feed_dies_with_the_employee(client_for, world):
    token = feed_token_for(world.employee).token
    Employee.objects.filter(pk=world.employee.pk).update(active=False)

    assert client_for(None).get(reverse("requests:feed", args=[token])).status_code == 404
