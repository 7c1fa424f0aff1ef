"""The QR code on a circular's PDF leads to its public page: read back from the PDF itself."""

from __future__ import annotations

from io import BytesIO

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from circulars import pdf
from circulars.models import Circular

from .test_pdf import make_circular, pdf_text

pytestmark = pytest.mark.django_db


def qr_in(data: bytes):
    """The one image the PDF holds (the QR code), as a PIL image."""
    images = {
        image.name: image.image for page in PdfReader(BytesIO(data)).pages for image in page.images
    }
    assert len(images) == 1, list(images)
    return next(iter(images.values()))


def modules_of(image, size: int) -> list[list[bool]]:
    """Which modules of a ``size`` x ``size`` QR code are dark in the image (centre pixels)."""
    grey = image.convert("L")
    scale = grey.size[0] // (size + 2 * pdf.QR_BORDER)
    assert grey.size == ((size + 2 * pdf.QR_BORDER) * scale,) * 2
    return [
        [
            grey.getpixel(
                ((c + pdf.QR_BORDER) * scale + scale // 2, (r + pdf.QR_BORDER) * scale + scale // 2)
            )
            < 128
            for c in range(size)
        ]
        for r in range(size)
    ]


def encodes(image, url: str) -> bool:
    expected = segno.make(url, error="m")
    return modules_of(image, len(expected.matrix)) == [
        [bool(v) for v in row] for row in expected.matrix
    ]


def test_pdf_carries_a_qr_code_of_the_public_page_from_site_url(world, settings):
    settings.SITE_URL = "https://wfa.serangkota.go.id/"
    circular = make_circular(world.agency)
    data = pdf.render_circular_pdf(circular)
    expected = f"https://wfa.serangkota.go.id/publik/{world.agency.code}/#se-{circular.pk}"
    image = qr_in(data)
    assert encodes(image, expected)
    assert not encodes(image, expected.replace(f"#se-{circular.pk}", "#se-0"))
    text = pdf_text(data)
    assert "Pindai kode QR ini untuk memeriksa keaslian surat edaran" in text
    assert expected in text.replace(" ", "")


def test_without_site_url_the_request_host_is_used(world, client_for, settings):
    settings.SITE_URL = ""
    circular = make_circular(world.agency)
    response = client_for(world.employee_user).get(reverse("circulars:pdf", args=[circular.pk]))
    assert response.status_code == 200
    assert encodes(
        qr_in(response.content), f"http://testserver/publik/{world.agency.code}/#se-{circular.pk}"
    )


def test_public_pdf_has_it_too_and_the_public_page_has_the_anchor(world, client_for, settings):
    settings.SITE_URL = ""
    circular = make_circular(world.agency)
    client = client_for(None)
    response = client.get(reverse("public:public_pdf", args=[world.agency.code, circular.pk]))
    assert encodes(
        qr_in(response.content), f"http://testserver/publik/{world.agency.code}/#se-{circular.pk}"
    )
    from django.utils import timezone

    circular.windows.update(start=timezone.localdate(), end=timezone.localdate())
    page = client.get(reverse("public:public_agency", args=[world.agency.code])).content.decode()
    assert f'id="se-{circular.pk}"' in page


def test_draft_pdf_is_not_for_others(world, client_for):
    draft = make_circular(world.agency, status=Circular.Status.DRAFT, number="800/9/2026")
    target = reverse("circulars:pdf", args=[draft.pk])
    assert client_for(world.other_admin).get(target).status_code == 404
    assert client_for(world.employee_user).get(target).status_code == 404
    public = reverse("public:public_pdf", args=[world.agency.code, draft.pk])
    assert client_for(None).get(public).status_code == 404
