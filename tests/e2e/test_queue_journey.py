"""A head filters the request queue (htmx), selects every row of the page at once and
decides them in bulk; a refused row says why and stays; a request in a submitted week
offers the way out, and nothing is blocked by the Content-Security-Policy.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless).
"""

import os

import pytest
from django.utils import timezone

from notifications.models import Kind, Notification
from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import AwayRequest, Roster
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd
from wfa_portal.isoweek import monday_of

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_filters_selects_all_and_decides_in_bulk(
    page, login, live_server, world, csp_violations
):
    from playwright.sync_api import expect

    staff_opd(world)
    circular = coming_circular(world.agency, number="800/ANTRE/2026")
    days = coming_working_days(world.agency, 8)
    later = next(d for d in days if monday_of(d) != monday_of(days[0]))
    people = [world.employee, world.colleague, *world.extra]
    for person in people[:3]:
        AwayRequest.objects.create(employee=person, circular=circular, day=later, mode="WFA")
    closed = AwayRequest.objects.create(
        employee=world.extra[1], circular=circular, day=days[0], mode="WFA"
    )
    Roster.objects.create(
        unit=world.opd,
        week_start=monday_of(days[0]),
        status=Roster.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )

    login(page, "kepala", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/saya/opd/{world.opd.pk}/permohonan/")
    expect(page.locator("[data-testid=queue] > li")).to_have_count(4)

    # The week already with BKPSDM: the head asks for it back in one click.
    expect(page.locator(f"[data-testid=closed-week-{closed.pk}]")).to_contain_text(
        "sudah diajukan ke BKPSDM"
    )
    page.click(f"[data-testid=ask-back-{closed.pk}]")
    expect(page.locator(".alert-success").first).to_contain_text("BKPSDM diminta mengembalikan")
    assert Notification.objects.filter(kind=Kind.ROSTER_RETURN_ASKED).count() == 1

    # Filter to the later day (htmx swaps only the results), select all, approve.
    page.fill("input[name=start]", later.isoformat())
    page.click("[data-testid=queue-filters] button[type=submit]")
    expect(page.locator("[data-testid=queue] > li")).to_have_count(3)
    assert f"start={later.isoformat()}" in page.url
    page.check("#pick-all")
    expect(page.locator("input[name=ids][form=bulk]:checked")).to_have_count(3)
    page.select_option("#bulk-action", "approve")
    page.click("[data-testid=bulk-decide]")
    page.wait_for_load_state()
    # Cap 50% of 5 staff: two go, the third is refused with the rule's words.
    expect(page.locator(".alert-success").first).to_contain_text("2 permohonan disetujui.")
    expect(page.locator(".alert-danger").first).to_contain_text(
        "1 permohonan tidak dapat diputuskan dan tetap menunggu:"
    )
    statuses = sorted(AwayRequest.objects.filter(day=later).values_list("status", flat=True))
    assert statuses == ["approved", "approved", "pending"]
    assert f"start={later.isoformat()}" in page.url  # the filters are kept
    assert csp_violations == []
