"""Sessions come from the cache, the database only on a miss (wfa_portal/session_store.py, #18),
and still end when they must: logout, a deactivated login, a password change; with
Redis down they are read from the database alone."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.tests.factories import DEFAULT_PASSWORD
from tests.clients import logged_in
from wfa_portal import session_store
from wfa_portal.soft_cache import soft_cache

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def shared_cache(redis_url):
    """Sessions are cached only in a shared cache (Redis)."""
    return redis_url


MY_DAYS = reverse("requests:my_days")
LOGIN = reverse("login")


def with_cookie(key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def session_queries(client: Client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(MY_DAYS)
    return response.status_code, [
        q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]
    ]


def refused(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_page_reads_its_session_from_the_cache_not_the_database(world, shared_cache):
    client = logged_in(world.employee_user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    status, queries = session_queries(client)

    assert status == 200
    assert queries == []
    assert Session.objects.filter(session_key=key).exists()  # the database still holds it


def test_a_cache_miss_reads_the_database_and_fills_the_cache(world, shared_cache):
    client = logged_in(world.employee_user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session_store._BreakerCache().delete(session_store.SessionStore.cache_key_prefix + key)

    first = session_queries(client)
    second = session_queries(client)

    assert first[0] == 200 and len(first[1]) == 1
    assert second == (200, [])


def test_logout_ends_the_session_though_a_copy_was_cached(world):
    client = logged_in(world.employee_user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(MY_DAYS).status_code == 200

    client.post(reverse("logout"))

    assert refused(with_cookie(key).get(MY_DAYS))
    assert not Session.objects.filter(session_key=key).exists()


def test_a_deactivated_login_is_refused_at_its_next_request(world):
    client = logged_in(world.employee_user)
    assert client.get(MY_DAYS).status_code == 200

    world.employee_user.is_active = False
    world.employee_user.save(update_fields=["is_active"])

    assert refused(client.get(MY_DAYS))


def test_a_password_change_ends_the_other_sessions_not_its_own(world):
    changer, other = logged_in(world.employee_user), logged_in(world.employee_user)
    assert other.get(MY_DAYS).status_code == 200
    new = "Kalender-Baru-2025!"

    response = changer.post(
        reverse("password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    assert changer.get(MY_DAYS).status_code == 200
    assert refused(other.get(MY_DAYS))


def test_with_redis_down_sessions_come_from_the_database_and_logout_works(world):
    client = logged_in(world.employee_user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    soft_cache.breaker.trip()  # as after a failed call: the cache is left alone

    status, queries = session_queries(client)
    assert status == 200 and len(queries) == 1
    client.post(reverse("logout"))

    assert refused(with_cookie(key).get(MY_DAYS))


def test_a_cached_copy_lives_at_most_cache_seconds(world, monkeypatch, shared_cache):
    """A logout whose cache delete was lost in an outage leaves a stale copy: it expires."""
    monkeypatch.setattr(session_store, "CACHE_SECONDS", 1)
    client = logged_in(world.employee_user)
    cache_key = (
        session_store.SessionStore.cache_key_prefix
        + client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    assert session_store._BreakerCache().get(cache_key) is not None

    time.sleep(1.2)

    assert session_store._BreakerCache().get(cache_key) is None


def test_a_process_local_cache_is_not_used_for_sessions(world, settings):
    """Another gunicorn worker would not see a logout: every request reads the database."""
    settings.CACHES = LOCMEM
    client = logged_in(world.employee_user)

    assert [len(session_queries(client)[1]) for _ in range(2)] == [1, 1]
