import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.models import Employee, Role, Unit
from organizations.services import deactivate_employee
from organizations.tests.factories import EmployeeFactory, UnitFactory


@pytest.mark.django_db
def test_sub_unit_of_a_sub_unit_is_refused(world):
    grandchild = Unit(
        agency=world.agency, parent=world.sub_unit, code="x", name="X", short_name="X"
    )
    with pytest.raises(ValidationError) as info:
        grandchild.full_clean()
    assert info.value.message_dict["parent"] == ["Sub-unit hanya boleh berinduk pada OPD."]


@pytest.mark.django_db
def test_sub_unit_of_another_agency_is_refused(world):
    stray = Unit(agency=world.other_agency, parent=world.opd, code="x", name="X", short_name="X")
    with pytest.raises(ValidationError) as info:
        stray.full_clean()
    assert "parent" in info.value.message_dict


@pytest.mark.django_db
def test_unit_code_is_unique_per_agency_only(world):
    UnitFactory(agency=world.other_agency, code="diskominfo")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(agency=world.agency, code="diskominfo")


@pytest.mark.django_db
def test_role_must_match_its_scope(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=world.head, kind=Role.Kind.OPD_HEAD, agency=world.agency)


@pytest.mark.django_db
def test_head_role_on_a_sub_unit_is_refused_by_clean(world):
    role = Role(user=world.head, kind=Role.Kind.OPD_HEAD, unit=world.sub_unit)
    with pytest.raises(ValidationError) as info:
        role.full_clean()
    assert info.value.message_dict["unit"] == ["Pilih OPD, bukan sub-unit."]


@pytest.mark.django_db
def test_employee_nip_is_normalised_and_validated(world):
    employee = Employee(nip="19660801 198803 1 001", name="Budi", unit=world.opd)
    employee.full_clean()
    assert employee.nip == "196608011988031001"
    employee.nip = "196602301988031001"
    with pytest.raises(ValidationError) as info:
        employee.full_clean()
    assert info.value.message_dict["nip"] == ["Tanggal lahir pada NIP tidak valid."]


@pytest.mark.django_db
def test_unknown_role_tag_is_refused(world):
    world.employee.role_tags = ["treasurer", "astronaut"]
    with pytest.raises(ValidationError) as info:
        world.employee.full_clean()
    assert info.value.message_dict["role_tags"] == ["Peran tidak dikenal."]


@pytest.mark.django_db
def test_staff_of_an_opd_include_its_sub_units(world):
    staff = set(Employee.objects.of_opd(world.opd.pk))
    assert staff == {world.employee, world.colleague}


@pytest.mark.django_db
def test_headcount_by_opd_counts_active_staff_with_sub_units(world):
    EmployeeFactory(unit=world.sub_unit, active=False)
    counts = Employee.objects.headcount_by_opd([world.opd.pk, world.other_opd.pk])
    assert counts == {world.opd.pk: 2, world.other_opd.pk: 1}


@pytest.mark.django_db
def test_deactivating_an_employee_switches_off_their_login(world):
    deactivate_employee(employee=world.employee)
    world.employee.refresh_from_db()
    world.employee_user.refresh_from_db()
    assert world.employee.active is False
    assert world.employee_user.is_active is False
