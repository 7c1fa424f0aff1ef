"""Reading and checking the employee master from CSV or Excel (.xlsx).

The template's columns are fixed (TEMPLATE_COLUMNS). Reading and checking
write nothing: they return a preview with an error list per row, and the
service writes all rows or none once the admin confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from policy.superiors import creates_cycle

from .models import AsnKind, Employee, JobType, Region, RoleTag, Unit
from .nip import normalize_nip, parse_ni_pppk, parse_nip
from .tables import LOST_DIGITS, FileRejected

TEMPLATE_COLUMNS = ("nip", "nama", "kode_unit", "jabatan", "peran", "domisili")
# Read when present (files made before they existed stay valid); an empty cell keeps
# what is stored (a new employee: no job type recorded, and a PNS).
# nip_atasan: the direct superior's NIP, an employee of the agency or a row of the file.
OPTIONAL_COLUMNS = ("jenis_jabatan", "jenis_asn", "nip_atasan")
EXPORT_COLUMNS = TEMPLATE_COLUMNS + OPTIONAL_COLUMNS

JOB_TYPE_WORDS = {
    "struktural": JobType.STRUCTURAL,
    "structural": JobType.STRUCTURAL,
    "fungsional": JobType.FUNCTIONAL,
    "functional": JobType.FUNCTIONAL,
    "pelaksana": JobType.IMPLEMENTING,
    "implementing": JobType.IMPLEMENTING,
}
ASN_KIND_WORDS = {"pns": AsnKind.PNS, "pppk": AsnKind.PPPK}

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


def keyed_rows(table: list[list[str]]) -> list[dict[str, str]]:
    """The template's columns of each row, by header name; FileRejected if any is missing."""
    header = [str(cell).strip().lower() for cell in table[0]]
    missing = [column for column in TEMPLATE_COLUMNS if column not in header]
    if missing:
        raise FileRejected(
            _("Kolom wajib tidak ada: %(columns)s. Gunakan templat yang disediakan.")
            % {"columns": ", ".join(missing)}
        )
    present = TEMPLATE_COLUMNS + tuple(c for c in OPTIONAL_COLUMNS if c in header)
    index = {column: header.index(column) for column in present}
    return [
        {column: (row[i].strip() if i < len(row) else "") for column, i in index.items()}
        for row in table[1:]
    ]


def check_rows(agency_id: int, rows: list[dict[str, str]]) -> Preview:
    """Validate every row against the agency's units, the regions and existing NIPs (3 queries)."""
    units = {u.code.lower(): u.pk for u in Unit.objects.filter(agency_id=agency_id).only("code")}
    regions = _region_lookup()
    nips = [normalize_nip(row["nip"]) for row in rows]
    existing = {
        nip: (agency, kind)
        for nip, agency, kind in Employee.objects.filter(nip__in=nips).values_list(
            "nip", "unit__agency_id", "asn_kind"
        )
    }
    seen: dict[str, int] = {}
    results = []
    for line, (values, nip) in enumerate(zip(rows, nips, strict=True), start=2):
        result = RowResult(line=line, values=values)
        _check_row(result, nip, units, regions, existing, agency_id, seen)
        results.append(result)
    if any(row.get("nip_atasan") for row in rows):
        _check_superiors(agency_id, results)
    return Preview(rows=results)


def _check_superiors(agency_id: int, results: list[RowResult]) -> None:
    """The ``nip_atasan`` column: an active employee of the agency or a row of the file,
    never the row itself, and no loop once the file is written (two queries)."""
    in_file = {row.data["nip"] for row in results}
    wanted = {normalize_nip(row.values.get("nip_atasan", "")) for row in results} - {""}
    stored = {
        nip: (agency, active)
        for nip, agency, active in Employee.objects.filter(nip__in=wanted).values_list(
            "nip", "unit__agency_id", "active"
        )
    }
    links: dict[str, str | None] = dict(
        Employee.objects.filter(unit__agency_id=agency_id, superior__isnull=False).values_list(
            "nip", "superior__nip"
        )
    )
    for row in results:
        superior = normalize_nip(row.values.get("nip_atasan", ""))
        row.data["superior_nip"] = superior or None
        if superior:
            links[row.data["nip"]] = superior
    for row in results:
        superior = row.data["superior_nip"]
        if superior is None:
            continue
        error = _superior_error(row.data["nip"], superior, in_file, stored, agency_id)
        if error is None and creates_cycle(links, row.data["nip"], superior):
            error = _(
                "NIP atasan %(nip)s membuat rantai atasan melingkar (pegawai ini menjadi "
                "atasan dari atasannya sendiri)."
            ) % {"nip": superior}
        if error:
            row.errors.append(error)


