"""The direct superior's screen and a report's targets and files over the API: the same
access (``team_of``, ``my_reports``, ``attachment_for_download``) and the same services
(``decide_team_days``, ``save_report``) as the pages; bad input 400 with the page's words
and nothing saved; lists with flat query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from attendance import services
from attendance.models import DailyReport, DayVerification, ReportAttachment, ReportTarget
from attendance.tests.support import DAY, away, duty_circular, local
from attendance.tests.test_superior_reports import JPEG, PDF, PNG, plan, team, upload
from organizations import services as organizations
from organizations.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

__all__ = ["team"]  # the fixture, used by name

TEAM_DAYS = "/api/v1/me/team/days/"
TEAM_DECIDE = "/api/v1/me/team/days/decide/"
MY_REPORTS = "/api/v1/me/daily-reports/"
NOT_MINE = "Pilih pegawai yang atasan langsungnya Anda."


def files_of(report_id: int) -> str:
    return f"{MY_REPORTS}{report_id}/attachments/"


def download(attachment_id: int) -> str:
    return f"/api/v1/attendance/attachments/{attachment_id}/"


@pytest.fixture
def team_day(team):
    """The colleague (boss_user) is the employee's direct superior; the employee's day
    away on DAY: a late check-in, a report on a target of their plan with one file."""
    duty_circular(team.agency, place="anywhere", verifier="superior")
    away(team.opd, team.employee, DAY)
    services.check_in(employee=team.employee, at=local(DAY, 8, 0))
    team.targets = plan(team, team.employee, DAY)
    services.save_report(
        employee=team.employee,
        day=DAY,
        text="Menyusun telaah",
        attachments=[upload("bukti.pdf", PDF)],
        target_ids=[team.targets[0].pk],
    )
    return team


# --- the superior's screen ----------------------------------------------------------------


def test_the_superior_reads_the_direct_reports_day(team_day, api):
    w = team_day
    body = api(w.boss_user).get(f"{TEAM_DAYS}?date={DAY}").json()
    assert (body["date"], body["away"], body["reported"], body["count"]) == (
        DAY.isoformat(),
        1,
        1,
        1,
    )
    [row] = body["results"]
    assert (row["employee"], row["nip"], row["mode"], row["away"]) == (
        w.employee.pk,
        w.employee.nip,
        "WFH",
        True,
    )
    assert [c["at"][11:16] for c in row["check_ins"]] == ["08:00"]
    assert row["findings"][0] == {
        "code": "ATT_LATE",
        "words": "Terlambat: lewat dari jam masuk dan toleransinya.",
        "suspicious": False,
    }
    assert row["report"]["text"] == "Menyusun telaah"
    assert row["report"]["targets"] == [
        {"id": w.targets[0].pk, "target": "Menyusun telaah", "evidence_of_done": "Dokumen"}
    ]
    assert row["report"]["attachments"] == 1 and row["verification"] is None


def test_the_head_reads_the_same_report_with_its_targets_and_files(team_day, api):
    body = api(team_day.head).get(
        f"/api/v1/attendance/opds/{team_day.opd.pk}/staff-days/?date={DAY}"
    )
    mine = next(r for r in body.json()["results"] if r["employee"] == team_day.employee.pk)
    assert [t["target"] for t in mine["report"]["targets"]] == ["Menyusun telaah"]
    assert mine["report"]["attachments"] == 1


def test_the_superior_verifies_then_disputes_with_a_note(team_day, api):
    w = team_day
    client = api(w.boss_user)
    done = client.post(
        TEAM_DECIDE,
        {"date": str(DAY), "employees": [w.employee.pk], "status": "verified"},
        format="json",
    )
    assert done.status_code == 200 and done.json() == {"decided": 1, "status": "verified"}
    verdict = DayVerification.objects.get(employee=w.employee, day=DAY)
    assert (verdict.status, verdict.decided_by) == ("verified", w.boss_user)

    no_note = client.post(
        TEAM_DECIDE,
        {"date": str(DAY), "employees": [w.employee.pk], "status": "disputed"},
        format="json",
    )
    assert no_note.status_code == 400
    assert no_note.json() == {
        "non_field_errors": ["Tulis catatan untuk presensi yang dipersoalkan."]
    }
    verdict.refresh_from_db()
    assert verdict.status == "verified"

    client.post(
        TEAM_DECIDE,
        {"date": str(DAY), "employees": [w.employee.pk], "status": "disputed", "note": "Janggal"},
        format="json",
    )
    verdict.refresh_from_db()
    assert (verdict.status, verdict.note) == ("disputed", "Janggal")
    row = client.get(f"{TEAM_DAYS}?date={DAY}").json()["results"][0]
    assert (row["verification"]["status"], row["verification"]["note"]) == ("disputed", "Janggal")


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (lambda w: {"employees": [w.other_employee.pk]}, {"non_field_errors": [NOT_MINE]}),
        (
            lambda w: {"employees": [w.employee.pk, w.other_employee.pk]},
            {"non_field_errors": [NOT_MINE]},
        ),
        (lambda w: {"employees": [2**63]}, {"employees": [NOT_MINE]}),
        (lambda w: {"employees": []}, {"employees": ["Pilih sedikitnya satu pegawai."]}),
        (
            lambda w: {"status": "maybe"},
            {"status": ["Status harus 'verified' atau 'disputed'."]},
        ),
        (lambda w: {"date": "8-4-2025"}, {"date": ["Tanggal harus berformat YYYY-MM-DD."]}),
    ],
)
def test_a_wrong_decision_is_400_with_words_and_nothing_saved(team_day, api, body, errors):
    w = team_day
    sent = {"date": str(DAY), "employees": [w.employee.pk], "status": "verified", **body(w)}
    response = api(w.boss_user).post(TEAM_DECIDE, sent, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not DayVerification.objects.exists()


@pytest.mark.parametrize(
    "who", ["head", "other_head", "other_admin", "foreign_head", "stranger_user", "employee_user"]
)
def test_the_screen_is_not_there_for_anyone_else_and_nothing_is_decided(team_day, api, who):
    """The OPD's head decides on the head's screen, not this one; another OPD's head,
    another agency's, an employee who is nobody's superior (or the report themself): 404."""
    client = api(getattr(team_day, who))
    assert client.get(f"{TEAM_DAYS}?date={DAY}").status_code == 404
    sent = {"date": str(DAY), "employees": [team_day.employee.pk], "status": "verified"}
    assert client.post(TEAM_DECIDE, sent, format="json").status_code == 404
    assert not DayVerification.objects.exists()


def test_anonymous_is_401_on_the_screen(team_day, api):
    assert api().get(TEAM_DAYS).status_code == 401
    assert api().post(TEAM_DECIDE, {}, format="json").status_code == 401


def test_the_screens_queries_do_not_grow_with_the_team(team_day, api, count_queries):
    w = team_day
    client = api(w.boss_user)

    def grow(n: int) -> None:
        for i in range(n):
            member = EmployeeFactory(unit=w.opd if i % 2 else w.sub_unit)
            organizations.set_superior(employee=member, superior=w.colleague)
            away(w.opd, member, DAY)
            services.check_in(employee=member, at=local(DAY, 7, 30))
            targets = plan(w, member, DAY, targets=("A", "B"))
            services.save_report(
                employee=member,
                day=DAY,
                text="Kerja",
                attachments=[upload("x.pdf", PDF)],
                target_ids=[t.pk for t in targets],
            )

    client.get(TEAM_DAYS)  # warm the session and the actor
    grow(2)
    small, response = count_queries(client.get, f"{TEAM_DAYS}?date={DAY}")
    assert response.status_code == 200 and response.json()["count"] == 3
    grow(12)
    large, response = count_queries(client.get, f"{TEAM_DAYS}?date={DAY}")
    body = response.json()
    assert body["count"] == 15 and body["reported"] == 15
    assert all(len(r["report"]["targets"]) >= 1 for r in body["results"])
    assert large == small


# --- a report's targets ---------------------------------------------------------------------


TARGET_WORDS = "Pilih target dari rencana kerja Anda yang berlaku pada hari itu."


def test_a_report_names_the_targets_of_the_day_then_none(world, api):
    today = timezone.localdate()
    away(world.opd, world.employee, today)
    first, second = plan(world, world.employee, today)
    client = api(world.employee_user)
    created = client.post(
        MY_REPORTS,
        {"day": str(today), "text": "Telaah", "targets": [first.pk, second.pk]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["targets"] == [first.pk, second.pk]
    report = DailyReport.objects.get(employee=world.employee, day=today)
    assert set(report.targets.values_list("pk", flat=True)) == {first.pk, second.pk}

    kept = client.post(MY_REPORTS, {"day": str(today), "text": "Telaah 2"}, format="json")
    assert kept.status_code == 200 and kept.json()["targets"] == [first.pk, second.pk]
    none = client.post(
        MY_REPORTS, {"day": str(today), "text": "Telaah 3", "targets": []}, format="json"
    )
    assert none.status_code == 200 and none.json()["targets"] == []
    assert not ReportTarget.objects.exists()


@pytest.mark.parametrize(
    "targets",
    [
        lambda w, theirs: [theirs.pk],  # a target of someone else's plan
        lambda w, theirs: [987_654],  # a guessed id
        lambda w, theirs: [2**63],  # past any id
        lambda w, theirs: ["abc"],
        lambda w, theirs: [0],
    ],
)
def test_a_target_not_of_the_days_plan_is_400_and_nothing_saved(world, api, targets):
    today = timezone.localdate()
    away(world.opd, world.employee, today)
    plan(world, world.employee, today)
    [theirs] = plan(world, world.colleague, today, targets=("Milik rekan",))
    sent = {"day": str(today), "text": "Kerja", "targets": targets(world, theirs)}
    response = api(world.employee_user).post(MY_REPORTS, sent, format="json")
    assert response.status_code == 400
    body = response.json()["targets"]
    assert TARGET_WORDS in (body if isinstance(body, list) else sum(body.values(), []))
    assert not DailyReport.objects.exists() and not ReportTarget.objects.exists()


# --- a report's files ---------------------------------------------------------------------------


@pytest.fixture
def my_report(world, api):
    today = timezone.localdate()
    away(world.opd, world.employee, today)
    response = api(world.employee_user).post(
        MY_REPORTS, {"day": str(today), "text": "Kerja"}, format="json"
    )
    return DailyReport.objects.get(pk=response.json()["id"])


def test_an_employee_attaches_files_lists_and_downloads_them(world, api, my_report):
    client = api(world.employee_user)
    for name, content in [("a.pdf", PDF), ("b.png", PNG), ("c.jpg", JPEG)]:
        sent = client.post(
            files_of(my_report.pk), {"file": upload(name, content)}, format="multipart"
        )
        assert sent.status_code == 201, sent.content
    assert [a["name"] for a in sent.json()["attachments"]] == ["a.pdf", "b.png", "c.jpg"]
    assert my_report.text == DailyReport.objects.get(pk=my_report.pk).text == "Kerja"

    listed = client.get(files_of(my_report.pk)).json()
    assert [(a["name"], a["kind"]) for a in listed] == [
        ("a.pdf", "pdf"),
        ("b.png", "png"),
        ("c.jpg", "jpeg"),
    ]
    assert [r["attachments"] for r in client.get(MY_REPORTS).json()["results"]] == [listed]
    got = client.get(listed[1]["download"])
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert b"".join(got.streaming_content) == PNG
    assert 'filename="b.png"' in got["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "a.pdf",
            b"MZ\x90\x00",
            "Berkas a.pdf bukan PDF, PNG atau JPEG (isi berkasnya yang diperiksa, bukan namanya).",
        ),
        (
            "c.docx",
            b"PK\x03\x04docx",
            "Berkas c.docx bukan PDF, PNG atau JPEG (isi berkasnya yang diperiksa, bukan namanya).",
        ),
        ("d.pdf", b"", "Berkas d.pdf kosong."),
        (
            "e.pdf",
            b"%PDF-" + b"x" * (5 * 1024 * 1024),
            "Berkas e.pdf terlalu besar (5.0 MB): paling besar 5 MB per lampiran.",
        ),
    ],
)
def test_a_bad_file_is_400_with_the_pages_words_and_nothing_saved(
    world, api, my_report, name, content, words
):
    response = api(world.employee_user).post(
        files_of(my_report.pk), {"file": upload(name, content)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": [words]}
    assert not ReportAttachment.objects.exists()


def test_no_file_is_400_with_words(world, api, my_report):
    response = api(world.employee_user).post(files_of(my_report.pk), {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["Pilih berkas yang akan dilampirkan."]}


def test_the_sixth_file_is_refused_and_not_kept(world, api, my_report):
    client = api(world.employee_user)
    for i in range(5):
        sent = client.post(
            files_of(my_report.pk), {"file": upload(f"{i}.pdf", PDF)}, format="multipart"
        )
        assert sent.status_code == 201
    response = client.post(
        files_of(my_report.pk), {"file": upload("6.pdf", PDF)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": ["Paling banyak 5 lampiran per laporan: sudah ada 5, ditambah 1."]
    }
    assert ReportAttachment.objects.filter(report=my_report).count() == 5


def test_a_report_of_a_day_closed_for_writing_takes_no_file(world, api):
    old = DailyReport.objects.create(
        employee=world.employee, day=timezone.localdate() - timedelta(days=8), text="Lama"
    )
    response = api(world.employee_user).post(
        files_of(old.pk), {"file": upload("a.pdf", PDF)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": ["Laporan kerja hanya dapat ditulis paling lama 7 hari ke belakang."]
    }
    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize("who", ["boss_user", "stranger_user"])
def test_anothers_report_takes_no_file_and_shows_none(team, api, who):
    """Even the direct superior: files are attached by the report's writer only."""
    today = timezone.localdate()
    report = services.save_report(
        employee=team.employee, day=today, text="Kerja", attachments=[upload("a.pdf", PDF)]
    )
    client = api(getattr(team, who))
    assert client.get(files_of(report.pk)).status_code == 404
    assert (
        client.post(
            files_of(report.pk), {"file": upload("b.pdf", PDF)}, format="multipart"
        ).status_code
        == 404
    )
    assert (
        client.post(
            files_of(987_654), {"file": upload("b.pdf", PDF)}, format="multipart"
        ).status_code
        == 404
    )
    assert report.attachments.count() == 1


