"""Reading and checking the employee master from CSV or Excel (.xlsx).

The template's columns are fixed (TEMPLATE_COLUMNS). Reading and checking
write nothing: they return a preview with an error list per row, and the
service writes all rows or none once the admin confirms.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Employee, Region, RoleTag, Unit
from .nip import normalize_nip, parse_nip

TEMPLATE_COLUMNS = ("nip", "nama", "kode_unit", "jabatan", "peran", "domisili")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
LOST_DIGITS = "#angka:"

ROLE_WORDS = {
    "bendahara": RoleTag.TREASURER,
    "treasurer": RoleTag.TREASURER,
    "pengawas": RoleTag.SUPERVISOR,
    "supervisor": RoleTag.SUPERVISOR,
    "pptk": RoleTag.ACTIVITY_LEADER,
    "pimpinan kegiatan": RoleTag.ACTIVITY_LEADER,
    "activity_leader": RoleTag.ACTIVITY_LEADER,
    "struktural": RoleTag.STRUCTURAL_HEAD,
    "pejabat struktural": RoleTag.STRUCTURAL_HEAD,
    "structural_head": RoleTag.STRUCTURAL_HEAD,
}


class FileRejected(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    action: str = "create"  # or "update"


@dataclass
class Preview:
    rows: list[RowResult]

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_rows


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of the uploaded file as dicts keyed by the template's column names."""
    if len(content) > MAX_BYTES:
        raise FileRejected(_("Berkas terlalu besar: paling banyak 10 MB."))
    if not content.strip():
        raise FileRejected(_("Berkas kosong."))
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(content)
    elif name.lower().endswith(".csv"):
        table = _csv_rows(content)
    else:
        raise FileRejected(_("Jenis berkas tidak didukung: unggah .xlsx atau .csv."))
    return _keyed(table)


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(_("Berkas CSV harus berformat teks UTF-8.")) from None
    if "\x00" in text:
        raise FileRejected(_("Berkas ini bukan CSV."))
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRejected(_("Berkas ini bukan lembar kerja Excel (.xlsx) yang sah.")) from None
    sheet = workbook.worksheets[0]
    rows = [
        ["" if cell is None else _cell_text(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def _cell_text(value: object) -> str:
    # Excel keeps numbers as doubles: an 18-digit NIP typed as a number has already lost
    # its last digits. Mark it so the row is refused instead of importing a wrong NIP.
    if isinstance(value, float) and abs(value) >= 1e15:
        return LOST_DIGITS + repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _keyed(table: list[list[str]]) -> list[dict[str, str]]:
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise FileRejected(_("Berkas kosong."))
    header = [str(cell).strip().lower() for cell in table[0]]
    missing = [column for column in TEMPLATE_COLUMNS if column not in header]
    if missing:
        raise FileRejected(
            _("Kolom wajib tidak ada: %(columns)s. Gunakan templat yang disediakan.")
            % {"columns": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileRejected(_("Terlalu banyak baris: paling banyak %(n)s.") % {"n": MAX_ROWS})
    index = {column: header.index(column) for column in TEMPLATE_COLUMNS}
    return [
        {column: (row[i].strip() if i < len(row) else "") for column, i in index.items()}
        for row in table[1:]
    ]


def check_rows(agency_id: int, rows: list[dict[str, str]]) -> Preview:
    """Validate every row against the agency's units, the regions and existing NIPs (3 queries)."""
    units = {u.code.lower(): u.pk for u in Unit.objects.filter(agency_id=agency_id).only("code")}
    regions = _region_lookup()
    nips = [normalize_nip(row["nip"]) for row in rows]
    existing = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "unit__agency_id"))
    seen: dict[str, int] = {}
    results = []
    for line, (values, nip) in enumerate(zip(rows, nips, strict=True), start=2):
        result = RowResult(line=line, values=values)
        _check_row(result, nip, units, regions, existing, agency_id, seen)
        results.append(result)
    return Preview(rows=results)


def _region_lookup() -> dict[str, int]:
    lookup = {}
    for pk, code, name in Region.objects.values_list("pk", "code", "name"):
        lookup[code.lower()] = pk
        lookup[name.lower()] = pk
    return lookup


def _check_row(result, nip, units, regions, existing, agency_id, seen) -> None:
    values, errors = result.values, result.errors
    if values["nip"].startswith(LOST_DIGITS):
        errors.append(
            _(
                "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; "
                "format kolom nip sebagai teks lalu ketik ulang."
            )
        )
    else:
        try:
            parse_nip(nip)
        except ValidationError as error:
            errors.extend(error.messages)
    if nip in seen:
        errors.append(_("NIP ganda: sama dengan baris %(line)s.") % {"line": seen[nip]})
    seen.setdefault(nip, result.line)
    if nip in existing and existing[nip] != agency_id:
        errors.append(_("NIP ini terdaftar pada instansi lain."))
    if not values["nama"]:
        errors.append(_("Nama wajib diisi."))
    unit_id = units.get(values["kode_unit"].lower())
    if unit_id is None:
        errors.append(_("Kode unit '%(code)s' tidak dikenal.") % {"code": values["kode_unit"]})
    roles, unknown = _roles(values["peran"])
    if unknown:
        errors.append(_("Peran tidak dikenal: %(roles)s.") % {"roles": ", ".join(unknown)})
    region_id = regions.get(values["domisili"].lower()) if values["domisili"] else None
    if values["domisili"] and region_id is None:
        errors.append(_("Domisili '%(region)s' tidak dikenal.") % {"region": values["domisili"]})
    result.action = "update" if nip in existing else "create"
    result.data = {
        "nip": nip,
        "name": values["nama"],
        "unit_id": unit_id,
        "position": values["jabatan"],
        "role_tags": roles,
        "domicile_region_id": region_id,
    }


def _roles(text: str) -> tuple[list[str], list[str]]:
    roles: list[str] = []
    unknown: list[str] = []
    for word in (part.strip().lower() for part in text.replace(";", ",").split(",")):
        if not word:
            continue
        tag = ROLE_WORDS.get(word)
        if tag is None:
            unknown.append(word)
        elif tag.value not in roles:
            roles.append(tag.value)
    return roles, unknown
