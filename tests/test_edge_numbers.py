"""Ids and page numbers that are not plain ASCII digits within bigint, everywhere one is read.

Root cause: ``int()`` (or ``str.isdigit()`` then ``int()``) on request text. ``int("²")``
raises, ``"²".isdigit()`` is True, ``int("٣")`` is 3, a 5,000-digit number passes
``isdigit`` and fails in ``int`` and a 30-digit one only fails in the database.
Now every id is read by ``wfa_portal.converters.parse_id`` (the ``id`` path
converter, ``get_in_scope``, the API's ``int_param``, the forms and views that
read ids), which takes ASCII digits within bigint and nothing else.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.tests.conftest import _fresh_throttles  # noqa: F401 - autouse: no throttle carried over
from notifications.tests.test_views import make_notifications
from schedules.models import Assignment, AwayRequest, Roster
from schedules.roster.forms import target_name
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd
from schedules.tests.support import MON, add_staff, publish_circular
from wfa_portal.converters import MAX_ID, parse_id

pytestmark = pytest.mark.django_db

GARBAGE = {
    "superscript-two": "²",
    "arabic-indic-three": "٣",
    "fullwidth-one": "１",
    "5000-digits": "9" * 5000,
    "past-bigint": str(MAX_ID + 1),
    "30-digits": "9" * 30,
    "signed": "+1",
    "negative": "-1",
    "spaced": " 1",
}
BAD = pytest.mark.parametrize("value", list(GARBAGE.values()), ids=list(GARBAGE))


@pytest.mark.parametrize(
    ("text", "number"), [("0", 0), ("17", 17), (str(MAX_ID), MAX_ID), (5, 5), (True, None)]
)
def test_parse_id_reads_plain_ascii_digits_within_bigint(text, number):
    assert parse_id(text) == number


@BAD
def test_parse_id_refuses_anything_else(value):
    assert parse_id(value) is None


# --- API query parameters ------------------------------------------------------------


FILTERS = [
    ("/api/v1/units/", "agency", {}),
    ("/api/v1/units/", "parent", {}),
    ("/api/v1/employees/", "unit", {}),
    ("/api/v1/circulars/", "agency", {}),
    ("/api/v1/circulars/governing/", "unit", {"date": "2025-03-24"}),
    ("/api/v1/rosters/", "unit", {"week": "2025-W13"}),
    ("/api/v1/dashboard/", "agency", {"circular": "1"}),
    ("/api/v1/dashboard/", "circular", {"agency": "1"}),
    ("/api/v1/attendance-checks/", "agency", {}),
    ("/api/v1/attendance-checks/", "unit", {}),
]


@pytest.mark.parametrize(("path", "param", "others"), FILTERS)
@BAD
def test_api_id_filter_is_a_400_naming_the_parameter(api, world, path, param, others, value):
    response = api(world.admin).get(path, {**others, param: value})

    assert response.status_code == 400
    assert response.json()[param] == ["Harus berupa angka (0-9), paling banyak 19 digit."]


# --- API paths ------------------------------------------------------------------------


DETAILS = [
    "agencies",
    "units",
    "employees",
    "circulars",
    "me/notifications",
    "tokens",
    "accounts",
    "requests",
    "revocations",
    "attendance-checks",
]


@pytest.mark.parametrize("resource", DETAILS)
@BAD
def test_api_detail_with_a_garbage_id_is_not_found(api, world, resource, value):
    response = api(world.admin).get(f"/api/v1/{resource}/{value}/")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_arabic_indic_id_does_not_reach_the_row_with_that_number(api, world):
    unit = world.opd
    digits = str(unit.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    assert api(world.admin).get(f"/api/v1/units/{unit.pk}/").status_code == 200
    assert api(world.admin).get(f"/api/v1/units/{digits}/").status_code == 404


@pytest.mark.parametrize("action", ["assignments", "submit", "plan"])
@BAD
def test_api_roster_path_with_a_garbage_unit_is_not_found(api, world, action, value):
    method = "put" if action == "assignments" else "post"
    response = getattr(api(world.head), method)(f"/api/v1/rosters/{value}/2025-W13/{action}/", [])

    assert response.status_code == 404
    assert not Roster.objects.exists()


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "9" * 30])
def test_api_roster_cell_with_a_garbage_employee_is_refused(api, world, value):
    publish_circular(world.agency)
    response = api(world.head).put(
        f"/api/v1/rosters/{world.opd.pk}/2025-W13/assignments/",
        [{"employee": value, "date": MON.isoformat(), "mode": "WFA"}],
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"assignments": {"0": {"employee": ["Bukan pegawai aktif OPD ini."]}}}
    assert not Assignment.objects.exists()


# --- API pagination -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/units/", "/api/v1/employees/", "/api/v1/circulars/"])
@pytest.mark.parametrize("value", ["²", "9" * 5000, "0", "-1", "1e9999"])
def test_api_page_that_is_no_page_is_not_found(api, world, path, value):
    response = api(world.admin).get(path, {"page": value})

    assert response.status_code == 404
    assert response.json() == {"detail": "Halaman tidak valid."}


# --- pages -----------------------------------------------------------------------------


@BAD
def test_page_paths_with_a_garbage_id_are_not_found(client_for, world, value):
    for path in (f"/jadwal/opd/{value}/", f"/surat-edaran/{value}/", f"/pemantauan/{value}/se/1/"):
        response = client_for(world.admin).get(path)
        assert response.status_code == 404
        assert "Halaman yang Anda cari tidak ditemukan." in response.content.decode()


@BAD
def test_new_circular_for_a_garbage_agency_is_forbidden(client_for, world, value):
    response = client_for(world.admin).get(reverse("circulars:create"), {"agency": value})

    assert response.status_code == 403


@BAD
def test_deciding_garbage_request_ids_is_not_found_and_decides_nothing(client_for, world, value):
    staff_opd(world)
    circular = coming_circular(world.agency)
    (day,) = coming_working_days(world.agency, 1)
    row = AwayRequest.objects.create(employee=world.colleague, circular=circular, day=day)

    response = client_for(world.head).post(
        reverse("requests:queue_decide", args=[world.opd.pk]),
        {"ids": [row.pk, value], "action": "approve"},
    )

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == AwayRequest.Status.PENDING


@pytest.mark.parametrize("value", [v for k, v in GARBAGE.items() if k != "spaced"])
def test_autofill_target_that_is_no_number_says_so(client_for, world, value):
    publish_circular(world.agency)
    add_staff(world.opd, 2)
    response = client_for(world.head).post(
        reverse("roster:autofill", args=[world.opd.pk, "2025-W13"]),
        {target_name(MON): value},
        follow=True,
    )

    assert "Target harian harus bilangan bulat 0 atau lebih." in response.content.decode()
    assert not Assignment.objects.exists()


@BAD
def test_attendance_absent_that_is_no_staff_id_says_so(client_for, world, value):
    response = client_for(world.admin).post(
        reverse("monitoring:attendance_record", args=[world.agency.pk]),
        {"unit": world.opd.pk, "day": "2025-03-24", "absent": [value]},
    )

    assert "Pegawai yang ditandai tidak dikenal." in response.content.decode()
    assert not world.opd.attendance_checks.exists()


@BAD
def test_marking_read_with_a_garbage_page_goes_back_to_the_first_page(client_for, world, value):
    (note,) = make_notifications(world.head, 1)
    response = client_for(world.head).post(
        reverse("notifications:mark_read", args=[note.pk]), {"page": value}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("value", ["²", "9" * 5000, "-1"])
def test_page_lists_with_a_garbage_page_show_a_page(client_for, world, value):
    inbox = client_for(world.head).get(reverse("notifications:inbox"), {"page": value})
    accounts = client_for(world.admin).get(
        reverse("account_list", args=[world.agency.pk]), {"page": value}
    )

    assert inbox.status_code == 200
    assert accounts.status_code == 200
    assert world.head.username in accounts.content.decode()
