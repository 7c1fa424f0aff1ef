"""The head's screen: verify or dispute the day's check-ins, see who reported, comment."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import DailyReport, DayVerification
from schedules.tests.support import add_staff

from .support import DAY, away, duty_circular, local

pytestmark = pytest.mark.django_db


def url(world, day=DAY):
    return reverse("attendance:verify", args=[world.opd.pk, day])


@pytest.fixture
def day_away(world):
    duty_circular(world.agency, place="anywhere")
    away(world.opd, world.employee, DAY)
    services.check_in(employee=world.employee, at=local(DAY, 8, 0))
    DailyReport.objects.create(employee=world.employee, day=DAY, text="Menyusun laporan")
    return world


def test_head_sees_the_days_checkins_findings_and_reports(day_away, client_for):
    page = client_for(day_away.head).get(url(day_away)).content.decode()
    assert "Verifikasi presensi" in page
    assert "Terlambat" in page  # 08:00 against 07:30 + 15 minutes
    assert "Tidak presensi pada jam yang diwajibkan. 16:00" in page
    assert "Laporan kerja: 1 dari 1 pegawai di luar kantor sudah melapor." in page
    assert "Menyusun laporan" in page


def test_head_verifies_and_disputes_with_a_note(day_away, client_for):
    client = client_for(day_away.head)
    response = client.post(
        url(day_away), {"status": "verified", "employees": [day_away.employee.pk]}, follow=True
    )
    assert "1 pegawai diverifikasi." in response.content.decode()
    assert DayVerification.objects.get(employee=day_away.employee, day=DAY).status == "verified"
    refused = client.post(
        url(day_away), {"status": "disputed", "employees": [day_away.colleague.pk]}
    )
    assert refused.status_code == 400
    assert "Tulis catatan untuk presensi yang dipersoalkan." in refused.content.decode()
    assert not DayVerification.objects.filter(employee=day_away.colleague).exists()
    client.post(
        url(day_away),
        {"status": "disputed", "employees": [day_away.employee.pk], "note": "Lokasi janggal"},
    )
    verdict = DayVerification.objects.get(employee=day_away.employee, day=DAY)
    assert (verdict.status, verdict.note) == ("disputed", "Lokasi janggal")


def test_head_cannot_verify_staff_of_another_opd(day_away, client_for):
    response = client_for(day_away.head).post(
        url(day_away), {"status": "verified", "employees": [day_away.other_employee.pk]}
    )
    assert response.status_code == 400
    assert "bukan staf OPD ini" in response.content.decode()
    assert not DayVerification.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_head", "admin", "other_admin", "employee_user", "operator", "inspector"]
)
def test_only_the_head_opens_the_screen(day_away, client_for, who):
    assert client_for(getattr(day_away, who)).get(url(day_away)).status_code == 404


def test_anonymous_goes_to_login(day_away, client):
    response = client.get(url(day_away))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_screen_costs_the_same_queries_for_5_and_60_staff(day_away, client_for):
    client = client_for(day_away.head)
    client.get(url(day_away))  # warm the session and the actor

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(day_away)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    more = add_staff(day_away.opd, 55)
    for e in more[:20]:
        away(day_away.opd, e, DAY)
        services.check_in(employee=e, at=local(DAY, 7, 20))
        DailyReport.objects.create(employee=e, day=DAY, text="Kerja")
        DayVerification.objects.create(employee=e, day=DAY, status="verified")
    assert count() == small


def test_head_comments_on_a_report(day_away, client_for):
    report = DailyReport.objects.get(employee=day_away.employee)
    client = client_for(day_away.head)
    response = client.post(
        reverse("attendance:comment", args=[day_away.opd.pk, report.pk]),
        {"comment": "Lengkapi lampiran"},
        follow=True,
    )
    assert "Komentar disimpan." in response.content.decode()
    report.refresh_from_db()
    assert (report.head_comment, report.commented_by) == ("Lengkapi lampiran", day_away.head)


def test_another_head_cannot_comment(day_away, client_for):
    report = DailyReport.objects.get(employee=day_away.employee)
    other = reverse("attendance:comment", args=[day_away.other_opd.pk, report.pk])
    assert client_for(day_away.other_head).post(other, {"comment": "x"}).status_code == 404
    mine = reverse("attendance:comment", args=[day_away.opd.pk, report.pk])
    assert client_for(day_away.other_head).post(mine, {"comment": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.head_comment == ""


# --- the employee's report ---------------------------------------------------------------


def test_employee_writes_todays_report_with_an_attachment(world, client_for):
    today = timezone.localdate()
    away(world.opd, world.employee, today)
    client = client_for(world.employee_user)
    page = client.get(reverse("attendance:my_report", args=[today])).content.decode()
    assert "Apa yang Anda kerjakan hari ini?" in page
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    response = client.post(
        reverse("attendance:my_report", args=[today]),
        {"text": "Rapat daring dan menyusun telaah", "attachment": pdf},
    )
    assert response.status_code == 302
    report = DailyReport.objects.get(employee=world.employee, day=today)
    assert report.text == "Rapat daring dan menyusun telaah" and report.attachment.name


def test_a_bad_attachment_or_an_empty_report_is_refused(world, client_for):
    today = timezone.localdate()
    client = client_for(world.employee_user)
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        reverse("attendance:my_report", args=[today]), {"text": "Kerja", "attachment": exe}
    )
    assert response.status_code == 400
    assert "Lampiran harus PDF, JPG, PNG, DOCX atau XLSX." in response.content.decode()
    empty = client.post(reverse("attendance:my_report", args=[today]), {"text": ""})
    assert empty.status_code == 400
    assert not DailyReport.objects.exists()


def test_a_report_for_a_far_or_future_day_is_not_found(world, client_for):
    from datetime import timedelta

    today = timezone.localdate()
    client = client_for(world.employee_user)
    for day in (today + timedelta(days=1), today - timedelta(days=30)):
        assert client.get(reverse("attendance:my_report", args=[day])).status_code == 404


@pytest.mark.parametrize("who", ["head", "admin"])
def test_only_an_employee_writes_a_report(world, client_for, who):
    today = timezone.localdate()
    response = client_for(getattr(world, who)).post(
        reverse("attendance:my_report", args=[today]), {"text": "x"}
    )
    assert response.status_code == 403
