"""Agencies, units, employees: scoped reads, BKPSDM writes of its own agency."""

import pytest

from organizations.models import Employee
from organizations.tests.factories import make_nip

NIP = make_nip(4242)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_admin_lists_own_agency_only(world, api):
    assert ids(api(world.admin).get("/api/v1/agencies/")) == {world.agency.pk}
    assert ids(api(world.other_admin).get("/api/v1/agencies/")) == {world.other_agency.pk}


def test_agency_of_other_admin_is_404(world, api):
    assert api(world.admin).get(f"/api/v1/agencies/{world.other_agency.pk}/").status_code == 404


def test_units_are_scoped_and_filtered(world, api):
    client = api(world.admin)
    assert ids(client.get("/api/v1/units/")) == {
        world.opd.pk,
        world.sub_unit.pk,
        world.other_opd.pk,
    }
    assert ids(client.get(f"/api/v1/units/?parent={world.opd.pk}")) == {world.sub_unit.pk}
    assert ids(client.get("/api/v1/units/?parent=0")) == {world.opd.pk, world.other_opd.pk}
    assert ids(client.get(f"/api/v1/units/?agency={world.other_agency.pk}")) == set()
    assert ids(client.get("/api/v1/units/?service_category=health")) == set()
    assert client.get("/api/v1/units/?agency=x").status_code == 400
    assert ids(api(world.head).get("/api/v1/units/")) == {world.opd.pk, world.sub_unit.pk}
    assert api(world.head).get(f"/api/v1/units/{world.other_opd.pk}/").status_code == 404


def test_employee_sees_only_themself(world, api):
    assert ids(api(world.employee_user).get("/api/v1/employees/")) == {world.employee.pk}
    response = api(world.employee_user).get(f"/api/v1/employees/{world.colleague.pk}/")
    assert response.status_code == 404


def test_head_sees_own_opd_staff(world, api):
    assert ids(api(world.head).get("/api/v1/employees/")) == {
        world.employee.pk,
        world.colleague.pk,
    }
    client = api(world.head)
    assert client.get(f"/api/v1/employees/{world.other_employee.pk}/").status_code == 404
    nip = world.colleague.nip
    assert ids(client.get(f"/api/v1/employees/?nip={nip}")) == {world.colleague.pk}


def _new(unit, **extra):
    return {"nip": NIP, "name": "Siti Aminah", "unit": unit.pk, "roles": ["treasurer"], **extra}


def test_admin_creates_employee_in_own_agency(world, api):
    response = api(world.admin).post("/api/v1/employees/", _new(world.opd))
    assert response.status_code == 201, response.content
    employee = Employee.objects.get(nip=NIP)
    assert employee.unit == world.opd and employee.role_tags == ["treasurer"]
    assert employee.active


def test_spaced_nip_is_normalised(world, api):
    spaced = f"{NIP[:8]} {NIP[8:14]} {NIP[14]} {NIP[15:]}"
    response = api(world.admin).post("/api/v1/employees/", _new(world.opd, nip=spaced))
    assert response.status_code == 201, response.content
    assert response.json()["nip"] == NIP


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("123", "NIP harus terdiri dari 18 digit angka."),
        ("198013322005011001", "Tanggal lahir pada NIP tidak valid."),
        (NIP[:14] + "3" + NIP[15:], "Digit jenis kelamin pada NIP (digit ke-15) harus 1 atau 2."),
    ],
)
def test_invalid_nip_is_400_with_indonesian_field_error(world, api, nip, message):
    response = api(world.admin).post("/api/v1/employees/", _new(world.opd, nip=nip))
    assert response.status_code == 400
    assert response.json()["nip"] == [message]
    assert not Employee.objects.filter(name="Siti Aminah").exists()


def test_duplicate_nip_is_400(world, api):
    response = api(world.admin).post("/api/v1/employees/", _new(world.opd, nip=world.colleague.nip))
    assert response.status_code == 400
    assert "nip" in response.json()


def test_admin_cannot_create_in_other_agency(world, api):
    response = api(world.admin).post("/api/v1/employees/", _new(world.foreign_opd))
    assert response.status_code == 400
    assert "unit" in response.json()
    assert not Employee.objects.filter(nip=NIP).exists()


@pytest.mark.parametrize("actor", ["head", "employee_user", "inspector", "operator"])
def test_other_roles_cannot_write_employees(world, api, actor):
    client = api(getattr(world, actor))
    assert client.post("/api/v1/employees/", _new(world.opd)).status_code == 403
    url = f"/api/v1/employees/{world.colleague.pk}/"
    assert client.patch(url, {"name": "X"}).status_code == 403
    world.colleague.refresh_from_db()
    assert world.colleague.name != "X"


def test_anonymous_cannot_read_employees(world, api):
    assert api().get("/api/v1/employees/").status_code == 401


def test_admin_updates_own_agency_employee_but_not_active_flag(world, api):
    url = f"/api/v1/employees/{world.colleague.pk}/"
    response = api(world.admin).patch(url, {"position": "Analis", "active": False, "id": 999})
    assert response.status_code == 200, response.content
    world.colleague.refresh_from_db()
    assert world.colleague.position == "Analis"
    assert world.colleague.active  # read-only: deactivation has its own endpoint
    assert world.colleague.pk != 999


def test_other_agency_admin_gets_404_on_update(world, api):
    url = f"/api/v1/employees/{world.colleague.pk}/"
    assert api(world.other_admin).patch(url, {"name": "X"}).status_code == 404
    world.colleague.refresh_from_db()
    assert world.colleague.name != "X"


def test_admin_cannot_move_employee_to_other_agency(world, api):
    url = f"/api/v1/employees/{world.colleague.pk}/"
    response = api(world.admin).patch(url, {"unit": world.foreign_opd.pk})
    assert response.status_code == 400
    world.colleague.refresh_from_db()
    assert world.colleague.unit == world.opd


def test_deactivate_employee_switches_off_login(world, api):
    url = f"/api/v1/employees/{world.employee.pk}/deactivate/"
    assert api(world.other_admin).post(url).status_code == 404
    assert api(world.head).post(url).status_code == 403
    response = api(world.admin).post(url)
    assert response.status_code == 200
    assert response.json()["active"] is False
    world.employee_user.refresh_from_db()
    assert not world.employee_user.is_active


def test_delete_is_not_allowed(world, api):
    url = f"/api/v1/employees/{world.colleague.pk}/"
    assert api(world.admin).delete(url).status_code == 405
