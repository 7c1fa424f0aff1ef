"""The standing policy's PDF in the layout of a decree: the circulars' letterhead, the
number, what it weighs and its legal basis, the decided terms, the signatory; in
Indonesian whatever the reader's language; drawn once per version."""

from __future__ import annotations

import re
from datetime import date, time
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from circulars.pdf import agency_letterhead
from organizations.tests.factories import UnitFactory
from standing import services as svc
from standing.pdf import decided_terms, decree_html

from .builders import make_policy

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_letterhead_is_the_circulars_own(world):
    UnitFactory(agency=world.agency, code="bkpsdm", name="Badan Kepegawaian dan SDM")
    assert agency_letterhead(world.agency) == [
        world.agency.name.upper(),
        "BADAN KEPEGAWAIAN DAN SDM",
    ]


def test_the_decree_reads_as_a_decree(world, client):
    UnitFactory(agency=world.agency, code="bkpsdm", name="Badan Kepegawaian dan SDM")
    policy = make_policy(
        world,
        signatory_position="Kepala BKPSDM",
        signatory_name="Drs. Budi Santoso",
        issued_on=date(2025, 8, 25),
        legal_bases="Undang-Undang Nomor 20 Tahun 2023\nPermen PANRB Nomor 4 Tahun 2025",
    )
    response = client.get(reverse("standing:public_policy_pdf", args=[policy.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for words in (
        "BADAN KEPEGAWAIAN DAN SDM",
        "KEPUTUSAN KEPALA BKPSDM",
        "NOMOR 800/12/BKPSDM/2025",
        "FLEKSIBILITAS KERJA ASN",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "Menimbang",
        "Peraturan Menteri Pendayagunaan Aparatur Negara",
        "Mengingat",
        "Undang-Undang Nomor 20 Tahun 2023",
        "MEMUTUSKAN:",
        "KESATU",
        "paling banyak 2 hari kerja per minggu",
        "Ditetapkan pada tanggal 25 Agustus 2025",
        "Drs. Budi Santoso",
    ):
        assert words in text, words
    assert "Ketentuan Isi" not in text  # no longer the appendix's two-column table


def test_its_own_considerations_replace_the_standard_ones(world):
    policy = make_policy(world, considerations="bahwa kemacetan meningkat;\nbahwa perlu diatur;")
    html = decree_html(policy)
    assert "bahwa kemacetan meningkat;" in html and "bahwa perlu diatur;" in html
    assert "Peraturan Menteri Pendayagunaan" not in html


@pytest.mark.parametrize(
    "overrides, ordinal, words",
    [
        ({}, "KESATU", "berlaku mulai 1 September 2025 tanpa batas akhir"),
        ({"end": date(2026, 8, 31)}, "KESATU", "sampai dengan 31 Agustus 2026"),
        ({"weekly_limit": 1, "open_weekdays": [0, 4]}, "KEDUA", "1 hari kerja per minggu"),
        ({"weekly_limit": 1, "open_weekdays": [0, 4]}, "KEDUA", "pada hari Senin, Jumat"),
        ({"cap_percent": 75}, "KETIGA", "paling banyak 75% dari jumlah pegawai"),
        ({}, "KEEMPAT", "pegawai yang sedang menjalani hukuman disiplin"),
        ({"new_employee_months": 6}, "KEEMPAT", "kurang dari 6 bulan sejak TMT"),
        ({"excludes_sanctioned": False, "new_employee_months": None}, "KEEMPAT", "daerah."),
        ({}, "KELIMA", "paling lambat pukul 08.30"),
        ({}, "KELIMA", "32.5 jam per minggu pada bulan Ramadan"),
        ({}, "KEDELAPAN", "mulai berlaku pada tanggal ditetapkan"),
    ],
)
def test_the_decided_terms(world, overrides, ordinal, words):
    policy = make_policy(world, **overrides)
    terms = dict(decided_terms(policy))
    assert words in terms[ordinal]


def test_the_shifts_are_named(world):
    policy = make_policy(world, shifts=[svc.ShiftRow("pagi", time(7, 0), time(15, 30))])
    assert "shift: pagi 07.00–15.30" in dict(decided_terms(policy))["KELIMA"]


def test_without_exclusions_none_are_named(world):
    policy = make_policy(world, excludes_sanctioned=False, new_employee_months=None)
    assert "dikecualikan" not in dict(decided_terms(policy))["KEEMPAT"]


def test_an_ended_policy_is_marked(world):
    policy = make_policy(world)
    svc.end_policy(policy=policy, end=date(2025, 12, 31), reason="Evaluasi", actor=world.admin)
    policy.refresh_from_db()
    assert "DIAKHIRI – TIDAK BERLAKU LAGI" in decree_html(policy)


def test_an_english_reader_gets_the_indonesian_decree(world):
    policy = make_policy(world)
    with translation.override("en"):
        html = decree_html(policy)
    assert "MEMUTUSKAN:" in html and "Menimbang" in html


def test_a_version_is_drawn_once(world, client, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    policy = make_policy(world)
    drawn = []

    import circulars.pdf as letters

    real = letters.html_to_pdf

    def counting(html: str) -> bytes:
        drawn.append(1)
        return real(html)

    monkeypatch.setattr("standing.pdf.html_to_pdf", counting)
    url = reverse("standing:public_policy_pdf", args=[policy.pk])
    first = client.get(url).content
    assert client.get(url).content == first and len(drawn) == 1
