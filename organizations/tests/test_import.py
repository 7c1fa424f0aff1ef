import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organizations import exporting
from organizations.models import Employee, ImportBatch, Region
from organizations.tests.factories import EmployeeFactory, make_nip

HEADER = "nip,nama,kode_unit,jabatan,peran,domisili\n"


def upload(client, agency, name, content):
    url = reverse("employee_import", args=[agency.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def region(db):
    return Region.objects.create(code="3673", name="Kota Serang", kind="city", province="Banten")


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.mark.django_db
class TestImport:
    def test_valid_csv_is_previewed_then_applied_all_at_once(self, client_for, world, region):
        client = client_for(world.admin)
        content = csv_bytes(
            "19660801 198803 1 001,Budi Santoso,diskominfo,Analis,bendahara,3673",
            f'{make_nip(900)},Siti Aminah,bidang-tik,Pranata Komputer,"pptk, pengawas",Kota Serang',
        )
        response = upload(client, world.agency, "pegawai.csv", content)
        assert 'data-testid="import-ok"' in response.content.decode()
        assert not Employee.objects.filter(nip="196608011988031001").exists()
        batch = ImportBatch.objects.get()
        response = client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))
        assert response.status_code == 302
        budi = Employee.objects.get(nip="196608011988031001")
        assert (budi.unit, budi.role_tags, budi.domicile_region) == (
            world.opd,
            ["treasurer"],
            region,
        )
        siti = Employee.objects.get(nip=make_nip(900))
        assert siti.unit == world.sub_unit
        assert siti.role_tags == ["activity_leader", "supervisor"]
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.APPLIED

    def test_existing_employee_is_updated_not_duplicated(self, client_for, world, region):
        client = client_for(world.admin)
        content = csv_bytes(f"{world.colleague.nip},Nama Baru,bappeda,Kepala Bidang,struktural,")
        upload(client, world.agency, "p.csv", content)
        batch = ImportBatch.objects.get()
        client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))
        world.colleague.refresh_from_db()
        assert world.colleague.name == "Nama Baru"
        assert world.colleague.unit == world.other_opd
        assert Employee.objects.filter(nip=world.colleague.nip).count() == 1

    def test_row_errors_are_listed_and_nothing_is_saved(self, client_for, world, region):
        before = Employee.objects.count()
        content = csv_bytes(
            "196602301988031001,Tanggal Salah,diskominfo,Analis,,",
            f"{make_nip(901)},Unit Salah,tidak-ada,Analis,,",
            f"{make_nip(902)},Peran Salah,diskominfo,Analis,astronot,",
            f"{make_nip(903)},Ganda,diskominfo,Analis,,",
            f"{make_nip(903)},Ganda Lagi,diskominfo,Analis,,",
            f"{world.foreign_employee.nip},Instansi Lain,diskominfo,Analis,,",
            f"{make_nip(904)},,diskominfo,Analis,,Atlantis",
        )
        body = upload(client_for(world.admin), world.agency, "p.csv", content).content.decode()
        assert 'data-testid="import-errors"' in body
        for message in [
            "Tanggal lahir pada NIP tidak valid.",
            "Kode unit &#x27;tidak-ada&#x27; tidak dikenal.",
            "Peran tidak dikenal: astronot.",
            "NIP ganda: sama dengan baris 5.",
            "NIP ini terdaftar pada instansi lain.",
            "Nama wajib diisi.",
            "Domisili &#x27;Atlantis&#x27; tidak dikenal.",
        ]:
            assert message in body
        assert Employee.objects.count() == before
        assert not ImportBatch.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("p.csv", b"", "Berkas kosong."),
            (
                "p.csv",
                b"nip,nama\n1,2\n",
                "Kolom wajib tidak ada: kode_unit, jabatan, peran, domisili.",
            ),
            ("p.xlsx", b"PK\x03\x04 not really a workbook", "bukan lembar kerja Excel"),
            ("p.csv", b"\xff\xfe\x00\x00binary", "UTF-8"),
            ("p.pdf", b"%PDF-1.4", "Jenis berkas tidak didukung"),
        ],
    )
    def test_bad_files_get_a_clear_message(self, client_for, world, name, content, message):
        body = upload(client_for(world.admin), world.agency, name, content).content.decode()
        assert message in body
        assert not ImportBatch.objects.exists()

    def test_a_50_mb_file_is_refused(self, client_for, world):
        content = HEADER.encode() + b"x" * (50 * 1024 * 1024)
        body = upload(client_for(world.admin), world.agency, "big.csv", content).content.decode()
        assert "Berkas terlalu besar: paling banyak 10 MB." in body

    def test_xlsx_with_numeric_nip_is_refused_not_guessed(self, client_for, world, region):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["nip", "nama", "kode_unit", "jabatan", "peran", "domisili"])
        sheet.append([196608011988031001, "Budi", "diskominfo", "Analis", "", 3673])
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = upload(client_for(world.admin), world.agency, "p.xlsx", buffer.getvalue())
        # A float loses the last digits of an 18-digit number; the row must fail, not guess.
        assert "digit terakhirnya hilang" in body.content.decode()
        assert not ImportBatch.objects.exists()

    def test_xlsx_with_text_nip_imports(self, client_for, world, region):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["nip", "nama", "kode_unit", "jabatan", "peran", "domisili"])
        sheet.append(["19660801 198803 1 001", "Budi", "diskominfo", "Analis", "", 3673])
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = upload(client_for(world.admin), world.agency, "p.xlsx", buffer.getvalue())
        assert 'data-testid="import-ok"' in body.content.decode()
        assert ImportBatch.objects.get().rows[0]["domisili"] == "3673"

    def test_apply_rechecks_and_refuses_when_data_changed(self, client_for, world, region):
        client = client_for(world.admin)
        upload(client, world.agency, "p.csv", csv_bytes(f"{make_nip(905)},Budi,bappeda,A,,"))
        world.other_opd.code = "bappeda-baru"
        world.other_opd.save()
        batch = ImportBatch.objects.get()
        response = client.post(
            reverse("employee_import_apply", args=[world.agency.pk, batch.pk]), follow=True
        )
        assert "Data berubah sejak pratinjau" in response.content.decode()
        assert not Employee.objects.filter(nip=make_nip(905)).exists()

    def test_a_batch_is_applied_once(self, client_for, world, region):
        client = client_for(world.admin)
        upload(client, world.agency, "p.csv", csv_bytes(f"{make_nip(906)},Budi,bappeda,A,,"))
        batch = ImportBatch.objects.get()
        url = reverse("employee_import_apply", args=[world.agency.pk, batch.pk])
        client.post(url)
        response = client.post(url, follow=True)
        assert "Impor ini sudah diterapkan." in response.content.decode()


