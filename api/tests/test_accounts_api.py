"""/api/v1/accounts/: logins of the caller's agency and their roles, for BKPSDM
admins only. The rules are organizations.accounts'; here: scope, roles, status codes."""

import pytest
from django.test import Client

from organizations.models import Role, User
from organizations.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/accounts/"


def detail(user) -> str:
    return f"{URL}{user.pk}/"


def test_admin_lists_the_logins_of_their_agency_with_roles_there(world, api):
    response = api(world.admin).get(URL)
    assert response.status_code == 200
    rows = {row["username"]: row for row in response.json()["results"]}
    assert {"admin", "kepala", "operator", "inspektur", "kepala_lain", "pegawai"} <= set(rows)
    assert "kepala_b" not in rows and "admin_b" not in rows
    assert rows["kepala"]["roles"] == [
        {
            "id": Role.objects.get(user=world.head).pk,
            "kind": "opd_head",
            "agency": None,
            "unit": world.opd.pk,
        }
    ]
    assert rows["pegawai"]["employee"]["nip"] == world.employee.nip
    assert "password" not in rows["pegawai"]


def test_list_searches(world, api):
    client = api(world.admin)
    names = [r["username"] for r in client.get(URL, {"q": "kepala"}).json()["results"]]
    assert names == ["kepala", "kepala_lain"]
    by_nip = client.get(URL, {"q": world.employee.nip}).json()["results"]
    assert [r["username"] for r in by_nip] == ["pegawai"]


def test_retrieve_in_scope_and_404_outside(world, api):
    client = api(world.admin)
    assert client.get(detail(world.head)).json()["username"] == "kepala"
    assert client.get(detail(world.foreign_head)).status_code == 404
    assert client.get(detail(world.other_admin)).status_code == 404
    assert client.get(f"{URL}999999/").status_code == 404


def test_list_queries_do_not_grow_with_logins(world, api, count_queries):
    client = api(world.admin)

    def add(n, start):
        for i in range(start, start + n):
            user = UserFactory(username=f"api{i}")
            EmployeeFactory(unit=world.opd, user=user)
            Role.objects.create(user=user, kind="operator", unit=world.opd)

    add(2, 0)
    small, response = count_queries(client.get, URL)
    assert response.status_code == 200
    add(25, 2)
    large, response = count_queries(client.get, URL)
    assert response.json()["count"] >= 27
    assert small == large


def test_create_by_employee_id_returns_the_password_once(world, api):
    response = api(world.admin).post(URL, {"employee": world.colleague.pk}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["username"] == world.colleague.nip
    assert data["employee"]["id"] == world.colleague.pk
    user = User.objects.get(pk=data["id"])
    assert user.check_password(data["initial_password"])
    assert "initial_password" not in api(world.admin).get(detail(user)).json()
    # The new login signs in on the login page (through django-axes) with that password.
    page = Client()
    response = page.post(
        "/akun/masuk/", {"username": user.username, "password": data["initial_password"]}
    )
    assert response.status_code == 302
    assert int(page.session["_auth_user_id"]) == user.pk


def test_create_by_nip_with_username_and_email(world, api):
    body = {"nip": world.colleague.nip, "username": "siti", "email": "siti@example.go.id"}
    response = api(world.admin).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["username"], data["email"]) == ("siti", "siti@example.go.id")


def test_create_ignores_mass_assigned_flags(world, api):
    body = {
        "employee": world.colleague.pk,
        "is_superuser": True,
        "is_staff": True,
        "is_active": False,
        "password": "chosen",
        "roles": [{"kind": "bkpsdm_admin"}],
    }
    response = api(world.admin).post(URL, body, format="json")
    assert response.status_code == 201
    user = User.objects.get(pk=response.json()["id"])
    assert (user.is_superuser, user.is_staff, user.is_active) == (False, False, True)
    assert not user.check_password("chosen")
    assert not Role.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "employee"),
        ({"employee": 1, "nip": "1"}, "employee"),
        ({"nip": "not a nip"}, "employee"),
        ({"employee": "x"}, "employee"),
        ({"employee": 1, "email": "nope"}, None),
    ],
)
def test_create_rejects_bad_bodies(world, api, body, field):
    if body.get("employee") == 1:
        body["employee"] = world.colleague.pk
    response = api(world.admin).post(URL, body, format="json")
    assert response.status_code == 400
    assert (field or "email") in response.json()


def test_create_refuses_another_agencys_employee_as_a_field_error(world, api):
    for body in ({"employee": world.foreign_employee.pk}, {"nip": world.foreign_employee.nip}):
        response = api(world.admin).post(URL, body, format="json")
        assert response.status_code == 400
        assert response.json() == {"employee": ["Pilih pegawai aktif dari instansi Anda."]}
    world.foreign_employee.refresh_from_db()
    assert world.foreign_employee.user is None


def test_create_refuses_an_employee_with_a_login_and_a_taken_username(world, api):
    client = api(world.admin)
    response = client.post(URL, {"employee": world.employee.pk}, format="json")
    assert response.json() == {"employee": ["Pegawai ini sudah memiliki akun."]}
    body = {"employee": world.colleague.pk, "username": "kepala"}
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": ["Nama pengguna ini sudah dipakai."]}


def roles_url(user) -> str:
    return f"{detail(user)}roles/"


