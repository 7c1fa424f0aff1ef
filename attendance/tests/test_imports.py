"""Imports of check-ins from attendance apps: mapping, preview, all or nothing, bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance import imports
from attendance.models import CheckIn, CheckInImport, ImportSource, OfficePoint

from .support import DAY, away, duty_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(world):
    return ImportSource.objects.create(
        agency=world.agency,
        name="SiAbsen",
        nip_column="NIP Pegawai",
        date_column="Tgl",
        time_column="Jam",
        lat_column="Lat",
        lng_column="Long",
        device_column="Perangkat",
        date_format="%d/%m/%Y",
    )


HEADER = "NIP Pegawai;Tgl;Jam;Lat;Long;Perangkat\n"


def csv_file(lines: list[str], name="presensi.csv", header=HEADER, encoding="utf-8"):
    return SimpleUploadedFile(name, (header + "\n".join(lines) + "\n").encode(encoding))


def upload(client, world, source, file):
    return client.post(
        reverse("attendance:import_upload", args=[world.agency.pk]),
        {"source": source.pk, "file": file},
    )


def test_admin_saves_a_mapping_once_and_it_is_listed(world, client_for):
    client = client_for(world.admin)
    url = reverse("attendance:sources", args=[world.agency.pk])
    response = client.post(
        url,
        {"name": "E-Presensi Kota", "nip_column": "NIP", "date_column": "Waktu",
         "date_format": "%Y-%m-%d"},
    )  # fmt: skip
    assert response.status_code == 302
    assert ImportSource.objects.get(agency=world.agency).date_column == "Waktu"
    page = client.get(url).content.decode()
    assert "E-Presensi Kota" in page and "Pemetaan kolom aplikasi presensi" in page
    again = client.post(
        url, {"name": "e-presensi kota", "nip_column": "N", "date_column": "W",
              "date_format": "%Y-%m-%d"},
    )  # fmt: skip
    assert (
        again.status_code == 400 and "Sumber dengan nama ini sudah ada." in again.content.decode()
    )


def test_a_good_file_previews_then_applies_with_findings(world, client_for, source):
    duty_circular(world.agency, place="office")
    away(world.opd, world.employee, DAY)
    OfficePoint.objects.create(unit=world.opd, lat=-6.12, lng=106.15, radius_m=100)
    client = client_for(world.admin)
    nip = world.employee.nip
    file = csv_file(
        [f"{nip};08/04/2025;07:20;-6,12;106,15;HP-1", f"{nip};08/04/2025;15:00:10;-6.2;106.8;HP-1"]
    )
    response = upload(client, world, source, file)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "2 presensi dari 1 pegawai siap diterapkan." in page
    assert not CheckIn.objects.exists()
    batch = CheckInImport.objects.get()
    done = client.post(
        reverse("attendance:import_apply", args=[world.agency.pk, batch.pk]), follow=True
    )
    assert "Impor selesai: 2 presensi dicatat." in done.content.decode()
    rows = list(CheckIn.objects.order_by("at"))
    assert [r.findings for r in rows] == [[], ["ATT_EARLY", "ATT_OUTSIDE"]]
    assert {r.source for r in rows} == {"import"} and rows[0].device == "HP-1"
    again = upload(client, world, source, csv_file([f"{nip};08/04/2025;07:20;-6.12;106.15;HP-1"]))
    assert "Presensi ini sudah tercatat" in again.content.decode()


def test_an_xlsx_with_one_datetime_column_is_read(world, client_for):
    from openpyxl import Workbook

    source = ImportSource.objects.create(
        agency=world.agency, name="Xl", nip_column="nip", date_column="waktu"
    )
    book = Workbook()
    book.active.append(["NIP", "Waktu"])
    book.active.append([world.employee.nip, "2025-04-08 07:31:05"])
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("absen.xlsx", data.getvalue())
    response = upload(client_for(world.admin), world, source, file)
    assert "1 presensi dari 1 pegawai siap diterapkan." in response.content.decode()


@pytest.mark.parametrize(
    "line, words",
    [
        (
            "{nip};2025-04-08;07:20;;;",
            "Tanggal &#x27;2025-04-08&#x27; tidak sah: gunakan DD/MM/YYYY.",
        ),
        ("{nip};08/04/2025;7 pagi;;;", "Jam &#x27;7 pagi&#x27; tidak sah"),
        ("199001012015011999;08/04/2025;07:20;;;", "NIP 199001012015011999 tidak dikenal."),
        ("{foreign};08/04/2025;07:20;;;", "bukan pegawai aktif instansi ini"),
        ("12345;08/04/2025;07:20;;;", "harus 18 digit"),
        ("{nip};08/04/2025;07:20;95.1;106.8;", "di luar jangkauan (lintang -90..90"),
        ("{nip};08/04/2025;07:20;-6.2;utara;", "bukan angka"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_words(world, client_for, source, line, words):
    good = f"{world.colleague.nip};08/04/2025;07:00;;;"
    bad = line.format(nip=world.employee.nip, foreign=world.foreign_employee.nip)
    response = upload(client_for(world.admin), world, source, csv_file([good, bad]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "1 baris bermasalah; tidak ada yang disimpan." in page
    assert words in page
    assert 'data-testid="error-row-3"' in page
    assert not CheckIn.objects.exists() and not CheckInImport.objects.exists()


def test_a_repeated_row_is_refused(world, client_for, source):
    line = f"{world.employee.nip};08/04/2025;07:00;;;"
    response = upload(client_for(world.admin), world, source, csv_file([line, line]))
    assert "Baris ganda: NIP dan waktu sama dengan baris 2." in response.content.decode()


@pytest.mark.parametrize(
    "file, words",
    [
        (
            csv_file(["199001012015011001;08/04/2025;07:00;;;Ponsel ñ"], encoding="utf-16"),
            "Berkas CSV harus berformat teks UTF-8.",
        ),
        (csv_file([], header="NIP;Tanggal\n1;2\n"), "tidak ada di berkas: NIP Pegawai, Tgl, Jam"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "Jenis berkas tidak didukung"),
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "xlsx"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(world, client_for, source, file, words):
    response = upload(client_for(world.admin), world, source, file)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not CheckInImport.objects.exists()


def test_a_file_of_100000_rows_is_refused_with_the_limit(world, client_for, source, settings):
    line = f"{world.employee.nip};08/04/2025;07:00;;;"
    file = csv_file([line] * 100_000)
    response = upload(client_for(world.admin), world, source, file)
    page = response.content.decode()
    assert response.status_code == 400
    assert "50.000" in page and "baris" in page
    assert not CheckInImport.objects.exists()


def test_a_large_file_runs_as_a_background_job_with_progress(
    world, client_for, source, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "SYNC_ROWS", 2)
    monkeypatch.setattr(imports, "CHUNK", 2)
    lines = [f"{world.employee.nip};08/04/2025;07:0{i};;;" for i in range(5)]
    client = client_for(world.admin)
    upload(client, world, source, csv_file(lines))
    batch = CheckInImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(reverse("attendance:import_apply", args=[world.agency.pk, batch.pk]))
    response = client.get(queued["Location"])
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.created_count == 5  # eager: ran in-process
    assert "Impor selesai: 5 presensi dicatat." in response.content.decode()
    assert imports.progress(batch) == 100
    assert CheckIn.objects.count() == 5


def test_a_job_whose_employee_left_fails_and_keeps_nothing(world, source):
    line = f"{world.employee.nip};08/04/2025;07:00;;;"
    _preview, batch = imports.stage(
        agency=world.agency, source=source, actor=world.admin, filename="a.csv",
        rows=[{"nip": world.employee.nip, "date": "08/04/2025", "time": "07:00"},
              {"nip": world.colleague.nip, "date": "08/04/2025", "time": "07:00"}],
    )  # fmt: skip
    assert line and batch is not None
    world.employee.active = False
    world.employee.save()
    CheckInImport.objects.filter(pk=batch.pk).update(status="queued")
    imports.run_queued(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "tidak lagi aktif" in batch.error
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("who", ["head", "inspector", "other_admin", "employee_user"])
def test_only_the_agencys_bkpsdm_imports(world, client_for, source, who):
    client = client_for(getattr(world, who))
    for name in ("import_upload", "sources"):
        assert client.get(reverse(f"attendance:{name}", args=[world.agency.pk])).status_code == 404


def test_another_agencys_import_is_not_found(world, client_for, source):
    _preview, batch = imports.stage(
        agency=world.agency, source=source, actor=world.admin, filename="a.csv",
        rows=[{"nip": world.employee.nip, "date": "08/04/2025", "time": "07:00"}],
    )  # fmt: skip
    client = client_for(world.other_admin)
    url = reverse("attendance:import_apply", args=[world.other_agency.pk, batch.pk])
    assert client.post(url).status_code == 404
    assert (
        client.get(
            reverse("attendance:import_status", args=[world.agency.pk, batch.pk])
        ).status_code
        == 404
    )
    assert not CheckIn.objects.exists()


def test_anonymous_goes_to_login_for_imports(world, client):
    response = client.get(reverse("attendance:import_upload", args=[world.agency.pk]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_preview_costs_the_same_for_2_and_40_rows(world, client_for, source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.tests.support import add_staff

    staff = add_staff(world.opd, 40)
    client = client_for(world.admin)
    upload(client, world, source, csv_file([f"{world.employee.nip};08/04/2025;07:00;;;"]))

    def count(lines):
        with CaptureQueriesContext(connection) as ctx:
            assert upload(client, world, source, csv_file(lines)).status_code == 200
        return len(ctx.captured_queries)

    small = count([f"{e.nip};08/04/2025;07:00;-6.2;106.8;HP" for e in staff[:2]])
    large = count([f"{e.nip};08/04/2025;07:00;-6.2;106.8;HP" for e in staff])
    assert small == large
