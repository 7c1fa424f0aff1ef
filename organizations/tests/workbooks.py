"""Builders of the uploads the limits are tested with: honest workbooks and the bombs.

Every bomb is built here, in the test, from its recipe (nothing is downloaded
or stored): the dimension bomb of issue 13, a zip bomb, parts that lie about
their size, entity expansion, wide rows and shared strings at the limit.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile

from openpyxl import Workbook

from organizations.importing import TEMPLATE_COLUMNS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """An ordinary workbook, written by openpyxl as Excel would."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """Issue 13's 1.5 KB file: the template's header in row 1 and one cell at XFD1048576,
    so the sheet declares ``A1:XFD1048576``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def package(sheet_xml: bytes | str, *, shared_strings: bytes | str | None = None) -> bytes:
    """A minimal .xlsx around a hand-written sheet (and shared strings), as openpyxl reads it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_package(archive, shared_strings is not None)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def _write_package(archive: zipfile.ZipFile, with_strings: bool) -> None:
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    overrides += (
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    )
    relations = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if with_strings:
        overrides += (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        )
        relations += (
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    archive.writestr(
        "[Content_Types].xml",
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>",
    )
    archive.writestr(
        "_rels/.rels",
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Pegawai" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        f'<Relationships xmlns="{_PKG_REL}">{relations}</Relationships>',
    )


def sheet(rows_xml: str, *, dimension: str | None = None, before: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<worksheet xmlns="{MAIN}">{before}{declared}<sheetData>{rows_xml}</sheetData></worksheet>'
    )


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_row_without_dimension() -> bytes:
    """The dimension bomb with no ``<dimension>`` to read: cells in rows 1 and 1048576."""
    return package(
        sheet(
            f'<row r="1">{text_cell("A1", "nip")}</row>'
            f'<row r="1048576">{text_cell("A1048576", "x")}</row>'
        )
    )


def zip_bomb(unpacked: int) -> bytes:
    """A sheet that unpacks to ``unpacked`` bytes, written in chunks (the test never holds it)."""
    buffer = io.BytesIO()
    row = b"<row><c><v>1</v></c></row>" * 4096
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_package(archive, with_strings=False)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for _ in range(unpacked // len(row) + 1):
                part.write(row)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def understated_part() -> bytes:
    """An honest workbook whose zip directory declares the sheet far smaller than it is."""
    content = bytearray(workbook_bytes([list(TEMPLATE_COLUMNS), ["x"] * 6] * 200))
    name = b"xl/worksheets/sheet1.xml"
    entry = _central_entry(content, name)
    struct.pack_into("<I", content, entry + 24, 64)  # uncompressed size: 64 bytes
    return bytes(content)


def _central_entry(content: bytearray, name: bytes) -> int:
    at = 0
    while True:
        at = content.find(b"PK\x01\x02", at)
        if at < 0:
            raise ValueError(name)
        length = struct.unpack_from("<H", content, at + 28)[0]
        if content[at + 46 : at + 46 + length] == name:
            return at
        at += 4


def entity_expansion() -> bytes:
    """A sheet declaring entities (the start of a "billion laughs")."""
    doctype = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    return package(
        '<?xml version="1.0"?>' + doctype + sheet(f"<row>{text_cell('A1', '&b;')}</row>")
    )


def wide_row(cells: int, encoding: str = "utf-8") -> bytes:
    """One row of ``cells`` cells without references (openpyxl would hold them all at once)."""
    body = "".join(f'<c s="{n % 7}"><v>{n % 10}</v></c>' for n in range(cells))
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()[:6]}"?>'
    return package((declaration + sheet(f"<row>{body}</row>")).encode(encoding))


def shared_strings(count: int, length: int = 30, extra: tuple[str, ...] = ()) -> bytes:
    """``count`` distinct shared strings (hard to compress), then ``extra``; one row uses the
    first."""
    texts = (hashlib.sha256(str(n).encode()).hexdigest()[:length] for n in range(count))
    strings = "".join(f"<si><t>{text}</t></si>" for text in (*texts, *extra))
    return package(
        sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        shared_strings=f'<sst xmlns="{MAIN}">{strings}</sst>',
    )


def csv_grid(size: int, columns: int = 50) -> bytes:
    """A CSV of ``size`` bytes of short distinct cells: as many cells as the bytes allow."""
    line = ",".join(f"{n:02x}" for n in range(columns)) + "\n"
    return (line * (size // len(line))).encode()


def row_attributes(rows: int, attributes: int, length: int) -> bytes:
    """Rows carrying ``attributes`` made-up attributes of ``length`` characters each
    (openpyxl keeps every row's attributes)."""
    body = []
    for n in range(1, rows + 1):
        digest = hashlib.sha256(str(n).encode()).hexdigest() * 2
        extra = " ".join(f'k{i}="{digest[i : i + length]}"' for i in range(attributes))
        body.append(f'<row r="{n}" {extra}><c r="A{n}"><v>1</v></c></row>')
    return package(sheet("".join(body)))
