"""Reading an uploaded table (CSV or Excel) for the imports: the file-level checks.

Every import (the employee master, e-presence attendance) reads its file here,
through one set of limits (``Limits``, from settings, README lists them),
checked before and while loading, never after:

- the file's size, before a byte is read;
- for .xlsx, the zip and every XML part in it (workbook_guard), before
  openpyxl opens it; then openpyxl reads in read-only mode, row by row;
- for CSV, the encoding and the length of each line, before it is parsed;
- while rows stream in: rows (blank ones too), columns, the text of a cell
  and of the whole file, and the import's own number of data rows.

The first limit passed refuses the whole file with words that say which; a
refused file saves nothing. What the columns mean is each import's own
business.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import upload_limits as words
from . import workbook_guard
from .formulas import restore
from .upload_limits import Limits
from .workbook_guard import WorkbookRefused

logger = logging.getLogger(__name__)

_LINE_END = re.compile(r"\r\n|\r|\n")

# Excel keeps numbers as doubles: an 18-digit NIP typed as a number has already
# lost its last digits. Such a cell is marked so the row is refused, not guessed.
LOST_DIGITS = "#angka:"


class FileRejected(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


def read_rows(
    name: str,
    content: bytes,
    *,
    kinds: tuple[str, ...],
    max_rows: int,
    limits: Limits | None = None,
) -> list[list[str]]:
    """The non-blank rows of a .csv or .xlsx upload, cells as stripped text.

    ``max_rows`` is the import's own limit of data rows (the header not counted).
    """
    limits = limits or Limits.from_settings()
    if len(content) > limits.max_bytes:
        raise FileRejected(words.too_big(limits))
    kind = next((k for k in kinds if name.lower().endswith(k)), None)
    if kind is None:
        raise FileRejected(
            _("Jenis berkas tidak didukung: unggah %(kinds)s.") % {"kinds": " / ".join(kinds)}
        )
    if not content.strip():
        raise FileRejected(_("Berkas kosong."))
    table = _Table(limits, max_rows)
    rows = _xlsx_rows(content, limits) if kind == ".xlsx" else _csv_rows(content, limits)
    for number, cells in rows:
        table.add(number, cells)
    if not table.rows:
        raise FileRejected(_("Berkas kosong."))
    return table.rows


class _Table:
    """The rows as they stream in, refused at the first limit passed."""

    def __init__(self, limits: Limits, max_rows: int) -> None:
        self.limits = limits
        self.max_rows = max_rows
        self.rows: list[list[str]] = []
        self.seen = 0
        self.cells = 0
        self.chars = 0

    def add(self, number: int, cells: list[str]) -> None:
        self.seen += 1
        if self.seen > self.limits.max_rows:
            raise FileRejected(words.too_many_rows(self.limits.max_rows))
        while cells and not cells[-1].strip():
            cells.pop()
        self._count(number, cells)
        if not any(cell.strip() for cell in cells):
            return
        if len(self.rows) > self.max_rows:  # the header and max_rows data rows are in
            raise FileRejected(words.too_many_rows(self.max_rows))
        self.rows.append([restore(cell) for cell in cells])

    def _count(self, number: int, cells: list[str]) -> None:
        if len(cells) > self.limits.max_columns:
            raise FileRejected(words.too_many_columns(number, len(cells), self.limits))
        for column, cell in enumerate(cells, start=1):
            if len(cell) > self.limits.max_cell_chars:
                name = f"{words.column_letter(column)}{number}"
                raise FileRejected(words.cell_too_long(name, self.limits))
            self.chars += len(cell)
            self.cells += bool(cell)
        if self.cells > self.limits.max_cells:
            raise FileRejected(words.too_many_cells(self.limits))
        if self.chars > self.limits.max_text_chars:
            raise FileRejected(words.too_much_text(self.limits))


# --- CSV --------------------------------------------------------------------------------


def _csv_rows(content: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(_("Berkas CSV harus berformat teks UTF-8.")) from None
    if "\x00" in text:
        raise FileRejected(_("Berkas ini bukan CSV."))
    first = (text[: limits.max_line_chars].splitlines() or [""])[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_bounded_lines(text, limits), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in row]
    except csv.Error:
        # Only a field longer than the csv module's own limit (128 KB) gets here:
        # a quoted value running over many lines, or a quote never closed.
        raise FileRejected(words.csv_cell_too_long(number + 1, limits)) from None


def _bounded_lines(text: str, limits: Limits) -> Iterator[str]:
    """Each physical line with its ending (\r\n, \n or a lone \r, as the csv module wants
    them), refused before it is parsed when no allowed row could be so long."""
    start = 0
    for number, end in enumerate(_line_ends(text), start=1):
        if end - start > limits.max_line_chars:
            raise FileRejected(words.line_too_long(number, end - start, limits))
        yield text[start:end]
        start = end


def _line_ends(text: str) -> Iterator[int]:
    for match in _LINE_END.finditer(text):
        yield match.end()
    if not text.endswith(("\r", "\n")):
        yield len(text)


# --- Excel ------------------------------------------------------------------------------


def _xlsx_rows(content: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            workbook_guard.check_workbook(archive, limits)
    except WorkbookRefused as refusal:
        raise FileRejected(str(refusal)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRejected(words.not_a_workbook()) from None
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # openpyxl fails in many ways on a malformed workbook
        logger.info("unreadable .xlsx upload", exc_info=True)
        raise FileRejected(words.not_a_workbook()) from None
    try:
        sheet = workbook.worksheets[0]
        # The declared size was checked by the guard; read what is really there.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if value is None else _cell_text(value) for value in values]
    except Exception:
        logger.info("unreadable .xlsx upload", exc_info=True)
        raise FileRejected(words.not_a_workbook()) from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and abs(value) >= 1e15:
        return LOST_DIGITS + repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class TableUploadForm(forms.Form):
    """An upload whose cleaned ``rows`` are the table read by ``read_table``."""

    kinds: tuple[str, ...] = (".xlsx", ".csv")

    file = forms.FileField(error_messages={"empty": gettext_lazy("Berkas kosong.")})

    def max_rows(self) -> int:
        """The import's limit of data rows."""
        raise NotImplementedError

    def read_table(self, table: list[list[str]]) -> list[dict[str, str]]:
        raise NotImplementedError

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limits = Limits.from_settings()
        if upload.size > limits.max_bytes:  # before a byte of it is read
            raise forms.ValidationError(words.too_big(limits))
        try:
            table = read_rows(
                upload.name,
                upload.read(),
                kinds=self.kinds,
                max_rows=self.max_rows(),
                limits=limits,
            )
            self.cleaned_data["rows"] = self.read_table(table)
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload
