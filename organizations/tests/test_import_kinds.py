"""The optional columns of the employee master: job type and ASN kind (PNS or PPPK)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import Employee, ImportBatch
from organizations.tests.factories import make_nip
from organizations.tests.test_import import upload

pytestmark = pytest.mark.django_db

NEW_HEADER = "nip,nama,kode_unit,jabatan,peran,domisili,jenis_jabatan,jenis_asn\n"
PPPK = "199001012021211001"  # born 1 Jan 1990, PPPK of 2021, code 21: no NIP (month 21)


def apply_all(client, world):
    batch = ImportBatch.objects.get()
    client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))


@pytest.mark.parametrize(
    ("job", "kind", "nip", "stored"),
    [
        ("struktural", "PNS", make_nip(950), ("struktural", "pns")),
        ("Fungsional", "pns", make_nip(951), ("fungsional", "pns")),
        ("PELAKSANA", "PPPK", PPPK, ("pelaksana", "pppk")),
        ("", "", make_nip(952), ("", "pns")),
    ],
)
def test_new_columns_are_read(client_for, world, job, kind, nip, stored):
    client = client_for(world.admin)
    content = f"{NEW_HEADER}{nip},Pegawai Baru,diskominfo,Analis,,,{job},{kind}\n".encode()
    response = upload(client, world.agency, "p.csv", content)
    assert 'data-testid="import-ok"' in response.content.decode()
    apply_all(client, world)
    employee = Employee.objects.get(nip=nip)
    assert (employee.job_type, employee.asn_kind) == stored


@pytest.mark.parametrize(
    ("job", "kind", "nip", "words"),
    [
        ("manajer", "PNS", make_nip(953), "Jenis jabatan &#x27;manajer&#x27; tidak dikenal"),
        ("pelaksana", "honorer", make_nip(954), "Jenis ASN &#x27;honorer&#x27; tidak dikenal"),
        ("pelaksana", "PNS", PPPK, "NIP"),  # a PPPK number read as a NIP is refused
        ("pelaksana", "PPPK", "199001012031211001", "NI PPPK"),  # year in the future
    ],
)
def test_bad_values_are_named_on_their_row_and_nothing_is_saved(
    client_for, world, job, kind, nip, words
):
    before = Employee.objects.count()
    content = f"{NEW_HEADER}{nip},Pegawai Salah,diskominfo,Analis,,,{job},{kind}\n".encode()
    body = upload(client_for(world.admin), world.agency, "p.csv", content).content.decode()
    assert words in body
    assert "import-ok" not in body
    assert not ImportBatch.objects.exists()
    assert Employee.objects.count() == before


def test_old_files_stay_valid_and_keep_what_is_stored(client_for, world):
    Employee.objects.filter(pk=world.colleague.pk).update(job_type="struktural")
    client = client_for(world.admin)
    old = "nip,nama,kode_unit,jabatan,peran,domisili\n"
    old += f"{world.colleague.nip},Nama Baru,diskominfo,Analis,,\n"
    upload(client, world.agency, "lama.csv", old.encode())
    apply_all(client, world)
    world.colleague.refresh_from_db()
    assert (world.colleague.name, world.colleague.job_type) == ("Nama Baru", "struktural")


def test_an_empty_cell_keeps_the_stored_value(client_for, world):
    Employee.objects.filter(pk=world.colleague.pk).update(job_type="fungsional")
    client = client_for(world.admin)
    content = f"{NEW_HEADER}{world.colleague.nip},Nama,diskominfo,Analis,,,,\n".encode()
    upload(client, world.agency, "p.csv", content)
    apply_all(client, world)
    world.colleague.refresh_from_db()
    assert world.colleague.job_type == "fungsional"


def test_export_round_trips_the_new_columns(client_for, world):
    Employee.objects.filter(pk=world.colleague.pk).update(job_type="pelaksana")
    body = (
        client_for(world.admin)
        .get(reverse("employee_export_csv", args=[world.agency.pk]))
        .content.decode("utf-8-sig")
    )
    line = next(row for row in body.splitlines() if world.colleague.nip in row)
    assert line.endswith(",pelaksana,PNS,")  # no superior: nip_atasan empty


def test_template_explains_the_new_columns(client_for, world):
    content = client_for(world.admin).get(reverse("employee_template", args=[world.agency.pk]))
    workbook = load_workbook(io.BytesIO(content.content))
    assert [c.value for c in workbook["Pegawai"][2]][-3:] == ["fungsional", "PNS", None]
    notes = [row[0].value for row in workbook["Petunjuk"].iter_rows()]
    assert any(n.startswith("jenis_jabatan (boleh kosong)") for n in notes)
