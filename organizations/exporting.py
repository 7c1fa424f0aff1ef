"""The employee master out, in the same template the import reads."""

import csv
import io

from openpyxl import Workbook

from .formulas import safe_row
from .importing import EXPORT_COLUMNS
from .models import Employee, RoleTag

ROLE_EXPORT_WORDS = {
    RoleTag.TREASURER: "bendahara",
    RoleTag.SUPERVISOR: "pengawas",
    RoleTag.ACTIVITY_LEADER: "pptk",
    RoleTag.STRUCTURAL_HEAD: "struktural",
}


def employee_rows(agency_id: int) -> list[list[str]]:
    """One row per active employee of the agency, in template order (one query)."""
    employees = (
        Employee.objects.active()
        .filter(unit__agency_id=agency_id)
        .select_related("unit", "domicile_region", "superior")
        .order_by("unit__code", "name")
    )
    return [
        [
            e.nip,
            e.name,
            e.unit.code,
            e.position,
            ", ".join(ROLE_EXPORT_WORDS[RoleTag(tag)] for tag in e.role_tags),
            e.domicile_region.code if e.domicile_region else "",
            e.job_type,
            e.asn_kind.upper(),
            e.superior.nip if e.superior else "",
        ]
        for e in employees
    ]


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(EXPORT_COLUMNS))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[str]], *, title: str = "Pegawai") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(safe_row(EXPORT_COLUMNS, xlsx=True))
    for row in rows:
        sheet.append(safe_row(row, xlsx=True))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The empty template with one example row and the instructions."""
    example = [
        [
            "196608011988031001",
            "Budi Santoso, S.Kom.",
            "diskominfo",
            "Pranata Komputer Ahli Muda",
            "bendahara",
            "3673",
            "fungsional",
            "PNS",
            "",
        ],
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pegawai"
    sheet.append(safe_row(EXPORT_COLUMNS, xlsx=True))
    for row in example:
        sheet.append(safe_row(row, xlsx=True))
    # NIPs are text: a number cell would lose digits past the 15th.
    for cell in sheet["A"]:
        cell.number_format = "@"
    notes = workbook.create_sheet("Petunjuk")
    for line in INSTRUCTIONS:
        notes.append(safe_row([line], xlsx=True))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INSTRUCTIONS = [
    "Petunjuk pengisian templat pegawai",
    "nip: 18 digit, boleh dengan spasi (19660801 198803 1 001); isi sebagai teks.",
    "nama: nama lengkap dengan gelar.",
    "kode_unit: kode OPD atau sub-unit seperti tertera di Portal WFA (mis. diskominfo).",
    "jabatan: nama jabatan.",
    "peran: kosong, atau beberapa dari bendahara, pengawas, pptk, struktural (pisahkan koma).",
    "domisili: kode BPS kabupaten/kota (mis. 3673) atau namanya (mis. Kota Serang).",
    "jenis_jabatan (boleh kosong): struktural, fungsional atau pelaksana.",
    "jenis_asn (boleh kosong): PNS atau PPPK; untuk PPPK kolom nip berisi NI PPPK.",
    "nip_atasan (boleh kosong): NIP atasan langsung, pegawai instansi ini atau baris berkas ini.",
    "Kolom jenis_jabatan, jenis_asn dan nip_atasan boleh tidak ada; "
    "sel kosong tidak mengubah data.",
    "Pegawai dengan NIP yang sudah ada diperbarui; yang belum ada ditambahkan.",
]