@pytest.mark.django_db
class TestImportAccess:
    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user", "inspector"])
    def test_others_cannot_open_or_post(self, client_for, world, actor):
        client = client_for(getattr(world, actor))
        url = reverse("employee_import", args=[world.agency.pk])
        assert client.get(url).status_code == 404
        content = csv_bytes(f"{make_nip(907)},Budi,bappeda,A,,")
        assert upload(client, world.agency, "p.csv", content).status_code == 404
        assert client.get(reverse("employee_export_csv", args=[world.agency.pk])).status_code == 404

    def test_other_agency_admin_cannot_apply_a_batch(self, client_for, world):
        batch = ImportBatch.objects.create(
            agency=world.agency, filename="p.csv", rows=[{"nip": make_nip(908)}]
        )
        client = client_for(world.other_admin)
        url = reverse("employee_import_apply", args=[world.other_agency.pk, batch.pk])
        assert client.post(url).status_code == 404
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.PREVIEW

    def test_anonymous_is_sent_to_login(self, client, world):
        response = client.get(reverse("employee_import", args=[world.agency.pk]))
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]

    def test_apply_is_post_only(self, client_for, world):
        url = reverse("employee_import_apply", args=[world.agency.pk, 1])
        assert client_for(world.admin).get(url).status_code == 405


