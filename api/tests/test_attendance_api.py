"""Check-ins and daily reports over the API: the same services, findings and rules as the
pages; bad input answered 400 with its words and nothing saved; lists paged, their query
counts flat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from attendance import services
from attendance.models import CheckIn, DailyReport, DayVerification, OfficePoint
from attendance.tests.support import DAY, away, duty_circular, local
from schedules.tests.support import add_staff

pytestmark = pytest.mark.django_db

MY_CHECK_INS = "/api/v1/me/check-ins/"
MY_REPORTS = "/api/v1/me/daily-reports/"


def staff_days(world, query=""):
    return f"/api/v1/attendance/opds/{world.opd.pk}/staff-days/{query}"


def decide(world):
    return f"/api/v1/attendance/opds/{world.opd.pk}/staff-days/decide/"


def agency_list(world, kind, query=""):
    return f"/api/v1/attendance/agencies/{world.agency.pk}/{kind}/{query}"


# --- the employee's check-ins ----------------------------------------------------------------


def test_an_employee_checks_in_with_the_portals_findings(world, api):
    today = timezone.localdate()
    duty_circular(world.agency, day=today, place="office")
    away(world.opd, world.employee, today)
    OfficePoint.objects.create(unit=world.opd, lat=-6.12, lng=106.15, radius_m=100)
    client = api(world.employee_user)

    response = client.post(
        MY_CHECK_INS, {"lat": -6.5, "lng": 106.5, "accuracy": 15}, HTTP_USER_AGENT="HP-Uji"
    )

    assert response.status_code == 201, response.content
    row = CheckIn.objects.get(employee=world.employee)
    body = response.json()
    assert (row.lat, row.lng, row.accuracy_m, row.device, row.source) == (
        -6.5,
        106.5,
        15.0,
        "HP-Uji",
        "portal",
    )
    assert "ATT_OUTSIDE" in row.findings
    assert [f["code"] for f in body["findings"]] == row.findings
    outside = next(f for f in body["findings"] if f["code"] == "ATT_OUTSIDE")
    assert outside == {
        "code": "ATT_OUTSIDE",
        "words": "Di luar radius titik lokasi.",
        "suspicious": False,
    }


def test_a_check_in_without_a_location_is_kept_with_its_finding(world, api):
    today = timezone.localdate()
    duty_circular(world.agency, day=today, place="office")
    away(world.opd, world.employee, today)
    response = api(world.employee_user).post(MY_CHECK_INS, {})
    assert response.status_code == 201
    assert "ATT_NO_LOCATION" in [f["code"] for f in response.json()["findings"]]
    assert CheckIn.objects.get(employee=world.employee).lat is None


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"lat": 90.5, "lng": 106.8}, "lat", "Lintang lokasi harus angka antara -90 dan 90."),
        ({"lat": -91, "lng": 106.8}, "lat", "Lintang lokasi harus angka antara -90 dan 90."),
        ({"lat": "utara", "lng": 106.8}, "lat", "Lintang lokasi harus angka antara -90 dan 90."),
        ({"lat": -6.2, "lng": 180.5}, "lng", "Bujur lokasi harus angka antara -180 dan 180."),
        ({"lat": -6.2, "lng": -200}, "lng", "Bujur lokasi harus angka antara -180 dan 180."),
        (
            {"lat": -6.2, "lng": 106.8, "accuracy": -3},
            "accuracy",
            "Akurasi lokasi harus angka dalam meter, 0 atau lebih.",
        ),
        (
            {"lat": -6.2},
            "lng",
            "Lokasi tidak lengkap: lintang dan bujur harus berpasangan.",
        ),
        (
            {"lng": 106.8},
            "lat",
            "Lokasi tidak lengkap: lintang dan bujur harus berpasangan.",
        ),
        ({"accuracy": 5}, "accuracy", "Akurasi hanya dikirim bersama lintang dan bujur."),
    ],
)
def test_a_broken_location_is_refused_with_words_and_nothing_kept(world, api, body, field, words):
    response = api(world.employee_user).post(MY_CHECK_INS, body, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [words]}
    assert not CheckIn.objects.exists()


def test_the_own_list_is_paged_filtered_and_only_mine(world, api):
    for hour in (7, 12, 16):
        services.check_in(employee=world.employee, at=local(DAY, hour))
    services.check_in(employee=world.employee, at=local(DAY + timedelta(days=1), 7))
    services.check_in(employee=world.colleague, at=local(DAY, 7))
    client = api(world.employee_user)

    everything = client.get(MY_CHECK_INS, {"page_size": 2}).json()
    assert everything["count"] == 4 and len(everything["results"]) == 2
    assert everything["next"] is not None
    assert {r["employee"] for r in everything["results"]} == {world.employee.pk}
    one_day = client.get(MY_CHECK_INS, {"from": DAY.isoformat(), "to": DAY.isoformat()}).json()
    assert [r["at"][11:16] for r in one_day["results"]] == ["16:00", "12:00", "07:00"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"from": "08/04/2025"}, {"from": ["Tanggal harus berformat YYYY-MM-DD."]}),
        ({"to": "2025-02-30"}, {"to": ["Tanggal harus berformat YYYY-MM-DD."]}),
        ({"from": "9999-12-31"}, {"from": ["Tanggal harus antara 2000-01-01 dan 2100-12-31."]}),
        (
            {"from": "2025-04-09", "to": "2025-04-08"},
            {"to": ["Tanggal akhir harus sama atau setelah awal."]},
        ),
    ],
)
def test_wrong_dates_on_the_own_list_are_400_with_words(world, api, query, words):
    response = api(world.employee_user).get(MY_CHECK_INS, query)
    assert response.status_code == 400
    assert response.json() == words


# --- the employee's daily reports -------------------------------------------------------------


def test_an_employee_writes_then_rewrites_the_report_of_a_day_away(world, api):
    today = timezone.localdate()
    day = today - timedelta(days=2)
    away(world.opd, world.employee, day, "WFA")
    client = api(world.employee_user)

    created = client.post(MY_REPORTS, {"day": day.isoformat(), "text": "  Menyusun telaah  "})
    assert created.status_code == 201, created.content
    assert created.json()["text"] == "Menyusun telaah"
    again = client.post(MY_REPORTS, {"day": day.isoformat(), "text": "Telaah selesai"})
    assert again.status_code == 200
    report = DailyReport.objects.get(employee=world.employee, day=day)
    assert report.text == "Telaah selesai" and again.json()["id"] == report.pk


def _not_away(day) -> str:
    return (
        "Laporan kerja hanya untuk hari kerja di luar kantor (WFA/WFH); "
        f"{day.isoformat()} bukan hari di luar kantor Anda."
    )


@pytest.mark.parametrize(
    ("back", "is_away", "body", "errors"),
    [
        (0, False, None, lambda d: {"day": [_not_away(d)]}),
        (
            -1,
            True,
            None,
            lambda d: {"day": ["Laporan kerja hanya untuk hari ini atau hari yang sudah lewat."]},
        ),
        (
            8,
            True,
            None,
            lambda d: {
                "day": ["Laporan kerja hanya dapat ditulis paling lama 7 hari ke belakang."]
            },
        ),
        (
            0,
            True,
            {"day": "08-04-2025"},
            lambda d: {"day": ["Tanggal harus berformat YYYY-MM-DD."]},
        ),
        (0, True, {"day": "1999-12-31"}, lambda d: {"day": ["Tanggal terlalu jauh ke belakang."]}),
        (0, True, {"text": "   "}, lambda d: {"text": ["Tulis apa yang Anda kerjakan."]}),
        (
            0,
            True,
            {"text": "x" * 2001},
            lambda d: {"text": ["Laporan kerja paling banyak 2000 karakter."]},
        ),
    ],
)
def test_a_report_for_a_wrong_day_or_text_is_400_and_nothing_saved(
    world, api, back, is_away, body, errors
):
    day = timezone.localdate() - timedelta(days=back)
    if is_away:
        away(world.opd, world.employee, day)
    sent = {"day": day.isoformat(), "text": "Kerja", **(body or {})}
    response = api(world.employee_user).post(MY_REPORTS, sent, format="json")
    assert response.status_code == 400
    assert response.json() == errors(day)
    assert not DailyReport.objects.exists()


def test_the_own_reports_are_only_mine(world, api):
    DailyReport.objects.create(employee=world.employee, day=DAY, text="Saya")
    DailyReport.objects.create(employee=world.colleague, day=DAY, text="Rekan")
    body = api(world.employee_user).get(MY_REPORTS).json()
    assert [r["text"] for r in body["results"]] == ["Saya"]


# --- the head's day -----------------------------------------------------------------------------


@pytest.fixture
def day_away(world):
    duty_circular(world.agency, place="anywhere")
    away(world.opd, world.employee, DAY)
    services.check_in(employee=world.employee, at=local(DAY, 8, 0))
    DailyReport.objects.create(employee=world.employee, day=DAY, text="Menyusun laporan")
    return world


def test_the_head_reads_the_staff_day_with_check_ins_reports_and_findings(day_away, api):
    world = day_away
    body = api(world.head).get(staff_days(world, f"?date={DAY}")).json()
    assert (body["unit"], body["date"], body["duty_times"]) == (
        world.opd.pk,
        DAY.isoformat(),
        ["07:30", "16:00"],
    )
    assert (body["away"], body["reported"], body["count"]) == (1, 1, 2)
    mine = next(r for r in body["results"] if r["employee"] == world.employee.pk)
    assert (mine["mode"], mine["away"], mine["nip"]) == ("WFH", True, world.employee.nip)
    assert [c["at"][11:16] for c in mine["check_ins"]] == ["08:00"]
    assert mine["findings"][0]["code"] == "ATT_LATE"
    assert mine["report"]["text"] == "Menyusun laporan" and mine["verification"] is None
    colleague = next(r for r in body["results"] if r["employee"] == world.colleague.pk)
    assert (colleague["mode"], colleague["report"], colleague["check_ins"]) == ("WFO", None, [])


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?date=8-4-2025", "Tanggal harus berformat YYYY-MM-DD."),
        ("?date=9999-12-31", "Tanggal harus antara 2000-01-01 dan 2100-12-31."),
    ],
)
def test_the_staff_day_refuses_a_wrong_date_with_words(world, api, query, words):
    response = api(world.head).get(staff_days(world, query))
    assert response.status_code == 400 and response.json() == {"date": [words]}


def test_the_head_verifies_then_disputes_with_a_note(day_away, api):
    world = day_away
    client = api(world.head)
    ids = [world.employee.pk, world.colleague.pk]
    verified = client.post(
        decide(world), {"date": DAY.isoformat(), "employees": ids, "status": "verified"}
    )
    assert verified.json() == {"decided": 2, "status": "verified"}
    assert set(DayVerification.objects.values_list("employee_id", "status")) == {
        (world.employee.pk, "verified"),
        (world.colleague.pk, "verified"),
    }
    disputed = client.post(
        decide(world),
        {"date": DAY.isoformat(), "employees": ids[:1], "status": "disputed", "note": "Lokasi?"},
    )
    assert disputed.status_code == 200
    verdict = DayVerification.objects.get(employee=world.employee)
    assert (verdict.status, verdict.note, verdict.decided_by) == ("disputed", "Lokasi?", world.head)
    listed = client.get(staff_days(world, f"?date={DAY}")).json()["results"]
    mine = next(r for r in listed if r["employee"] == world.employee.pk)
    assert (mine["verification"]["status"], mine["verification"]["note"]) == (
        "disputed",
        "Lokasi?",
    )


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"status": "disputed"},
            {"non_field_errors": ["Tulis catatan untuk presensi yang dipersoalkan."]},
        ),
        ({"employees": "other"}, {"non_field_errors": ["Pilih pegawai OPD ini."]}),
        ({"employees": "foreign"}, {"non_field_errors": ["Pilih pegawai OPD ini."]}),
        ({"employees": []}, {"employees": ["Pilih sedikitnya satu pegawai."]}),
        ({"employees": [10**30]}, {"employees": ["Pegawai yang dipilih bukan staf OPD ini."]}),
        ({"status": "ok"}, {"status": ["Status harus 'verified' atau 'disputed'."]}),
        ({"date": "2025/04/08"}, {"date": ["Tanggal harus berformat YYYY-MM-DD."]}),
    ],
)
def test_a_wrong_decision_is_400_with_words_and_nothing_saved(day_away, api, body, errors):
    world = day_away
    people = {"other": [world.other_employee.pk], "foreign": [world.foreign_employee.pk]}
    sent = {"date": DAY.isoformat(), "employees": [world.employee.pk], "status": "verified"}
    sent.update(body)
    if isinstance(sent["employees"], str):
        sent["employees"] = people[sent["employees"]]
    response = api(world.head).post(decide(world), sent, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not DayVerification.objects.exists()


def test_another_heads_opd_is_not_found_and_nothing_decided(day_away, api):
    world = day_away
    client = api(world.other_head)
    assert client.get(staff_days(world)).status_code == 404
    sent = {"date": DAY.isoformat(), "employees": [world.employee.pk], "status": "verified"}
    assert client.post(decide(world), sent, format="json").status_code == 404
    assert not DayVerification.objects.exists()


# --- the agency's lists -------------------------------------------------------------------------


def test_bkpsdm_lists_the_agencys_check_ins_of_a_day_with_the_verdicts(day_away, api):
    world = day_away
    services.check_in(employee=world.other_employee, at=local(DAY, 7, 30), lat=-6.2, lng=106.8)
    services.check_in(employee=world.foreign_employee, at=local(DAY, 7, 30))
    services.check_in(employee=world.colleague, at=local(DAY + timedelta(days=1), 7, 30))
    services.decide_days(
        opd=world.opd,
        day=DAY,
        actor=world.head,
        employee_ids=[world.employee.pk],
        status="verified",
    )
    for user in (world.admin, world.inspector):
        body = api(user).get(agency_list(world, "check-ins", f"?date={DAY}")).json()
        rows = [(r["nip"], r["unit"], r["verification"]) for r in body["results"]]
        assert rows == [
            (world.other_employee.nip, world.other_opd.name, None),
            (world.employee.nip, world.sub_unit.name, "verified"),
        ]
    of_opd = api(world.admin).get(
        agency_list(world, "check-ins", f"?date={DAY}&unit={world.opd.pk}")
    )
    assert [r["employee"] for r in of_opd.json()["results"]] == [world.employee.pk]
    late = api(world.admin).get(agency_list(world, "check-ins", f"?date={DAY}&suspicious=false"))
    assert late.json()["count"] == 2


def test_an_opd_of_another_agency_is_not_found_in_the_filter(world, api):
    response = api(world.admin).get(
        agency_list(world, "check-ins", f"?unit={world.foreign_opd.pk}")
    )
    assert response.status_code == 404


def test_bkpsdm_lists_the_agencys_reports_of_a_day(day_away, api):
    world = day_away
    DailyReport.objects.create(employee=world.foreign_employee, day=DAY, text="Lain instansi")
    DailyReport.objects.create(
        employee=world.colleague, day=DAY - timedelta(days=1), text="Kemarin"
    )
    body = api(world.inspector).get(agency_list(world, "daily-reports", f"?date={DAY}")).json()
    assert [(r["nip"], r["text"]) for r in body["results"]] == [
        (world.employee.nip, "Menyusun laporan")
    ]


# --- query budgets --------------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    staff = add_staff(world.opd, n, prefix=f"Staf{n}")
    for person in staff:
        away(world.opd, person, DAY)
        services.check_in(employee=person, at=local(DAY, 7, 25), lat=-6.2, lng=106.8)
        DailyReport.objects.create(employee=person, day=DAY, text="Kerja")
    services.decide_days(
        opd=world.opd,
        day=DAY,
        actor=world.head,
        employee_ids=[p.pk for p in staff],
        status="verified",
    )
    for days in range(n):  # the employee's own, on days of their own (n differs per call)
        at = local(DAY, 6) + timedelta(days=days, minutes=n)
        services.check_in(employee=world.employee, at=at)
    for back in range(n):
        DailyReport.objects.create(
            employee=world.employee, day=DAY - timedelta(days=back + 10 * n), text="Lama"
        )


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("employee_user", lambda w: MY_CHECK_INS),
        ("employee_user", lambda w: MY_REPORTS),
        ("head", lambda w: staff_days(w, f"?date={DAY}")),
        ("admin", lambda w: agency_list(w, "check-ins", f"?date={DAY}")),
        ("inspector", lambda w: agency_list(w, "daily-reports", f"?date={DAY}")),
    ],
)
def test_list_queries_do_not_grow(world, api, count_queries, who, path):
    duty_circular(world.agency, place="anywhere")
    client = api(getattr(world, who))
    url = path(world)
    client.get(url)  # warm the session and the actor
    _grow(world, 2)
    small, response = count_queries(client.get, url)
    assert response.status_code == 200 and response.json()["count"] >= 2
    _grow(world, 25)
    large, response = count_queries(client.get, url)
    assert response.status_code == 200 and response.json()["count"] >= 27
    assert large == small
