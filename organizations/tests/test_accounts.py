"""BKPSDM admins create logins for employees of their agency and grant their roles:
the services' rules, then the pages (scope, methods, query budget)."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from organizations import accounts
from organizations.access import get_actor
from organizations.models import Role, User
from organizations.tests.factories import EmployeeFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- create_account -------------------------------------------------------------------


def test_creates_a_login_named_after_the_nip_that_can_sign_in(world):
    world.colleague.name = "Siti Nurhaliza Putri"
    world.colleague.save()
    user, password = accounts.create_account(admin=world.admin, employee=world.colleague)
    world.colleague.refresh_from_db()
    assert world.colleague.user == user
    assert user.username == world.colleague.nip
    assert (user.first_name, user.last_name) == ("Siti", "Nurhaliza Putri")
    assert user.get_full_name() == "Siti Nurhaliza Putri"
    assert len(password) >= 16 and user.check_password(password)
    # django-axes needs the request: authenticate the way the login page does.
    request = RequestFactory().post("/akun/masuk/")
    assert authenticate(request, username=user.username, password=password) == user


def test_create_takes_a_chosen_username_and_email(world):
    user, _password = accounts.create_account(
        admin=world.admin, employee=world.colleague, username=" siti ", email="siti@example.go.id"
    )
    assert (user.username, user.email) == ("siti", "siti@example.go.id")


def test_each_initial_password_is_different(world):
    _user, first = accounts.create_account(admin=world.admin, employee=world.colleague)
    _user, second = accounts.create_account(admin=world.admin, employee=world.other_employee)
    assert first != second


def test_create_refuses_an_employee_of_another_agency(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.create_account(admin=world.admin, employee=world.foreign_employee)
    assert "employee" in field_errors(excinfo)
    world.foreign_employee.refresh_from_db()
    assert world.foreign_employee.user is None


def test_create_refuses_an_inactive_employee(world):
    world.colleague.active = False
    world.colleague.save()
    with pytest.raises(ValidationError) as excinfo:
        accounts.create_account(admin=world.admin, employee=world.colleague)
    assert "employee" in field_errors(excinfo)


def test_create_refuses_an_employee_who_has_a_login(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.create_account(admin=world.admin, employee=world.employee)
    assert field_errors(excinfo)["employee"] == ["Pegawai ini sudah memiliki akun."]


@pytest.mark.parametrize("username", ["pegawai", "PEGAWAI"])
def test_create_refuses_a_username_in_use(world, username):
    with pytest.raises(ValidationError) as excinfo:
        accounts.create_account(admin=world.admin, employee=world.colleague, username=username)
    assert field_errors(excinfo)["username"] == ["Nama pengguna ini sudah dipakai."]
    world.colleague.refresh_from_db()
    assert world.colleague.user is None


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("username", {"username": "bad name!"}), ("email", {"email": "not-an-email"})],
)
def test_create_refuses_malformed_input(world, field, kwargs):
    with pytest.raises(ValidationError) as excinfo:
        accounts.create_account(admin=world.admin, employee=world.colleague, **kwargs)
    assert field in field_errors(excinfo)


@pytest.mark.parametrize("actor", ["head", "inspector", "employee_user", "other_admin"])
def test_only_the_agencys_admin_creates_logins(world, actor):
    with pytest.raises(ValidationError):
        accounts.create_account(admin=getattr(world, actor), employee=world.colleague)


# --- grant_role ----------------------------------------------------------------------------


def test_grants_head_of_an_opd_which_then_scopes_the_login(world):
    role = accounts.grant_role(
        admin=world.admin, user=world.employee_user, kind="opd_head", unit=world.other_opd
    )
    assert (role.unit, role.agency, role.granted_by) == (world.other_opd, None, world.admin)
    assert get_actor(User.objects.get(pk=world.employee_user.pk)).head_unit_ids == {
        world.other_opd.pk
    }


@pytest.mark.parametrize("kind", ["inspector", "bkpsdm_admin"])
def test_grants_agency_roles_for_the_logins_agency(world, kind):
    role = accounts.grant_role(admin=world.admin, user=world.employee_user, kind=kind)
    assert (role.agency, role.unit) == (world.agency, None)


def test_grant_is_idempotent(world):
    first = accounts.grant_role(
        admin=world.admin, user=world.employee_user, kind="operator", unit=world.opd
    )
    again = accounts.grant_role(
        admin=world.admin, user=world.employee_user, kind="operator", unit=world.opd
    )
    assert first.pk == again.pk
    assert Role.objects.filter(user=world.employee_user).count() == 1


def test_grant_refuses_a_sub_unit_as_head(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(
            admin=world.admin, user=world.employee_user, kind="opd_head", unit=world.sub_unit
        )
    assert field_errors(excinfo)["unit"] == ["Pilih OPD, bukan sub-unit."]


@pytest.mark.parametrize("kind", ["opd_head", "operator"])
def test_grant_refuses_a_unit_role_without_an_opd(world, kind):
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(admin=world.admin, user=world.employee_user, kind=kind)
    assert "unit" in field_errors(excinfo)


def test_grant_refuses_an_opd_of_another_agency(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(
            admin=world.admin, user=world.employee_user, kind="opd_head", unit=world.foreign_opd
        )
    assert "unit" in field_errors(excinfo)
    assert not Role.objects.filter(user=world.employee_user).exists()


def test_grant_refuses_an_agency_role_tied_to_a_unit(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(
            admin=world.admin, user=world.employee_user, kind="inspector", unit=world.opd
        )
    assert "unit" in field_errors(excinfo)


def test_grant_refuses_a_login_of_another_agency(world):
    foreign_user = UserFactory(username="asing")
    world.foreign_employee.user = foreign_user
    world.foreign_employee.save()
    for user in (foreign_user, world.foreign_head, UserFactory(username="tanpa_instansi")):
        with pytest.raises(ValidationError) as excinfo:
            accounts.grant_role(admin=world.admin, user=user, kind="inspector")
        assert "user" in field_errors(excinfo)
    assert not Role.objects.filter(user=foreign_user).exists()


def test_grant_accepts_a_login_known_through_a_role(world):
    """A head without an employee record still belongs to the agency of their OPD."""
    role = accounts.grant_role(admin=world.admin, user=world.head, kind="inspector")
    assert role.agency == world.agency


def test_grant_refuses_unknown_kinds_and_inactive_logins(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(admin=world.admin, user=world.employee_user, kind="superuser")
    assert "kind" in field_errors(excinfo)
    world.employee_user.is_active = False
    world.employee_user.save()
    with pytest.raises(ValidationError) as excinfo:
        accounts.grant_role(admin=world.admin, user=world.employee_user, kind="inspector")
    assert "user" in field_errors(excinfo)


@pytest.mark.parametrize("actor", ["head", "inspector", "other_admin"])
def test_only_the_agencys_admin_grants(world, actor):
    with pytest.raises(ValidationError):
        accounts.grant_role(admin=getattr(world, actor), user=world.employee_user, kind="inspector")
    assert not Role.objects.filter(user=world.employee_user).exists()


# --- revoke_role ---------------------------------------------------------------------------


def test_revokes_a_role_of_the_agency(world):
    role = Role.objects.get(user=world.head)
    accounts.revoke_role(admin=world.admin, role=role)
    assert not Role.objects.filter(pk=role.pk).exists()


def test_revoke_refuses_a_role_of_another_agency(world):
    role = Role.objects.get(user=world.foreign_head)
    with pytest.raises(ValidationError):
        accounts.revoke_role(admin=world.admin, role=role)
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_last_admin_cannot_revoke_their_own_admin_role(world):
    role = Role.objects.get(user=world.admin)
    with pytest.raises(ValidationError) as excinfo:
        accounts.revoke_role(admin=world.admin, role=role)
    assert excinfo.value.code == "last_admin"
    assert Role.objects.filter(pk=role.pk).exists()


def test_an_admin_may_step_down_when_another_active_admin_remains(world):
    accounts.grant_role(admin=world.admin, user=world.head, kind="bkpsdm_admin")
    role = Role.objects.get(user=world.admin)
    accounts.revoke_role(admin=world.admin, role=role)
    assert not Role.objects.filter(pk=role.pk).exists()


def test_an_inactive_second_admin_does_not_count(world):
    accounts.grant_role(admin=world.admin, user=world.head, kind="bkpsdm_admin")
    world.head.is_active = False
    world.head.save()
    with pytest.raises(ValidationError):
        accounts.revoke_role(admin=world.admin, role=Role.objects.get(user=world.admin))


# --- deactivate_account --------------------------------------------------------------------


def test_deactivates_a_login_of_the_agency(world):
    accounts.deactivate_account(admin=world.admin, user=world.employee_user)
    world.employee_user.refresh_from_db()
    assert not world.employee_user.is_active


@pytest.mark.parametrize("target", ["foreign_head", "other_admin"])
def test_deactivate_refuses_a_login_of_another_agency(world, target):
    user = getattr(world, target)
    with pytest.raises(ValidationError):
        accounts.deactivate_account(admin=world.admin, user=user)
    user.refresh_from_db()
    assert user.is_active


def test_an_admin_cannot_deactivate_themself(world):
    with pytest.raises(ValidationError) as excinfo:
        accounts.deactivate_account(admin=world.admin, user=world.admin)
    assert excinfo.value.code == "self"


def test_deactivating_the_other_admin_keeps_one(world):
    second = UserFactory(username="admin2")
    Role.objects.create(user=second, kind="bkpsdm_admin", agency=world.agency)
    accounts.deactivate_account(admin=second, user=world.admin)
    world.admin.refresh_from_db()
    assert not world.admin.is_active
    # world.admin is now inactive: second is the last active admin; a superuser
    # still may not remove them.
    root = UserFactory(username="root", is_superuser=True)
    with pytest.raises(ValidationError):
        accounts.deactivate_account(admin=root, user=second)


# --- pages -------------------------------------------------------------------------------


def list_url(world):
    return reverse("account_list", args=[world.agency.pk])


def detail_url(world, user):
    return reverse("account_detail", args=[world.agency.pk, user.pk])


def test_list_shows_the_agencys_logins_with_their_roles(client_for, world):
    body = client_for(world.admin).get(list_url(world)).content.decode()
    for user in (world.admin, world.head, world.inspector, world.employee_user):
        assert f'href="{detail_url(world, user)}"' in body
    assert "Kepala OPD: Diskominfo" in body
    assert world.foreign_head.username not in body
    assert world.other_admin.username not in body


@pytest.mark.parametrize("query", ["kepala", "KEPALA"])
def test_list_searches_by_username(client_for, world, query):
    body = client_for(world.admin).get(list_url(world), {"q": query}).content.decode()
    assert detail_url(world, world.head) in body
    assert detail_url(world, world.employee_user) not in body


def test_list_searches_by_nip_and_name(client_for, world):
    client = client_for(world.admin)
    for query in (world.employee.nip, world.employee.name):
        body = client.get(list_url(world), {"q": query}).content.decode()
        assert detail_url(world, world.employee_user) in body
        assert detail_url(world, world.head) not in body


def test_list_is_paginated(client_for, world):
    for n in range(55):
        EmployeeFactory(unit=world.opd, user=UserFactory(username=f"staf{n:02d}"))
    client = client_for(world.admin)
    first = client.get(list_url(world)).content.decode()
    assert "Halaman 1 dari 2" in first
    second = client.get(list_url(world), {"page": 2}).content.decode()
    assert "Halaman 2 dari 2" in second


def _add_logins(world, n, start):
    for i in range(start, start + n):
        user = UserFactory(username=f"banyak{i}")
        EmployeeFactory(unit=world.opd, user=user)
        Role.objects.create(user=user, kind="operator", unit=world.opd)


def test_list_queries_do_not_grow_with_logins(client_for, world, count_queries):
    client = client_for(world.admin)
    _add_logins(world, 3, 0)
    small, response = count_queries(client.get, list_url(world))
    assert response.status_code == 200
    _add_logins(world, 30, 3)
    large, response = count_queries(client.get, list_url(world))
    assert response.status_code == 200
    assert small == large
    assert large <= 12


def test_admin_creates_a_login_by_nip_and_sees_the_password_once(client, client_for, world):
    url = reverse("account_create", args=[world.agency.pk])
    spaced = f"{world.colleague.nip[:8]} {world.colleague.nip[8:14]} {world.colleague.nip[14:]}"
    response = client_for(world.admin).post(url, {"nip": spaced, "username": "", "email": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    world.colleague.refresh_from_db()
    user = world.colleague.user
    password = response.context["password"]
    assert password in response.content.decode()
    assert user.check_password(password)
    # The login page, through django-axes, with the NIP as username.
    client.logout()
    login = client.post(
        reverse("login"), {"username": world.colleague.nip, "password": password}, follow=True
    )
    assert login.context["user"] == user


@pytest.mark.parametrize(
    ("employee", "message"),
    [
        ("foreign_employee", "Tidak ada pegawai aktif dengan NIP ini di instansi ini."),
        ("employee", "Pegawai ini sudah memiliki akun."),
    ],
)
def test_create_page_refuses_by_nip(client_for, world, employee, message):
    url = reverse("account_create", args=[world.agency.pk])
    nip = getattr(world, employee).nip
    response = client_for(world.admin).post(url, {"nip": nip})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.filter(username=world.foreign_employee.nip).count() == 0


def test_create_page_shows_a_duplicate_username_on_its_field(client_for, world):
    url = reverse("account_create", args=[world.agency.pk])
    response = client_for(world.admin).post(url, {"nip": world.colleague.nip, "username": "kepala"})
    assert response.context["form"].errors["username"] == ["Nama pengguna ini sudah dipakai."]


def test_detail_grants_a_role(client_for, world):
    response = client_for(world.admin).post(
        detail_url(world, world.employee_user),
        {"kind": "operator", "unit": world.other_opd.pk},
        follow=True,
    )
    assert "Peran Operator OPD: Bappeda diberikan." in response.content.decode()
    assert Role.objects.filter(user=world.employee_user, unit=world.other_opd).exists()


def test_detail_shows_sub_unit_refusal(client_for, world):
    response = client_for(world.admin).post(
        detail_url(world, world.employee_user), {"kind": "opd_head", "unit": world.sub_unit.pk}
    )
    assert response.status_code == 200
    # Only OPDs are offered; a sub-unit's id is not a valid choice.
    assert "unit" in response.context["form"].errors
    assert not Role.objects.filter(user=world.employee_user).exists()


def test_detail_revokes_a_role(client_for, world):
    role = Role.objects.get(user=world.head)
    url = reverse("account_role_revoke", args=[world.agency.pk, world.head.pk, role.pk])
    response = client_for(world.admin).post(url, follow=True)
    assert "Peran dicabut." in response.content.decode()
    assert not Role.objects.filter(pk=role.pk).exists()


def test_the_page_refuses_revoking_the_last_admin(client_for, world):
    role = Role.objects.get(user=world.admin)
    url = reverse("account_role_revoke", args=[world.agency.pk, world.admin.pk, role.pk])
    response = client_for(world.admin).post(url, follow=True)
    assert "admin BKPSDM terakhir" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_role_of_another_login_cannot_be_revoked_through_this_one(client_for, world):
    role = Role.objects.get(user=world.head)
    url = reverse("account_role_revoke", args=[world.agency.pk, world.inspector.pk, role.pk])
    assert client_for(world.admin).post(url).status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_deactivated_login_loses_its_session(client_for, world):
    employee_client = client_for(world.employee_user)
    assert employee_client.get(reverse("home")).status_code == 200
    session = employee_client.cookies["sessionid"].value
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("account_deactivate", args=[world.agency.pk, world.employee_user.pk])
    response = admin_client.post(url, follow=True)
    assert "dinonaktifkan" in response.content.decode()
    other = Client()
    other.cookies["sessionid"] = session
    response = other.get(reverse("home"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_home_links_the_admin_to_the_accounts_page(client_for, world):
    body = client_for(world.admin).get(reverse("home")).content.decode()
    assert f'href="{list_url(world)}"' in body
    head_body = client_for(world.head).get(reverse("home")).content.decode()
    assert list_url(world) not in head_body


def _urls(world):
    role = Role.objects.get(user=world.head)
    return {
        "get": [
            list_url(world),
            reverse("account_create", args=[world.agency.pk]),
            detail_url(world, world.head),
        ],
        "post": [
            reverse("account_create", args=[world.agency.pk]),
            detail_url(world, world.head),
            reverse("account_role_revoke", args=[world.agency.pk, world.head.pk, role.pk]),
            reverse("account_deactivate", args=[world.agency.pk, world.head.pk]),
        ],
    }


@pytest.mark.parametrize(
    "actor", ["other_admin", "head", "operator", "inspector", "employee_user", "foreign_head"]
)
def test_other_actors_get_404_and_change_nothing(client_for, world, actor):
    client = client_for(getattr(world, actor))
    urls = _urls(world)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        response = client.post(url, {"nip": world.colleague.nip, "kind": "inspector"})
        assert response.status_code == 404, url
    world.head.refresh_from_db()
    assert world.head.is_active
    assert Role.objects.filter(user=world.head).count() == 1
    world.colleague.refresh_from_db()
    assert world.colleague.user is None


def test_a_login_of_another_agency_is_404_for_the_admin(client_for, world):
    client = client_for(world.admin)
    assert client.get(detail_url(world, world.foreign_head)).status_code == 404
    url = reverse("account_deactivate", args=[world.agency.pk, world.foreign_head.pk])
    assert client.post(url).status_code == 404
    other_agency = reverse("account_list", args=[world.other_agency.pk])
    assert client.get(other_agency).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    for urls in _urls(world).values():
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 405)
    response = client.get(list_url(world))
    assert "/akun/masuk/" in response["Location"]


def test_revoke_and_deactivate_are_post_only(client_for, world):
    client = client_for(world.admin)
    for url in _urls(world)["post"][2:]:
        assert client.get(url).status_code == 405
    assert client.put(list_url(world)).status_code == 405
    assert client.post(list_url(world)).status_code == 405


def test_a_superuser_manages_any_agency(client_for, world):
    root = UserFactory(username="root", is_superuser=True)
    url = reverse("account_list", args=[world.other_agency.pk])
    body = client_for(root).get(url).content.decode()
    assert reverse("account_detail", args=[world.other_agency.pk, world.foreign_head.pk]) in body


def test_an_opd_created_later_can_be_granted(world):
    new_opd = UnitFactory(agency=world.agency, code="dishub")
    role = accounts.grant_role(
        admin=world.admin, user=world.employee_user, kind="opd_head", unit=new_opd
    )
    assert role.unit == new_opd


def test_detail_links_to_the_employees_sanctions_and_circumstances(client_for, world):
    """The page where BKPSDM records a sanction or a circumstance is reached from the
    employee's login, not only by typing its address."""
    response = client_for(world.admin).get(detail_url(world, world.employee_user))
    page = response.content.decode()
    target = reverse("employee_eligibility", args=[world.employee.pk])
    assert f'href="{target}"' in page
    assert "Hukuman disiplin dan keadaan khusus" in page
    followed = client_for(world.admin).get(target)
    assert followed.status_code == 200
