"""The limits of an uploaded table and the words that refuse a file passing one.

The figures come from settings (README's variable table); ``tables`` and
``workbook_guard`` check them and speak with these words, in the reader's
language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_unzipped_bytes: int
    max_zip_ratio: int

    @property
    def max_text_chars(self) -> int:
        """All the cells' text together: no workbook holds more than a CSV of the size limit."""
        return self.max_bytes

    @property
    def max_line_chars(self) -> int:
        """The longest CSV line that could hold an allowed row (quotes and separators in)."""
        return self.max_columns * (self.max_cell_chars + 3)

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.UPLOAD_MAX_BYTES,
            max_rows=settings.UPLOAD_MAX_ROWS,
            max_columns=settings.UPLOAD_MAX_COLUMNS,
            max_cells=settings.UPLOAD_MAX_CELLS,
            max_cell_chars=settings.UPLOAD_MAX_CELL_CHARS,
            max_unzipped_bytes=settings.UPLOAD_MAX_UNZIPPED_BYTES,
            max_zip_ratio=settings.UPLOAD_MAX_ZIP_RATIO,
        )


def number(value: int) -> str:
    """1.048.576 in Indonesian, 1,048,576 in English."""
    return number_format(value, force_grouping=True)


def size_text(size: int) -> str:
    """A size in MB (10 MB, 12,5 MB), or in KB under a megabyte."""
    unit, name = (MEGABYTE, "MB") if size >= MEGABYTE else (1024, "KB")
    whole = size % unit == 0
    return (
        f"{number_format(size / unit, decimal_pos=0 if whole else 1, force_grouping=True)} {name}"
    )


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters or "A"


# --- the words --------------------------------------------------------------------------


def too_big(limits: Limits) -> str:
    return _("Berkas terlalu besar: paling banyak %(size)s.") % {
        "size": size_text(limits.max_bytes)
    }


def not_a_workbook() -> str:
    return _("Berkas ini bukan lembar kerja Excel (.xlsx) yang sah.")


def too_many_rows(limit: int) -> str:
    return _("Terlalu banyak baris: paling banyak %(n)s.") % {"n": number(limit)}


def too_many_columns(row: int, columns: int, limits: Limits) -> str:
    return _("Baris %(row)s memuat %(n)s kolom; paling banyak %(max)s.") % {
        "row": number(row),
        "n": number(columns),
        "max": number(limits.max_columns),
    }


def cell_too_long(cell: str, limits: Limits) -> str:
    return _("Sel %(cell)s terlalu panjang: lebih dari %(max)s karakter.") % {
        "cell": cell,
        "max": number(limits.max_cell_chars),
    }


def text_too_long(limits: Limits) -> str:
    return _("Sebuah teks dalam berkas terlalu panjang: lebih dari %(max)s karakter.") % {
        "max": number(limits.max_cell_chars)
    }


def csv_cell_too_long(row: int, limits: Limits) -> str:
    return _("Sel pada baris %(row)s terlalu panjang: lebih dari %(max)s karakter.") % {
        "row": number(row),
        "max": number(limits.max_cell_chars),
    }


def line_too_long(row: int, length: int, limits: Limits) -> str:
    return _("Baris %(row)s terlalu panjang: %(n)s karakter; paling banyak %(max)s.") % {
        "row": number(row),
        "n": number(length),
        "max": number(limits.max_line_chars),
    }


def too_many_cells(limits: Limits) -> str:
    return _("Berkas memuat terlalu banyak sel berisi: lebih dari %(max)s.") % {
        "max": number(limits.max_cells)
    }


def too_much_text(limits: Limits) -> str:
    return _("Berkas memuat terlalu banyak teks: lebih dari %(max)s karakter.") % {
        "max": number(limits.max_text_chars)
    }


def too_complex(part: str, limit: int) -> str:
    return _("Berkas Excel ini terlalu rumit: bagian %(part)s melebihi %(max)s unsur.") % {
        "part": part,
        "max": number(limit),
    }


def too_many_parts(parts: int, limit: int) -> str:
    return _("Berkas Excel ini memuat terlalu banyak bagian (%(n)s; paling banyak %(max)s).") % {
        "n": number(parts),
        "max": number(limit),
    }


def unpacks_too_big(size: int, limits: Limits) -> str:
    return _("Isi berkas Excel terlalu besar setelah dibuka: %(size)s, paling banyak %(max)s.") % {
        "size": size_text(size),
        "max": size_text(limits.max_unzipped_bytes),
    }


def ratio_too_high(part: str, ratio: float, limits: Limits) -> str:
    return _(
        "Berkas Excel ini tidak wajar: bagian %(part)s mengembang %(ratio)s kali saat dibuka "
        "(paling banyak %(max)s kali)."
    ) % {"part": part, "ratio": number(int(ratio)), "max": number(limits.max_zip_ratio)}


def declared_too_big(ref: str, rows: int, columns: int, limits: Limits) -> str:
    return _(
        "Lembar kerja menyatakan ukuran %(ref)s (%(rows)s baris × %(columns)s kolom); "
        "paling banyak %(max_rows)s baris dan %(max_columns)s kolom."
    ) % {
        "ref": ref,
        "rows": number(rows),
        "columns": number(columns),
        "max_rows": number(limits.max_rows),
        "max_columns": number(limits.max_columns),
    }
