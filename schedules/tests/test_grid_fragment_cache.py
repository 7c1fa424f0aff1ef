"""The grid of an OPD's week from the shared cache (schedules/roster/fragments.py): a
second visit reads none of the week's rows and costs the same at two staff sizes; every
kind of write that changes what the grid shows is seen on the very next visit, each
through its real path (the grid, the oversight pages, the services); the access check
still runs before the cache; on local memory and on Redis."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circulars.services import revoke_circular
from organizations.access import access_changed
from organizations.models import EmployeeCircumstance
from organizations.services import add_circumstance, add_sanction
from schedules.models import Roster
from schedules.requests.services import reinstate_permission, revoke_permission
from schedules.roster.forms import cell_name
from schedules.roster.selectors import PAGE_ROWS
from standing import services as standing
from standing.tests.builders import criteria, make_policy, next_weekday
from tests.clients import logged_in
from wfa_portal.fragments import CSRF_PLACEHOLDER
from wfa_portal.isoweek import format_week, monday_of

from .employee_support import coming_working_days
from .support import WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def se(world, shared_cache):
    """The world's OPD (two staff and two more) under a circular that lets all go, over
    the first coming week with two working days or more (a week the cache keeps):
    ``se.mon`` and ``se.tue`` are its first two working days."""
    week = monday_of(timezone.localdate()) + timedelta(days=7)
    while True:
        days = [d for d in coming_working_days(world.agency, 5, start=week) if d < week + ONE_WEEK]
        if len(days) >= 2:
            break
        week += ONE_WEEK
    world.week, world.iso, world.days = week, format_week(week), days
    world.mon, world.tue = days[0], days[1]
    world.circular = publish_circular(
        world.agency, start=week, end=week + timedelta(days=6), cap=100
    )
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    return world


ONE_WEEK = timedelta(days=7)


def url(world, week: str = "") -> str:
    return reverse("roster:week", args=[world.opd.pk, week or world.iso])


def page(client, world, week: str = "", **extra) -> str:
    response = client.get(url(world, week), **extra)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, world, week: str = "") -> str:
    """Visit twice: the second visit must come from the cache (no row of the week read),
    or the tests below would prove nothing."""
    page(client, world, week)
    with CaptureQueriesContext(connection) as queries:
        body = page(client, world, week)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "schedules_assignment" not in sql and "circulars_circular" not in sql
    return body


def counter(body: str, day) -> str:
    found = re.search(rf'data-testid="counter-{day.isoformat()}"[^>]*>([^<]*)<', body)
    assert found, day
    return found.group(1)


def modes(body: str, employee, day) -> str:
    """What a click on the cell cycles through ("WFO WFA"; "" for a read-only cell)."""
    found = re.search(rf'id="cell-{employee.pk}-{day.isoformat()}"[^>]*?data-modes="([^"]*)"', body)
    return found.group(1) if found else ""


def test_a_second_visit_reads_no_rows_and_costs_the_same_at_two_sizes(se):
    head = logged_in(se.head)
    warm(head, se)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(head, se)
        return len(queries.captured_queries)

    small = cost()
    add_staff(se.opd, 60)
    # bulk_create sends no signal: the import says so itself (organizations.services).
    access_changed()
    body = page(head, se)
    assert "Pegawai 0059" in body
    assert cost() == small


def test_a_save_in_the_grid_shows_on_the_next_visit(se):
    head = logged_in(se.head)
    assert counter(warm(head, se), se.mon) == "di luar kantor 0 / maks 4"
    posted = head.post(
        reverse("roster:save", args=[se.opd.pk, se.iso]),
        {cell_name(se.colleague.pk, se.mon): "WFA"},
    )
    assert posted.status_code == 302
    body = page(head, se)
    assert counter(body, se.mon) == "di luar kantor 1 / maks 4"
    # The operator of the same OPD is served the same grid, with its own CSRF token.
    operator = logged_in(se.operator)
    other = page(operator, se)
    assert counter(other, se.mon) == "di luar kantor 1 / maks 4"
    assert CSRF_PLACEHOLDER not in other and 'name="csrfmiddlewaretoken"' in other


def test_submitting_and_a_return_by_bkpsdm_show_at_once(se):
    head = logged_in(se.head)
    head.post(
        reverse("roster:save", args=[se.opd.pk, se.iso]),
        {cell_name(se.colleague.pk, se.mon): "WFA"},
    )
    assert 'data-testid="submit-week"' in warm(head, se)
    head.post(reverse("roster:submit", args=[se.opd.pk, se.iso]))
    body = page(head, se)
    assert "sudah diajukan ke BKPSDM dan tidak dapat diubah" in body
    assert 'data-testid="submit-week"' not in body
    roster = Roster.objects.get(unit=se.opd, week_start=se.week)
    logged_in(se.admin).post(
        reverse("roster:oversight_return", args=[roster.pk]), {"comment": "Kurangi hari Senin"}
    )
    body = page(head, se)
    assert "Dikembalikan oleh BKPSDM:" in body and "Kurangi hari Senin" in body
    assert 'data-testid="submit-week"' in body


def test_a_circular_revoked_closes_the_days_at_once(se):
    head = logged_in(se.head)
    assert counter(warm(head, se), se.mon) == "di luar kantor 0 / maks 4"
    revoke_circular(user=se.admin, circular=se.circular, reason="Dicabut")
    body = page(head, se)
    assert 'data-testid="counter-' not in body
    assert 'data-testid="no-open-days"' in body


def test_a_sanction_bars_the_cell_at_once(se):
    se.circular.excludes_sanctioned = True
    se.circular.save()
    head = logged_in(se.head)
    assert modes(warm(head, se), se.colleague, se.tue) == "WFO WFA"
    add_sanction(employee=se.colleague, actor=se.admin, start=se.tue)
    body = page(head, se)
    assert modes(body, se.colleague, se.mon) == "WFO WFA"
    assert modes(body, se.colleague, se.tue) == "WFO"


def test_a_revoked_and_reinstated_permission_shows_at_once(se):
    head = logged_in(se.head)
    assert modes(warm(head, se), se.colleague, se.mon) == "WFO WFA"
    revocation = revoke_permission(
        employee=se.colleague, circular=se.circular, reason="Tidak hadir rapat", actor=se.head
    )
    assert modes(page(head, se), se.colleague, se.mon) == "WFO"
    reinstate_permission(revocation=revocation, reason="Sudah hadir", actor=se.head)
    assert modes(page(head, se), se.colleague, se.mon) == "WFO WFA"


def test_a_renamed_employee_and_the_language_show_at_once(se):
    head = logged_in(se.head)
    assert se.colleague.name in warm(head, se)
    se.colleague.name = "Nama Baru Sekali"
    se.colleague.save()
    assert "Nama Baru Sekali" in page(head, se)
    english = logged_in(se.head, HTTP_ACCEPT_LANGUAGE="en")
    english.cookies["django_language"] = "en"
    assert "away 0 / max 4" in page(english, se)
    assert counter(page(head, se), se.mon) == "di luar kantor 0 / maks 4"


def test_the_access_check_runs_before_the_cache(se):
    warm(logged_in(se.head), se)
    for user in (se.other_head, se.foreign_head, se.other_admin, se.employee_user):
        response = logged_in(user).get(url(se))
        assert response.status_code in (403, 404), user
        assert se.colleague.name.encode() not in response.content
    anonymous = Client().get(url(se))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_an_htmx_visit_gets_the_grid_alone_and_pages_are_kept_apart(se):
    add_staff(se.opd, PAGE_ROWS, prefix="Banyak")
    head = logged_in(se.head)
    full = warm(head, se)
    assert "<html" in full and 'id="roster"' in full
    part = head.get(url(se), HTTP_HX_REQUEST="true")
    assert "HX-Request" in part["Vary"]
    text = part.content.decode()
    assert text.lstrip().startswith('<div id="roster"') and "<html" not in text
    assert CSRF_PLACEHOLDER not in text and 'name="csrfmiddlewaretoken"' in text
    second = head.get(url(se) + "?hal=2").content.decode()
    assert 'name="hal" value="2"' in second and 'name="hal" value="2"' not in full


def test_a_standing_arrangement_and_a_recall_show_at_once(world, shared_cache):
    friday = next_weekday(4, timezone.localdate() + timedelta(days=3))
    week = format_week(monday_of(friday))
    head = logged_in(world.head)
    policy = make_policy(world, start=timezone.localdate() - timedelta(days=30))
    assert 'data-testid="proposal-legend"' not in warm(head, world, week)
    data = {"eligible": True, "weekdays": [4], "start": policy.start, **criteria()}
    standing.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=standing.ArrangementData(**data),
        actor=world.head,
    )
    body = page(head, world, week)
    assert 'data-testid="proposal-legend"' in body
    assert "cell-proposed" in body
    standing.recall(
        employees=[world.employee], day=friday, at=time(9), reason="Rapat", actor=world.head
    )
    assert "cell-proposed" not in page(head, world, week)


def test_a_circumstance_declared_shows_at_once(se):
    se.circular.required_away_circumstances = [EmployeeCircumstance.Kind.PREGNANCY]
    se.circular.save()
    head = logged_in(se.head)
    before = warm(head, se)
    add_circumstance(
        employee=se.extra[0],
        actor=se.head,
        kind=EmployeeCircumstance.Kind.PREGNANCY,
        note="Hamil 7 bulan",
        until=timezone.localdate() + timedelta(days=90),
    )
    after = page(head, se)
    assert 'data-testid="violations"' not in before
    assert 'data-testid="violations"' in after
    assert after.count('data-code="REQUIRED_AWAY"') == len(se.days)  # every open day
    assert "mewajibkan pegawai dalam keadaan hamil bekerja WFA" in after


def test_a_far_week_or_a_guessed_page_is_rendered_afresh_not_kept(se):
    """Only the weeks around this one and real page numbers are kept: guessing addresses
    cannot fill the shared cache."""
    head = logged_in(se.head)
    for path in (url(se, format_week(WEEK)), url(se) + "?hal=999"):
        assert head.get(path).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert head.get(path).status_code == 200
        assert "schedules_assignment" in " ".join(q["sql"] for q in queries.captured_queries)
    warm(head, se)  # the near week itself is kept (warm asserts it)
