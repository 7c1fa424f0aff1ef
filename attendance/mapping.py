"""Guess an attendance app's column mapping from its file's header row (and a few rows).

Pure Python, no Django: headers and sample rows in, a proposed mapping out. The user
confirms or corrects it before it is saved (``attendance.mapping_views``).

A header is compared after folding: accents dropped, lower case, every run of
punctuation a single space ("Lintang (°)" -> "lintang", "NIP_Baru" -> "nip baru").
Each field has names in order of preference; a header equal to a name beats one that
only contains it as words ("NIP Baru" beats "NIP Pegawai" for "nip baru"), an earlier
name beats a later one, and some words rule a header out ("NIP Lama", "Tanggal Lahir").
Fields are matched in the order of ``FIELDS``, each header used once, so "Waktu" is the
date column when there is no "Tanggal" and the time column when there is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

FIELDS = ("nip", "date", "time", "lat", "lng", "accuracy", "device")

# Per field: names in order of preference, and words that rule a header out.
NAMES: dict[str, tuple[str, ...]] = {
    "nip": ("nip baru", "nip", "nip pegawai", "nip asn", "no nip", "nomor induk pegawai"),
    "date": (
        "tanggal",
        "tgl",
        "date",
        "tanggal presensi",
        "tanggal absen",
        "timestamp",
        "datetime",
        "tanggal waktu",
        "waktu presensi",
        "waktu absen",
        "waktu",
    ),
    "time": ("jam", "time", "pukul", "jam presensi", "jam absen", "jam masuk", "waktu"),
    "lat": ("lat", "latitude", "lintang"),
    "lng": ("lon", "lng", "long", "longitude", "bujur"),
    "accuracy": ("akurasi", "accuracy", "acc", "akurasi gps", "gps accuracy"),
    "device": ("device", "perangkat", "device id", "id perangkat", "imei", "hp", "gawai"),
}
NEVER: dict[str, frozenset[str]] = {
    "nip": frozenset({"lama", "atasan", "penilai"}),
    "date": frozenset({"lahir", "unggah", "upload", "dibuat", "created"}),
    "time": frozenset({"lahir", "unggah", "upload", "dibuat", "created"}),
    "device": frozenset(),
}

# The date formats the import reads (the values of ImportSource.DateFormat), and what a
# sample value in each looks like (a time may follow).
DATE_SHAPES: dict[str, re.Pattern[str]] = {
    "%Y-%m-%d": re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?"),
    "%d/%m/%Y": re.compile(r"\d{1,2}/\d{1,2}/\d{4}(?:[ T].*)?"),
    "%d-%m-%Y": re.compile(r"\d{1,2}-\d{1,2}-\d{4}(?:[ T].*)?"),
}

SAMPLE_ROWS = 5
_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def fold(header: str) -> str:
    """ "  Lintang (°) " -> "lintang"; "NIP_Baru" -> "nip baru"; "Tgl/Jam" -> "tgl jam"."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


@dataclass(frozen=True)
class Guess:
    """A proposed mapping: the original header for each field found, and a date format
    when the sample shows one."""

    columns: dict[str, str]
    date_format: str | None = None
    unused: list[str] = field(default_factory=list)

    def column(self, name: str) -> str:
        return self.columns.get(name, "")


def _score(name_list: tuple[str, ...], never: frozenset[str], folded: str) -> tuple | None:
    """How well a folded header fits a field (higher is better), or None."""
    words = folded.split()
    if not words or never & set(words):
        return None
    for rank, name in enumerate(name_list):
        if folded == name:
            return (2, -rank, 0)
    for rank, name in enumerate(name_list):
        wanted = name.split()
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] == wanted:
                # The fewer extra words, the likelier ("Lat" before "Lat Kantor").
                return (1, -rank, -(len(words) - len(wanted)))
    return None


def guess_columns(header: Sequence[str]) -> dict[str, str]:
    """The best unused header for each field, in the order of FIELDS."""
    folded = [fold(h) for h in header]
    taken: set[int] = set()
    found: dict[str, str] = {}
    for name in FIELDS:
        never = NEVER.get(name, frozenset())
        scored = [
            (score, -i, i)
            for i, text in enumerate(folded)
            if i not in taken and (score := _score(NAMES[name], never, text)) is not None
        ]
        if scored:
            _score_of, _order, best = max(scored)
            taken.add(best)
            found[name] = header[best].strip()
    return found


def guess_date_format(values: Sequence[str]) -> str | None:
    """The one date format every non-empty sample value fits, or None (none, or several)."""
    seen = [v.strip() for v in values if v and v.strip()]
    if not seen:
        return None
    fitting = [fmt for fmt, shape in DATE_SHAPES.items() if all(shape.fullmatch(v) for v in seen)]
    return fitting[0] if len(fitting) == 1 else None


def guess(table: Sequence[Sequence[str]]) -> Guess:
    """The proposal for a file: its header row and the sample rows after it."""
    if not table:
        return Guess(columns={})
    header = [str(h) for h in table[0]]
    columns = guess_columns(header)
    date_format = None
    if "date" in columns:
        index = [h.strip() for h in header].index(columns["date"])
        values = [row[index] for row in table[1 : 1 + SAMPLE_ROWS] if index < len(row)]
        date_format = guess_date_format(values)
    used = set(columns.values())
    unused = [h for h in header if h.strip() and h.strip() not in used]
    return Guess(columns=columns, date_format=date_format, unused=unused)


def sample(
    table: Sequence[Sequence[str]], rows: int = SAMPLE_ROWS, width: int = 80
) -> list[list[str]]:
    """The header and the first rows, each cell cut to ``width`` characters, for showing."""
    if not table:
        return []
    columns = len(table[0])
    return [
        [str(cell)[:width] for cell in list(row[:columns]) + [""] * (columns - len(row))]
        for row in table[: 1 + rows]
    ]
