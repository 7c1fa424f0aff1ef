"""The public page of an agency's circulars in force, and the public PDF route (no login)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from circulars.models import Circular, Window

pytestmark = pytest.mark.django_db

_seq = iter(range(1, 10_000))


def make(agency, title, *, status=Circular.Status.PUBLISHED, start=0, end=7, **fields):
    """A circular with one window from today+start to today+end (days)."""
    today = timezone.localdate()
    circular = Circular.objects.create(
        agency=agency,
        number=f"800/{next(_seq)}-BKPSDM/2026",
        title=title,
        status=status,
        published_at=None if status == "draft" else datetime(2026, 1, 1, tzinfo=UTC),
        purpose="Mengurai kepadatan arus mudik.",
        conditions="Pegawai tetap dapat dihubungi.",
        **fields,
    )
    Window.objects.create(
        circular=circular, start=today + timedelta(days=start), end=today + timedelta(days=end)
    )
    return circular


def page_url(agency) -> str:
    return reverse("public:public_agency", args=[agency.code])


def pdf_url(agency, circular) -> str:
    return reverse("public:public_pdf", args=[agency.code, circular.pk])


def test_page_lives_under_publik():
    assert reverse("public:public_agency", args=["pemkot-serang"]) == "/publik/pemkot-serang/"
    assert reverse("public:public_pdf", args=["pemkot-serang", 7]) == "/publik/pemkot-serang/7.pdf"


def test_anonymous_sees_the_agencys_published_circulars_in_force_only(world, client_for):
    shown = make(world.agency, "SE berlaku hari ini", start=-3, end=0)
    upcoming = make(world.agency, "SE yang akan berlaku", start=7, end=9)
    hidden = [
        make(world.agency, "SE draf", status=Circular.Status.DRAFT),
        make(world.agency, "SE dicabut", status=Circular.Status.REVOKED),
        make(world.agency, "SE diganti", status=Circular.Status.SUPERSEDED),
        make(world.agency, "SE sudah lewat", start=-10, end=-1),
        make(world.other_agency, "SE instansi lain"),
    ]
    response = client_for(None).get(page_url(world.agency))
    assert response.status_code == 200
    assert {item.circular for item in response.context["circulars"]} == {shown, upcoming}
    html = response.content.decode()
    assert shown.title in html and upcoming.title in html
    for circular in hidden:
        assert circular.title not in html
        assert circular.number not in html
    assert pdf_url(world.agency, shown) in html


def test_each_circular_shows_its_summary_windows_and_conditions(world, client_for):
    circular = make(world.agency, "SE WFA", cap_percent=50, exempt_categories=["health"])
    response = client_for(None).get(page_url(world.agency))
    (item,) = response.context["circulars"]
    assert item.circular == circular
    assert "WFA" in item.summary and "50%" in item.summary and "Kesehatan" in item.summary
    html = response.content.decode()
    assert item.summary in html
    assert item.windows[0] in html
    assert "Pegawai tetap dapat dihubungi." in html
    assert "Mengurai kepadatan arus mudik." in html


def test_agency_without_circulars_in_force_says_so(world, client_for):
    response = client_for(None).get(page_url(world.agency))
    assert response.status_code == 200
    assert 'data-testid="public-empty"' in response.content.decode()


def test_unknown_agency_is_404(client_for, db):
    assert client_for(None).get("/publik/tidak-ada/").status_code == 404


def test_public_page_answers_get_only(world, client_for):
    assert client_for(None).post(page_url(world.agency)).status_code == 405


def test_logged_in_user_sees_the_same_public_page(world, client_for):
    make(world.agency, "SE WFA")
    response = client_for(world.foreign_head).get(page_url(world.agency))
    assert response.status_code == 200
    assert len(response.context["circulars"]) == 1


def _render_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_page_query_count_is_the_same_for_1_and_10_circulars(world, client_for, count_queries):
    client = client_for(None)
    make(world.agency, "SE 0", exempt_categories=["health"])
    one, response = count_queries(_render_page, client, page_url(world.agency))
    assert len(response.context["circulars"]) == 1
    for n in range(1, 10):
        circular = make(world.agency, f"SE {n}", exempt_categories=["health"])
        circular.exempt_units.set([world.opd, world.other_opd])
        Window.objects.create(
            circular=circular,
            start=timezone.localdate() + timedelta(days=20),
            end=timezone.localdate() + timedelta(days=21),
        )
    ten, response = count_queries(_render_page, client, page_url(world.agency))
    assert len(response.context["circulars"]) == 10
    assert one == ten


# --- the public PDF ----------------------------------------------------------------------


def test_published_circulars_pdf_is_public(world, client_for):
    circular = make(world.agency, "SE WFA")
    response = client_for(None).get(pdf_url(world.agency, circular))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="SE-800-')
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "status", [Circular.Status.DRAFT, Circular.Status.REVOKED, Circular.Status.SUPERSEDED]
)
def test_pdf_of_a_circular_not_in_force_by_status_is_404(world, client_for, status):
    circular = make(world.agency, "SE", status=status)
    assert client_for(None).get(pdf_url(world.agency, circular)).status_code == 404


def test_pdf_of_another_agencys_circular_is_404_under_this_agencys_address(world, client_for):
    foreign = make(world.other_agency, "SE instansi lain")
    client = client_for(None)
    assert client.get(pdf_url(world.agency, foreign)).status_code == 404
    assert client.get(pdf_url(world.other_agency, foreign)).status_code == 200


def test_pdf_of_an_unknown_circular_is_404(world, client_for):
    assert client_for(None).get(f"/publik/{world.agency.code}/999999.pdf").status_code == 404