def _superior_error(nip, superior, in_file, stored, agency_id) -> str | None:
    if superior == nip:
        return _("NIP atasan tidak boleh sama dengan NIP pegawai itu sendiri.")
    if superior in stored and stored[superior][0] != agency_id:
        return _("NIP atasan %(nip)s adalah pegawai instansi lain.") % {"nip": superior}
    if superior in stored and not stored[superior][1] and superior not in in_file:
        return _("NIP atasan %(nip)s adalah pegawai yang tidak aktif.") % {"nip": superior}
    if superior not in stored and superior not in in_file:
        return _(
            "NIP atasan %(nip)s tidak dikenal: bukan pegawai instansi ini dan tidak ada di berkas."
        ) % {"nip": superior}
    return None


def _region_lookup() -> dict[str, int]:
    lookup = {}
    for pk, code, name in Region.objects.values_list("pk", "code", "name"):
        lookup[code.lower()] = pk
        lookup[name.lower()] = pk
    return lookup


def _check_row(result, nip, units, regions, existing, agency_id, seen) -> None:
    values, errors = result.values, result.errors
    job_type, asn_kind = _kinds(values, errors)
    stored_kind = existing[nip][1] if nip in existing else AsnKind.PNS
    pppk = (asn_kind or stored_kind) == AsnKind.PPPK
    if values["nip"].startswith(LOST_DIGITS):
        errors.append(
            _(
                "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; "
                "format kolom nip sebagai teks lalu ketik ulang."
            )
        )
    else:
        try:
            (parse_ni_pppk if pppk else parse_nip)(nip)
        except ValidationError as error:
            errors.extend(error.messages)
    if nip in seen:
        errors.append(_("NIP ganda: sama dengan baris %(line)s.") % {"line": seen[nip]})
    seen.setdefault(nip, result.line)
    if nip in existing and existing[nip][0] != agency_id:
        errors.append(_("NIP ini terdaftar pada instansi lain."))
    if not values["nama"]:
        errors.append(_("Nama wajib diisi."))
    _check_length(errors, values, "nama", "name")
    _check_length(errors, values, "jabatan", "position")
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
        "job_type": job_type,  # None: keep what is stored
        "asn_kind": asn_kind,
    }


def _kinds(values: dict[str, str], errors: list[str]) -> tuple[str | None, str | None]:
    """The optional job type and ASN kind of a row (None when the cell is empty or absent)."""
    job_text = values.get("jenis_jabatan", "").strip()
    kind_text = values.get("jenis_asn", "").strip()
    job_type = JOB_TYPE_WORDS.get(job_text.lower()) if job_text else None
    if job_text and job_type is None:
        errors.append(
            _(
                "Jenis jabatan '%(value)s' tidak dikenal: isi struktural, fungsional atau "
                "pelaksana, atau kosongkan."
            )
            % {"value": job_text}
        )
    asn_kind = ASN_KIND_WORDS.get(kind_text.lower()) if kind_text else None
    if kind_text and asn_kind is None:
        errors.append(
            _("Jenis ASN '%(value)s' tidak dikenal: isi PNS atau PPPK, atau kosongkan.")
            % {"value": kind_text}
        )
    return (
        job_type.value if job_type else None,
        asn_kind.value if asn_kind else None,
    )


def _check_length(errors: list[str], values: dict[str, str], column: str, field: str) -> None:
    """A value longer than the model's column: a row error, never a database error."""
    limit = Employee._meta.get_field(field).max_length
    if len(values[column]) > limit:
        errors.append(
            _("Kolom %(column)s terlalu panjang: %(n)s karakter, paling banyak %(max)s.")
            % {"column": column, "n": len(values[column]), "max": limit}
        )


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
