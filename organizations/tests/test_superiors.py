"""The direct superior: the service's checks, the lock under two concurrent edits, the
admin, the API, the import's nip_atasan column and the head's page."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from organizations import services
from organizations.models import Employee, ImportBatch
from organizations.tests.factories import EmployeeFactory, make_nip
from schedules.tests.threads import run_together

pytestmark = pytest.mark.django_db

SELF = "tidak dapat menjadi atasan langsung dirinya sendiri"
OTHER_AGENCY = "Atasan langsung harus pegawai instansi yang sama."
CYCLE = "rantai atasan menjadi melingkar"
INACTIVE = "tidak aktif lagi"


def _chain(world):
    """colleague <- employee (the employee's superior is the colleague)."""
    services.set_superior(employee=world.employee, superior=world.colleague)
    return world


@pytest.mark.parametrize(
    "employee, superior, words",
    [
        ("employee", "employee", SELF),
        ("employee", "foreign_employee", OTHER_AGENCY),
        ("colleague", "employee", CYCLE),  # the employee already reports to the colleague
        ("employee", "retired", INACTIVE),
    ],
)
def test_set_superior_refuses_with_a_clear_message(world, employee, superior, words):
    _chain(world)
    world.retired = EmployeeFactory(unit=world.opd, active=False)
    with pytest.raises(ValidationError) as refused:
        services.set_superior(employee=getattr(world, employee), superior=getattr(world, superior))
    assert words in " ".join(refused.value.message_dict["superior"])
    assert Employee.objects.get(pk=world.colleague.pk).superior_id is None
    assert Employee.objects.get(pk=world.employee.pk).superior_id == world.colleague.pk


@pytest.mark.parametrize(
    "employee, superior",
    [
        ("other_employee", "colleague"),  # another OPD of the same agency
        ("colleague", "other_employee"),
        ("other_employee", "employee"),  # skipping a level: no loop
    ],
)
def test_set_superior_accepts_the_same_agency(world, employee, superior):
    _chain(world)
    services.set_superior(employee=getattr(world, employee), superior=getattr(world, superior))
    assert Employee.objects.get(pk=getattr(world, employee).pk).superior == getattr(world, superior)


def test_set_superior_clears(world):
    _chain(world)
    services.set_superior(employee=world.employee, superior=None)
    assert Employee.objects.get(pk=world.employee.pk).superior is None


def test_update_employee_sets_the_superior_through_the_checks(world):
    services.update_employee(
        employee=world.employee, changes={"superior": world.colleague}, actor=world.admin
    )
    assert Employee.objects.get(pk=world.employee.pk).superior == world.colleague
    with pytest.raises(ValidationError):
        services.update_employee(
            employee=world.colleague, changes={"superior": world.employee}, actor=world.admin
        )
    assert Employee.objects.get(pk=world.colleague.pk).superior is None


def test_create_employee_refuses_a_superior_of_another_agency(world):
    with pytest.raises(ValidationError) as refused:
        services.create_employee(
            employee=Employee(
                nip=make_nip(7001), name="Baru", unit=world.opd, superior=world.foreign_employee
            )
        )
    assert OTHER_AGENCY in refused.value.message_dict["superior"]
    assert not Employee.objects.filter(nip=make_nip(7001)).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_cannot_close_a_loop(world, postgres_db):
    a, b = world.employee, world.colleague
    for _round in range(3):
        Employee.objects.filter(pk__in=[a.pk, b.pk]).update(superior=None)
        outcomes = run_together(
            lambda: services.set_superior(employee=Employee.objects.get(pk=a.pk), superior=b),
            lambda: services.set_superior(employee=Employee.objects.get(pk=b.pk), superior=a),
        )
        assert not any("error" in o for o in outcomes), outcomes
        refused = [o["refused"] for o in outcomes if "refused" in o]
        assert len(refused) == 1
        assert CYCLE in " ".join(refused[0].messages)
        links = dict(Employee.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "superior"))
        assert list(links.values()).count(None) == 1


# --- the Django admin ------------------------------------------------------------------------


def _admin_post(client, employee, **changes):
    data = {
        "nip": employee.nip,
        "name": employee.name,
        "position": employee.position,
        "job_type": "",
        "asn_kind": employee.asn_kind,
        "role_tags": "[]",
        "domicile_region": "",
        "active": "on",
        "superior": "",
        **{f"{p}-{k}": v for p in ("sanctions", "circumstances") for k, v in _empty_inline()},
        **changes,
    }
    return client.post(reverse("admin:organizations_employee_change", args=[employee.pk]), data)


def _empty_inline():
    return [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0")] + [
        ("MAX_NUM_FORMS", "1000")
    ]


