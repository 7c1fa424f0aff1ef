"""Dates and ISO weeks at the calendar's edge, on every page and endpoint that takes one.

Root causes, each fixed once:
- weeks are read by one parser (``wfa_portal.isoweek``): a week that does not
  exist, or whose Monday or Sunday leaves ``date.min .. date.max``, is refused;
- a week's neighbours come from ``isoweek.shift_week``, None at the edge (the
  grid's links, "copy last week");
- day ranges are walked by ``circulars.calendar.each_day``, which never steps
  past ``date.max``;
- a circular's window must lie in 2000–2099 and last at most 366 days (the
  circular service's rule, for the pages and the API alike).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from api.tests.conftest import _fresh_throttles  # noqa: F401 - autouse: no throttle carried over
from circulars.models import Circular, Window
from circulars.tests.circular_builders import make_draft
from schedules.models import Assignment, AwayRequest, Roster
from schedules.tests.employee_support import coming_circular, staff_opd
from schedules.tests.support import MON, add_staff, publish_circular
from wfa_portal import isoweek

pytestmark = pytest.mark.django_db

# No such week: 2025 has 52; 9999-W52 ends in year 10000; year 0000 does not exist.
MISSING_WEEKS = ["2025-W53", "9999-W52", "9999-W53", "0000-W01", "2025-W00"]
EDGE_DAYS = ["9999-12-31", "0001-01-01"]


@pytest.fixture
def staffed(world):
    publish_circular(world.agency, number="800/1/SE/2025")
    add_staff(world.opd, 2)
    return world


def _nothing_saved(opd) -> None:
    assert not Roster.objects.filter(unit=opd).exists()
    assert not Assignment.objects.filter(roster__unit=opd).exists()


# --- the parser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2025-W13", date(2025, 3, 24)),
        ("2026-W53", date(2026, 12, 28)),
        ("0001-W01", date(1, 1, 1)),
        ("9999-W51", date(9999, 12, 20)),
    ],
)
def test_week_parser_reads_every_week_of_the_calendar(text, monday):
    assert isoweek.parse_week(text) == monday
    assert isoweek.format_week(monday) == text


@pytest.mark.parametrize("text", [*MISSING_WEEKS, "2025-W1", "２０２５-W13", "2025-W1３", "", None])
def test_week_parser_refuses_what_is_no_week_with_a_reason(text):
    with pytest.raises(isoweek.InvalidWeek) as refused:
        isoweek.parse_week(text)
    assert "Minggu" in str(refused.value)


def test_neighbours_stop_at_the_calendar_edge():
    assert isoweek.shift_week(date(1, 1, 1), -1) is None
    assert isoweek.shift_week(date(9999, 12, 20), 1) is None
    assert isoweek.shift_week(date(2025, 3, 24), 1) == date(2025, 3, 31)


# --- weeks in paths: pages and API ----------------------------------------------------


WEEK_PAGES = [
    ("get", "roster:week"),
    ("post", "roster:validate"),
    ("post", "roster:save"),
    ("post", "roster:copy"),
    ("post", "roster:autofill"),
    ("post", "roster:submit"),
    ("get", "monitoring:opd_week"),
]


@pytest.mark.parametrize(("method", "name"), WEEK_PAGES)
@pytest.mark.parametrize("week", MISSING_WEEKS)
def test_page_of_a_week_that_does_not_exist_is_not_found(client_for, staffed, method, name, week):
    actor = staffed.admin if name.startswith("monitoring") else staffed.head
    path = f"{reverse(name, args=[staffed.opd.pk, '2025-W13'])}".replace("2025-W13", week)

    response = getattr(client_for(actor), method)(path)

    assert response.status_code == 404
    assert "Halaman yang Anda cari tidak ditemukan." in response.content.decode()
    _nothing_saved(staffed.opd)


@pytest.mark.parametrize("action", ["assignments", "submit", "plan", "return", "accept"])
@pytest.mark.parametrize("week", MISSING_WEEKS)
def test_api_week_path_that_does_not_exist_is_not_found(api, staffed, action, week):
    method = "put" if action == "assignments" else "post"
    path = f"/api/v1/rosters/{staffed.opd.pk}/{week}/{action}/"
    actor = staffed.admin if action in ("return", "accept") else staffed.head

    response = getattr(api(actor), method)(path, [] if action == "assignments" else {})

    assert response.status_code == 404
    assert response.json()["detail"]
    _nothing_saved(staffed.opd)


@pytest.mark.parametrize("week", [*MISSING_WEEKS, "2025-W1", "²⁰²⁵-W13"])
def test_api_week_query_says_why_the_week_is_refused(api, staffed, week):
    response = api(staffed.head).get("/api/v1/rosters/", {"unit": staffed.opd.pk, "week": week})

    assert response.status_code == 400
    (message,) = response.json()["week"]
    assert message.startswith("Minggu")
    assert week in message or "YYYY-Www" in message


def test_first_week_of_the_calendar_has_no_previous_week(client_for, staffed):
    body = client_for(staffed.head).get(reverse("roster:week", args=[staffed.opd.pk, "0001-W01"]))

    assert body.status_code == 200
    text = body.content.decode()
    assert "Minggu 0001-W01" in text
    assert 'data-testid="prev-week"' not in text
    assert reverse("roster:week", args=[staffed.opd.pk, "0001-W02"]) in text


def test_last_week_of_the_calendar_has_no_next_week(client_for, staffed, api):
    page = client_for(staffed.head).get(reverse("roster:week", args=[staffed.opd.pk, "9999-W51"]))
    assert page.status_code == 200
    assert 'data-testid="next-week"' not in page.content.decode()
    assert 'data-testid="prev-week"' in page.content.decode()

    data = api(staffed.head).get("/api/v1/rosters/", {"unit": staffed.opd.pk, "week": "9999-W51"})
    assert data.status_code == 200
    assert data.json()["week"] == "9999-W51"
    assert [d["date"] for d in data.json()["days"]][-1] == "9999-12-26"


def test_copying_the_week_before_the_first_is_refused_and_saves_nothing(client_for, staffed):
    response = client_for(staffed.head).post(
        reverse("roster:copy", args=[staffed.opd.pk, "0001-W01"])
    )

    assert response.status_code == 400
    assert "Tidak ada minggu sebelum minggu ini untuk disalin." in response.content.decode()
    _nothing_saved(staffed.opd)


@pytest.mark.parametrize("week", ["0001-W01", "9999-W51"])
def test_planning_and_monitoring_the_edge_weeks_answer(client_for, api, staffed, week):
    autofill = client_for(staffed.head).post(
        reverse("roster:autofill", args=[staffed.opd.pk, week])
    )
    plan = api(staffed.head).post(f"/api/v1/rosters/{staffed.opd.pk}/{week}/plan/", {})
    monitor = client_for(staffed.admin).get(
        reverse("monitoring:opd_week", args=[staffed.opd.pk, week])
    )

    assert autofill.status_code == 200  # no circular then: nothing proposed
    assert plan.status_code == 200
    assert plan.json()["week"] == week
    assert not any(a["proposed"] for a in plan.json()["assignments"])
    assert monitor.status_code == 200
    assert week in monitor.content.decode()
    _nothing_saved(staffed.opd)


# --- days at the edge -------------------------------------------------------------------


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_governing_on_an_edge_day_answers_that_no_circular_governs(api, staffed, day):
    response = api(staffed.head).get(
        "/api/v1/circulars/governing/", {"unit": staffed.opd.pk, "date": day}
    )

    assert response.status_code == 200
    assert response.json()["date"] == day
    assert response.json()["circular"] is None
    assert response.json()["daily_limit"] is None


def test_own_schedule_up_to_the_last_day_of_the_calendar(api, world):
    response = api(world.employee_user).get(
        "/api/v1/me/schedule/", {"from": "9999-12-25", "to": "9999-12-31"}
    )

    assert response.status_code == 200
    assert [d["date"] for d in response.json()][-1] == "9999-12-31"


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("9999-12-31", "di luar masa berlaku"),
        ("0001-01-01", "hari yang sudah lewat tidak dapat diajukan"),
    ],
)
def test_requesting_an_edge_day_is_refused_and_saves_nothing(api, client_for, world, day, reason):
    staff_opd(world)
    circular = coming_circular(world.agency)

    by_api = api(world.employee_user).post(
        "/api/v1/me/requests/", {"circular": circular.pk, "days": [day]}, format="json"
    )
    by_page = client_for(world.employee_user).post(
        reverse("requests:requests"), {"circular": circular.pk, "days": [day]}
    )

    assert by_api.status_code == 400
    assert reason in " ".join(by_api.json()["days"])
    assert by_page.status_code == 400
    assert reason in by_page.content.decode()
    assert not AwayRequest.objects.exists()


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("9999-12-31", "Anda tidak dijadwalkan di luar kantor pada hari itu."),
        ("0001-01-01", "Hanya hari setelah hari ini yang dapat diubah menjadi WFO."),
    ],
)
def test_choosing_the_office_on_an_edge_day_is_refused(client_for, world, day, reason):
    staff_opd(world)
    response = client_for(world.employee_user).post(
        reverse("requests:choose_office", args=[day]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("requests:my_days")
    assert reason in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "window",
    [
        ("0001-01-01", "9999-12-31"),
        ("9999-12-31", "9999-12-31"),
        ("0001-01-01", "0001-01-01"),
        ("2025-01-01", "2026-06-30"),
    ],
    ids=["whole-calendar", "last-day", "first-day", "eighteen-months"],
)
class TestCircularWindows:
    def test_api_create_is_refused_with_the_reason(self, api, world, window):
        body = {
            "number": "800/9/2025",
            "title": "WFA",
            "windows": [{"start": window[0], "end": window[1]}],
        }
        response = api(world.admin).post("/api/v1/circulars/", body, format="json")

        assert response.status_code == 400
        (message,) = response.json()["windows"]
        assert "Masa berlaku" in message
        assert not Circular.objects.exists()

    def test_api_patch_is_refused_and_keeps_the_old_window(self, api, world, window):
        circular = make_draft(world)
        before = list(circular.windows.values_list("start", "end"))
        response = api(world.admin).patch(
            f"/api/v1/circulars/{circular.pk}/",
            {"windows": [{"start": window[0], "end": window[1]}]},
            format="json",
        )

        assert response.status_code == 400
        assert "Masa berlaku" in response.json()["windows"][0]
        assert list(circular.windows.values_list("start", "end")) == before

    def test_page_create_is_refused_with_the_reason(self, client_for, world, window):
        data = {
            "agency": world.agency.pk,
            "number": "800/9/2025",
            "title": "WFA",
            "arrangement": "WFA",
            "cap_percent": 50,
            "issued_on": "2025-03-17",
            "windows-TOTAL_FORMS": 1,
            "windows-INITIAL_FORMS": 0,
            "windows-0-start": window[0],
            "windows-0-end": window[1],
            "limits-TOTAL_FORMS": 0,
            "limits-INITIAL_FORMS": 0,
            "priorities-TOTAL_FORMS": 0,
            "priorities-INITIAL_FORMS": 0,
        }
        response = client_for(world.admin).post(reverse("circulars:create"), data)

        assert response.status_code == 400
        assert "Masa berlaku" in response.content.decode()
        assert not Window.objects.exists()


def test_a_window_of_a_year_is_still_allowed(api, world):
    body = {
        "number": "800/9/2025",
        "title": "WFA sepanjang tahun",
        "windows": [{"start": "2025-01-01", "end": "2025-12-31"}],
    }
    assert api(world.admin).post("/api/v1/circulars/", body, format="json").status_code == 201


def test_roster_cell_outside_the_week_is_refused(api, staffed):
    employee = staffed.colleague
    response = api(staffed.head).put(
        f"/api/v1/rosters/{staffed.opd.pk}/2025-W13/assignments/",
        [{"employee": employee.pk, "date": "9999-12-31", "mode": "WFA"}],
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "outside_week"
    _nothing_saved(staffed.opd)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("9999-12-31", "9999-12-31: di luar minggu ini."),
        ("0001-01-01", "0001-01-01: di luar minggu ini."),
        ("2025-W13-1", "2025-W13-1: tanggal harus YYYY-MM-DD."),
        ("２０２５-03-24", "２０２５-03-24: tanggal harus YYYY-MM-DD."),
    ],
)
def test_plan_target_outside_the_week_is_refused(api, staffed, key, message):
    response = api(staffed.head).post(
        f"/api/v1/rosters/{staffed.opd.pk}/2025-W13/plan/",
        {"targets": {key: 1, MON.isoformat(): 1}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"targets": [message]}
    _nothing_saved(staffed.opd)


@pytest.mark.parametrize(
    ("week", "gone"),
    [("0001-W01", "Minggu sebelumnya"), ("9999-W51", "Minggu berikutnya")],
)
def test_sharing_an_edge_week_has_no_link_off_the_calendar(client_for, staffed, week, gone):
    path = reverse("roster:share", args=[staffed.opd.pk, week])

    response = client_for(staffed.head).get(path)
    day = client_for(staffed.head).get(path, {"hari": "9999-12-31"})

    assert response.status_code == 200
    assert f'aria-label="{gone}"' not in response.content.decode()
    assert day.status_code == 404
