"""The newcomer's first ten minutes, on a phone (390x844): the demo head logs in, the home
page's next step leads to the draft week, and the WhatsApp text of this week is ready."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

from organizations.demo.accounts import DEMO_PASSWORD
from schedules.models import Roster

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("WFA_TESTING", "1")
    call_command("seed_demo", stdout=StringIO())


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_demo_head_follows_the_next_step_to_the_draft_week_and_shares_it(
    mobile_page, login, live_server, demo
):
    from playwright.sync_api import expect

    page = mobile_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    login(page, "kepala.diskominfo", DEMO_PASSWORD)

    step = page.locator("[data-testid=next-step]")
    expect(step).to_be_visible()
    expect(step.locator("[data-testid=next-step-text]")).to_contain_text("masih draf")
    assert no_horizontal_overflow(page)
    page.click("[data-testid=next-step-button]")
    page.wait_for_load_state()

    draft = Roster.objects.get(
        unit__code="diskominfo", unit__agency__code="pemkot-serang", status="draft"
    )
    assert page.url.endswith(f"/jadwal/opd/{draft.unit_id}/{draft.iso_week}/")
    expect(page.locator("[data-testid=status]")).to_have_text("Draf")

    # Back home, the OPD's "Bagikan ke WhatsApp" gives this week's text.
    page.goto(f"{live_server.url}/")
    page.click(f"[data-testid=opd-share-{draft.unit_id}]")
    page.wait_for_load_state()
    text = page.locator("[data-testid=share-text]")
    expect(text).to_be_visible()
    value = text.input_value()
    assert value.startswith("*Jadwal kerja ")
    assert "Di kantor" in value and "orang, tidak di kantor" in value
    expect(page.locator("[data-testid=copy-text]")).to_be_visible()  # shown by share.js
    link = page.locator("[data-testid=whatsapp-link]").get_attribute("href")
    assert link.startswith("https://wa.me/?text=%2AJadwal%20kerja%20")
    assert no_horizontal_overflow(page)
    assert errors == []
