"""The roster grid in a browser at 1366x900 and 390x844.

- Every page a demo role reaches from its home page and the navigation fits the
  window: no horizontal overflow, at both sizes.
- The header with the day counters stays in view while the grid scrolls down, and
  the names while it scrolls sideways.
- A change in the last row that breaks the cap is marked on that cell and on the
  day's header, both in view; the list of violations jumps to the cell.
- A week filled with the keyboard only, saved, and shared as WhatsApp text.

One browser for the module (the session's), one login per role.
"""

import os
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from organizations.demo.accounts import DEMO_PASSWORD
from organizations.models import Employee
from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Assignment, Roster
from schedules.roster.services import save_week
from schedules.tests.support import MON, TUE, WED, WEEK, add_staff, publish_circular

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_ROLES = (
    "superadmin",
    "bkpsdm.kotaserang",
    "kepala.diskominfo",
    "operator.diskominfo",
    "pegawai.diskominfo",
    "inspektur.kotaserang",
)
# Not pages of the portal's own layout: the Django admin, the API's documents, downloads.
SKIPPED = ("/admin/", "/api/", "/i18n/", "/akun/keluar", "/static/", "/media/")


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: none)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def sign_in(browser, live_server, username, password, viewport=DESKTOP):
    context = browser.new_context(locale="id-ID", viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return context, page


def reachable(page, origin: str) -> list[str]:
    """The portal pages linked from the current page's navigation and content."""
    hrefs = page.eval_on_selector_all(
        "nav a[href], main a[href]", "links => links.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or href in found:
            continue
        if any(parts.path.startswith(prefix) for prefix in SKIPPED):
            continue
        found.append(href.split("#")[0])
    return list(dict.fromkeys(found))


def test_no_page_a_demo_role_reaches_overflows_sideways(browser, live_server, monkeypatch):
    monkeypatch.setenv("WFA_TESTING", "1")
    call_command("seed_demo", stdout=StringIO())
    origin = live_server.url
    wide = []
    visited = 0
    for username in DEMO_ROLES:
        context, page = sign_in(browser, live_server, username, DEMO_PASSWORD)
        pages = [f"{origin}/", *reachable(page, origin)]
        for url in dict.fromkeys(pages):
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                response = page.goto(url)
                if "text/html" not in (response.headers.get("content-type") or ""):
                    break
                visited += 1
                if (extra := overflow(page)) > 0:
                    wide.append(f"{username} {viewport['width']}px {url}: {extra}px")
        context.close()
    assert visited > 2 * len(DEMO_ROLES) * 3
    assert wide == []


@pytest.fixture
def big_week(world):
    """An OPD of 40 (cap 50%: 20 may be away), 20 already away on Monday."""
    publish_circular(world.agency, number="800/40/SE/2025")
    world.staff = add_staff(world.opd, 38, prefix="Staf")
    everyone = [world.colleague, world.employee, *world.staff]
    save_week(
        opd=world.opd,
        week_start=WEEK,
        cells={(e.pk, MON): "WFA" for e in world.staff[:20]},
        actor=world.head,
    )
    world.everyone = everyone
    return world


def grid_url(live_server, world):
    return f"{live_server.url}/jadwal/opd/{world.opd.pk}/2025-W13/"


def in_window(page, locator, *, wait_ms: int = 5000) -> bool:
    """Whether the element is wholly inside the window, given up to ``wait_ms`` to get
    there (a scroll into view may still be running on a loaded machine)."""
    size = page.viewport_size
    for _ in range(max(1, wait_ms // 100)):
        box = locator.bounding_box()
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]:
            return True
        page.wait_for_timeout(100)
    return False


def test_header_and_names_stay_in_view_and_the_last_row_is_marked(browser, live_server, big_week):
    from playwright.sync_api import expect

    world = big_week
    context, page = sign_in(browser, live_server, "kepala", DEFAULT_PASSWORD)
    page.goto(grid_url(live_server, world))
    scroller = page.locator("[data-testid=grid-scroll]")
    header = page.locator("#day-2025-03-24")

    # Scrolled to the bottom of the grid, the header is still at its top edge.
    scroller.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    top = scroller.bounding_box()["y"]
    assert abs(header.bounding_box()["y"] - top) <= 2
    assert overflow(page) == 0

    # The last row's Monday: the 21st person away breaks the cap. The cell and the
    # day's header are marked, and both are on screen.
    last_row = page.locator("tbody tr[id^=row-]").last
    emp_id = (last_row.get_attribute("id") or "").removeprefix("row-")
    cell = page.locator(f"#cell-{emp_id}-2025-03-24")
    cell.click()
    counter = page.locator("#counter-2025-03-24")
    expect(counter).to_have_text("di luar kantor 21 / maks 20")
    expect(counter).to_have_class("badge counter text-bg-danger")
    expect(page.locator("[data-testid=day-flag-2025-03-24]")).to_be_visible()
    expect(cell).to_have_class(re.compile(r"\bm-WFA\b.*\bflagged\b"))
    expect(cell).to_have_attribute("title", re.compile("melebihi batas 20 pegawai"))
    assert in_window(page, counter) and in_window(page, cell)
    expect(page.locator("[data-testid=cell-status]")).to_contain_text("melebihi batas 20")
    assert not Assignment.objects.filter(employee_id=int(emp_id)).exists()

    # The list of violations jumps to the day; a cell's own violation to the cell.
    cell.click()  # back to the office: the cap holds again
    expect(counter).to_have_text("di luar kantor 20 / maks 20")
    expect(cell).not_to_have_class(re.compile(r"\bflagged\b"))

    # Sideways: on a narrow window the names stay at the left edge.
    page.set_viewport_size({"width": 700, "height": 900})
    page.reload()
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    name = page.locator("tbody tr[id^=row-] th.name").first
    assert abs(name.bounding_box()["x"] - scroller.bounding_box()["x"]) <= 2
    context.close()


def test_the_list_of_violations_jumps_to_the_cell(browser, live_server, big_week):
    world = big_week
    last = world.staff[-1]
    roster = Roster.objects.get(unit=world.opd, week_start=WEEK)
    Assignment.objects.create(roster=roster, employee=last, day=TUE, mode="WFH")
    context, page = sign_in(browser, live_server, "kepala", DEFAULT_PASSWORD)
    page.goto(grid_url(live_server, world))

    page.click(f"a.issue-link[href='#cell-{last.pk}-2025-03-25']")
    cell = page.locator(f"#cell-{last.pk}-2025-03-25")
    assert page.evaluate("document.activeElement.id") == f"cell-{last.pk}-2025-03-25"
    assert in_window(page, cell)
    assert "hanya mengatur WFA" in (cell.get_attribute("title") or "")
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_week_filled_with_the_keyboard_saved_and_shared(browser, live_server, world, viewport):
    from playwright.sync_api import expect

    publish_circular(world.agency, number="800/41/SE/2025")
    add_staff(world.opd, 2, prefix="Tambahan")
    context, page = sign_in(browser, live_server, "kepala", DEFAULT_PASSWORD, viewport)
    page.goto(grid_url(live_server, world))
    rows = [
        int(r.removeprefix("row-"))
        for r in page.locator("tbody tr[id^=row-]").evaluate_all("rs => rs.map(r => r.id)")
    ]
    first, second, third = rows[:3]
    keys = page.keyboard

    page.locator("td.cell[tabindex='0']").focus()  # the grid's one tab stop: first, Monday
    keys.press("a")  # first: WFA on Monday
    if viewport is DESKTOP:
        keys.press("ArrowRight")
        keys.press("ArrowRight")
        keys.press("Space")  # first: Wednesday cycles WFO -> WFA
        keys.press("ArrowDown")
        keys.press("Shift+ArrowLeft")
        keys.press("Shift+ArrowLeft")  # second: Monday to Wednesday selected
        keys.press("c")  # leave on all three
        keys.press("ArrowDown")
        keys.press("End")
        keys.press("Home")
        keys.press("Enter")  # third: Monday WFA
        expected = {
            (first, MON, "WFA"),
            (first, WED, "WFA"),
            (second, MON, "CUTI"),
            (second, TUE, "CUTI"),
            (second, WED, "CUTI"),
            (third, MON, "WFA"),
        }
    else:
        # A phone shows one day: down the column, then the day switcher for Tuesday.
        keys.press("ArrowDown")
        keys.press("d")  # second: travel
        keys.press("ArrowRight")  # no other day in view: stays on Monday
        keys.press("ArrowDown")
        keys.press("Space")  # third: WFA
        page.click("[data-show-day='1']")
        expect(page.locator(f"#cell-{first}-2025-03-24")).to_be_hidden()
        page.locator(f"#cell-{first}-2025-03-25").click()
        expected = {
            (first, MON, "WFA"),
            (second, MON, "DL"),
            (third, MON, "WFA"),
            (first, TUE, "WFA"),
        }
    expect(page.locator("#counter-2025-03-24")).to_have_text("di luar kantor 2 / maks 2")
    expect(page.locator("#roster-feedback li.text-danger-emphasis")).to_have_count(0)
    assert overflow(page) == 0

    page.click("[data-testid=save-week]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text(
        f"Jadwal disimpan ({len(expected)} perubahan)."
    )
    assert set(Assignment.objects.values_list("employee_id", "day", "mode")) == expected

    page.click("[data-testid=share-week]")
    page.wait_for_load_state()
    text = page.locator("[data-testid=share-text]").input_value()
    names = dict(Employee.objects.values_list("pk", "name"))
    assert text.startswith(f"*Jadwal kerja {world.opd.name}*")
    assert "(masih draf, belum diajukan ke BKPSDM)" in text
    monday = text.split("*Senin, 24 Maret 2025*")[1].split("*Selasa")[0]
    assert f"- WFA: {', '.join(sorted([names[first], names[third]]))}" in monday
    assert "Di kantor 1 orang, tidak di kantor 3 orang." in monday
    assert overflow(page) == 0
    context.close()
