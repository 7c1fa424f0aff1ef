"""The guard in front of openpyxl: an uploaded .xlsx is proven small before it is opened.

Even in read-only mode openpyxl keeps in memory things an attacker sizes:
every shared string, every style, and a whole ``<row>`` element with all of
its cells before it yields the row. A 1.5 KB workbook declaring
``A1:XFD1048576`` made a worker grow to 3.2 GB. So, before openpyxl sees the
file:

1. the zip's directory is read (nothing is unpacked): number of parts, their
   declared unpacked sizes and compression ratios. Python's zipfile never
   unpacks more than a part declares, so the declared sizes are a real bound;
2. every XML part is streamed through expat in small chunks, keeping no tree:
   no DTD (no entity expansion), bounded nesting and token size, the declared
   ``<dimension>``, rows, cells per row, text per cell, shared strings and the
   number of elements anywhere else. The first limit passed refuses the file.

Only what passes is handed to openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from . import upload_limits as words
from .upload_limits import Limits

MAX_PARTS = 1000
# Tiny parts compress oddly (a 2 KB theme at 7:1 is normal); the ratio is asked
# only of parts that unpack to more than this.
RATIO_FLOOR = 1024 * 1024
MAX_DEPTH = 64
# No legitimate token (a start tag with its attributes, a comment) comes near
# this; expat reports text as it goes, so only a giant token goes this long
# without an event.
MAX_TOKEN_BYTES = 1024 * 1024
# Elements inside one cell or one shared string: rich text runs with their formatting.
MAX_ELEMENTS_PER_CELL = 200
# Elements of a part outside rows and shared strings (styles, merged cells, names ...).
MAX_OTHER_ELEMENTS = 50_000
# Text of an element outside rows and shared strings (a defined name, a title).
MAX_OTHER_TEXT = 64 * 1024
# Distinct strings a workbook may share (openpyxl keeps them all, indexed).
MAX_SHARED_STRINGS = 300_000
MAX_ATTRIBUTES = 64
# openpyxl keeps the attributes of every row that has more than r and spans (height,
# style ...): Excel writes at most 13, with short values; the sheet's average is bounded too.
MAX_ROW_ATTRIBUTES = 16
MAX_ROW_ATTRIBUTE_CHARS = 32
ROW_ATTRIBUTES_PER_ROW = 6
CHUNK = 64 * 1024

# As openpyxl reads a reference (its column is what decides where a cell goes).
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)\Z")


class WorkbookRefused(Exception):
    """Raised with the user's words; tables turns it into FileRejected."""


