"""The public PDF is drawn once per version of the letter and kept under MEDIA_ROOT;
anonymous readers of the public pages are limited per address (429, Retry-After)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from circulars import pdf, pdf_cache
from circulars.models import Circular
from circulars.tests.test_pdf import pdf_text
from circulars.tests.test_public import make, page_url, pdf_url
from organizations.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawings(monkeypatch, settings, tmp_path):
    """Count WeasyPrint layouts (the real ones) in a fresh MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    calls: list[int] = []
    real = pdf.html_to_pdf

    def counted(html: str) -> bytes:
        calls.append(1)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return calls


def stored(settings, circular) -> list[str]:
    folder = settings.MEDIA_ROOT / pdf_cache.FOLDER
    return sorted(p.name for p in folder.glob(f"se-{circular.pk}-*.pdf"))


def test_second_request_serves_the_stored_pdf_without_drawing_again(
    world, client_for, drawings, settings
):
    circular = make(world.agency, "SE WFA arus mudik")
    client = client_for(None)
    first = client.get(pdf_url(world.agency, circular))
    second = client.get(pdf_url(world.agency, circular))
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert first.content == second.content and first.content.startswith(b"%PDF-")
    assert "SE WFA ARUS MUDIK" in pdf_text(second.content)  # the letter's TENTANG line
    assert len(drawings) == 1
    assert len(stored(settings, circular)) == 1


def test_logged_in_pdf_route_uses_the_same_stored_pdf(world, client_for, drawings):
    circular = make(world.agency, "SE WFA arus mudik")
    public = client_for(None).get(pdf_url(world.agency, circular)).content
    private = client_for(world.employee_user).get(reverse("circulars:pdf", args=[circular.pk]))
    assert private.status_code == 200
    assert private.content == public
    assert len(drawings) == 1


def test_a_changed_circular_is_drawn_again_and_the_old_version_removed(
    world, client_for, drawings, settings
):
    circular = make(world.agency, "SE WFA arus mudik")
    client = client_for(None)
    before = client.get(pdf_url(world.agency, circular)).content
    old_files = stored(settings, circular)
    Circular.objects.filter(pk=circular.pk).update(title="SE WFA arus balik")
    after = client.get(pdf_url(world.agency, circular)).content
    assert len(drawings) == 2
    assert "SE WFA ARUS BALIK" in pdf_text(after)
    assert "ARUS MUDIK" not in pdf_text(after) and "ARUS MUDIK" in pdf_text(before)
    new_files = stored(settings, circular)
    assert len(new_files) == 1 and new_files != old_files
    client.get(pdf_url(world.agency, circular))
    assert len(drawings) == 2


def test_a_new_headcount_in_the_lampiran_is_drawn_again(world, client_for, drawings):
    circular = make(world.agency, "SE WFA arus mudik")
    client = client_for(None)
    client.get(pdf_url(world.agency, circular))
    EmployeeFactory.create_batch(3, unit=world.other_opd)
    client.get(pdf_url(world.agency, circular))
    assert len(drawings) == 2


def test_a_draft_pdf_is_drawn_each_time_and_never_stored(world, client_for, drawings, settings):
    draft = make(world.agency, "SE draf", status=Circular.Status.DRAFT)
    client = client_for(world.admin)
    for _ in range(2):
        response = client.get(reverse("circulars:pdf", args=[draft.pk]))
        assert response.status_code == 200
    assert len(drawings) == 2
    assert stored(settings, draft) == []
    # And the public route does not serve it at all.
    assert client_for(None).get(pdf_url(world.agency, draft)).status_code == 404


def test_concurrent_first_requests_draw_the_letter_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls: list[int] = []

    def slow_draw(html: str) -> bytes:
        calls.append(1)
        time.sleep(0.3)
        return b"%PDF-" + html.encode()

    results: list[bytes] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(pdf_cache.drawn_once("se-1", "<p>SE</p>", slow_draw))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"%PDF-<p>SE</p>"] * 4
    assert len(calls) == 1


def test_an_unwritable_media_folder_still_serves_the_pdf(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    assert pdf_cache.drawn_once("se-1", "<p>SE</p>", lambda html: b"%PDF-1") == b"%PDF-1"


# --- The limiter -------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    cache.clear()  # counters of earlier tests in the same minute
    settings.PUBLIC_RATES = {"page": "3/min", "pdf": "2/min"}
    yield
    cache.clear()


def test_anonymous_reader_gets_429_with_retry_after_past_the_limit(world, client_for, low_rates):
    make(world.agency, "SE WFA arus mudik")
    client = client_for(None)
    codes = [client.get(page_url(world.agency)).status_code for _ in range(3)]
    refused = client.get(page_url(world.agency))
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "Terlalu banyak permintaan dari alamat Anda" in body
    assert f"coba lagi dalam {refused['Retry-After']} detik" in body
    assert "SE WFA arus mudik" not in body


def test_the_refusal_speaks_english_when_chosen(world, client, low_rates, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(3):
        client.get(page_url(world.agency))
    body = client.get(page_url(world.agency)).content.decode()
    assert "Too many requests from your address" in body


def test_pdf_has_its_own_lower_limit(world, client_for, low_rates, drawings):
    circular = make(world.agency, "SE WFA arus mudik")
    client = client_for(None)
    codes = [client.get(pdf_url(world.agency, circular)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert len(drawings) == 1
    assert client.get(page_url(world.agency)).status_code == 200  # pages counted apart


def test_limit_is_per_address_and_a_forwarded_header_does_not_dodge_it(
    world, client_for, low_rates
):
    client = client_for(None)
    for n in range(3):
        client.get(page_url(world.agency), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    dodge = client.get(page_url(world.agency), HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert dodge.status_code == 429
    other = client.get(page_url(world.agency), REMOTE_ADDR="192.0.2.50")
    assert other.status_code == 200


@pytest.mark.parametrize("actor", ["admin", "head", "employee_user"])
def test_logged_in_readers_are_not_limited(world, client_for, low_rates, actor):
    client = client_for(getattr(world, actor))
    codes = {client.get(page_url(world.agency)).status_code for _ in range(5)}
    assert codes == {200}
