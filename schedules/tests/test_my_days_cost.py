"""What "Jadwal saya" costs: the rules resolved once for the page (the coming days
and the month together), and served from the shared cache on the next visit; the
count of queries the same with few or many requests, days away and circulars."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedules.models import AwayRequest, FeedToken
from schedules.requests.services import feed_token_for

from .employee_support import coming_circular, coming_working_days, roster_away, staff_opd
from .support import publish_circular

pytestmark = pytest.mark.django_db
URL = reverse("requests:my_days")
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.circular.work_start, world.circular.work_end = time(7, 30), time(16, 0)
    world.circular.save()
    world.days = coming_working_days(world.agency, 12)
    return world


def page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    resolutions = sum('FROM "circulars_dayoff"' in q["sql"] for q in queries.captured_queries)
    return len(queries.captured_queries), resolutions, response


def grow(se):
    """More days away, pending requests and circulars in force."""
    roster_away(se.opd, se.employee, se.days[:1] + se.days[4:8], actor=se.head)
    AwayRequest.objects.bulk_create(
        AwayRequest(employee=se.employee, circular=se.circular, day=day, mode="WFA")
        for day in se.days[1:4]
    )
    for n in range(3):
        start = se.days[0] + timedelta(days=70 + 10 * n)
        publish_circular(se.agency, start=start, end=start + timedelta(days=5), number=f"X/{n}")


def test_the_page_resolves_the_rules_once(client_for, se):
    client = client_for(se.employee_user)
    client.get(URL)  # the feed token
    _n, resolutions, _response = page(client)
    assert resolutions == 1  # not once for the coming days and again for the month


def test_the_count_does_not_grow_on_a_cold_cache(client_for, se):
    client = client_for(se.employee_user)
    client.get(URL)
    small, _r, _response = page(client)
    grow(se)
    large, _r, response = page(client)
    assert large == small
    assert "Permohonan WFA menunggu keputusan" in response.content.decode()


def test_a_warm_cache_serves_the_rules_and_the_count_does_not_grow(client_for, se, settings):
    settings.CACHES, settings.CACHE_FIGURES = LOCMEM, True
    feed_token_for(se.employee)  # made on first use: it would change the cached version
    client = client_for(se.employee_user)
    cold, resolved, _response = page(client)
    warm, again, _response = page(client)
    assert (resolved, again) == (1, 0)
    assert warm < cold
    grow(se)  # publishing circulars changes the rules: resolved afresh once
    page(client)
    large, again, response = page(client)
    assert (large, again) == (warm, 0)
    assert "07:30" in response.content.decode()


def test_a_warm_page_reads_no_circular_and_sees_an_edit_at_once(client_for, se, settings):
    settings.CACHES, settings.CACHE_FIGURES = LOCMEM, True
    roster_away(se.opd, se.employee, se.days[:2], actor=se.head)
    client = client_for(se.employee_user)
    page(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert not [q for q in queries.captured_queries if 'FROM "circulars_circular"' in q["sql"]]
    assert "07:30–16:00" in response.content.decode()
    se.circular.work_start = time(8, 0)
    se.circular.save()  # the admin's path: a signal gives the policy version a new value
    assert "08:00–16:00" in client.get(URL).content.decode()


def extras_queries(client):
    """The page's queries of the feed token and of the acknowledgements, and its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    tables = ('"schedules_feedtoken"', '"schedules_acknowledgement"')
    sql = [q["sql"] for q in queries.captured_queries]
    return sum(any(t in q for t in tables) for q in sql), response.content.decode()


def test_a_warm_cache_serves_the_feed_token_and_acknowledgements_and_sees_an_acknowledgement(
    client_for, se, settings
):
    settings.CACHES, settings.CACHE_FIGURES = LOCMEM, True
    roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
    client = client_for(se.employee_user)
    marker = f'data-testid="acknowledge-{se.circular.pk}"'
    client.get(URL)  # the feed token made on first use
    cold, _html = extras_queries(client)
    warm, html = extras_queries(client)
    assert (cold, warm) == (2, 0)
    assert marker in html

    client.post(reverse("requests:acknowledge", args=[se.circular.pk]))

    assert marker not in extras_queries(client)[1]  # the next request sees it


def test_a_rotated_feed_address_shows_on_the_next_request_with_a_warm_cache(
    client_for, se, settings
):
    settings.CACHES, settings.CACHE_FIGURES = LOCMEM, True
    client = client_for(se.employee_user)
    client.get(URL)
    old = FeedToken.objects.get(employee=se.employee).token
    assert old in extras_queries(client)[1]

    client.post(reverse("requests:feed_rotate"))

    new = FeedToken.objects.get(employee=se.employee).token
    _n, html = extras_queries(client)
    assert new != old and new in html and old not in html