def check_workbook(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse (WorkbookRefused) an archive that would cost more than the limits to open."""
    infos = archive.infolist()
    _check_directory(infos, limits)
    for info in infos:
        if not info.is_dir():
            _scan_part(archive, info, limits)


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_PARTS:
        raise WorkbookRefused(words.too_many_parts(len(infos), MAX_PARTS))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unzipped_bytes:
        raise WorkbookRefused(words.unpacks_too_big(unpacked, limits))
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise WorkbookRefused(words.ratio_too_high(info.filename, ratio, limits))


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    scan = _PartScan(info.filename, limits)
    fed = 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            fed += len(chunk)
            if not scan.feed(chunk):
                return  # not XML (an image ...): openpyxl's expat could not parse it either
            if fed - scan.last_event > MAX_TOKEN_BYTES:
                raise WorkbookRefused(words.not_a_workbook())
    scan.close()


class _PartScan:
    """Counts one XML part through expat's callbacks; raises at the first limit passed."""

    def __init__(self, part: str, limits: Limits) -> None:
        self.part = part
        self.limits = limits
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        self.depth = 0
        self.root = ""
        self.last_event = 0
        # The open unit: a <row> of a sheet or an <si> of the shared strings.
        self.unit = ""
        self.unit_depth = 0
        self.unit_elements = 0
        self.rows = 0
        self.row_number = 0
        self.row_attributes = 0
        self.cells = 0
        self.column = 0
        self.cell_ref = ""
        self.cell_text = 0
        self.strings = 0
        self.string_chars = 0
        self.other_elements = 0
        self.other_text = 0

    def feed(self, chunk: bytes) -> bool:
        """False when the part is not XML at all: expat failed before its first element."""
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError:
            if not self.root:
                return False
            raise WorkbookRefused(words.not_a_workbook()) from None
        return True

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            if self.root:  # XML that never ends; an empty part is nothing openpyxl reads
                raise WorkbookRefused(words.not_a_workbook()) from None

    def doctype(self, *args) -> None:
        raise WorkbookRefused(words.not_a_workbook())

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        local = name.rpartition(" ")[2]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise WorkbookRefused(words.not_a_workbook())
        if self.depth == 1:
            self.root = local
        if len(attrs) > MAX_ATTRIBUTES:
            raise WorkbookRefused(words.too_complex(self.part, MAX_ATTRIBUTES))
        if self.unit:
            self._inside_unit(local, attrs)
        elif local == "row":
            self._open_row(attrs)
        elif local == "si" and self.root == "sst":
            self._open_string()
        else:
            self.other_elements += 1
            self.other_text = 0
            if self.other_elements > MAX_OTHER_ELEMENTS:
                raise WorkbookRefused(words.too_complex(self.part, MAX_OTHER_ELEMENTS))
            if local == "dimension":
                _check_dimension(attrs.get("ref", ""), self.limits)

    def end(self, name: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if self.unit and self.depth == self.unit_depth:
            self.unit = ""
        self.depth -= 1

    def text(self, data: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if self.unit == "row":
            self.cell_text += len(data)
            if self.cell_text > self.limits.max_cell_chars:
                raise WorkbookRefused(words.cell_too_long(self._cell_name(), self.limits))
        elif self.unit == "si":
            self.cell_text += len(data)
            self.string_chars += len(data)
            if self.cell_text > self.limits.max_cell_chars:
                raise WorkbookRefused(words.text_too_long(self.limits))
            if self.string_chars > self.limits.max_text_chars:
                raise WorkbookRefused(words.too_much_text(self.limits))
        else:
            self.other_text += len(data)
            if self.other_text > MAX_OTHER_TEXT:
                raise WorkbookRefused(words.too_complex(self.part, MAX_OTHER_ELEMENTS))

    # --- units --------------------------------------------------------------------

    def _open_row(self, attrs: dict[str, str]) -> None:
        self.unit, self.unit_depth, self.unit_elements = "row", self.depth, 0
        self.rows += 1
        self.row_number = _row_number(attrs.get("r"), default=self.row_number + 1)
        self.cells = self.column = self.cell_text = 0
        if max(self.rows, self.row_number) > self.limits.max_rows:
            raise WorkbookRefused(words.too_many_rows(self.limits.max_rows))
        kept = [name for name in attrs if name.rpartition(" ")[2] not in ("r", "spans")]
        self.row_attributes += len(kept)
        if (
            len(attrs) > MAX_ROW_ATTRIBUTES
            or any(len(value) > MAX_ROW_ATTRIBUTE_CHARS for value in attrs.values())
            or self.row_attributes > ROW_ATTRIBUTES_PER_ROW * self.limits.max_rows
        ):
            raise WorkbookRefused(words.too_complex(self.part, MAX_ROW_ATTRIBUTES))

    def _open_string(self) -> None:
        self.unit, self.unit_depth, self.unit_elements = "si", self.depth, 0
        self.strings += 1
        self.cell_text = 0
        if self.strings > MAX_SHARED_STRINGS:
            raise WorkbookRefused(words.too_complex(self.part, MAX_SHARED_STRINGS))

    def _inside_unit(self, local: str, attrs: dict[str, str]) -> None:
        self.unit_elements += 1
        per_unit = MAX_ELEMENTS_PER_CELL * (self.limits.max_columns if self.unit == "row" else 1)
        if self.unit_elements > per_unit:
            raise WorkbookRefused(words.too_complex(self.part, per_unit))
        if self.unit == "row" and local == "c" and self.depth == self.unit_depth + 1:
            self._open_cell(attrs.get("r", ""))

    def _open_cell(self, ref: str) -> None:
        # Where openpyxl puts the cell: its reference's column, else the one after the last.
        self.cells += 1
        self.cell_text = 0
        self.cell_ref = ref
        match = _CELL_REF.match(ref)
        self.column = _column_index(match.group(1)) if match else self.column + 1
        widest = max(self.cells, self.column)
        if widest > self.limits.max_columns:
            raise WorkbookRefused(words.too_many_columns(self.row_number, widest, self.limits))

    def _cell_name(self) -> str:
        return self.cell_ref or f"{words.column_letter(max(1, self.column))}{self.row_number}"


def _check_dimension(ref: str, limits: Limits) -> None:
    """The sheet's declared used range (``A1:XFD1048576``) against the row and column limits."""
    corners = [_CELL_REF.match(part) for part in ref.split(":")]
    if not ref or not all(corners):
        return
    rows = max(int(match.group(2)) if len(match.group(2)) < 10 else 10**9 for match in corners)
    columns = max(_column_index(match.group(1)) for match in corners)
    if rows > limits.max_rows or columns > limits.max_columns:
        raise WorkbookRefused(words.declared_too_big(ref[:40], rows, columns, limits))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _row_number(text: str | None, *, default: int) -> int:
    """A row's ``r`` as openpyxl reads it (``"7"``, also ``"7.0"`` or ``"1e6"``)."""
    if text is None:
        return default
    try:
        number = float(text)
    except ValueError:
        return default  # openpyxl refuses it; so will the reader
    return int(number) if number.is_integer() else default