def test_grant_role_is_idempotent(world, api):
    client = api(world.admin)
    body = {"kind": "operator", "unit": world.other_opd.pk}
    first = client.post(roles_url(world.employee_user), body, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["unit"] == world.other_opd.pk
    again = client.post(roles_url(world.employee_user), body, format="json")
    assert again.json()["id"] == first.json()["id"]
    assert Role.objects.filter(user=world.employee_user).count() == 1
    agency_role = client.post(roles_url(world.employee_user), {"kind": "inspector"}, format="json")
    assert agency_role.json()["agency"] == world.agency.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "opd_head", "unit": "sub_unit"}, "unit"),
        ({"kind": "opd_head", "unit": "foreign_opd"}, "unit"),
        ({"kind": "opd_head"}, "unit"),
        ({"kind": "inspector", "unit": "opd"}, "unit"),
        ({"kind": "inspector", "agency": "other_agency"}, "agency"),
        ({"kind": "root"}, "kind"),
        ({"kind": "operator", "unit": 2**40}, "unit"),
    ],
)
def test_grant_refusals_are_field_errors(world, api, body, field):
    body = {
        key: getattr(world, value).pk if isinstance(value, str) and key != "kind" else value
        for key, value in body.items()
    }
    response = api(world.admin).post(roles_url(world.employee_user), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Role.objects.filter(user=world.employee_user).exists()


def test_revoke_role_and_last_admin_is_409(world, api):
    client = api(world.admin)
    role = Role.objects.get(user=world.head)
    assert client.delete(f"{roles_url(world.head)}{role.pk}/").status_code == 204
    assert not Role.objects.filter(pk=role.pk).exists()
    own = Role.objects.get(user=world.admin)
    response = client.delete(f"{roles_url(world.admin)}{own.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert Role.objects.filter(pk=own.pk).exists()


def test_revoke_outside_scope_is_404(world, api):
    client = api(world.admin)
    foreign = Role.objects.get(user=world.foreign_head)
    assert client.delete(f"{roles_url(world.foreign_head)}{foreign.pk}/").status_code == 404
    # Another login's role through this login's path.
    head_role = Role.objects.get(user=world.head)
    assert client.delete(f"{roles_url(world.inspector)}{head_role.pk}/").status_code == 404
    assert Role.objects.filter(pk__in=[foreign.pk, head_role.pk]).count() == 2


def test_deactivate_ends_sessions_and_tokens(world, api):
    from api.services import issue_token

    _token, key = issue_token(user=world.employee_user, name="hp")
    session = api(world.employee_user)
    assert session.get("/api/v1/me/").status_code == 200
    response = api(world.admin).post(f"{detail(world.employee_user)}deactivate/")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert session.get("/api/v1/me/").status_code in (401, 403)
    assert api(token=key).get("/api/v1/me/").status_code == 401


def test_deactivate_self_is_409_and_foreign_404(world, api):
    client = api(world.admin)
    response = client.post(f"{detail(world.admin)}deactivate/")
    assert response.status_code == 409
    assert client.post(f"{detail(world.foreign_head)}deactivate/").status_code == 404
    world.foreign_head.refresh_from_db()
    assert world.foreign_head.is_active


@pytest.mark.parametrize(
    "actor", ["head", "operator", "inspector", "employee_user", "foreign_head"]
)
def test_other_roles_get_403_and_change_nothing(world, api, actor):
    client = api(getattr(world, actor))
    role = Role.objects.get(user=world.head)
    assert client.get(URL).status_code == 403
    assert client.get(detail(world.head)).status_code == 403
    assert client.post(URL, {"employee": world.colleague.pk}, format="json").status_code == 403
    body = {"kind": "bkpsdm_admin"}
    assert client.post(roles_url(world.head), body, format="json").status_code == 403
    assert client.delete(f"{roles_url(world.head)}{role.pk}/").status_code == 403
    assert client.post(f"{detail(world.head)}deactivate/").status_code == 403
    world.head.refresh_from_db()
    assert world.head.is_active and Role.objects.filter(user=world.head).count() == 1
    world.colleague.refresh_from_db()
    assert world.colleague.user is None


def test_other_agencys_admin_gets_404(world, api):
    client = api(world.other_admin)
    role = Role.objects.get(user=world.head)
    assert client.get(detail(world.head)).status_code == 404
    assert (
        client.post(roles_url(world.head), {"kind": "inspector"}, format="json").status_code == 404
    )
    assert client.delete(f"{roles_url(world.head)}{role.pk}/").status_code == 404
    assert client.post(f"{detail(world.head)}deactivate/").status_code == 404
    names = [r["username"] for r in client.get(URL).json()["results"]]
    assert "kepala" not in names and "kepala_b" in names


def test_anonymous_gets_401(world, api):
    client = api()
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"employee": world.colleague.pk}, format="json").status_code == 401
    assert client.post(f"{detail(world.head)}deactivate/").status_code == 401


def test_wrong_methods_are_405(world, api):
    client = api(world.admin)
    role = Role.objects.get(user=world.head)
    assert client.delete(detail(world.head)).status_code == 405
    assert client.put(detail(world.head), {}, format="json").status_code == 405
    assert client.patch(detail(world.head), {}, format="json").status_code == 405
    assert client.get(f"{detail(world.head)}deactivate/").status_code == 405
    assert client.get(roles_url(world.head)).status_code == 405
    assert client.get(f"{roles_url(world.head)}{role.pk}/").status_code == 405
