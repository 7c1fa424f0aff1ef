"""An employee asks for a day away, the head approves it, the employee sees it and
takes it home in a calendar file.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless).
The circular's window starts today, so the journey works whatever the date.
"""

import os
from pathlib import Path

import pytest
from icalendar import Calendar

from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Assignment, AwayRequest
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd
from wfa_portal.isoweek import format_week

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staffed(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency, number="800/JOURNEY/2026")
    world.circular.conditions = "Dapat dihubungi atasan selama jam kerja"
    world.circular.save()
    world.day = coming_working_days(world.agency, 1)[0]
    return world


def test_employee_requests_a_day_the_head_approves_and_it_lands_in_the_calendar(
    mobile_page, page, login, live_server, staffed, tmp_path: Path
):
    from playwright.sync_api import expect

    day = staffed.day.isoformat()
    employee = mobile_page

    # The employee, on a phone, sees the coming days.
    login(employee, "pegawai", DEFAULT_PASSWORD)
    employee.click("[data-testid=my-schedule]")
    upcoming = employee.locator("[data-testid=upcoming]")
    expect(upcoming).to_be_visible()
    expect(employee.locator(f"[data-testid=day-{day}] [data-testid=mode]")).to_have_text("WFO")

    # ... and asks for the first working day.
    employee.click("[data-testid=to-requests]")
    employee.check(f"#day-{day}")
    employee.fill("textarea[name=note]", "Mudik lebih awal")
    employee.click("[data-testid=send-request]")
    employee.wait_for_load_state()
    expect(employee.locator(".alert-success").first).to_contain_text("Permohonan 1 hari")
    request = AwayRequest.objects.get(employee=staffed.employee)
    assert (request.day, request.status) == (staffed.day, "pending")

    # The head approves it from the queue, then submits the week to BKPSDM.
    login(page, "kepala", DEFAULT_PASSWORD)
    page.click(f"[data-testid=opd-queue-{staffed.opd.pk}]")
    expect(page.locator(f"[data-testid=room-{request.pk}]")).to_contain_text("sisa 2")
    page.click(f"[data-testid=approve-{request.pk}]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("1 permohonan disetujui")
    expect(page.locator("[data-testid=queue-empty]")).to_be_visible()
    assert Assignment.objects.filter(employee=staffed.employee, day=staffed.day).exists()

    page.goto(f"{live_server.url}/jadwal/opd/{staffed.opd.pk}/{format_week(staffed.day)}/")
    page.click("[data-testid=submit-week]")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=status]")).to_contain_text("Diajukan")

    # The employee sees the day away, confirms the conditions and downloads the calendar.
    employee.goto(f"{live_server.url}/saya/")
    expect(employee.locator(f"[data-testid=day-{day}] [data-testid=mode]")).to_have_text("WFA")
    ack = employee.locator(f"[data-testid=acknowledge-{staffed.circular.pk}]")
    expect(ack).to_contain_text("Dapat dihubungi atasan")
    ack.locator("button").click()
    employee.wait_for_load_state()
    expect(ack).to_have_count(0)

    with employee.expect_download() as info:
        employee.click("[data-testid=download-ics]")
    target = tmp_path / "jadwal.ics"
    info.value.save_as(target)
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [staffed.day]
