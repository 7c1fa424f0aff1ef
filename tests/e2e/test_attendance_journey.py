"""An employee on a WFH day checks in from a phone with the browser's location and writes
the daily report; the head verifies; BKPSDM sees the day's figure.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless). The
location is given to the browser through the context's geolocation permission.
"""

import os

import pytest
from django.utils import timezone

from attendance.models import CheckIn, DailyReport, DayVerification, HomePoint
from attendance.tests.support import away, duty_circular
from organizations.tests.factories import DEFAULT_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME = {"latitude": -6.2012, "longitude": 106.8123, "accuracy": 25}


@pytest.fixture
def wfh_today(world):
    today = timezone.localdate()
    duty_circular(world.agency, day=today, place="home")
    away(world.opd, world.employee, today, "WFH")
    HomePoint.objects.create(employee=world.employee, lat=-6.2012, lng=106.8123, radius_m=150)
    world.today = today
    return world


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        geolocation=HOME,
        permissions=["geolocation"],
    )
    context.set_default_timeout(20_000)  # the first page of a cold live server, on a busy machine
    opened = context.new_page()
    yield opened
    context.close()


def test_wfh_checkin_report_verification_and_the_daily_figure(
    phone, page, login, live_server, wfh_today
):
    from playwright.sync_api import expect

    world = wfh_today
    violations: list[str] = []
    phone.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )

    # The employee, on a phone, checks in with the location shared.
    login(phone, "pegawai", DEFAULT_PASSWORD)
    phone.goto(f"{live_server.url}/presensi/saya/")
    expect(phone.locator("[data-testid=mode]")).to_have_text("WFH")
    phone.check("[data-testid=share-location]")
    phone.click("[data-testid=check-in]")
    phone.wait_for_load_state()
    expect(phone.locator("[data-testid=check-ins]")).to_contain_text("-6.20120, 106.81230")
    check_in = CheckIn.objects.get(employee=world.employee)
    assert (round(check_in.lat, 4), round(check_in.lng, 4), check_in.accuracy_m) == (
        -6.2012,
        106.8123,
        25.0,
    )
    assert "ATT_OUTSIDE" not in check_in.findings and "ATT_NO_LOCATION" not in check_in.findings

    # ... and writes the daily report.
    phone.click("[data-testid=write-report]")
    phone.fill("textarea[name=text]", "Menyusun telaah staf dan rapat daring")
    phone.click("[data-testid=save-report]")
    phone.wait_for_load_state()
    expect(phone.locator("[data-testid=report-text]")).to_contain_text("Menyusun telaah staf")
    assert DailyReport.objects.filter(employee=world.employee, day=world.today).exists()
    assert violations == []

    # The head verifies the day on one screen.
    login(page, "kepala", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/presensi/")
    page.click(f"[data-testid=go-verify-{world.opd.pk}]")
    row = page.locator(f"[data-testid=staff-{world.employee.pk}]")
    expect(row.locator("[data-testid=reported]")).to_be_visible()
    row.locator("input[name=employees]").check()
    page.click("[data-testid=verify-selected]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("1 pegawai diverifikasi.")
    expect(page.locator(f"[data-testid=verdict-{world.employee.pk}]")).to_contain_text(
        "Diverifikasi"
    )
    assert DayVerification.objects.get(employee=world.employee).status == "verified"

    # BKPSDM sees the day's figure.
    page.context.clear_cookies()  # another person at the same browser
    login(page, "admin", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/presensi/")
    page.click(f"[data-testid=go-figure-{world.agency.pk}]")
    opd = page.locator(f"[data-testid=opd-{world.opd.pk}]")
    expect(opd.locator("[data-testid=wfh]")).to_have_text("1")
    expect(opd.locator("[data-testid=not-reported]")).to_have_text("0")
    expect(opd.locator("[data-testid=verified]")).to_have_text("1")
