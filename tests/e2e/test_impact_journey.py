"""BKPSDM drafts a circular over the dates of one in force, sees what it does to the
rosters already made, declares it an amendment and publishes it; the head of the
OPD whose submitted week it breaks then finds the week back with the reason."""

from datetime import timedelta

import pytest

from circulars.models import Circular
from circulars.tests.impact_support import future_week, published, store_week
from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Roster
from schedules.tests.support import add_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "800/90-BKPSDM/2026"


def test_admin_sees_the_impact_amends_and_the_head_finds_the_week_returned(
    page, login, live_server, world
):
    monday = future_week(world.agency)
    thursday = monday + timedelta(days=3)
    old = published(world.agency, "800/89-BKPSDM/2026", monday, thursday, cap_percent=50)
    staff = add_staff(world.other_opd, 3, prefix="Staf")  # with other_employee: 4 staff
    roster = store_week(world.other_opd, monday, {staff[0]: [monday], staff[1]: [monday]})

    login(page, "admin", DEFAULT_PASSWORD)
    page.click("[data-testid=home-new-circular]")
    page.wait_for_url("**/surat-edaran/baru/")
    page.fill("#id_number", NUMBER)
    page.fill("#id_title", "Perubahan batas WFA")
    page.fill("#id_cap_percent", "25")
    page.fill("#id_body", "Batas diturunkan.")
    page.fill("#id_windows-0-start", monday.isoformat())
    page.fill("#id_windows-0-end", thursday.isoformat())
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=publish-link]")

    # The preview before publishing: the numbers, then the detail; publishing waits
    # for the relation to the circular in force.
    page.click("[data-testid=publish-link]")
    impact = page.locator("[data-testid=impact]")
    assert impact.locator("[data-testid=impact-over]").inner_text() == "1"
    assert impact.locator("[data-testid=impact-handed-in]").inner_text() == "1"
    assert world.other_opd.name in impact.locator("[data-testid=impact-opd]").inner_text()
    page.click("[data-testid=impact-detail] summary")
    detail = impact.locator("[data-testid=impact-week]").inner_text()
    assert "melebihi batas 1 pegawai" in detail
    assert "Diajukan: akan dikembalikan" in detail
    assert (
        "tumpang tindih dengan SE 800/89-BKPSDM/2026"
        in page.locator("[data-testid=publish-errors]").inner_text()
    )
    assert page.locator("[data-testid=confirm]").is_disabled()

    # Declare it an amendment and publish.
    draft = Circular.objects.get(number=NUMBER)
    page.goto(f"{live_server.url}/surat-edaran/{draft.pk}/ubah/")
    page.select_option("#id_relation", "amends")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=publish-link]")
    page.click("[data-testid=publish-link]")
    assert page.locator("[data-testid=impact-over]").inner_text() == "1"
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=summary]")
    assert "diterbitkan dan berlaku" in page.locator(".messages").inner_text()
    roster.refresh_from_db()
    assert roster.status == Roster.Status.DRAFT
    assert Circular.objects.get(pk=old.pk).status == Circular.Status.PUBLISHED  # both stay

    # The head of that OPD sees the week back, and why.
    page.context.clear_cookies()
    login(page, "kepala_lain", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/jadwal/opd/{world.other_opd.pk}/{roster.iso_week}/")
    comment = page.locator("[data-testid=return-comment]").inner_text()
    assert f"SE {NUMBER} diterbitkan" in comment
    assert "1 hari melebihi batas baru" in comment
