"""An admin drafts, previews and publishes a circular; an OPD head then reads it."""

import pytest

from circulars.models import Circular
from organizations.tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "800/77-BKPSDM/2025"


def test_admin_drafts_previews_publishes_and_head_reads_it(page, login, live_server, world):
    login(page, "admin", DEFAULT_PASSWORD)
    page.click("[data-testid=home-new-circular]")
    page.wait_for_url("**/surat-edaran/baru/")

    page.fill("#id_number", NUMBER)
    page.fill("#id_title", "Pelaksanaan WFA menjelang Idul Fitri")
    page.fill("#id_cap_percent", "50")
    page.fill("#id_body", "Dalam rangka **kelancaran** arus mudik.")
    page.fill("#id_windows-0-start", "2025-03-24")
    page.fill("#id_windows-0-end", "2025-03-25")
    page.fill("#id_windows-1-start", "2025-03-27")
    page.fill("#id_windows-1-end", "2025-03-27")

    page.click("[data-testid=preview-button]")
    preview = page.locator("[data-testid=preview]")
    preview.locator("[data-testid=limit-row]").first.wait_for()
    assert "/surat-edaran/baru/" in page.url  # htmx swapped the preview in place
    assert preview.locator("[data-testid=limit-row]").count() == 2
    assert world.opd.name in preview.inner_text()
    assert world.other_opd.name in preview.inner_text()

    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=publish-link]")
    page.click("[data-testid=publish-link]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=summary]")
    assert "diterbitkan dan berlaku" in page.locator(".messages").inner_text()
    circular = Circular.objects.get(number=NUMBER)
    assert circular.status == Circular.Status.PUBLISHED
    assert circular.windows.count() == 2

    page.context.clear_cookies()
    login(page, "kepala", DEFAULT_PASSWORD)
    page.click("[data-testid=nav-circulars]")
    page.click(f"text={NUMBER}")
    page.wait_for_selector("[data-testid=summary]")
    summary = page.locator("[data-testid=summary]").inner_text()
    assert "WFA 24–25 Maret 2025, 27 Maret 2025" in summary
    assert "50%" in summary
    assert page.locator("[data-testid=calendar]").is_visible()
