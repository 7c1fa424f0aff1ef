"""The direct superior's screen, reports against work-plan targets, several attachments
(checked by their first bytes) and their access-checked download, the export's columns."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.evidence import columns
from attendance.models import DailyReport, DayVerification, ReportAttachment, ReportTarget
from organizations import services as organizations
from organizations.tests.factories import EmployeeFactory, UserFactory
from standing.models import Application, Arrangement, WorkTarget
from standing.tests.builders import make_policy

from .support import DAY, away, duty_circular, local

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 laporan"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def team(world):
    """The colleague is the direct superior of the employee, and has a login."""
    world.boss_user = UserFactory(username="atasan")
    world.colleague.user = world.boss_user
    world.colleague.save(update_fields=["user"])
    organizations.set_superior(employee=world.employee, superior=world.colleague)
    world.stranger_user = UserFactory(username="pegawai_lain")
    world.other_employee.user = world.stranger_user
    world.other_employee.save(update_fields=["user"])
    return world


def plan(world, employee, day, targets=("Menyusun telaah", "Rapat koordinasi")):
    """An approved standing application with a work plan behind a current arrangement."""
    policy = getattr(world, "standing_policy", None) or make_policy(world, publish=False)
    world.standing_policy = policy
    application = Application.objects.create(
        employee=employee, policy=policy, reason="Jarak jauh", status="approved", start=day
    )
    Arrangement.objects.create(
        employee=employee, policy=policy, start=day - timedelta(days=3), application=application
    )
    return [
        WorkTarget.objects.create(application=application, target=t, evidence_of_done="Dokumen")
        for t in targets
    ]


# --- the targets of the work plan ---------------------------------------------------------------


def test_report_is_linked_to_current_targets_only(world):
    today = timezone.localdate()
    mine = plan(world, world.employee, today)
    theirs = plan(world, world.colleague, today, targets=("Target orang lain",))
    report = services.save_report(
        employee=world.employee, day=today, text="Telaah", target_ids=[mine[0].pk]
    )
    assert list(report.targets.all()) == [mine[0]]
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            employee=world.employee, day=today, text="Telaah", target_ids=[theirs[0].pk]
        )
    assert "rencana kerja Anda yang berlaku" in str(refused.value.message_dict["targets"])
    assert list(ReportTarget.objects.values_list("target_id", flat=True)) == [mine[0].pk]
    services.save_report(employee=world.employee, day=today, text="Telaah", target_ids=[])
    assert not ReportTarget.objects.exists()


@pytest.mark.parametrize(
    "arrangement_start, arrangement_end, offered",
    [(-3, None, True), (-3, -1, False), (2, None, False)],
)
def test_current_targets_follow_the_arrangement(world, arrangement_start, arrangement_end, offered):
    from attendance.selectors import current_targets

    today = timezone.localdate()
    targets = plan(world, world.employee, today)
    Arrangement.objects.update(
        start=today + timedelta(days=arrangement_start),
        end=today + timedelta(days=arrangement_end) if arrangement_end is not None else None,
    )
    assert (list(current_targets(world.employee, today)) == targets) is offered


def test_the_form_offers_the_employees_targets(world, client_for):
    today = timezone.localdate()
    targets = plan(world, world.employee, today)
    away(world.opd, world.employee, today)  # a report is for a day away
    client = client_for(world.employee_user)
    url = reverse("attendance:my_report", args=[today])
    page = client.get(url).content.decode()
    assert "Menyusun telaah" in page and "Rapat koordinasi" in page
    response = client.post(url, {"text": "Telaah selesai", "targets": [targets[1].pk]})
    assert response.status_code == 302
    report = DailyReport.objects.get(employee=world.employee, day=today)
    assert list(report.targets.all()) == [targets[1]]
    foreign = plan(world, world.other_employee, today, targets=("Bukan milik saya",))
    refused = client.post(url, {"text": "Telaah", "targets": [foreign[0].pk]})
    assert refused.status_code == 400
    assert "Pilih target dari rencana kerja Anda" in refused.content.decode()
    assert list(report.targets.all()) == [targets[1]]


def test_no_plan_says_so(world, client_for):
    today = timezone.localdate()
    page = client_for(world.employee_user).get(reverse("attendance:my_report", args=[today]))
    assert "Tidak ada rencana kerja yang berlaku pada hari ini" in page.content.decode()


# --- attachments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files, words",
    [
        ([("a.pdf", b"MZ\x90\x00")], "Berkas a.pdf bukan PDF, PNG atau JPEG"),
        ([("b.png", b"GIF89a....")], "Berkas b.png bukan PDF, PNG atau JPEG"),
        ([("c.docx", b"PK\x03\x04docx")], "Berkas c.docx bukan PDF, PNG atau JPEG"),
        ([("d.pdf", b"")], "Berkas d.pdf kosong."),
        ([("e.pdf", b"%PDF-" + b"x" * (5 * 1024 * 1024))], "Berkas e.pdf terlalu besar (5.0 MB)"),
        ([(f"{i}.pdf", PDF) for i in range(6)], "Paling banyak 5 lampiran per laporan"),
    ],
)
def test_bad_uploads_are_refused_with_a_specific_message(world, client_for, files, words):
    today = timezone.localdate()
    away(world.opd, world.employee, today)
    response = client_for(world.employee_user).post(
        reverse("attendance:my_report", args=[today]),
        {"text": "Kerja", "attachments": [upload(n, c) for n, c in files]},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not DailyReport.objects.exists() and not ReportAttachment.objects.exists()


def test_the_service_refuses_bad_files_too(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            employee=world.employee,
            day=today,
            text="Kerja",
            attachments=[upload("ok.pdf", PDF), upload("virus.jpg", b"MZ\x90\x00")],
        )
    assert refused.value.message_dict["attachments"] == [
        "Berkas virus.jpg bukan PDF, PNG atau JPEG (isi berkasnya yang diperiksa, bukan namanya)."
    ]
    assert not DailyReport.objects.exists() and not ReportAttachment.objects.exists()


def test_five_files_in_two_saves_and_the_sixth_refused(world):
    today = timezone.localdate()
    services.save_report(
        employee=world.employee,
        day=today,
        text="Kerja",
        attachments=[upload("1.pdf", PDF), upload("2.png", PNG), upload("3.jpg", JPEG)],
    )
    report = services.save_report(
        employee=world.employee,
        day=today,
        text="Kerja",
        attachments=[upload("4.pdf", PDF), upload("5.pdf", PDF)],
    )
    assert [a.kind for a in report.attachments.all()] == ["pdf", "png", "jpeg", "pdf", "pdf"]
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            employee=world.employee, day=today, text="Kerja", attachments=[upload("6.pdf", PDF)]
        )
    assert "sudah ada 5, ditambah 1" in str(refused.value)
    first = report.attachments.first()
    services.save_report(
        employee=world.employee,
        day=today,
        text="Kerja",
        attachments=[upload("6.pdf", PDF)],
        remove_attachment_ids=[first.pk],
    )
    assert report.attachments.count() == 5
    assert not ReportAttachment.objects.filter(pk=first.pk).exists()


def test_removing_a_file_of_another_report_does_nothing(world):
    today = timezone.localdate()
    theirs = services.save_report(
        employee=world.colleague, day=today, text="Milik rekan", attachments=[upload("r.pdf", PDF)]
    )
    services.save_report(
        employee=world.employee,
        day=today,
        text="Kerja",
        remove_attachment_ids=[theirs.attachments.get().pk],
    )
    assert theirs.attachments.count() == 1


@pytest.fixture
def filed(team):
    today = timezone.localdate()
    report = services.save_report(
        employee=team.employee, day=today, text="Kerja", attachments=[upload("bukti.pdf", PDF)]
    )
    team.attachment = report.attachments.get()
    return team


def _download(filed, client):
    return client.get(reverse("attendance:attachment", args=[filed.attachment.pk]))


@pytest.mark.parametrize(
    "who", ["employee_user", "boss_user", "head", "operator", "admin", "inspector"]
)
def test_allowed_readers_download_the_file(filed, client_for, who):
    response = _download(filed, client_for(getattr(filed, who)))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bukti.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["other_head", "other_admin", "foreign_head", "stranger_user"])
def test_others_get_404_for_the_file(filed, client_for, who):
    assert _download(filed, client_for(getattr(filed, who))).status_code == 404


def test_anonymous_is_sent_to_login_for_the_file(filed, client):
    response = _download(filed, client)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_a_file_gone_from_storage_is_404_on_the_page_and_the_api(filed, client_for):
    """attachments.download_response, shared by the page and the API: a row whose file
    was lost answers 404, never a 500."""
    api_url = f"/api/v1/attendance/attachments/{filed.attachment.pk}/"
    assert client_for(filed.head).get(api_url).status_code == 200
    filed.attachment.file.storage.delete(filed.attachment.file.name)
    assert _download(filed, client_for(filed.head)).status_code == 404
    assert client_for(filed.head).get(api_url).status_code == 404


def test_a_guessed_attachment_id_is_404(filed, client_for):
    url = reverse("attendance:attachment", args=[filed.attachment.pk + 1000])
    assert client_for(filed.head).get(url).status_code == 404


# --- the direct superior's screen ----------------------------------------------------------------


def team_url(day=DAY):
    return reverse("attendance:team", args=[day])


@pytest.fixture
def team_day(team):
    duty_circular(team.agency, place="anywhere", verifier="superior")
    away(team.opd, team.employee, DAY)
    services.check_in(employee=team.employee, at=local(DAY, 8, 0))
    DailyReport.objects.create(employee=team.employee, day=DAY, text="Menyusun telaah")
    return team


def test_superior_sees_their_direct_reports_day(team_day, client_for):
    page = client_for(team_day.boss_user).get(team_url()).content.decode()
    assert "Verifikasi presensi bawahan langsung" in page
    assert team_day.employee.name in page
    assert "Terlambat" in page and "Menyusun telaah" in page
    assert "Laporan kerja: 1 dari 1 pegawai di luar kantor sudah melapor." in page
    assert team_day.other_employee.name not in page


def test_superior_verifies_and_disputes(team_day, client_for):
    client = client_for(team_day.boss_user)
    response = client.post(
        team_url(), {"status": "verified", "employees": [team_day.employee.pk]}, follow=True
    )
    assert "1 pegawai diverifikasi." in response.content.decode()
    verdict = DayVerification.objects.get(employee=team_day.employee, day=DAY)
    assert (verdict.status, verdict.decided_by) == ("verified", team_day.boss_user)
    refused = client.post(team_url(), {"status": "disputed", "employees": [team_day.employee.pk]})
    assert "Tulis catatan untuk presensi yang dipersoalkan." in refused.content.decode()
    client.post(
        team_url(),
        {"status": "disputed", "employees": [team_day.employee.pk], "note": "Lokasi janggal"},
    )
    verdict.refresh_from_db()
    assert (verdict.status, verdict.note) == ("disputed", "Lokasi janggal")


def test_superior_cannot_verify_someone_not_reporting_to_them(team_day, client_for):
    response = client_for(team_day.boss_user).post(
        team_url(), {"status": "verified", "employees": [team_day.other_employee.pk]}
    )
    assert response.status_code == 400
    assert "bukan staf OPD ini" in response.content.decode() or "atasan langsungnya Anda" in (
        response.content.decode()
    )
    assert not DayVerification.objects.exists()


def test_the_service_refuses_staff_outside_the_team(team_day):
    from attendance import access

    with pytest.raises(ValidationError) as refused:
        services.decide_team_days(
            team=access.reports_verified_by(team_day.boss_user),
            day=DAY,
            actor=team_day.boss_user,
            employee_ids=[team_day.employee.pk, team_day.other_employee.pk],
            status="verified",
        )
    assert "Pilih pegawai yang atasan langsungnya Anda." in refused.value.messages
    assert not DayVerification.objects.exists()


def test_superior_comments_on_a_report(team_day, client_for):
    report = DailyReport.objects.get(employee=team_day.employee)
    url = reverse("attendance:team_comment", args=[report.pk])
    response = client_for(team_day.boss_user).post(url, {"comment": "Lanjutkan"}, follow=True)
    assert "Komentar disimpan." in response.content.decode()
    report.refresh_from_db()
    assert (report.head_comment, report.commented_by) == ("Lanjutkan", team_day.boss_user)
    for who in ("stranger_user", "employee_user", "other_head"):
        assert client_for(getattr(team_day, who)).post(url, {"comment": "x"}).status_code in (
            403,
            404,
        )
    report.refresh_from_db()
    assert report.head_comment == "Lanjutkan"


@pytest.mark.parametrize(
    "who", ["stranger_user", "employee_user", "other_head", "other_admin", "admin", "head"]
)
def test_the_screen_is_only_for_someone_with_direct_reports(team_day, client_for, who):
    client = client_for(getattr(team_day, who))
    assert client.get(team_url()).status_code == 404
    response = client.post(team_url(), {"status": "verified", "employees": [team_day.employee.pk]})
    assert response.status_code == 404
    assert not DayVerification.objects.exists()


def test_anonymous_goes_to_login_for_the_screen(team_day, client):
    response = client.get(team_url())
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_head_still_verifies_an_employee_with_a_superior(team_day, client_for):
    url = reverse("attendance:verify", args=[team_day.opd.pk, DAY])
    page = client_for(team_day.head).get(url).content.decode()
    assert f"Atasan langsung: {team_day.colleague.name}" in page
    client_for(team_day.head).post(url, {"status": "verified", "employees": [team_day.employee.pk]})
    assert DayVerification.objects.get(employee=team_day.employee).decided_by == team_day.head


def test_the_employees_day_names_who_verifies(team_day, client_for, settings):
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=DAY):
        page = client_for(team_day.employee_user).get(reverse("attendance:my_day"))
    text = page.content.decode()
    assert (
        f"Presensi dan laporan Anda diverifikasi oleh atasan langsung: {team_day.colleague.name}."
        in text
    )
    team_day.colleague.active = False  # a superior who left: the head verifies
    team_day.colleague.save(update_fields=["active"])
    with mock.patch("django.utils.timezone.localdate", return_value=DAY):
        page = client_for(team_day.employee_user).get(reverse("attendance:my_day"))
    assert "Presensi dan laporan Anda diverifikasi oleh kepala OPD." in page.content.decode()
    organizations.set_superior(employee=team_day.employee, superior=None)
    with mock.patch("django.utils.timezone.localdate", return_value=DAY):
        page = client_for(team_day.employee_user).get(reverse("attendance:my_day"))
    assert "Presensi dan laporan Anda diverifikasi oleh kepala OPD." in page.content.decode()


def test_query_count_of_the_screen_does_not_grow_with_reports(team_day, client_for, count_queries):
    client = client_for(team_day.boss_user)
    small, response = count_queries(client.get, team_url())
    assert response.status_code == 200
    for i in range(12):
        member = EmployeeFactory(unit=team_day.opd if i % 2 else team_day.sub_unit)
        organizations.set_superior(employee=member, superior=team_day.colleague)
        away(team_day.opd, member, DAY)
        services.check_in(employee=member, at=local(DAY, 7, 30))
        report = DailyReport.objects.create(employee=member, day=DAY, text="Kerja")
        ReportAttachment.objects.create(
            report=report, file="x.pdf", name="x.pdf", kind="pdf", size=10
        )
    large, response = count_queries(client.get, team_url())
    assert response.status_code == 200 and response.content.decode().count("x.pdf") >= 12
    assert large == small


# --- the evidence export --------------------------------------------------------------------


def test_export_lists_targets_and_counts_attachments(team, client_for):
    targets = plan(team, team.employee, DAY)
    away(team.opd, team.employee, DAY)
    report = DailyReport.objects.create(employee=team.employee, day=DAY, text="Telaah")
    ReportTarget.objects.create(report=report, target=targets[0])
    ReportTarget.objects.create(report=report, target=targets[1])
    for name in ("a.pdf", "b.png"):
        ReportAttachment.objects.create(report=report, file=name, name=name, kind="pdf", size=1)
    url = reverse("attendance:evidence_export", args=[team.employee.pk, 2025, 4, "csv"])
    response = client_for(team.boss_user).get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header == columns()
    row = next(r for r in rows[1:] if r[3] == DAY.isoformat())
    assert row[header.index("Target rencana kerja")] == "Menyusun telaah; Rapat koordinasi"
    assert row[header.index("Lampiran")] == "2"
