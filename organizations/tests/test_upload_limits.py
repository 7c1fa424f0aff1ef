"""Uploads are read with limits checked before loading (issue 13, items 4 and 10).

A refused file says why, in Indonesian or in English when chosen, and nothing
is saved. The bombs are built in the tests (workbooks.py).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import AttendanceImport
from organizations.importing import TEMPLATE_COLUMNS
from organizations.models import Employee, ImportBatch
from organizations.tests import workbooks
from organizations.tests.factories import make_nip

HEADER = ",".join(TEMPLATE_COLUMNS) + "\n"


def upload(client, agency, name, content):
    url = reverse("employee_import", args=[agency.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def refused(client, world, name, content) -> str:
    """Upload to the employee import; assert nothing was kept; the page's text."""
    before = Employee.objects.count()
    response = upload(client, world.agency, name, content)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    assert Employee.objects.count() == before
    return response.content.decode()


def rows_csv(n: int, start: int = 0) -> bytes:
    lines = [f"{make_nip(start + i)},Pegawai {i},bappeda,Analis,," for i in range(n)]
    return (HEADER + "\n".join(lines) + "\n").encode()


def rows_xlsx(n: int) -> bytes:
    rows = [list(TEMPLATE_COLUMNS)]
    rows += [[make_nip(i), f"Pegawai {i}", "bappeda", "Analis", "", ""] for i in range(n)]
    return workbooks.workbook_bytes(rows)


