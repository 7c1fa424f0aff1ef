"""A page that answers htmx with a fragment says so: ``Vary: HX-Request``.

Every view that branches on htmx goes through ``wfa_portal.htmx.render_page``; a scan
keeps any other module from reading ``request.htmx`` itself.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from schedules.tests.support import add_staff, publish_circular

ROOT = Path(__file__).resolve().parents[1]
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_only_render_page_reads_request_htmx():
    readers = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and re.search(r"request\.htmx\b", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["wfa_portal/htmx.py"]


@pytest.mark.django_db
def test_circular_list_varies_on_htmx_and_answers_a_fragment(world, client_for):
    publish_circular(world.agency, number="800/77/2025")
    client = client_for(world.admin)
    page = client.get(reverse("circulars:list"))
    part = client.get(reverse("circulars:list"), **HTMX)
    for response in (page, part):
        assert "HX-Request" in response["Vary"]
        assert "800/77/2025" in response.content.decode()
    assert "<html" in page.content.decode()
    assert "<html" not in part.content.decode()


@pytest.mark.django_db
def test_roster_grid_varies_on_htmx(world, client_for):
    publish_circular(world.agency)
    add_staff(world.opd, 3)
    url = reverse("roster:week", args=[world.opd.pk, "2025-W13"])
    client = client_for(world.head)
    page = client.get(url)
    part = client.get(url, **HTMX)
    assert page.status_code == part.status_code == 200
    assert "HX-Request" in page["Vary"] and "HX-Request" in part["Vary"]
    assert "<html" in page.content.decode() and "<html" not in part.content.decode()
