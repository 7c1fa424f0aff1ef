"""A circular's phase follows its dates: one rule (Circular.phase / in_phase), the same
words on the list, the detail, the public page, the PDF, the API, my days and the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from circulars import pdf
from circulars.models import Circular, Phase, phase_of
from circulars.tests.circular_builders import make_draft, make_published
from circulars.tests.test_pdf import pdf_text

D = date
TODAY = D(2026, 12, 2)


@pytest.mark.parametrize(
    ("status", "first", "last", "phase"),
    [
        ("draft", D(2026, 12, 1), D(2026, 12, 9), Phase.DRAFT),
        ("published", D(2026, 12, 3), D(2026, 12, 9), Phase.COMING),
        ("published", D(2026, 12, 2), D(2026, 12, 2), Phase.IN_FORCE),
        ("published", D(2026, 11, 1), D(2026, 12, 2), Phase.IN_FORCE),
        ("published", D(2026, 11, 1), D(2026, 12, 1), Phase.ENDED),
        ("published", None, None, Phase.ENDED),
        ("revoked", D(2026, 12, 1), D(2026, 12, 9), Phase.REVOKED),
        ("superseded", D(2026, 12, 1), D(2026, 12, 9), Phase.SUPERSEDED),
    ],
)
def test_phase_follows_status_and_dates(status, first, last, phase):
    assert phase_of(status, first, last, TODAY) == phase


def _today():
    return timezone.localdate()


@pytest.fixture
def every_phase(world):
    today = _today()
    week = timedelta(days=7)
    made = {
        Phase.COMING: make_published(
            world.agency, number="SE-NANTI", windows=[(today + week, today + 2 * week)]
        ),
        Phase.IN_FORCE: make_published(
            world.agency, number="SE-KINI", windows=[(today - week, today + week)]
        ),
        Phase.ENDED: make_published(
            world.agency, number="SE-LALU", windows=[(today - 2 * week, today - week)]
        ),
        Phase.REVOKED: make_published(world.agency, number="SE-CABUT", status="revoked"),
        Phase.SUPERSEDED: make_published(world.agency, number="SE-GANTI", status="superseded"),
        Phase.DRAFT: make_draft(world, number="SE-DRAF"),
    }
    return made


@pytest.mark.django_db
def test_queryset_agrees_with_the_method_for_every_phase(every_phase):
    for phase, circular in every_phase.items():
        assert circular.phase() == phase
        assert list(Circular.objects.in_phase(phase)) == [circular], phase
    annotated = {c.pk: c.phase() for c in Circular.objects.with_phase_bounds()}
    assert annotated == {c.pk: p for p, c in every_phase.items()}


def badge(body: str, number: str) -> str:
    """The phase badge of the list row of circular ``number``."""
    row = body.split(f">{number}</a>", 1)[1].split("</tr>", 1)[0]
    return row.split('data-testid="phase"', 1)[1].split(">", 1)[1].split("<", 1)[0]


@pytest.mark.django_db
class TestPagesSayThePhase:
    def test_list_names_each_phase_in_indonesian(self, client_for, world, every_phase):
        body = client_for(world.admin).get(reverse("circulars:list")).content.decode()
        assert badge(body, "SE-LALU") == "Berakhir"
        assert badge(body, "SE-KINI") == "Berlaku"
        assert badge(body, "SE-NANTI") == "Akan berlaku"
        assert badge(body, "SE-CABUT") == "Dicabut"
        assert badge(body, "SE-GANTI") == "Diganti"
        assert badge(body, "SE-DRAF") == "Draf"

    def test_list_names_each_phase_in_english(self, client_for, world, every_phase):
        client = client_for(world.admin)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(reverse("circulars:list")).content.decode()
        assert badge(body, "SE-LALU") == "Ended"
        assert badge(body, "SE-KINI") == "In force"
        assert badge(body, "SE-NANTI") == "Coming into force"

    def test_list_filters_by_phase(self, client_for, world, every_phase):
        body = client_for(world.admin).get(reverse("circulars:list"), {"status": "ended"})
        text = body.content.decode()
        assert "SE-LALU" in text and "SE-KINI" not in text and "SE-NANTI" not in text

    def test_detail_of_an_ended_circular_never_says_in_force(self, client_for, world, every_phase):
        ended = every_phase[Phase.ENDED]
        body = client_for(world.employee_user).get(reverse("circulars:detail", args=[ended.pk]))
        text = body.content.decode()
        assert 'data-testid="banner-ended"' in text
        assert "Masa berlaku surat edaran ini sudah berakhir." in text
        assert 'data-phase="ended"' in text
        assert ">Berlaku<" not in text

    def test_draft_is_not_for_another_agency_nor_anonymous(self, client_for, world, every_phase):
        draft = reverse("circulars:detail", args=[every_phase[Phase.DRAFT].pk])
        assert client_for(world.other_admin).get(draft).status_code == 404
        assert client_for(world.employee_user).get(draft).status_code == 404
        assert 'data-phase="draft"' in client_for(world.admin).get(draft).content.decode()
        ended = reverse("circulars:detail", args=[every_phase[Phase.ENDED].pk])
        assert client_for(None).get(ended).status_code == 302

    def test_public_page_says_coming_and_in_force(self, client_for, world, every_phase):
        text = client_for(None).get(reverse("public:public_agency", args=[world.agency.code]))
        text = text.content.decode()
        assert 'data-phase="coming"' in text and 'data-phase="in_force"' in text
        assert "SE-LALU" not in text and 'data-phase="ended"' not in text

    def test_api_gives_the_phase(self, client_for, world, every_phase):
        client = client_for(world.head)
        for phase in (Phase.ENDED, Phase.IN_FORCE, Phase.COMING):
            circular = every_phase[phase]
            data = client.get(f"/api/v1/circulars/{circular.pk}/").json()
            assert (data["status"], data["phase"]) == ("published", phase.value)

    def test_dashboard_and_monitoring_index_say_ended(self, client_for, world, every_phase):
        ended = every_phase[Phase.ENDED]
        client = client_for(world.inspector)
        index = client.get(reverse("monitoring:index")).content.decode()
        assert index.count('data-phase="ended"') == 1
        board = client.get(reverse("monitoring:dashboard", args=[world.agency.pk, ended.pk]))
        assert 'data-phase="ended"' in board.content.decode()
        assert client_for(world.employee_user).get(reverse("monitoring:index")).status_code == 403

    def test_pdf_of_an_ended_circular_is_marked(self, world, every_phase):
        text = pdf_text(pdf.render_circular_pdf(every_phase[Phase.ENDED]))
        assert "BERAKHIR – TIDAK BERLAKU LAGI" in text
        text = pdf_text(pdf.render_circular_pdf(every_phase[Phase.IN_FORCE]))
        assert "TIDAK BERLAKU" not in text


@pytest.mark.django_db
def test_my_days_show_the_governing_circulars_phase(client_for, world):
    from schedules.tests.employee_support import coming_circular

    circular = coming_circular(world.agency, number="SE-SAYA")
    body = client_for(world.employee_user).get(reverse("requests:my_days")).content.decode()
    assert 'data-phase="in_force"' in body and "SE SE-SAYA" in body
    assert circular.phase() == Phase.IN_FORCE
    assert client_for(world.admin).get(reverse("requests:my_days")).status_code == 403
