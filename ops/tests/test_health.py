"""/healthz and /readyz: cheap, unauthenticated, honest, and silent at INFO."""

import logging

import pytest
from django.db import connection

from ops import probes

HEALTHZ = "/healthz"
READYZ = "/readyz"


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = ""


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("user", ["anonymous", "employee", "admin"])
def test_probes_answer_every_caller_the_same(client_for, world, no_redis, user):
    actor = {"anonymous": None, "employee": world.employee_user, "admin": world.admin}[user]
    client = client_for(actor)
    assert client.get(HEALTHZ).content == b"ok\n"
    assert client.get(READYZ).content == b"ok\n"


def test_probes_skip_the_host_check_the_https_redirect_and_sessions(client, db, settings, no_redis):
    settings.ALLOWED_HOSTS = ["portal.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(READYZ, HTTP_HOST="10.0.0.7:8000")  # a load balancer probes by address
    assert response.status_code == 200
    assert "Set-Cookie" not in response
    assert "Vary" not in response  # no language negotiation either
    page = client.get("/akun/masuk/", HTTP_HOST="10.0.0.7:8000")
    assert page.status_code == 400  # every other URL still checks the host


def test_probes_refuse_writes(client, db):
    response = client.post(HEALTHZ)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.post(READYZ).status_code == 405


def test_readyz_is_ready_when_everything_answers(client, db, no_redis):
    response = client.get(READYZ)
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_readyz_checks_migrations_once_then_costs_one_query(
    client, db, no_redis, django_assert_num_queries
):
    client.get(READYZ)  # the first probe reads the migration table
    with django_assert_num_queries(1):  # afterwards: SELECT 1
        assert client.get(READYZ).status_code == 200


def test_readyz_503_while_a_migration_is_unapplied(client, db, no_redis):
    from django.db.migrations.recorder import MigrationRecorder

    latest = MigrationRecorder.Migration.objects.filter(app="schedules").latest("id")
    latest.delete()
    response = client.get(READYZ)
    assert response.status_code == 503
    assert response.content == b"not ready: migrations\n"
    MigrationRecorder.Migration.objects.create(app=latest.app, name=latest.name)
    assert client.get(READYZ).status_code == 200  # a failed check is not cached


@pytest.mark.redis
def test_readyz_checks_real_redis_when_configured(client, db, redis_url):
    assert client.get(READYZ).status_code == 200


def test_readyz_503_when_redis_is_unreachable(client, db, settings, closed_port):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    response = client.get(READYZ)
    assert response.status_code == 503
    assert response.content == b"not ready: redis\n"
    assert str(closed_port).encode() not in response.content


def test_redis_probe_fails_fast_without_retries(closed_port):
    client = probes._redis_client(f"redis://127.0.0.1:{closed_port}/1")
    pool_kwargs = client.connection_pool.connection_kwargs
    assert pool_kwargs["socket_connect_timeout"] <= 1
    assert pool_kwargs["socket_timeout"] <= 1
    assert client.get_retry().get_retries() == 0
    assert probes.redis_ok(f"redis://127.0.0.1:{closed_port}/1") is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readyz_503_when_postgresql_is_unreachable_and_200_when_it_returns(
    client, postgres_db, no_redis, closed_port
):
    client.get(READYZ)
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(closed_port)
    try:
        down = client.get(READYZ)
        still_down = client.get(READYZ)
    finally:
        connection.settings_dict["PORT"] = real_port
    assert down.status_code == still_down.status_code == 503
    assert down.content == b"not ready: database\n"
    assert b"5432" not in down.content and str(closed_port).encode() not in down.content
    back = client.get(READYZ)  # same process, no restart
    assert back.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readyz_recovers_after_the_server_drops_its_connection(client, postgres_db, no_redis):
    from django.db import connections

    client.get(READYZ)
    pid = connection.connection.info.backend_pid
    # Another session ends ours, as a PostgreSQL restart would.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    assert client.get(READYZ).status_code == 503
    assert client.get(READYZ).status_code == 200


def test_probes_are_not_logged_at_info(client, db, no_redis, caplog):
    caplog.set_level(logging.DEBUG, logger="ops.access")
    client.get(HEALTHZ)
    client.get(READYZ)
    client.get("/akun/masuk/")
    access = [r for r in caplog.records if r.name == "ops.access"]
    assert [(r.levelno, r.getMessage().split()[1]) for r in access] == [
        (logging.DEBUG, "/healthz"),
        (logging.DEBUG, "/readyz"),
        (logging.INFO, "/akun/masuk/"),
    ]
