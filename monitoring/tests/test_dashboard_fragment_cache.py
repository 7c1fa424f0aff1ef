"""The dashboard's body from the shared cache (monitoring/fragments.py): a second visit
reads none of the weeks, counters or requests, and each kind of write that changes
what it shows is seen on the very next visit, each through its real path, on local
memory and on Redis."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circulars.models import Limit
from organizations.models import Role
from organizations.tests.factories import EmployeeFactory
from schedules.models import AwayRequest, Roster
from schedules.requests import services as requests_services
from schedules.roster.forms import cell_name
from tests.clients import logged_in

from .support import HTMX, ISO, MON, WEEK, publish_circular

pytestmark = pytest.mark.django_db


def url(world, query: str = "") -> str:
    path = reverse("monitoring:dashboard", args=[world.agency.pk, world.circular.pk])
    return f"{path}?{query}" if query else path


def page(client, world, query: str = "") -> str:
    response = client.get(url(world, query))
    assert response.status_code == 200
    return response.content.decode()


def warm(client, world, query: str = "") -> str:
    """Visit twice: the second visit must come from the cache, or the tests below would
    prove nothing."""
    page(client, world, query)
    with CaptureQueriesContext(connection) as queries:
        body = page(client, world, query)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("schedules_roster", "schedules_daycounter", "schedules_awayrequest"):
        assert table not in sql
    return body


def monday_cell(body: str, world) -> str:
    found = re.search(rf'data-testid="away-{world.opd.pk}-{MON.isoformat()}">([^<]*)<', body)
    assert found
    return found.group(1)


def status_cell(body: str, world) -> str:
    found = re.search(rf'data-testid="status-{world.opd.pk}-{ISO}">.*?>([^<]*)</a>', body)
    assert found
    return found.group(1)


def total(body: str, label: str) -> str:
    found = re.search(rf"{label}</small><span[^>]*>(\d+)</span>", body)
    assert found, label
    return found.group(1)


def test_a_week_saved_submitted_and_returned_through_the_pages_shows_at_once(board, shared_cache):
    admin = logged_in(board.admin)
    body = warm(admin, board)
    assert (monday_cell(body, board), status_cell(body, board)) == ("0/3", "Belum dimulai")
    head = logged_in(board.head)
    cells = {cell_name(board.employee.pk, MON): "WFA"}
    assert head.post(reverse("roster:save", args=[board.opd.pk, ISO]), cells).status_code == 302
    body = page(admin, board)
    assert (monday_cell(body, board), status_cell(body, board)) == ("1/3", "Draf")
    head.post(reverse("roster:submit", args=[board.opd.pk, ISO]))
    assert status_cell(page(admin, board), board) == "Diajukan"
    roster = Roster.objects.get(unit=board.opd, week_start=WEEK)
    admin.post(reverse("roster:oversight_return", args=[roster.pk]), {"comment": "Perbaiki"})
    assert status_cell(page(admin, board), board) == "Dikembalikan"


def test_requests_and_revocations_show_at_once(board, shared_cache):
    admin = logged_in(board.admin)
    body = warm(admin, board)
    assert total(body, "Permohonan menunggu") == "0"
    assert total(body, "Pencabutan izin") == "0"
    AwayRequest.objects.create(
        employee=board.employee, circular=board.circular, day=MON, mode="WFA"
    )
    assert total(page(admin, board), "Permohonan menunggu") == "1"
    requests_services.revoke_permission(
        employee=board.employee, circular=board.circular, reason="Tidak hadir", actor=board.head
    )
    body = page(admin, board)
    assert total(body, "Pencabutan izin") == "1"
    assert total(body, "Permohonan menunggu") == "0"  # rejected with the revocation


def test_staff_and_rules_show_at_once(board, shared_cache):
    admin = logged_in(board.admin)
    assert monday_cell(warm(admin, board), board) == "0/3"
    EmployeeFactory(unit=board.opd)
    EmployeeFactory(unit=board.opd)
    assert monday_cell(page(admin, board), board) == "0/4"
    Limit.objects.create(circular=board.circular, shape="away_count", value=1)
    assert monday_cell(page(admin, board), board) == "0/1"
    board.circular.title = "Judul yang diperbaiki"
    board.circular.save()
    assert "Judul yang diperbaiki" in page(admin, board)


def test_a_renamed_opd_shows_at_once(board, shared_cache):
    admin = logged_in(board.admin)
    assert board.opd.name in warm(admin, board)
    board.opd.name = "Dinas Yang Baru"
    board.opd.save()
    assert "Dinas Yang Baru" in page(admin, board)


def test_only_those_who_may_remind_see_the_buttons(board, shared_cache):
    assert 'data-testid="remind-all"' in warm(logged_in(board.admin), board)
    assert 'data-testid="remind-all"' not in page(logged_in(board.inspector), board)
    Role.objects.filter(user=board.admin).update(kind="inspector")
    from organizations.access import access_changed

    access_changed()  # an update() sends no signal: as the services do after bulk writes
    assert 'data-testid="remind-all"' not in page(logged_in(board.admin), board)


def test_each_filter_has_its_own_body_and_htmx_gets_a_fresh_table(board, shared_cache):
    admin = logged_in(board.admin)
    other = f'data-testid="opd-row-{board.other_opd.pk}"'
    assert other in warm(admin, board)
    filtered = page(admin, board, f"category={board.opd.category}&status=draft")
    assert other not in filtered and 'data-testid="no-rows"' in filtered
    cells = {cell_name(board.employee.pk, MON): "WFA"}
    logged_in(board.head).post(reverse("roster:save", args=[board.opd.pk, ISO]), cells)
    table = admin.get(url(board, "status=draft"), **HTMX).content.decode()
    assert "<html" not in table and f'data-testid="opd-row-{board.opd.pk}"' in table


def test_the_cached_forms_carry_each_requests_own_csrf_token(board, shared_cache):
    warm(logged_in(board.admin), board)
    other = logged_in(board.admin, enforce_csrf_checks=True)
    body = page(other, board)
    assert "<!--wfa:" not in body
    form = body[body.index('data-testid="outstanding"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = other.post(
        reverse("monitoring:remind", args=[board.agency.pk, board.circular.pk]),
        {"csrfmiddlewaretoken": token, "opd": board.opd.pk},
    )
    assert response.status_code == 302


def test_with_the_cache_on_a_circular_outside_the_agency_is_still_404(board, shared_cache, world):
    from organizations.tests.factories import AgencyFactory

    admin = logged_in(board.admin)
    warm(admin, board)
    foreign = publish_circular(world.other_agency, number="LAIN/1")
    path = reverse("monitoring:dashboard", args=[board.agency.pk, foreign.pk])
    assert admin.get(path).status_code == 404
    assert logged_in(world.other_admin).get(url(board)).status_code == 404
    # A parent agency's circular that applies to its subordinates reaches it at once.
    parent = AgencyFactory(code="pemprov", short_name="Pemprov")
    board.agency.parent = parent
    board.agency.save()
    theirs = publish_circular(parent, number="PROV/1")
    theirs.applies_to_subordinates = True
    theirs.save()
    path = reverse("monitoring:dashboard", args=[board.agency.pk, theirs.pk])
    assert admin.get(path).status_code == 200
    theirs.applies_to_subordinates = False
    theirs.save()
    assert admin.get(path).status_code == 404


def test_with_the_cache_on_a_role_taken_away_closes_the_page_at_once(board, shared_cache):
    admin, inspector = logged_in(board.admin), logged_in(board.inspector)
    warm(admin, board)
    page(inspector, board)
    Role.objects.filter(user=board.inspector).delete()
    assert inspector.get(url(board)).status_code == 404
    assert logged_in(board.head).get(url(board)).status_code == 404
    other = reverse("monitoring:dashboard", args=[board.other_agency.pk, board.circular.pk])
    assert admin.get(other).status_code == 404
    bad = reverse("monitoring:dashboard", args=[board.agency.pk, 0])
    assert admin.get(bad).status_code == 404
    board.agency.short_name = "Pemkot Baru"
    board.agency.save()
    assert "Pemkot Baru" in page(admin, board)


def test_filters_as_the_form_sends_them_are_kept_and_any_other_query_is_not(board, shared_cache):
    """The page's own filters are kept (a bounded set); a query string the form never
    sends is answered afresh, so guessing addresses cannot fill the shared cache."""
    admin = logged_in(board.admin)
    warm(admin, board, f"category={board.opd.category}&status=draft&problems=on")
    warm(admin, board, "category=&status=")
    for query in ("x=1", "category=&status=&problems=yes", "status=nonsense"):
        for _visit in range(2):
            with CaptureQueriesContext(connection) as queries:
                page(admin, board, query)
        assert "schedules_roster" in " ".join(q["sql"] for q in queries.captured_queries)
