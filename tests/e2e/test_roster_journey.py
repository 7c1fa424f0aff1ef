"""A head fills a week, goes over the cap, sees why, fixes it, saves and submits.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless).
"""

import os

import pytest

from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Assignment, Roster
from schedules.roster.forms import cell_name
from schedules.tests.support import MON, TUE, WEEK, add_staff, publish_circular

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staffed(world):
    publish_circular(world.agency, number="800/123/SE/2025")
    # Colleague plus two more at the OPD itself: four staff with world.employee, 2 may be away.
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    return world


def test_head_fills_a_week_fixes_the_cap_saves_and_submits(
    page, login, live_server, staffed, csp_violations
):
    from playwright.sync_api import expect

    a, (b, c) = staffed.colleague, staffed.extra
    validations = []
    page.on(
        "request",
        lambda r: validations.append(r.post_data or "") if "/periksa/" in r.url else None,
    )
    login(page, "kepala", DEFAULT_PASSWORD)
    page.click(f"[data-testid=opd-week-{staffed.opd.pk}]")
    page.goto(f"{live_server.url}/jadwal/opd/{staffed.opd.pk}/2025-W13/")
    counter = page.locator("#counter-2025-03-24")
    expect(counter).to_have_text("di luar kantor 0 / maks 2")
    expect(page.locator("[data-testid=day-2025-03-28]")).to_contain_text("Nyepi")

    # A click cycles a cell through the modes its day allows: WFO, then WFA.
    for emp in (a, b):
        page.click(f"#cell-{emp.pk}-2025-03-24")
    expect(counter).to_have_text("di luar kantor 2 / maks 2")
    page.click(f"#cell-{a.pk}-2025-03-25")
    expect(page.locator("#counter-2025-03-25")).to_have_text("di luar kantor 1 / maks 2")

    # The third on Monday: over the cap, the counter turns red and the message says why.
    page.click(f"#cell-{c.pk}-2025-03-24")
    expect(counter).to_have_text("di luar kantor 3 / maks 2")
    expect(counter).to_have_class("badge counter text-bg-danger")
    expect(page.locator("[data-testid=violations]")).to_contain_text("melebihi batas 2 pegawai")
    assert not Assignment.objects.exists()  # validating saves nothing
    # roster.js posts only the cells that differ from what is saved.
    assert cell_name(c.pk, MON) in validations[-1]
    assert cell_name(staffed.employee.pk, MON) not in validations[-1]

    # Under a WFA-only circular a cell never offers WFH: a click cycles back to the office.
    cell = page.locator(f"#cell-{b.pk}-2025-03-25")
    expect(cell.locator("option")).to_have_text(["WFO", "WFA", "Cuti", "DL"])
    cell.click()
    expect(cell.locator(".cell-label")).to_have_text("WFA")
    cell.click()
    expect(cell.locator(".cell-label")).to_have_text("WFO")

    page.click(f"#cell-{c.pk}-2025-03-24")
    expect(counter).to_have_text("di luar kantor 2 / maks 2")
    expect(counter).not_to_have_class("badge counter text-bg-danger")
    expect(page.locator("[data-testid=no-violations]")).to_be_visible()

    page.click("[data-testid=save-week]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("Jadwal disimpan (3 perubahan).")
    assert set(Assignment.objects.values_list("employee_id", "day", "mode")) == {
        (a.pk, MON, "WFA"),
        (b.pk, MON, "WFA"),
        (a.pk, TUE, "WFA"),
    }

    page.click("[data-testid=submit-week]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("Jadwal diajukan ke BKPSDM.")
    expect(page.locator("[data-testid=status]")).to_have_text("Diajukan")
    expect(page.locator("[data-testid=locked]")).to_be_visible()
    assert Roster.objects.get(unit=staffed.opd, week_start=WEEK).status == "submitted"
    # htmx, roster.js and Bootstrap did all of this under the Content-Security-Policy.
    assert csp_violations == []
