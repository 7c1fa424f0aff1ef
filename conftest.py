"""Shared test set-up: settings for tests and the standard actors.

The actors are the people of every view test: a BKPSDM admin, the head of an
OPD, the head of another OPD, an employee, an inspector, and the admin of
another agency.
"""

import pytest

from organizations.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)
from wfa_portal.celery import app


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.AXES_ENABLED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The public pages' limiter counts per minute across tests; the tests of the
    # limiter set their own rates.
    settings.PUBLIC_RATES = {"page": "100000/min", "pdf": "100000/min"}
    # Stored files (signed PDFs, drawn PDFs) never land in the project's var/media.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
    # Query counts are compared on a cold cache; the cache's own tests turn it on.
    settings.CACHE_FIGURES = False


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in this thread (a
    server starts each request afresh): every test starts in the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _redis_trusted_again():
    """A test that stops Redis leaves no open breaker behind for the next one."""
    from wfa_portal import broker
    from wfa_portal.soft_cache import soft_cache

    soft_cache.reset()
    broker.breaker.reset()
    yield
    soft_cache.reset()
    broker.breaker.reset()


@pytest.fixture(autouse=True)
def _fresh_policy_cache():
    """Rolled-back rows may come back with the same ids in the next test: no policy
    resolved in one test is served in another."""
    from circulars.governing import _new_policy_version

    _new_policy_version()


@pytest.fixture(autouse=True)
def _fresh_access_cache():
    """Rolled-back logins and roles come back with the same ids in the next test: no
    roles cached in one test (under CACHE_FIGURES) are served in another."""
    from organizations.access import new_access_version

    new_access_version()
    yield
    new_access_version()


class World:
    """Two agencies; agency A has two OPDs (one with a sub-unit) and the standard actors."""

    def __init__(self):
        self.agency = AgencyFactory(code="pemkot-a", short_name="Pemkot A")
        self.other_agency = AgencyFactory(code="pemkot-b", short_name="Pemkot B")
        self.opd = UnitFactory(agency=self.agency, code="diskominfo", short_name="Diskominfo")
        self.sub_unit = UnitFactory(agency=self.agency, parent=self.opd, code="bidang-tik")
        self.other_opd = UnitFactory(agency=self.agency, code="bappeda", short_name="Bappeda")
        self.foreign_opd = UnitFactory(agency=self.other_agency, code="dinkes")

        self.admin = _user_with_role("admin", "bkpsdm_admin", agency=self.agency, is_staff=True)
        self.other_admin = _user_with_role(
            "admin_b", "bkpsdm_admin", agency=self.other_agency, is_staff=True
        )
        self.inspector = _user_with_role("inspektur", "inspector", agency=self.agency)
        self.head = _user_with_role("kepala", "opd_head", unit=self.opd)
        self.operator = _user_with_role("operator", "operator", unit=self.opd)
        self.other_head = _user_with_role("kepala_lain", "opd_head", unit=self.other_opd)
        self.foreign_head = _user_with_role("kepala_b", "opd_head", unit=self.foreign_opd)

        self.employee_user = UserFactory(username="pegawai")
        self.employee = EmployeeFactory(unit=self.sub_unit, user=self.employee_user)
        self.colleague = EmployeeFactory(unit=self.opd)
        self.other_employee = EmployeeFactory(unit=self.other_opd)
        self.foreign_employee = EmployeeFactory(unit=self.foreign_opd)


def _user_with_role(username, kind, *, agency=None, unit=None, is_staff=False):
    user = UserFactory(username=username, is_staff=is_staff)
    RoleFactory(user=user, kind=kind, agency=agency, unit=unit)
    return user


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def client_for(client):
    """Log a client in as the given user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def count_queries():
    """Run a callable and return how many SQL queries it made (with its result)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(fn, *args, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            result = fn(*args, **kwargs)
        return len(ctx.captured_queries), result

    return run


def require_service(name: str, available: bool, why: str) -> None:
    """Skip a test whose service is missing; under WFA_REQUIRE_SERVICES=1 (CI), fail instead."""
    from django.conf import settings

    if available:
        return
    if settings.WFA_REQUIRE_SERVICES:
        pytest.fail(f"{name} is required (WFA_REQUIRE_SERVICES=1) but {why}")
    pytest.skip(f"{name} not available: {why}")


@pytest.fixture
def postgres_db(db):
    """For tests that need PostgreSQL itself (row locks, real concurrency)."""
    from django.db import connection

    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL"
    )


@pytest.fixture
def redis_url(settings):
    require_service("Redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    return settings.REDIS_URL


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def shared_cache(request, settings):
    """The figure cache on (``CACHE_FIGURES``), once on local memory (the embedded mode)
    and once on the configured Redis: for the tests of what is kept across requests."""
    from wfa_portal.settings import redis_cache

    if request.param == "redis":
        settings.CACHES = {"default": redis_cache(request.getfixturevalue("redis_url"))}
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CACHE_FIGURES = True
    return request.param


# Celery: every test delivers in-process, as the embedded default does, even when
# REDIS_URL is set; the broker-down and real-worker tests switch this off themselves.


@pytest.fixture
def celery_conf():
    """Change the Celery app's configuration for one test; restored afterwards."""
    saved: dict[str, object] = {}

    def change(**values):
        for key, value in values.items():
            saved.setdefault(key, app.conf[key])
            app.conf[key] = value

    def restore():
        for key, value in saved.items():
            app.conf[key] = value
        saved.clear()

    change.restore = restore
    yield change
    restore()


@pytest.fixture(autouse=True)
def _deliver_in_process(celery_conf):
    """Deliver in-process, as the embedded default does, even when REDIS_URL is set.

    The broker-down and real-worker tests switch this off themselves.
    """
    celery_conf(task_always_eager=True)
