"""On a WFH day whose duty says the direct superior verifies: the employee, on a phone,
writes the report against a target of their work plan with a PDF attached; their
direct superior, on a phone, opens the file and verifies the day."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from attendance.models import DailyReport, DayVerification
from attendance.tests.support import away, duty_circular
from organizations import services as organizations
from organizations.tests.factories import DEFAULT_PASSWORD, UserFactory
from standing.models import Application, Arrangement, WorkTarget
from standing.tests.builders import make_policy

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def superior_day(world):
    today = timezone.localdate()
    duty_circular(world.agency, day=today, place="anywhere", verifier="superior")
    away(world.opd, world.employee, today, "WFH")
    world.colleague.user = UserFactory(username="atasan")
    world.colleague.save(update_fields=["user"])
    organizations.set_superior(employee=world.employee, superior=world.colleague)
    policy = make_policy(world, publish=False)
    application = Application.objects.create(
        employee=world.employee, policy=policy, reason="Jauh", status="approved", start=today
    )
    Arrangement.objects.create(
        employee=world.employee,
        policy=policy,
        start=today - timedelta(days=7),
        application=application,
    )
    world.target = WorkTarget.objects.create(
        application=application, target="Telaah kebijakan WFA", evidence_of_done="Dokumen"
    )
    world.today = today
    return world


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def test_report_with_target_and_file_verified_by_the_direct_superior(
    phone, login, live_server, superior_day
):
    from playwright.sync_api import expect

    world = superior_day
    login(phone, "pegawai", DEFAULT_PASSWORD)
    phone.goto(f"{live_server.url}/presensi/saya/")
    expect(phone.locator("[data-testid=verifier]")).to_contain_text(
        f"diverifikasi oleh atasan langsung: {world.colleague.name}"
    )
    phone.click("[data-testid=write-report]")
    phone.fill("textarea[name=text]", "Menyusun telaah kebijakan")
    phone.get_by_label("Telaah kebijakan WFA").check()
    phone.set_input_files(
        "input[name=attachments]",
        files=[{"name": "telaah.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}],
    )
    phone.click("[data-testid=save-report]")
    phone.wait_for_load_state()
    expect(phone.locator("[data-testid=report-targets]")).to_contain_text("Telaah kebijakan WFA")
    expect(phone.locator("[data-testid=report-attachments]")).to_contain_text("telaah.pdf")
    report = DailyReport.objects.get(employee=world.employee, day=world.today)
    assert list(report.targets.all()) == [world.target]
    assert [a.name for a in report.attachments.all()] == ["telaah.pdf"]

    phone.context.clear_cookies()  # the superior, on their own phone
    login(phone, "atasan", DEFAULT_PASSWORD)
    phone.goto(f"{live_server.url}/presensi/")
    phone.click("[data-testid=go-team]")
    row = phone.locator(f"[data-testid=staff-{world.employee.pk}]")
    expect(row).to_contain_text("Menyusun telaah kebijakan")
    expect(row.locator("[data-testid=report-attachments]")).to_contain_text("telaah.pdf")
    with phone.expect_download() as download:
        row.get_by_text("telaah.pdf").click()
    assert download.value.suggested_filename == "telaah.pdf"
    row.locator("input[name=employees]").check()
    phone.click("[data-testid=verify-selected]")
    phone.wait_for_load_state()
    expect(phone.locator(".alert-success").first).to_contain_text("1 pegawai diverifikasi.")
    verdict = DayVerification.objects.get(employee=world.employee, day=world.today)
    assert verdict.status == "verified" and verdict.decided_by.username == "atasan"
