"""Reading an uploaded table (CSV or Excel) for the imports: the file-level checks.

Every import (the employee master, e-presence attendance) reads its file here:
size, type, encoding, empty files and Excel's lost NIP digits are refused the
same way with the same words. What the columns mean is each import's own
business.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 10 * 1024 * 1024
# Excel keeps numbers as doubles: an 18-digit NIP typed as a number has already
# lost its last digits. Such a cell is marked so the row is refused, not guessed.
LOST_DIGITS = "#angka:"


class FileRejected(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


def read_rows(name: str, content: bytes, *, kinds: tuple[str, ...]) -> list[list[str]]:
    """The non-blank rows of a .csv or .xlsx upload, cells as stripped text."""
    if len(content) > MAX_BYTES:
        raise FileRejected(_("Berkas terlalu besar: paling banyak 10 MB."))
    kind = next((k for k in kinds if name.lower().endswith(k)), None)
    if kind is None:
        raise FileRejected(
            _("Jenis berkas tidak didukung: unggah %(kinds)s.") % {"kinds": " / ".join(kinds)}
        )
    if not content.strip():
        raise FileRejected(_("Berkas kosong."))
    table = _xlsx_rows(content) if kind == ".xlsx" else _csv_rows(content)
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise FileRejected(_("Berkas kosong."))
    return table


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(_("Berkas CSV harus berformat teks UTF-8.")) from None
    if "\x00" in text:
        raise FileRejected(_("Berkas ini bukan CSV."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRejected(_("Berkas ini bukan lembar kerja Excel (.xlsx) yang sah.")) from None
    rows = [
        ["" if cell is None else _cell_text(cell) for cell in row]
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


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

    def read_table(self, table: list[list[str]]) -> list[dict[str, str]]:
        raise NotImplementedError

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar: paling banyak 10 MB."))
        try:
            table = read_rows(upload.name, upload.read(), kinds=self.kinds)
            self.cleaned_data["rows"] = self.read_table(table)
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload
