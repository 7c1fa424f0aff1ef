"""A BKPSDM admin opens the compliance dashboard, filters to problems only, and drills
down to an OPD's week.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless).
"""

import os
import re

import pytest

from monitoring.tests.support import MON, away, publish_circular, set_status
from organizations.tests.factories import DEFAULT_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched(world):
    world.circular = publish_circular(world.agency, number="800/77/SE/2025")
    away(world.opd, world.head, [(world.colleague, MON)])  # a draft: still owed to BKPSDM
    set_status(world.other_opd, "submitted", world)  # nothing wrong here
    return world


def test_admin_filters_to_problems_and_drills_down(page, login, live_server, watched):
    from playwright.sync_api import expect

    w = watched
    login(page, "admin", DEFAULT_PASSWORD)
    page.click("[data-testid=nav-monitoring]")
    page.click(f"[data-testid=dashboard-{w.circular.pk}]")
    table = page.locator("[data-testid=dashboard-table]")
    expect(table.locator(f"[data-testid=opd-row-{w.other_opd.pk}]")).to_be_visible()
    expect(page.locator(f"[data-testid=away-{w.opd.pk}-2025-03-24]")).to_have_text("1/1")
    expect(page.locator("#away-chart")).to_be_visible()

    page.check("[data-testid=problems-only]")  # htmx swaps the table in place
    expect(page.locator(f"[data-testid=opd-row-{w.other_opd.pk}]")).to_have_count(0)
    expect(page.locator(f"[data-testid=opd-row-{w.opd.pk}]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"problems=on"))

    page.click(f"[data-testid=drill-{w.opd.pk}]")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text(w.opd.name)
    expect(page.locator("[data-testid=opd-week]")).to_contain_text(w.colleague.name)
    expect(page.locator("[data-testid=review-roster]")).to_be_visible()
