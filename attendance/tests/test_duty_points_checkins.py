"""The attendance duty on a circular, the location points, and portal check-ins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attendance import services
from attendance.models import AttendanceDuty, CheckIn, HomePoint, OfficePoint

from .support import DAY, away, duty_circular, local

pytestmark = pytest.mark.django_db

OFFICE = (-6.12, 106.15)


# --- the duty, on the circular ------------------------------------------------------------


def test_admin_states_the_duty_of_a_circular_and_it_shows_on_the_circular(world, client_for):
    circular = duty_circular(world.agency)
    AttendanceDuty.objects.all().delete()
    client = client_for(world.admin)
    url = reverse("attendance:duty_edit", args=[circular.pk])
    page = client.get(url)
    assert "Kewajiban presensi" in page.content.decode()
    response = client.post(
        url,
        {
            "times": "07.30, 16:00",
            "tolerance_minutes": 10,
            "place": "office",
            "verifier": "superior",
            "daily_report": "on",
        },
    )
    assert response.status_code == 302
    duty = AttendanceDuty.objects.get(circular=circular)
    assert (duty.times, duty.tolerance_minutes, duty.place, duty.verifier) == (
        ["07:30", "16:00"],
        10,
        "office",
        "superior",
    )
    detail = client.get(reverse("circulars:detail", args=[circular.pk])).content.decode()
    assert "jam 07:30, 16:00, toleransi 10 menit" in detail
    assert "Titik lokasi kantor (OPD)" in detail and "Atasan langsung" in detail


@pytest.mark.parametrize(
    "times, words",
    [
        ("7:3x", "tidak sah: gunakan JJ:MM"),
        ("16:00, 07:30", "harus berurutan"),
        ("", "Bidang ini harus diisi"),
        ("06:00, 07:00, 08:00, 09:00, 10:00", "Paling banyak 4"),
    ],
)
def test_a_bad_duty_is_refused_with_words_and_nothing_saved(world, client_for, times, words):
    circular = duty_circular(world.agency)
    AttendanceDuty.objects.all().delete()
    response = client_for(world.admin).post(
        reverse("attendance:duty_edit", args=[circular.pk]),
        {"times": times, "tolerance_minutes": 10, "place": "home", "verifier": "head"},
    )
    assert response.status_code == 400
    assert words.lower() in response.content.decode().lower()
    assert not AttendanceDuty.objects.exists()


@pytest.mark.parametrize("who", ["other_admin", "head", "inspector", "employee_user", None])
def test_only_the_circulars_bkpsdm_may_change_its_duty(world, client_for, who):
    circular = duty_circular(world.agency)
    user = getattr(world, who) if who else None
    response = client_for(user).post(
        reverse("attendance:duty_edit", args=[circular.pk]),
        {"times": "08:00", "tolerance_minutes": 0, "place": "home", "verifier": "head"},
    )
    assert response.status_code in (302, 404) if who else response.status_code == 302
    if who is None:
        assert "/akun/masuk/" in response["Location"]
    else:
        assert response.status_code == 404
    assert AttendanceDuty.objects.get(circular=circular).times == ["07:30", "16:00"]


def test_the_duty_is_in_the_circular_pdf_letter(world):
    from circulars.pdf import letter_html

    circular = duty_circular(world.agency, place="home")
    html = letter_html(circular)
    assert "melakukan presensi daring pukul 07:30, 16:00 (toleransi 15 menit)" in html
    assert "Rumah yang tercatat" in html


# --- location points ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["head", "admin"])
def test_head_and_bkpsdm_record_the_office_point(world, client_for, who):
    url = reverse("attendance:office_point", args=[world.opd.pk])
    response = client_for(getattr(world, who)).post(
        url, {"lat": "-6.12", "lng": "106.15", "radius_m": "150"}
    )
    assert response.status_code == 302
    point = OfficePoint.objects.get(unit=world.opd)
    assert (point.lat, point.lng, point.radius_m) == (-6.12, 106.15, 150)
    assert "radius 150 m" in client_for(getattr(world, who)).get(url).content.decode()


@pytest.mark.parametrize("who", ["other_head", "other_admin", "employee_user", "inspector"])
def test_others_cannot_touch_an_office_point(world, client_for, who):
    url = reverse("attendance:office_point", args=[world.opd.pk])
    response = client_for(getattr(world, who)).post(
        url, {"lat": "1", "lng": "1", "radius_m": "100"}
    )
    assert response.status_code == 404
    assert not OfficePoint.objects.exists()


def test_anonymous_is_sent_to_login_for_points(world, client):
    response = client.get(reverse("attendance:office_point", args=[world.opd.pk]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize(
    "lat, lng, words",
    [
        ("91", "106", "Lintang harus angka antara -90 dan 90"),
        ("-6", "181", "Bujur harus angka antara -180 dan 180"),
        ("x", "1", "Lintang harus angka"),
    ],
)
def test_a_point_off_the_earth_is_refused(world, client_for, lat, lng, words):
    response = client_for(world.admin).post(
        reverse("attendance:home_point", args=[world.employee.pk]),
        {"lat": lat, "lng": lng, "radius_m": "100"},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not HomePoint.objects.exists()


@pytest.mark.parametrize("who, status", [("head", 302), ("admin", 302), ("employee_user", 404)])
def test_the_recorded_home_is_kept_by_the_head_or_bkpsdm_not_the_employee(
    world, client_for, who, status
):
    response = client_for(getattr(world, who)).post(
        reverse("attendance:home_point", args=[world.employee.pk]),
        {"lat": "-6.2", "lng": "106.8", "radius_m": "100"},
    )
    assert response.status_code == status
    assert HomePoint.objects.filter(employee=world.employee).exists() is (status == 302)


@pytest.mark.parametrize("who", ["other_head", "other_admin"])
def test_others_cannot_record_a_home(world, client_for, who):
    response = client_for(getattr(world, who)).get(
        reverse("attendance:home_point", args=[world.employee.pk])
    )
    assert response.status_code == 404


# --- check-ins and their findings -----------------------------------------------------------


def test_checkin_on_a_wfh_day_is_judged_against_the_duty_and_the_office_point(world):
    duty_circular(world.agency, place="office")
    away(world.opd, world.employee, DAY)
    OfficePoint.objects.create(unit=world.opd, lat=OFFICE[0], lng=OFFICE[1], radius_m=100)
    row = services.check_in(
        employee=world.employee, at=local(DAY, 7, 50), lat=-6.13, lng=106.15, accuracy_m=20
    )
    assert row.findings == ["ATT_LATE", "ATT_OUTSIDE"]
    assert row.suspicious is False
    on_time = services.check_in(
        employee=world.employee, at=local(DAY, 16, 5), lat=-6.12, lng=106.15, accuracy_m=20
    )
    assert on_time.findings == [] and on_time.day == DAY


def test_a_sub_unit_point_is_used_before_the_opds(world):
    duty_circular(world.agency, place="office")
    away(world.opd, world.employee, DAY)
    OfficePoint.objects.create(unit=world.opd, lat=OFFICE[0], lng=OFFICE[1], radius_m=100)
    OfficePoint.objects.create(unit=world.sub_unit, lat=-6.5, lng=106.5, radius_m=100)
    row = services.check_in(employee=world.employee, at=local(DAY, 7, 0), lat=-6.5, lng=106.5)
    assert row.findings == []


def test_checkin_at_the_recorded_home_with_a_copied_location_is_suspicious(world):
    duty_circular(world.agency, place="home")
    away(world.opd, world.employee, DAY)
    HomePoint.objects.create(employee=world.employee, lat=-6.2, lng=106.8, radius_m=100)
    previous = DAY.replace(day=DAY.day - 1)
    away(world.opd, world.employee, previous)
    services.check_in(employee=world.employee, at=local(previous, 7, 0), lat=-6.2000001, lng=106.8)
    row = services.check_in(
        employee=world.employee, at=local(DAY, 7, 0), lat=-6.2000001, lng=106.8, accuracy_m=5
    )
    assert row.findings == ["ATT_SAME_SPOT"] and row.suspicious


def test_an_office_day_has_no_duty_findings_and_nothing_blocks_a_checkin(world):
    duty_circular(world.agency, place="office")
    row = services.check_in(employee=world.employee, at=local(DAY, 10, 0))
    assert row.findings == [] and CheckIn.objects.count() == 1


def test_a_broken_location_is_dropped_and_the_checkin_kept(world):
    duty_circular(world.agency, place="home")
    away(world.opd, world.employee, DAY)
    row = services.check_in(employee=world.employee, at=local(DAY, 7, 0), lat=95.0, lng=10.0)
    assert (row.lat, row.findings) == (None, ["ATT_NO_LOCATION"])


def test_the_employee_checks_in_from_the_page(world, client_for):
    client = client_for(world.employee_user)
    page = client.get(reverse("attendance:my_day")).content.decode()
    assert "Presensi saya" in page and "Belum ada presensi hari ini." in page
    assert "js/attendance-checkin.js" in page and "<script>" not in page
    response = client.post(
        reverse("attendance:check_in"), {"lat": "-6.2", "lng": "106.8", "accuracy": "12"}
    )
    assert response.status_code == 302
    row = CheckIn.objects.get(employee=world.employee)
    assert (row.lat, row.lng, row.accuracy_m, row.source) == (-6.2, 106.8, 12.0, "portal")
    page = client.get(reverse("attendance:my_day")).content.decode()
    assert "tercatat" in page and "Belum ada presensi hari ini." not in page


def test_a_half_location_is_refused_with_words(world, client_for):
    client = client_for(world.employee_user)
    response = client.post(reverse("attendance:check_in"), {"lat": "-6.2"}, follow=True)
    assert "lintang dan bujur harus berpasangan" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("who", ["head", "admin", None])
def test_only_an_employee_checks_in(world, client_for, who):
    user = getattr(world, who) if who else None
    response = client_for(user).post(reverse("attendance:check_in"), {})
    assert response.status_code in (302, 403)
    if who:
        assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_the_my_days_page_links_to_the_checkin(world, client_for):
    page = client_for(world.employee_user).get(reverse("requests:my_days")).content.decode()
    assert "Presensi dan laporan hari ini" in page


def test_the_index_shows_each_role_its_way_in(world, client_for):
    index = reverse("attendance:index")
    mine = client_for(world.employee_user).get(index).content.decode()
    assert "Presensi dan laporan kerja saya hari ini" in mine and "Rekap harian" not in mine
    head = client_for(world.head).get(index).content.decode()
    assert f"Verifikasi presensi dan laporan staf {world.opd.name}" in head
    assert world.other_opd.name not in head
    admin = client_for(world.admin).get(index).content.decode()
    assert "Rekap harian WFO/WFA per OPD: Pemkot A" in admin and "Impor presensi" in admin
    assert "Pemkot B" not in admin
    inspector = client_for(world.inspector).get(index).content.decode()
    assert (
        "Rekap harian WFO/WFA per OPD: Pemkot A" in inspector and "Impor presensi" not in inspector
    )
    assert "/akun/masuk/" in client_for(None).get(index)["Location"]


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_my_day_costs_the_same_with_one_or_many_checkins(world, client_for):
    from django.utils import timezone

    client = client_for(world.employee_user)
    path = reverse("attendance:my_day")
    services.check_in(employee=world.employee)
    client.get(path)
    small = _queries(client, path)
    now = timezone.now()
    for minutes in range(1, 12):
        services.check_in(employee=world.employee, at=now - timezone.timedelta(minutes=minutes))
    assert _queries(client, path) == small


def test_the_pages_speak_english_to_who_chose_it(world, client_for):
    world.employee_user.language = "en"
    world.employee_user.save()
    client = client_for(world.employee_user)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("attendance:my_day")).content.decode()
    assert "My check-ins" in page and "Check in now" in page
