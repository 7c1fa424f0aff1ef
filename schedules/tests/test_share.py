"""'Bagikan ke WhatsApp': the exact text of a small OPD's day and week, and who may see it."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from organizations.tests.factories import EmployeeFactory
from policy.values import Mode
from schedules.models import Roster
from schedules.roster.services import save_week, submit_week

from .support import MON, TUE, publish_circular

pytestmark = pytest.mark.django_db

WEEK = "2025-W13"  # Monday 24 March 2025; Friday 28 March is cuti bersama (Nyepi)


@pytest.fixture
def small(world):
    """Diskominfo: Ani and Citra in the office itself, Budi in Bidang TIK."""
    world.opd.name = "Dinas Komunikasi dan Informatika"
    world.opd.save()
    world.sub_unit.name = "Bidang TIK"
    world.sub_unit.save()
    world.colleague.name = "Ani"
    world.colleague.save()
    world.employee.name = "Budi"
    world.employee.save()
    world.citra = EmployeeFactory(unit=world.opd, name="Citra")
    publish_circular(world.agency)
    cells = {
        (world.colleague.pk, MON): Mode.WFA,
        (world.citra.pk, MON): Mode.LEAVE,
        (world.employee.pk, TUE): Mode.WFA,
    }
    result = save_week(opd=world.opd, week_start=MON, cells=cells, actor=world.head)
    assert result.saved, [v.message_id for v in result.errors]
    return world


def url(world, day=None):
    base = reverse("roster:share", args=[world.opd.pk, WEEK])
    return f"{base}?hari={day}" if day else base


def shared_text(response) -> str:
    body = response.content.decode()
    raw = re.search(r'data-testid="share-text">(.*?)</textarea>', body, re.S).group(1)
    return html.unescape(raw)


DAY_TEXT = """*Jadwal kerja Dinas Komunikasi dan Informatika*
Senin, 24 Maret 2025
(masih draf, belum diajukan ke BKPSDM)

Dinas Komunikasi dan Informatika
- WFA: Ani
- Cuti: Citra
Bidang TIK
- Di kantor: Budi
Di kantor 1 orang, tidak di kantor 2 orang.
"""


def test_a_days_text_lists_who_is_in_and_who_is_away_by_sub_unit(small, client_for):
    response = client_for(small.head).get(url(small, "2025-03-24"))
    assert response.status_code == 200
    assert shared_text(response) == DAY_TEXT
    body = response.content.decode()
    link = re.search(r'href="([^"]+)"[^>]*data-testid="whatsapp-link"', body).group(1)
    assert html.unescape(link) == "https://wa.me/?text=" + quote(DAY_TEXT, safe="")
    assert "js/share.js" in body
    assert 'data-testid="copy-text" hidden' in body  # shown by share.js only


def test_a_weeks_text_has_each_working_day_and_says_when_submitted(small, client_for):
    submit_week(opd=small.opd, week_start=MON, actor=small.head)
    text = shared_text(client_for(small.operator).get(url(small)))
    assert text.startswith(
        "*Jadwal kerja Dinas Komunikasi dan Informatika*\n24 Maret 2025 – 27 Maret 2025\n\n"
        "*Senin, 24 Maret 2025*\n"
    )
    assert "draf" not in text
    assert (
        "*Selasa, 25 Maret 2025*\nDinas Komunikasi dan Informatika\n- Di kantor: Ani, Citra\n"
        "Bidang TIK\n- WFA: Budi\nDi kantor 2 orang, tidak di kantor 1 orang.\n"
    ) in text
    assert "Jumat" not in text and "Sabtu" not in text  # days off are not listed


def test_the_text_speaks_english_when_chosen(small, client_for):
    client = client_for(small.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = shared_text(client.get(url(small, "2025-03-24")))
    assert text == (
        "*Work roster of Dinas Komunikasi dan Informatika*\n"
        "Monday, 24 March 2025\n"
        "(still a draft, not yet submitted to BKPSDM)\n\n"
        "Dinas Komunikasi dan Informatika\n"
        "- WFA: Ani\n"
        "- Leave: Citra\n"
        "Bidang TIK\n"
        "- At the office: Budi\n"
        "At the office: 1, not at the office: 2.\n"
    )


def test_a_day_off_says_so(small, client_for):
    text = shared_text(client_for(small.head).get(url(small, "2025-03-29")))
    assert text.endswith("\n\nLibur: Hari Suci Nyepi\n")  # Saturday 29 March 2025
    text = shared_text(client_for(small.head).get(url(small, "2025-03-30")))
    assert text.endswith("\n\nLibur: Minggu\n")


@pytest.mark.parametrize(
    "actor", ["other_head", "foreign_head", "employee_user", "inspector", "other_admin"]
)
def test_others_get_404(small, client_for, actor):
    assert client_for(getattr(small, actor)).get(url(small)).status_code == 404


def test_anonymous_is_sent_to_login(small, client_for):
    response = client_for(None).get(url(small))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("day", ["2025-03-31", "kemarin", "2025-02-30"])
def test_a_day_outside_the_week_or_garbage_is_404(small, client_for, day):
    assert client_for(small.head).get(url(small, day)).status_code == 404


def test_post_is_not_allowed_and_a_sub_unit_is_no_roster(small, client_for):
    client = client_for(small.head)
    assert client.post(url(small)).status_code == 405
    sub = reverse("roster:share", args=[small.sub_unit.pk, WEEK])
    assert client_for(small.admin).get(sub).status_code == 404


def test_home_and_drill_down_link_to_it(small, client_for):
    from django.utils import timezone

    this_week = "{}-W{:02d}".format(*timezone.localdate().isocalendar()[:2])
    home = client_for(small.head).get(reverse("home")).content.decode()
    assert reverse("roster:share", args=[small.opd.pk, this_week]) in home
    drill = reverse("monitoring:opd_week", args=[small.opd.pk, WEEK])
    assert url(small) in client_for(small.admin).get(drill).content.decode()
    assert Roster.objects.get().status == Roster.Status.DRAFT
