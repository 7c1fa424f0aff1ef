"""Standing flexible work, end to end: the employee applies with a work plan, the head
approves it, next week's grid comes pre-filled with the Friday and is saved, the head
recalls the employee that Friday, the employee confirms on a phone and reports the work
plan's target, the head finds it met, BKPSDM sees the recall and the target met.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's chromium, headless). The
standing policy runs from 2025 with no end, so the journey works whatever the date.
"""

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone

from circulars.governing import policies_for_opd
from organizations.tests.factories import DEFAULT_PASSWORD
from schedules.models import Assignment
from standing.models import Application, Arrangement, Recall
from standing.tests.builders import make_policy
from wfa_portal.isoweek import format_week, monday_of

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_open_friday(world) -> date:
    """The Friday of next week or a later one that is a working day under the policy."""
    monday = monday_of(timezone.localdate()) + timedelta(days=7)
    days = policies_for_opd(world.opd, monday, monday + timedelta(days=60))
    return next(day for day, p in sorted(days.items()) if day.weekday() == 4 and p.is_open())


def test_apply_approve_prefill_recall_confirm(
    browser, mobile_page, page, login, live_server, world
):
    from playwright.sync_api import expect

    make_policy(world, start=date(2025, 1, 1))
    friday = next_open_friday(world)
    employee = mobile_page

    # The employee applies on a phone, with a work plan.
    login(employee, "pegawai", DEFAULT_PASSWORD)
    employee.goto(f"{live_server.url}/kerja-fleksibel/saya/")
    employee.click("[data-testid=apply]")
    employee.check("input[name=weekdays][value='4']")
    employee.fill("textarea[name=reason]", "Jarak rumah ke kantor 40 km")
    employee.fill("input[name=targets-0-target]", "Menyusun 2 laporan analisis")
    employee.fill("input[name=targets-0-evidence_of_done]", "Laporan diunggah di e-Kinerja")
    employee.click("[data-testid=apply-form] button[type=submit]")
    employee.wait_for_load_state()
    expect(employee.locator(".alert-success").first).to_contain_text("Permohonan terkirim")
    application = Application.objects.get(employee=world.employee)

    # The head approves it with the four task criteria ticked.
    login(page, "kepala", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/kerja-fleksibel/opd/{world.opd.pk}/")
    page.click(f"text={world.employee.name}")
    expect(page.locator("[data-testid=application]")).to_contain_text("Jarak rumah")
    for name in ("ict_doable", "little_contact", "no_supervision", "no_equipment"):
        page.check(f"[data-testid=approve-form] input[name={name}]")
    page.click("[data-testid=approve-form] button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=status]")).to_have_text("Disetujui")
    assert Arrangement.objects.get(employee=world.employee, application=application).weekdays == [4]

    # Next week's grid comes pre-filled with the Friday, as a proposal; the head saves it.
    page.goto(f"{live_server.url}/jadwal/opd/{world.opd.pk}/{format_week(friday)}/")
    expect(page.locator("[data-testid=proposal-legend]")).to_contain_text("diisi otomatis")
    cell = page.locator(f"select[name=c-{world.employee.pk}-{friday:%Y%m%d}]")
    expect(cell).to_have_value("WFH")
    assert not Assignment.objects.exists()
    page.click("[data-testid=save-week]")
    page.wait_for_load_state()
    assert Assignment.objects.get(employee=world.employee).day == friday

    # The head recalls the employee that Friday.
    page.goto(f"{live_server.url}/kerja-fleksibel/opd/{world.opd.pk}/")
    form = page.locator("[data-testid=recall-form]")
    form.locator("select[name=employee]").select_option(str(world.employee.pk))
    form.locator("input[name=day]").fill(friday.isoformat())
    form.locator("input[name=at]").fill("09:00")
    form.locator("textarea[name=reason]").fill("Rapat evaluasi mendadak")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("1 pegawai dipanggil ke kantor")
    recall = Recall.objects.get()
    assert not Assignment.objects.filter(employee=world.employee, day=friday).exists()

    # The employee confirms on the phone, from the notice's link.
    employee.goto(f"{live_server.url}/kerja-fleksibel/panggilan/{recall.pk}/")
    expect(employee.locator("[data-testid=recall-card]")).to_contain_text("Rapat evaluasi mendadak")
    employee.click("[data-testid=confirm]")
    employee.wait_for_load_state()
    expect(employee.locator("[data-testid=confirmed]")).to_be_visible()

    # The employee reports the target's result on the phone; the head finds it met.
    employee.goto(f"{live_server.url}/kerja-fleksibel/saya/")
    employee.click("[data-testid=my-targets] a")
    employee.fill("textarea[name=result]", "2 laporan diunggah, No. 12 dan 13")
    employee.click("[data-testid=report-form] button[type=submit]")
    employee.wait_for_load_state()
    expect(employee.locator("[data-testid=target-state]").first).to_have_text(
        "Menunggu penilaian atasan"
    )
    page.goto(f"{live_server.url}/kerja-fleksibel/target/")
    expect(page.locator("[data-testid=targets]")).to_contain_text("No. 12 dan 13")
    page.click("[data-testid=targets] a.btn")
    page.check("input[name=verdict][value=met]")
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=targets]")).to_contain_text("Tidak ada target")

    # BKPSDM sees the recall and its confirmation, and the target met.
    context = browser.new_context(locale="id-ID")
    bkpsdm = context.new_page()
    login(bkpsdm, "admin", DEFAULT_PASSWORD)
    bkpsdm.goto(f"{live_server.url}/kerja-fleksibel/instansi/{world.agency.pk}/")
    expect(bkpsdm.locator("[data-testid=recalls]")).to_contain_text("Rapat evaluasi mendadak")
    expect(bkpsdm.locator("[data-testid=recall-figures]")).to_contain_text("dikonfirmasi: 1")
    bkpsdm.goto(f"{live_server.url}/kerja-fleksibel/instansi/{world.agency.pk}/pemantauan/")
    expect(bkpsdm.locator(f"[data-testid=opd-{world.opd.pk}]")).to_contain_text("1/1")
    context.close()