def test_a_guessed_report_id_is_404_for_its_owner(world, api, my_report):
    client = api(world.employee_user)
    assert (
        client.post(
            files_of(my_report.pk + 1000), {"file": upload("a.pdf", PDF)}, format="multipart"
        ).status_code
        == 404
    )
    assert not ReportAttachment.objects.exists()


@pytest.fixture
def filed(team):
    report = services.save_report(
        employee=team.employee,
        day=timezone.localdate(),
        text="Kerja",
        attachments=[upload("bukti.pdf", PDF)],
    )
    team.attachment = report.attachments.get()
    return team


@pytest.mark.parametrize(
    "who", ["employee_user", "boss_user", "head", "operator", "admin", "inspector"]
)
def test_the_reports_readers_download_its_file(filed, api, who):
    got = api(getattr(filed, who)).get(download(filed.attachment.pk))
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_head", "other_admin", "foreign_head", "stranger_user"])
def test_others_get_404_for_the_file(filed, api, who):
    assert api(getattr(filed, who)).get(download(filed.attachment.pk)).status_code == 404


def test_the_file_is_401_for_anonymous_and_a_guess_is_404(filed, api):
    assert api().get(download(filed.attachment.pk)).status_code == 401
    assert api(filed.head).get(download(filed.attachment.pk + 1000)).status_code == 404


def test_my_reports_queries_do_not_grow_with_targets_and_files(world, api, count_queries):
    client = api(world.employee_user)
    today = timezone.localdate()

    def grow(n: int, start: int) -> None:
        for back in range(start, start + n):
            day = today - timedelta(days=back)
            targets = plan(world, world.employee, day, targets=(f"T{back}",))
            services.save_report(
                employee=world.employee,
                day=day,
                text="Kerja",
                attachments=[upload("x.pdf", PDF), upload("y.png", PNG)],
                target_ids=[t.pk for t in targets],
            )

    client.get(MY_REPORTS)  # warm the session and the actor
    grow(2, 0)
    small, response = count_queries(client.get, MY_REPORTS)
    assert response.json()["count"] == 2
    grow(12, 2)
    large, response = count_queries(client.get, MY_REPORTS)
    results = response.json()["results"]
    assert response.json()["count"] == 14
    assert all(len(r["attachments"]) == 2 and len(r["targets"]) >= 1 for r in results)
    assert large == small