def test_admin_sets_the_superior_and_refuses_a_loop(client_for, world):
    client = client_for(world.admin)
    response = _admin_post(client, world.employee, superior=str(world.colleague.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Employee.objects.get(pk=world.employee.pk).superior == world.colleague
    refused = _admin_post(client, world.colleague, superior=str(world.employee.pk))
    assert refused.status_code == 200
    assert CYCLE in refused.content.decode()
    assert Employee.objects.get(pk=world.colleague.pk).superior is None


def test_admin_offers_no_superior_of_another_agency(client_for, world):
    response = _admin_post(
        client_for(world.admin), world.employee, superior=str(world.foreign_employee.pk)
    )
    assert response.status_code == 200
    assert Employee.objects.get(pk=world.employee.pk).superior is None


# --- the API ---------------------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_api_sets_and_refuses_the_superior(world):
    url = reverse("api:employee-detail", args=[world.employee.pk])
    client = _api(world.admin)
    assert client.patch(url, {"superior": world.colleague.pk}, format="json").status_code == 200
    assert Employee.objects.get(pk=world.employee.pk).superior == world.colleague
    assert client.get(url).json()["superior"] == world.colleague.pk
    back = reverse("api:employee-detail", args=[world.colleague.pk])
    refused = client.patch(back, {"superior": world.employee.pk}, format="json")
    assert refused.status_code == 400
    assert CYCLE in " ".join(refused.json()["superior"])
    foreign = client.patch(url, {"superior": world.foreign_employee.pk}, format="json")
    assert foreign.status_code == 400 and "superior" in foreign.json()
    assert Employee.objects.get(pk=world.employee.pk).superior == world.colleague


def test_api_other_agency_admin_cannot_set_a_superior(world):
    url = reverse("api:employee-detail", args=[world.employee.pk])
    response = _api(world.other_admin).patch(url, {"superior": None}, format="json")
    assert response.status_code == 404


# --- the import ------------------------------------------------------------------------------

HEADER = "nip,nama,kode_unit,jabatan,peran,domisili,nip_atasan\n"


def _upload(client, agency, *lines):
    content = (HEADER + "\n".join(lines) + "\n").encode()
    url = reverse("employee_import", args=[agency.pk])
    return client.post(url, {"file": SimpleUploadedFile("pegawai.csv", content)})


def test_import_links_superiors_from_the_file_and_the_agency(client_for, world):
    client = client_for(world.admin)
    boss, staff = make_nip(7101), make_nip(7102)
    response = _upload(
        client,
        world.agency,
        f"{boss},Kepala Bidang,diskominfo,Kabid,,,{world.colleague.nip}",
        f"{staff},Staf Bidang,bidang-tik,Analis,,,{boss}",
    )
    assert 'data-testid="import-ok"' in response.content.decode()
    batch = ImportBatch.objects.get()
    client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))
    assert Employee.objects.get(nip=boss).superior == world.colleague
    assert Employee.objects.get(nip=staff).superior.nip == boss


@pytest.mark.parametrize(
    "line, words",
    [
        ("{new},Baru,diskominfo,,,,{new}", "tidak boleh sama dengan NIP pegawai itu sendiri"),
        ("{new},Baru,diskominfo,,,,{foreign}", "adalah pegawai instansi lain"),
        ("{new},Baru,diskominfo,,,,{unknown}", "tidak dikenal: bukan pegawai instansi ini"),
        ("{colleague},Rekan,diskominfo,,,,{employee}", "rantai atasan melingkar"),
    ],
)
def test_import_refuses_a_bad_superior_per_row(client_for, world, line, words):
    _chain(world)
    values = {
        "new": make_nip(7201),
        "foreign": world.foreign_employee.nip,
        "unknown": make_nip(7202),
        "colleague": world.colleague.nip,
        "employee": world.employee.nip,
    }
    response = _upload(client_for(world.admin), world.agency, line.format(**values))
    page = response.content.decode()
    assert words in page
    assert "1 baris bermasalah. Tidak ada yang disimpan" in page
    assert not ImportBatch.objects.exists()
    assert Employee.objects.get(pk=world.colleague.pk).superior is None


def test_export_round_trips_the_superior(client_for, world):
    _chain(world)
    response = client_for(world.admin).get(reverse("employee_export_csv", args=[world.agency.pk]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].endswith("nip_atasan")
    assert f"{world.employee.nip}," in text and text.count(world.colleague.nip) == 2


# --- the head's page -------------------------------------------------------------------------


def _page(world, unit=None):
    return reverse("opd_superiors", args=[(unit or world.opd).pk])


def test_head_names_a_superior_and_sees_it(client_for, world):
    client = client_for(world.head)
    response = client.post(
        _page(world), {"employee": world.employee.pk, "superior": world.colleague.pk}, follow=True
    )
    page = response.content.decode()
    assert f"Atasan langsung {world.employee.name}: {world.colleague.name}." in page
    assert Employee.objects.get(pk=world.employee.pk).superior == world.colleague


def test_head_is_told_of_a_loop_and_nothing_changes(client_for, world):
    _chain(world)
    response = client_for(world.head).post(
        _page(world), {"employee": world.colleague.pk, "superior": world.employee.pk}
    )
    assert response.status_code == 400
    assert CYCLE in response.content.decode()
    assert Employee.objects.get(pk=world.colleague.pk).superior is None


def test_head_cannot_pick_staff_of_another_opd(client_for, world):
    response = client_for(world.head).post(
        _page(world), {"employee": world.other_employee.pk, "superior": world.colleague.pk}
    )
    assert response.status_code == 400
    assert "Pilih pegawai aktif OPD ini." in response.content.decode()
    assert Employee.objects.get(pk=world.other_employee.pk).superior is None


@pytest.mark.parametrize(
    "who", ["other_head", "admin", "other_admin", "employee_user", "operator", "inspector"]
)
def test_only_the_head_opens_the_page(client_for, world, who):
    client = client_for(getattr(world, who))
    assert client.get(_page(world)).status_code == 404
    response = client.post(
        _page(world), {"employee": world.employee.pk, "superior": world.colleague.pk}
    )
    assert response.status_code == 404
    assert Employee.objects.get(pk=world.employee.pk).superior is None


def test_anonymous_goes_to_login(client, world):
    response = client.get(_page(world))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_page_query_count_does_not_grow_with_staff(client_for, world, count_queries):
    client = client_for(world.head)
    small, _r = count_queries(client.get, _page(world))
    for _i in range(30):
        EmployeeFactory(unit=world.opd, superior=world.colleague)
    large, response = count_queries(client.get, _page(world))
    assert response.status_code == 200 and small == large