@pytest.mark.django_db
class TestExport:
    def test_export_then_import_gives_the_same_data(self, client_for, world, region):
        world.employee.role_tags = ["treasurer", "activity_leader"]
        world.employee.domicile_region = region
        world.employee.save()
        client = client_for(world.admin)
        exported = client.get(reverse("employee_export_xlsx", args=[world.agency.pk])).content
        before = {
            e.nip: (e.name, e.unit_id, e.position, e.role_tags, e.domicile_region_id)
            for e in Employee.objects.filter(unit__agency=world.agency)
        }
        Employee.objects.filter(unit__agency=world.agency).update(name="x", role_tags=[])
        upload(client, world.agency, "ekspor.xlsx", exported)
        batch = ImportBatch.objects.get()
        client.post(reverse("employee_import_apply", args=[world.agency.pk, batch.pk]))
        after = {
            e.nip: (e.name, e.unit_id, e.position, e.role_tags, e.domicile_region_id)
            for e in Employee.objects.filter(unit__agency=world.agency)
        }
        assert after == before

    def test_csv_export_lists_only_own_agency(self, client_for, world):
        body = (
            client_for(world.admin)
            .get(reverse("employee_export_csv", args=[world.agency.pk]))
            .content.decode("utf-8-sig")
        )
        assert (
            body.splitlines()[0]
            == "nip,nama,kode_unit,jabatan,peran,domisili,jenis_jabatan,jenis_asn,nip_atasan"
        )
        assert world.employee.nip in body
        assert world.foreign_employee.nip not in body

    def test_template_has_columns_and_instructions(self, client_for, world):
        content = (
            client_for(world.admin)
            .get(reverse("employee_template", args=[world.agency.pk]))
            .content
        )
        workbook = load_workbook(io.BytesIO(content))
        header = [c.value for c in workbook["Pegawai"][1]]
        assert header == list(exporting.EXPORT_COLUMNS)
        assert workbook["Petunjuk"]["A1"].value.startswith("Petunjuk")

    def test_export_query_count_does_not_grow_with_staff(self, client_for, world, count_queries):
        client = client_for(world.admin)
        url = reverse("employee_export_csv", args=[world.agency.pk])
        small, _ = count_queries(client.get, url)
        EmployeeFactory.create_batch(30, unit=world.opd)
        large, _ = count_queries(client.get, url)
        assert small == large


@pytest.mark.django_db
def test_import_page_query_count_does_not_grow_with_rows(client_for, world, region, count_queries):
    client = client_for(world.admin)
    upload(client, world.agency, "p.csv", csv_bytes(f"{make_nip(909)},A,bappeda,A,,"))  # warm-up
    small, _ = count_queries(
        upload, client, world.agency, "p.csv", csv_bytes(f"{make_nip(910)},A,bappeda,A,,")
    )
    rows = [f"{make_nip(920 + n)},Nama {n},bappeda,A,bendahara,3673" for n in range(60)]
    large, _ = count_queries(upload, client, world.agency, "p.csv", csv_bytes(*rows))
    assert small == large


@pytest.mark.django_db
def test_an_import_that_moves_an_employee_over_the_new_opd_limit_is_refused(client_for, world):
    """A changed kode_unit is a move: through the one writer, refused naming the days."""
    from schedules.models import Assignment, DayCounter
    from schedules.requests.selectors import format_day
    from schedules.tests.employee_support import (
        coming_circular,
        coming_working_days,
        roster_away,
    )
    from schedules.tests.support import add_staff

    coming_circular(world.agency)
    (day,) = coming_working_days(world.agency, 1)
    add_staff(world.other_opd, 1)  # 2 staff: 1 may be away; with the mover, 3: still 1
    roster_away(world.opd, world.colleague, [day], actor=world.admin, status="draft")
    roster_away(world.other_opd, world.other_employee, [day], actor=world.admin, status="draft")
    client = client_for(world.admin)
    row = f'{world.colleague.nip},"{world.colleague.name}",bappeda,Analis,,'
    preview = upload(client, world.agency, "pindah.csv", csv_bytes(row))
    assert 'data-testid="import-ok"' in preview.content.decode()
    batch = ImportBatch.objects.get()

    response = client.post(
        reverse("employee_import_apply", args=[world.agency.pk, batch.pk]), follow=True
    )

    text = response.content.decode()
    assert f"Baris NIP {world.colleague.nip}" in text
    assert "tidak dapat dipindahkan ke" in text and format_day(day) in text
    world.colleague.refresh_from_db()
    assert world.colleague.unit == world.opd
    assert Assignment.objects.get(employee=world.colleague).roster.unit == world.opd
    assert DayCounter.objects.get(unit=world.other_opd, day=day).away == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
