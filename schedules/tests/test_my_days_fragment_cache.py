"""The body of "Jadwal saya" from the shared cache (schedules/requests/fragments.py): a
second visit reads none of the employee's rows, and every kind of write that changes
what the page shows is seen on the very next visit, each through its real path (the
grid, the queue, the oversight pages, the services), on local memory and on Redis."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.services import remove_duty, save_duty
from circulars.services import revoke_circular
from schedules.models import AwayRequest, Roster
from schedules.requests import selectors
from schedules.requests import services as svc
from schedules.roster.forms import cell_name
from tests.clients import logged_in
from wfa_portal.fragments import CSRF_PLACEHOLDER
from wfa_portal.isoweek import format_week, monday_of

from .employee_support import coming_circular, coming_working_days, roster_away, staff_opd, today

pytestmark = pytest.mark.django_db
URL = reverse("requests:my_days")


@pytest.fixture
def se(world, shared_cache):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.circular.conditions = "Dapat dihubungi atasan"
    world.circular.save()
    world.days = coming_working_days(world.agency, 4)
    svc.feed_token_for(world.employee)  # made on first use
    return world


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def mode_on(body: str, day) -> str:
    """The mode badge of a coming day."""
    found = re.search(
        rf'data-testid="day-{day.isoformat()}".*?data-testid="mode">([^<]*)<', body, re.S
    )
    assert found, day
    return found.group(1)


def warm(client) -> str:
    """Visit twice: the second visit must come from the cache (no row of the employee's
    days read), or the tests below would prove nothing."""
    page(client)
    with CaptureQueriesContext(connection) as queries:
        body = page(client)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "schedules_assignment" not in sql and "schedules_awayrequest" not in sql
    return body


def test_a_week_saved_in_the_grid_shows_once_submitted(se):
    employee = logged_in(se.employee_user)
    day = se.days[0]
    assert mode_on(warm(employee), day) == "WFO"
    head = logged_in(se.head)
    week = format_week(monday_of(day))
    saved = head.post(
        reverse("roster:save", args=[se.opd.pk, week]), {cell_name(se.employee.pk, day): "WFA"}
    )
    assert saved.status_code == 302
    assert mode_on(page(employee), day) == "WFO"  # a draft is not shown
    head.post(reverse("roster:submit", args=[se.opd.pk, week]))
    assert Roster.objects.get(unit=se.opd, week_start=monday_of(day)).status == "submitted"
    assert mode_on(page(employee), day) == "WFA"


def test_a_week_returned_by_bkpsdm_is_no_longer_shown(se):
    day = se.days[0]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    employee = logged_in(se.employee_user)
    assert mode_on(warm(employee), day) == "WFA"
    roster = Roster.objects.get(unit=se.opd, week_start=monday_of(day))
    logged_in(se.admin).post(
        reverse("roster:oversight_return", args=[roster.pk]), {"comment": "Perbaiki"}
    )
    assert Roster.objects.get(pk=roster.pk).status == "draft"
    assert mode_on(page(employee), day) == "WFO"


def test_a_request_and_its_approval_show_at_once(se):
    day = se.days[1]
    employee = logged_in(se.employee_user)
    assert "menunggu keputusan" not in warm(employee)
    posted = employee.post(
        reverse("requests:requests"), {"circular": se.circular.pk, "days": [day.isoformat()]}
    )
    assert posted.status_code == 302
    assert "Permohonan WFA menunggu keputusan" in page(employee)
    row = AwayRequest.objects.get(employee=se.employee, day=day)
    logged_in(se.head).post(
        reverse("requests:queue_decide", args=[se.opd.pk]), {"ids": [row.pk], "action": "approve"}
    )
    assert AwayRequest.objects.get(pk=row.pk).status == "approved"
    body = page(employee)
    assert "Permohonan WFA menunggu keputusan" not in body
    assert 'data-testid="approved"' in body


def test_choosing_the_office_shows_at_once(se):
    day = se.days[1]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    employee = logged_in(se.employee_user)
    assert mode_on(warm(employee), day) == "WFA"
    employee.post(reverse("requests:choose_office", args=[day]))
    assert mode_on(page(employee), day) == "WFO"


def test_a_revoked_permission_shows_at_once(se):
    day = se.days[1]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    employee = logged_in(se.employee_user)
    assert mode_on(warm(employee), day) == "WFA"
    data = {"employee": se.employee.pk, "circular": se.circular.pk, "reason": "Tidak hadir rapat"}
    revoked = logged_in(se.head).post(reverse("requests:revocations", args=[se.opd.pk]), data)
    assert revoked.status_code == 302
    assert mode_on(page(employee), day) == "WFO"


def test_a_revoked_circular_shows_at_once(se):
    employee = logged_in(se.employee_user)
    circular_url = reverse("circulars:detail", args=[se.circular.pk])
    assert circular_url in warm(employee)
    revoke_circular(user=se.admin, circular=se.circular, reason="Dicabut")
    assert circular_url not in page(employee)


def test_an_edited_circular_shows_at_once(se):
    day = se.days[0]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    employee = logged_in(se.employee_user)
    assert "Dapat dihubungi atasan" in warm(employee)
    se.circular.conditions = "Wajib hadir apel Senin"
    se.circular.save()  # the admin's path
    body = page(employee)
    assert "Wajib hadir apel Senin" in body and "Dapat dihubungi atasan" not in body


def test_a_renamed_employee_and_a_changed_unit_show_at_once(se):
    employee = logged_in(se.employee_user)
    assert se.opd.name in warm(employee)
    se.employee.name = "Nama Baru Sekali"
    se.employee.save()
    se.opd.name = "Dinas Bernama Baru"
    se.opd.save()
    body = page(employee)
    assert "Nama Baru Sekali" in body and "Dinas Bernama Baru" in body


def test_an_attendance_duty_shows_at_once(se):
    remove_duty(circular=se.circular)
    employee = logged_in(se.employee_user)
    body = warm(employee)
    if not any(d.is_today and d.circular for d in _upcoming(se)):
        pytest.skip("today is not governed by the circular (a day off)")
    assert 'data-testid="duty"' not in body
    values = {"times": ["07:45", "16:00"], "tolerance_minutes": 42, "place": "office"}
    save_duty(circular=se.circular, actor=se.admin, values=values)
    body = page(employee)
    assert 'data-testid="duty"' in body and "42" in body
    remove_duty(circular=se.circular)
    assert 'data-testid="duty"' not in page(employee)


def _upcoming(se):
    opd = selectors.opd_of(se.employee)
    start = today()
    return selectors.my_days(se.employee, opd, start, start + timedelta(days=6))


def test_the_next_day_is_not_served_yesterdays_page(se, monkeypatch):
    employee = logged_in(se.employee_user)
    body = warm(employee)
    assert f'data-testid="day-{today().isoformat()}"' in body
    tomorrow = today() + timedelta(days=1)
    monkeypatch.setattr(selectors, "today", lambda: tomorrow)
    body = page(employee)
    assert f'data-testid="day-{today().isoformat()}"' not in body
    assert f'data-testid="day-{(tomorrow + timedelta(days=6)).isoformat()}"' in body


def test_each_language_has_its_own_page(se):
    employee = logged_in(se.employee_user)
    assert "Hari ini dan hari-hari berikutnya" in warm(employee)
    employee.post(reverse("set_language"), {"language": "en", "next": URL})
    body = page(employee)
    assert "Hari ini dan hari-hari berikutnya" not in body
    assert 'lang="en"' in body


def test_the_cached_forms_carry_each_requests_own_csrf_token(se):
    day = se.days[1]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    warm(logged_in(se.employee_user))
    other = logged_in(se.employee_user, enforce_csrf_checks=True)  # a second session
    body = page(other)
    assert CSRF_PLACEHOLDER not in body and "<!--wfa:" not in body
    action = reverse("requests:choose_office", args=[day])
    form = body[body.index(f'action="{action}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = other.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert mode_on(page(other), day) == "WFO"


def test_another_employee_never_sees_this_page(se):
    warm(logged_in(se.employee_user))
    se.colleague.user = se.other_head  # any login of another employee
    se.colleague.save()
    body = page(logged_in(se.other_head))
    assert se.colleague.name in body and se.employee.name not in body


def test_the_feed_address_follows_the_host_asked(se, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "wfa.example"]
    employee = logged_in(se.employee_user)
    first = employee.get(URL, HTTP_HOST="portal.example").content.decode()
    second = employee.get(URL, HTTP_HOST="wfa.example").content.decode()
    assert "http://portal.example/" in first and "http://wfa.example/" in second
    assert "portal.example" not in second


def test_a_week_of_the_opd_one_moved_from_is_followed(se):
    day = se.days[0]
    roster_away(se.opd, se.employee, [day], actor=se.head)
    se.employee.unit = se.other_opd  # moved; the day stays in the old OPD's roster
    se.employee.save()
    employee = logged_in(se.employee_user)
    assert mode_on(warm(employee), day) == "WFA"
    roster = Roster.objects.get(unit=se.opd, week_start=monday_of(day))
    logged_in(se.admin).post(
        reverse("roster:oversight_return", args=[roster.pk]), {"comment": "Perbaiki"}
    )
    assert mode_on(page(employee), day) == "WFO"


def test_a_month_far_from_this_one_is_rendered_afresh_not_kept(se):
    """Only the months around this one are kept: guessing addresses cannot fill the
    shared cache."""
    employee = logged_in(se.employee_user)
    far = reverse("requests:month", args=[today().year + 3, today().month])
    for _visit in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert employee.get(far).status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "schedules_assignment" in sql
    warm(employee)  # this month is kept (warm asserts it)
