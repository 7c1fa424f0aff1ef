"""The column mapping proposed from a file's header row: table-driven, no database."""

from __future__ import annotations

import pytest

from attendance import mapping
from attendance.models import ImportSource


@pytest.mark.parametrize(
    ("header", "folded"),
    [
        ("NIP", "nip"),
        ("  NIP_Baru ", "nip baru"),
        ("Lintang (°)", "lintang"),
        ("Tanggal/Waktu", "tanggal waktu"),
        ("LÓNGITUDE", "longitude"),
        ("Perangkat\u00a0ID", "perangkat id"),
        ("Dátum-Jám", "datum jam"),
        ("", ""),
    ],
)
def test_a_header_is_folded_without_case_accents_or_punctuation(header, folded):
    assert mapping.fold(header) == folded


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # A typical export: every field by its usual Indonesian name.
        (
            ["NIP", "Tanggal", "Jam", "Lintang", "Bujur", "Akurasi", "Perangkat"],
            {"nip": "NIP", "date": "Tanggal", "time": "Jam", "lat": "Lintang", "lng": "Bujur",
             "accuracy": "Akurasi", "device": "Perangkat"},
        ),
        # English names, other case, extra columns left alone.
        (
            ["No", "Nama", "nip", "TIMESTAMP", "LATITUDE", "LONGITUDE", "Device ID"],
            {"nip": "nip", "date": "TIMESTAMP", "lat": "LATITUDE", "lng": "LONGITUDE",
             "device": "Device ID"},
        ),
        # The new NIP before the old one; an old NIP is never proposed.
        (["NIP Lama", "NIP Baru", "Waktu"], {"nip": "NIP Baru", "date": "Waktu"}),
        (["NIP Lama", "Tgl"], {"date": "Tgl"}),
        # "Waktu" is the date-and-time when alone, the time next to a date.
        (["NIP", "Waktu"], {"nip": "NIP", "date": "Waktu"}),
        (["NIP", "Tanggal", "Waktu"], {"nip": "NIP", "date": "Tanggal", "time": "Waktu"}),
        # Short and accented forms; punctuation and spacing do not matter.
        (
            ["N.I.P", "tgl.", "Pukul", "lat", "lng", "acc"],
            {"date": "tgl.", "time": "Pukul", "lat": "lat", "lng": "lng", "accuracy": "acc"},
        ),
        (["NIP", "Fecha", "Látitude", "Lón"], {"nip": "NIP", "lat": "Látitude", "lng": "Lón"}),
        (["nip_pegawai", "tanggal_presensi", "jam_masuk"],
         {"nip": "nip_pegawai", "date": "tanggal_presensi", "time": "jam_masuk"}),
        # Words that rule a header out: a birth date is no check-in date.
        (["NIP", "Tanggal Lahir", "Tanggal Absen"], {"nip": "NIP", "date": "Tanggal Absen"}),
        # An exact name beats one with extra words.
        (["Lat Kantor", "Lat", "Long"], {"lat": "Lat", "lng": "Long"}),
        # Nothing recognisable: nothing proposed.
        (["Kolom A", "Kolom B"], {}),
        ([], {}),
    ],
)  # fmt: skip
def test_columns_are_proposed_from_the_header(header, expected):
    assert mapping.guess_columns(header) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2025-04-08", "2025-04-09 07:30"], "%Y-%m-%d"),
        (["2025-04-08T07:30:00"], "%Y-%m-%d"),
        (["08/04/2025", "8/4/2025 07.30"], "%d/%m/%Y"),
        (["08-04-2025", ""], "%d-%m-%Y"),
        (["08/04/2025", "2025-04-08"], None),  # two formats in one column: the user says
        (["April 8"], None),
        (["", "  "], None),
        ([], None),
    ],
)
def test_the_date_format_is_read_from_the_sample(values, expected):
    assert mapping.guess_date_format(values) == expected


def test_the_date_formats_are_those_the_import_reads():
    assert set(mapping.DATE_SHAPES) == set(ImportSource.DateFormat.values)


def test_a_file_gets_a_whole_proposal():
    table = [
        ["No", "NIP Baru", "Tanggal", "Jam", "Lat", "Long", "HP"],
        ["1", "198001012005011001", "08/04/2025", "07:31", "-6.12", "106.15", "A1"],
        ["2", "198001012005011002", "08/04/2025", "07:40", "-6.13", "106.16"],
    ]
    proposal = mapping.guess(table)
    assert proposal.columns == {
        "nip": "NIP Baru",
        "date": "Tanggal",
        "time": "Jam",
        "lat": "Lat",
        "lng": "Long",
        "device": "HP",
    }
    assert proposal.date_format == "%d/%m/%Y"
    assert proposal.unused == ["No"]
    assert (proposal.column("accuracy"), proposal.column("nip")) == ("", "NIP Baru")


def test_the_sample_is_squared_and_cut():
    table = [["A", "B"], ["x" * 100], ["1", "2", "3"]] + [["r", "s"]] * 10
    shown = mapping.sample(table, rows=3, width=10)
    assert shown[:3] == [["A", "B"], ["x" * 10, ""], ["1", "2"]]
    assert len(shown) == 4
    assert mapping.sample([]) == []
