"""A head sets one day by hand, lets "Isi otomatis" fill the rest of the week, and saves it.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless).
"""

import os

import pytest

from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Assignment
from schedules.roster.forms import cell_name
from schedules.tests.support import MON, OPEN_DAYS, add_staff, publish_circular

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staffed(world):
    publish_circular(world.agency, number="800/123/SE/2025")
    # Colleague plus two more at the OPD itself, world.employee alone in the sub-unit:
    # four staff, two may be away a day, and the sub-unit's only member stays.
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    return world


def test_head_fills_the_week_automatically_and_saves(page, login, live_server, staffed):
    from playwright.sync_api import expect

    a = staffed.colleague
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.post_data or "") if "/isi-otomatis/" in r.url else None,
    )
    login(page, "kepala", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/jadwal/opd/{staffed.opd.pk}/2025-W13/")
    page.click(f"#cell-{a.pk}-2025-03-24")  # WFO -> WFA
    expect(page.locator("#counter-2025-03-24")).to_have_text("di luar kantor 1 / maks 2")

    page.click("[data-testid=autofill]")
    expect(page.locator("[data-testid=proposal-legend]")).to_contain_text(
        "7 sel bertanda ini diisi otomatis dan belum disimpan"
    )
    for day in OPEN_DAYS:
        expect(page.locator(f"#counter-{day.isoformat()}")).to_have_text(
            "di luar kantor 2 / maks 2"
        )
    expect(page.locator("td.cell-proposed")).to_have_count(7)
    expect(page.locator("[data-testid=no-violations]")).to_be_visible()
    # The head's own cell is kept, not marked as proposed.
    mine = page.locator(f"td[data-cell='{a.pk}-2025-03-24']")
    expect(mine.locator("select")).to_have_value("WFA")
    expect(mine).not_to_have_class("cell cell-proposed")
    # Only the changed cell travelled (roster.js), and nothing is saved yet.
    assert cell_name(a.pk, MON) in posts[-1]
    assert cell_name(staffed.employee.pk, MON) not in posts[-1]
    assert not Assignment.objects.exists()

    page.click("[data-testid=save-week]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("Jadwal disimpan (8 perubahan).")
    expect(page.locator("td.cell-proposed")).to_have_count(0)
    away = list(Assignment.objects.values_list("employee_id", "day", "mode"))
    assert len(away) == 8
    assert (a.pk, MON, "WFA") in away
    assert all(mode == "WFA" and emp != staffed.employee.pk for emp, _day, mode in away)