@pytest.mark.django_db
class TestExcelBombs:
    def test_the_dimension_bomb_is_refused_by_its_declared_size(self, client_for, world):
        content = workbooks.dimension_bomb()
        assert len(content) < 10_000
        body = refused(client_for(world.admin), world, "bom.xlsx", content)
        assert (
            "Lembar kerja menyatakan ukuran A1:XFD1048576 (1.048.576 baris × 16.384 kolom); "
            "paling banyak 60.000 baris dan 50 kolom."
        ) in body

    def test_the_refusal_speaks_english_when_chosen(self, client_for, world):
        client = client_for(world.admin)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        body = refused(client, world, "bomb.xlsx", workbooks.dimension_bomb())
        assert (
            "The sheet declares the size A1:XFD1048576 (1,048,576 rows × 16,384 columns); "
            "at most 60,000 rows and 50 columns."
        ) in body

    def test_a_far_row_without_a_declared_size_stops_at_the_row_limit(self, client_for, world):
        body = refused(
            client_for(world.admin), world, "b.xlsx", workbooks.far_row_without_dimension()
        )
        assert "Terlalu banyak baris: paling banyak 60.000." in body

    def test_a_zip_bomb_is_refused_from_the_directory_before_unpacking(self, client_for, world):
        content = workbooks.zip_bomb(unpacked=60 * 1024 * 1024)
        assert len(content) < 1024 * 1024
        body = refused(client_for(world.admin), world, "zip.xlsx", content)
        assert (
            "Isi berkas Excel terlalu besar setelah dibuka: 60,0 MB, paling banyak 50 MB." in body
        )

    def test_a_part_that_inflates_beyond_the_ratio_is_refused(self, client_for, world):
        content = workbooks.zip_bomb(unpacked=3 * 1024 * 1024)
        body = refused(client_for(world.admin), world, "zip.xlsx", content)
        assert "Berkas Excel ini tidak wajar: bagian xl/worksheets/sheet1.xml mengembang" in body
        assert "(paling banyak 100 kali)." in body

    def test_a_part_larger_than_the_directory_declares_is_refused(self, client_for, world):
        body = refused(client_for(world.admin), world, "p.xlsx", workbooks.understated_part())
        assert "Berkas ini bukan lembar kerja Excel (.xlsx) yang sah." in body

    def test_entity_declarations_are_refused(self, client_for, world):
        body = refused(client_for(world.admin), world, "p.xlsx", workbooks.entity_expansion())
        assert "Berkas ini bukan lembar kerja Excel (.xlsx) yang sah." in body

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-16-be", "utf-16-le"])
    def test_a_row_wider_than_the_limit_is_refused(self, client_for, world, encoding):
        content = workbooks.wide_row(51, encoding=encoding)  # UTF-16 without a byte-order mark
        body = refused(client_for(world.admin), world, "p.xlsx", content)
        assert "Baris 1 memuat 51 kolom; paling banyak 50." in body

    @pytest.mark.parametrize(
        ("attributes", "length"), [(17, 1), (3, 33)], ids=["too-many", "too-long"]
    )
    def test_rows_with_outlandish_attributes_are_refused(
        self, client_for, world, attributes, length
    ):
        content = workbooks.row_attributes(2, attributes, length)
        body = refused(client_for(world.admin), world, "p.xlsx", content)
        assert "Berkas Excel ini terlalu rumit: bagian xl/worksheets/sheet1.xml melebihi 16" in body

    def test_row_heights_as_excel_writes_them_are_fine(self, client_for, world):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(rows_xlsx(3)))
        for n in range(1, 5):
            workbook.active.row_dimensions[n].height = 18.75
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = upload(client_for(world.admin), world.agency, "p.xlsx", buffer.getvalue())
        assert 'data-testid="import-ok"' in response.content.decode()

    def test_an_image_part_is_left_alone(self, client_for, world):
        content = rows_xlsx(2)
        buffer = io.BytesIO(content)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("xl/media/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        response = upload(client_for(world.admin), world.agency, "p.xlsx", buffer.getvalue())
        assert 'data-testid="import-ok"' in response.content.decode()

    def test_a_cell_longer_than_the_limit_is_refused_naming_the_cell(self, client_for, world):
        rows = [list(TEMPLATE_COLUMNS), [make_nip(1), "x" * 1001, "bappeda", "", "", ""]]
        body = refused(client_for(world.admin), world, "p.xlsx", workbooks.workbook_bytes(rows))
        assert "Sel B2 terlalu panjang: lebih dari 1.000 karakter." in body

    def test_a_shared_string_longer_than_the_limit_is_refused(self, client_for, world):
        content = workbooks.shared_strings(3, extra=("y" * 1001,))
        body = refused(client_for(world.admin), world, "p.xlsx", content)
        assert "Sebuah teks dalam berkas terlalu panjang: lebih dari 1.000 karakter." in body

    def test_a_workbook_at_the_limits_still_imports(self, client_for, world, settings):
        settings.IMPORT_MAX_EMPLOYEES = 5
        response = upload(client_for(world.admin), world.agency, "p.xlsx", rows_xlsx(5))
        assert 'data-testid="import-ok"' in response.content.decode()
        assert ImportBatch.objects.get().total == 5


@pytest.mark.django_db
class TestRowAndCellLimits:
    @pytest.mark.parametrize(("name", "build"), [("p.csv", rows_csv), ("p.xlsx", rows_xlsx)])
    def test_one_row_over_the_import_limit_is_refused(
        self, client_for, world, settings, name, build
    ):
        settings.IMPORT_MAX_EMPLOYEES = 5
        body = refused(client_for(world.admin), world, name, build(6))
        assert "Terlalu banyak baris: paling banyak 5." in body

    def test_blank_lines_count_against_the_file_limit(self, client_for, world, settings):
        settings.UPLOAD_MAX_ROWS = 10
        content = rows_csv(2) + b",,,,,\n" * 9
        body = refused(client_for(world.admin), world, "p.csv", content)
        assert "Terlalu banyak baris: paling banyak 10." in body

    def test_too_many_filled_cells_are_refused(self, client_for, world, settings):
        settings.UPLOAD_MAX_CELLS = 20
        body = refused(client_for(world.admin), world, "p.csv", rows_csv(4))
        assert "Berkas memuat terlalu banyak sel berisi: lebih dari 20." in body

    def test_the_size_limit_comes_from_settings(self, client_for, world, settings):
        settings.UPLOAD_MAX_BYTES = 512
        body = refused(client_for(world.admin), world, "p.csv", rows_csv(20))
        assert "Berkas terlalu besar: paling banyak 0,5 KB." in body


@pytest.mark.django_db
class TestCsvFields:
    def test_a_field_over_128_kb_on_one_line_is_refused_not_a_500(self, client_for, world):
        content = HEADER.encode() + f"{make_nip(1)},".encode() + b"x" * (130 * 1024) + b",,,,\n"
        body = refused(client_for(world.admin), world, "p.csv", content)
        assert "Baris 2 terlalu panjang: 133.144 karakter; paling banyak 50.150." in body

    def test_a_quoted_field_over_128_kb_across_lines_is_refused_not_a_500(self, client_for, world):
        lines = b"\n".join([b"y" * 40_000] * 4)
        content = HEADER.encode() + f'{make_nip(1)},"'.encode() + lines + b'",,,,\n'
        body = refused(client_for(world.admin), world, "p.csv", content)
        assert "Sel pada baris 2 terlalu panjang: lebih dari 1.000 karakter." in body

    def test_a_field_over_the_cell_limit_names_its_cell(self, client_for, world):
        content = HEADER.encode() + f"{make_nip(1)},bappeda,".encode() + b"z" * 1001 + b",,,\n"
        body = refused(client_for(world.admin), world, "p.csv", content)
        assert "Sel C2 terlalu panjang: lebih dari 1.000 karakter." in body

    def test_lines_ended_by_a_lone_cr_are_read(self, client_for, world):
        content = rows_csv(2).replace(b"\n", b"\r")
        response = upload(client_for(world.admin), world.agency, "p.csv", content)
        assert 'data-testid="import-ok"' in response.content.decode()
        assert ImportBatch.objects.get().total == 2


@pytest.mark.django_db
class TestOverlongNamesAndPositions:
    def test_a_name_or_position_longer_than_the_model_is_a_row_error(self, client_for, world):
        content = (
            HEADER
            + f"{make_nip(1)},{'N' * 200},bappeda,{'J' * 200},,\n"
            + f"{make_nip(2)},{'N' * 201},bappeda,Analis,,\n"
            + f"{make_nip(3)},Budi,bappeda,{'J' * 250},,\n"
        ).encode()
        body = refused(client_for(world.admin), world, "p.csv", content)
        assert "2 baris bermasalah" in body
        assert "Kolom nama terlalu panjang: 201 karakter, paling banyak 200." in body
        assert "Kolom jabatan terlalu panjang: 250 karakter, paling banyak 200." in body
        rows = body.split("<tr")
        assert "Kolom nama terlalu panjang" in next(r for r in rows if "<td>3</td>" in r)
        assert "Kolom jabatan terlalu panjang" in next(r for r in rows if "<td>4</td>" in r)
        assert "terlalu panjang" not in next(r for r in rows if "<td>2</td>" in r)


@pytest.mark.django_db
class TestAttendanceImportLimits:
    def upload(self, client, world, content):
        url = reverse("monitoring:attendance_import", args=[world.agency.pk])
        return client.post(url, {"file": SimpleUploadedFile("p.csv", content)})

    def test_a_field_over_128_kb_is_refused(self, client_for, world):
        content = b"NIP,date,time in\n" + b"1" * (130 * 1024) + b",2025-03-24,07:00\n"
        body = self.upload(client_for(world.admin), world, content).content.decode()
        assert "Baris 2 terlalu panjang" in body
        assert not AttendanceImport.objects.exists()

    def test_rows_over_the_attendance_limit_are_refused(self, client_for, world, settings):
        settings.IMPORT_MAX_ATTENDANCE_ROWS = 2
        content = b"NIP,date,time in\n" + f"{world.employee.nip},2025-03-24,07:00\n".encode() * 3
        body = self.upload(client_for(world.admin), world, content).content.decode()
        assert "Terlalu banyak baris: paling banyak 2." in body
        assert not AttendanceImport.objects.exists()


# --- memory: in a child process, so the figure is the reader's own ---------------------------

PEAK_LIMIT_MB = 200

CHILD = """
import json, resource, sys
# A regression must fail here, not push the machine into swap.
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def high_water_kb():
    # VmHWM starts afresh at exec (ru_maxrss would carry the forking parent's figure).
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


import django
django.setup()
from organizations.tables import FileRejected, read_rows
name, path = sys.argv[1], sys.argv[2]
content = open(path, "rb").read()
before = high_water_kb()
try:
    # The reader's own worst case: as many data rows as it reads at all.
    read_rows(name, content, kinds=(".xlsx", ".csv"), max_rows=60000)
    outcome = "read"
except FileRejected as error:
    outcome = str(error)
print(json.dumps({"outcome": outcome, "before_kb": before, "peak_kb": high_water_kb()}))
"""

MEMORY_CASES = {
    "dimension-bomb": ("b.xlsx", workbooks.dimension_bomb, {}, "A1:XFD1048576"),
    "far-row": ("b.xlsx", workbooks.far_row_without_dimension, {}, "Terlalu banyak baris"),
    # The ratio check would stop this one first; lifted, the streamed scan must stop it.
    "wide-row": (
        "b.xlsx",
        lambda: workbooks.wide_row(1_000_000),
        {"UPLOAD_MAX_ZIP_RATIO": "100000"},
        "Baris 1 memuat 51 kolom",
    ),
    "wide-row-utf16": (
        "b.xlsx",
        lambda: workbooks.wide_row(1_000_000, encoding="utf-16-be"),
        {"UPLOAD_MAX_ZIP_RATIO": "100000"},
        "Baris 1 memuat 51 kolom",
    ),
    # Files at the limits: rows with all the attributes the guard lets through, every
    # shared string openpyxl may keep, every cell a CSV may hold.
    "row-attributes": (
        "b.xlsx",
        lambda: workbooks.row_attributes(59_000, 6, 32),
        {},
        "read",
    ),
    "shared-strings": ("b.xlsx", lambda: workbooks.shared_strings(300_000), {}, "read"),
    "csv-cells": (
        "b.csv",
        lambda: workbooks.csv_grid(10 * 1024 * 1024),
        {},
        "terlalu banyak sel berisi",
    ),
}


@pytest.mark.parametrize("case", list(MEMORY_CASES))
def test_reading_a_bomb_keeps_peak_memory_under_the_bound(case, tmp_path):
    name, build, env, expected = MEMORY_CASES[case]
    path = tmp_path / name
    path.write_bytes(build())
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "wfa_portal.settings",
        "WFA_TESTING": "1",
        **env,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, name, str(path)],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak_mb = result["peak_kb"] / 1024
    print(f"{case}: peak {peak_mb:.0f} MB, before reading {result['before_kb'] / 1024:.0f} MB")
    assert peak_mb < PEAK_LIMIT_MB
    assert expected in result["outcome"]
