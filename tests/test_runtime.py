"""The two modes of one codebase: embedded defaults and real services."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"WFA_TESTING", "DEBUG", "SECRET_KEY"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'wfa_portal.settings'; "
        f"django.setup(); from django.conf import settings; print({expr})"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def test_secret_key_is_required_when_debug_is_off():
    result = settings_in_subprocess({}, "settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_defaults_to_off():
    result = settings_in_subprocess(
        {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a"}, "settings.DEBUG"
    )
    assert result.stdout.strip() == "False"


def test_embedded_default_needs_no_services():
    env = {"DEBUG": "1", "DATABASE_URL": "", "REDIS_URL": ""}
    expr = (
        "settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], "
        "settings.CELERY_TASK_ALWAYS_EAGER"
    )
    result = settings_in_subprocess(env, expr)
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert "LocMemCache" in result.stdout
    assert "True" in result.stdout


def test_production_mode_reads_database_and_redis_from_environment():
    env = {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://wfa:pw@db.internal:5432/wfa",
        "REDIS_URL": "redis://redis.internal:6379/0",
    }
    expr = (
        "settings.DATABASES['default']['HOST'], settings.CACHES['default']['BACKEND'], "
        "settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER"
    )
    result = settings_in_subprocess(env, expr)
    assert result.returncode == 0, result.stderr
    assert "db.internal" in result.stdout
    assert "RedisCache" in result.stdout
    assert "redis://redis.internal:6379/0" in result.stdout
    assert "False" in result.stdout


@pytest.mark.postgres
def test_database_is_a_real_postgresql(postgres_db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.redis
def test_cache_round_trips_through_real_redis(redis_url):
    import redis
    from django.core.cache import cache

    key = f"wfa-test-{uuid.uuid4()}"
    cache.set(key, {"ok": 1}, 30)
    assert cache.get(key) == {"ok": 1}
    assert redis.Redis.from_url(redis_url).exists(f":1:{key}") == 1
    cache.delete(key)


@pytest.mark.django_db
class TestInterfaceLanguage:
    def test_an_english_browser_still_gets_indonesian(self, client_for, world):
        body = client_for(world.head).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
        assert b'lang="id"' in body
        assert b"Selamat datang" in body

    def test_choosing_english_in_the_navbar_sticks(self, client_for, world):
        client = client_for(world.head)
        client.post("/bahasa/", {"language": "en", "next": "/"})
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
        assert b"Welcome" in response.content
        assert response["Content-Language"] == "en"

    def test_api_clients_negotiate_with_accept_language(self, client_for, world):
        client = client_for(world.head)
        english = client.get("/api/v1/units/99999999/", HTTP_ACCEPT_LANGUAGE="en")
        indonesian = client.get("/api/v1/units/99999999/")
        assert english.status_code == indonesian.status_code == 404
        assert english["Content-Language"] == "en"
        assert indonesian["Content-Language"] == "id"
