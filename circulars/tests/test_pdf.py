"""The circular as a PDF: what the letter says, and who may download it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from circulars import pdf
from circulars.models import Circular, Limit, Window
from organizations.tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db

NIP = "196905121994031004"


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of whitespace made single spaces."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def make_circular(agency, *, status=Circular.Status.PUBLISHED, number="800.1.6/123-BKPSDM/2025"):
    circular = Circular.objects.create(
        agency=agency,
        number=number,
        title="Pelaksanaan Tugas Kedinasan secara Fleksibel pada Masa Libur Idul Fitri 1446 H",
        status=status,
        published_at=datetime(2025, 3, 17, 2, 0, tzinfo=UTC) if status != "draft" else None,
        arrangement="WFA",
        cap_percent=50,
        signatory_name="Drs. H. Ahmad Suhaemi, M.Si.",
        signatory_rank="Pembina Utama Muda (IV/c)",
        signatory_nip=NIP,
        signatory_position="Sekretaris Daerah Kota Serang",
        issued_place="Serang",
        issued_on=date(2025, 3, 17),
        addressees="Kepala Perangkat Daerah\nCamat se-Kota Serang",
        legal_bases="Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
        purpose="Mengurai kepadatan arus mudik.",
        body="Unit pelayanan **tetap siaga** penuh.\n\n<script>alert('x')</script>",
        copies_to="Wali Kota Serang (sebagai laporan)\nInspektur Kota Serang",
        conditions="Pegawai tetap dapat dihubungi.",
        exempt_categories=["health"],
        exempt_roles=["treasurer"],
        work_start=time(7, 30),
        work_end=time(16, 0),
        break_start=time(12, 0),
        break_end=time(13, 0),
    )
    Window.objects.create(circular=circular, start=date(2025, 3, 24), end=date(2025, 3, 27))
    return circular


@pytest.fixture
def letter(world):
    """A published circular of world.agency, whose OPDs get staff for the lampiran."""
    world.agency.name = "Pemerintah Kota Serang"
    world.agency.save()
    UnitFactory(
        agency=world.agency,
        code="bkpsdm",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        short_name="BKPSDM",
    )
    UnitFactory(agency=world.agency, code="dinkes", name="Dinas Kesehatan", category="health")
    # Bappeda (world.other_opd) gets 7 staff in all: 3 may be away at 50%
    EmployeeFactory.create_batch(6, unit=world.other_opd)
    return make_circular(world.agency)


@pytest.fixture
def letter_text(letter) -> str:
    return pdf_text(pdf.render_circular_pdf(letter))


def test_pdf_is_a_pdf(letter):
    assert pdf.render_circular_pdf(letter).startswith(b"%PDF-")


LETTER_PARTS = [
    "PEMERINTAH KOTA SERANG",  # letterhead-agency
    "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",  # letterhead
    "SURAT EDARAN",  # kind
    "NOMOR 800.1.6/123-BKPSDM/2025",  # number
    "TENTANG",  # subject
    "Yth.",  # addressees
    "Camat se-Kota Serang",  # addressee
    "24 Maret 2025 sampai dengan 27 Maret 2025",  # window
    "paling banyak 50%",  # cap
    "Bendahara",  # exempt-role
    "07.30–16.00",  # working-hours
    "Ditetapkan di Serang",  # place
    "pada tanggal 17 Maret 2025",  # date
    "SEKRETARIS DAERAH KOTA SERANG",  # signatory-position
    "Drs. H. Ahmad Suhaemi, M.Si.",  # signatory-name
    "Pembina Utama Muda (IV/c)",  # signatory-rank
    "NIP. 19690512 199403 1 004",  # signatory-nip
    "Tembusan:",  # copies
    "Inspektur Kota Serang",  # copy
    "LAMPIRAN",  # lampiran
    "Dinas Kesehatan",  # lampiran-opd
    "Undang-Undang Nomor 20 Tahun 2023",  # legal-basis
    "tetap siaga",  # body
]


def test_pdf_text_holds_every_part_of_the_letter(letter_text):
    missing = [part for part in LETTER_PARTS if part not in letter_text]
    assert missing == []


def test_letter_in_force_carries_no_status_mark(letter):
    today = timezone.localdate()
    letter.windows.update(start=today, end=today + timedelta(days=3))
    text = pdf_text(pdf.render_circular_pdf(letter))
    assert "BELUM BERLAKU" not in text
    assert "TIDAK BERLAKU" not in text


def test_letter_whose_window_ended_is_marked_ended(letter_text):
    # The letter's window is 24-27 March 2025: long over.
    assert "BERAKHIR – TIDAK BERLAKU LAGI" in letter_text


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        (Circular.Status.DRAFT, "DRAF – BELUM BERLAKU"),
        (Circular.Status.REVOKED, "DICABUT – TIDAK BERLAKU"),
    ],
)
def test_letter_not_in_force_is_marked_as_such(world, status, mark):
    circular = make_circular(world.agency, status=status)
    circular.windows.all().delete()
    text = pdf_text(pdf.render_circular_pdf(circular))
    assert mark in text
    assert "(belum ada masa berlaku)" in text


def test_pdf_body_drops_scripts(letter_text):
    assert "alert" not in letter_text
    assert "<script>" not in letter_text


def test_lampiran_gives_each_opd_its_headcount_cap_and_daily_limit(letter, world):
    Limit.objects.create(circular=letter, unit=world.opd, value=20)
    rows = {row.opd.code: row for row in pdf.lampiran_rows(letter)}
    assert (rows["bappeda"].headcount, rows["bappeda"].cap_percent) == (7, 50)
    assert rows["bappeda"].daily_limit == 3
    # Diskominfo: the OPD and its sub-unit's staff count together; its own cap is 20%
    assert (rows["diskominfo"].headcount, rows["diskominfo"].cap_percent) == (2, 20)
    assert rows["diskominfo"].daily_limit == 0
    assert rows["dinkes"].daily_limit == 0
    assert "Kesehatan" in rows["dinkes"].exempt_reason
    assert "bidang-tik" not in rows  # sub-units roll up to their OPD
    other = make_circular(world.other_agency, number="800/1/2025")
    assert [row.opd for row in pdf.lampiran_rows(other)] == [world.foreign_opd]


def test_lampiran_table_shows_the_daily_limit_of_each_opd(letter_text):
    assert re.search(r"Bappeda 7 50 3", letter_text) or re.search(
        r"Dinas bappeda 7 50 3", letter_text
    )


def test_body_cannot_make_the_renderer_fetch_a_url(world):
    circular = make_circular(world.agency)
    circular.body = '![x](http://203.0.113.1/x.png) <img src="http://203.0.113.1/y.png">'
    circular.save()
    assert pdf.render_circular_pdf(circular).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("nip", "printed"),
    [(NIP, "19690512 199403 1 004"), ("123", "123"), ("", "")],
)
def test_nip_is_printed_in_its_four_groups(nip, printed):
    assert pdf.format_nip(nip) == printed


# --- the views -----------------------------------------------------------------------


def get(view, user, pk, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return view(request, pk=pk)


def test_admin_gets_the_pdf_inline_with_a_filename(letter, world):
    response = get(pdf.circular_pdf, world.admin, letter.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="SE-800-1-6-123-bkpsdm-2025.pdf"'
    assert "NOMOR 800.1.6/123-BKPSDM/2025" in pdf_text(response.content)


@pytest.mark.parametrize("actor", ["employee_user", "head", "other_admin", "foreign_head"])
def test_any_login_may_download_a_published_circular(letter, world, actor):
    assert get(pdf.circular_pdf, getattr(world, actor), letter.pk).status_code == 200


def test_other_agencys_admin_gets_404_for_a_drafts_pdf(world):
    draft = make_circular(world.agency, status=Circular.Status.DRAFT)
    with pytest.raises(Http404):
        get(pdf.circular_pdf, world.other_admin, draft.pk)
    with pytest.raises(Http404):
        get(pdf.circular_pdf, world.head, draft.pk)
    assert get(pdf.circular_pdf, world.admin, draft.pk).status_code == 200


def test_garbage_or_unknown_id_gets_404(world):
    for pk in ("abc", 999_999):
        with pytest.raises(Http404):
            get(pdf.circular_pdf, world.admin, pk)


@pytest.mark.parametrize("view", [pdf.circular_pdf, pdf.signed_pdf])
def test_anonymous_is_sent_to_the_login_page(letter, view):
    response = get(view, AnonymousUser(), letter.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("view", [pdf.circular_pdf, pdf.signed_pdf])
def test_pdf_views_answer_get_only(letter, world, view):
    assert get(view, world.admin, letter.pk, method="post").status_code == 405


@pytest.fixture
def signed(letter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    letter.signed_pdf.save("ttd.pdf", ContentFile(b"%PDF-1.7 signed"), save=True)
    return letter


def test_signed_pdf_is_served_to_those_who_may_see_the_circular(signed, world):
    response = get(pdf.signed_pdf, world.employee_user, signed.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 signed"
    assert response["Content-Disposition"].startswith("inline")


def test_signed_pdf_is_404_when_none_was_uploaded(letter, world):
    with pytest.raises(Http404):
        get(pdf.signed_pdf, world.admin, letter.pk)


def test_signed_pdf_of_a_draft_is_404_outside_its_agency(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = make_circular(world.agency, status=Circular.Status.DRAFT)
    draft.signed_pdf.save("ttd.pdf", ContentFile(b"%PDF-1.7 draft"), save=True)
    with pytest.raises(Http404):
        get(pdf.signed_pdf, world.other_admin, draft.pk)
    assert get(pdf.signed_pdf, world.admin, draft.pk).status_code == 200


def test_pdf_query_count_does_not_grow_with_opds_or_staff(letter, world, count_queries):
    few, _ = count_queries(pdf.render_circular_pdf, letter)
    for n in range(8):
        opd = UnitFactory(agency=world.agency, code=f"kecamatan-{n}", category="territorial")
        EmployeeFactory.create_batch(3, unit=opd)
        letter.exempt_units.add(opd)
    many, _ = count_queries(pdf.render_circular_pdf, letter)
    assert few == many


@pytest.mark.django_db
def test_detail_page_links_to_the_pdf_route_which_serves_it(client_for, world):
    from django.urls import reverse

    from circulars.models import Circular

    circular = Circular.objects.create(
        agency=world.agency, number="800/1-BKPSDM/2025", title="WFA uji", status="published"
    )
    client = client_for(world.head)
    detail = client.get(reverse("circulars:detail", args=[circular.pk])).content.decode()
    url = reverse("circulars:pdf", args=[circular.pk])
    assert f'href="{url}"' in detail
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(world.other_admin).get(url).status_code == 200  # published: public
    circular.status = Circular.Status.DRAFT
    circular.save()
    assert client_for(world.other_admin).get(url).status_code == 404
