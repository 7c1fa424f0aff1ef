"""The request id: kept or made, returned, on every log record, carried into tasks."""

import io
import json
import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from circulars.tests.circular_builders import make_draft
from notifications.models import Notification
from ops.context import current_request_id, request_id_var
from ops.logs import JsonFormatter, RequestIdFilter

BASE_DIR = Path(django_settings.BASE_DIR)


@pytest.fixture
def json_log():
    """The root logger writing JSON lines to a buffer, as LOG_FORMAT=json configures it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def records() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield records
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_request_gets_a_fresh_id_in_the_response(client, db):
    first = client.get("/akun/masuk/")["X-Request-ID"]
    second = client.get("/akun/masuk/")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_a_safe_incoming_id_is_kept(client, db):
    response = client.get("/akun/masuk/", HTTP_X_REQUEST_ID="lb-7f3a.91:2")
    assert response["X-Request-ID"] == "lb-7f3a.91:2"


@pytest.mark.parametrize(
    "unsafe",
    ["two words", "x" * 65, "id\nInjected: header", '"quoted"', "-leading-dash", "ünïcode"],
)
def test_an_unsafe_incoming_id_is_replaced(client, db, unsafe):
    response = client.get("/akun/masuk/", HTTP_X_REQUEST_ID=unsafe)
    assert response["X-Request-ID"] != unsafe
    assert len(response["X-Request-ID"]) == 32


def test_probes_return_the_id_too(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")["X-Request-ID"] == "probe-1"


def test_every_record_of_the_request_carries_its_id(client, db, json_log):
    client.get("/tidak-ada/", HTTP_X_REQUEST_ID="req-404")  # Django logs "Not Found" after us
    records = json_log()
    not_found = [r for r in records if r["logger"] == "django.request"]
    access = [r for r in records if r["logger"] == "ops.access"]
    assert not_found and access
    assert {r["request_id"] for r in records} == {"req-404"}
    assert access[0]["status"] == 404 and access[0]["view"] == "unmatched"
    assert current_request_id() is None  # cleared when the response closed


@pytest.mark.django_db(transaction=True)
def test_an_eager_task_the_request_causes_logs_with_the_request_id(client_for, world, json_log):
    circular = make_draft(world)
    client = client_for(world.admin)
    response = client.post(
        f"/surat-edaran/{circular.pk}/terbitkan/", HTTP_X_REQUEST_ID="req-publish-1"
    )
    assert response.status_code == 302
    assert Notification.objects.filter(state=Notification.State.SENT).exists()
    records = json_log()
    task_lines = [
        r
        for r in records
        if r["logger"] == "celery.app.trace" and "deliver_notifications" in r["message"]
    ]
    assert task_lines, records
    assert {r["request_id"] for r in task_lines} == {"req-publish-1"}
    access = [r for r in records if r["logger"] == "ops.access"]
    assert access[-1]["view"] == "circulars:publish"
    assert access[-1]["request_id"] == "req-publish-1"


def test_a_task_published_in_a_request_carries_the_id_in_its_headers(settings):
    from celery import signals

    token = request_id_var.set("req-header-1")
    headers: dict = {}
    try:
        signals.before_task_publish.send(sender="notifications.tasks.sweep_outbox", headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers == {"wfa_request_id": "req-header-1"}


def test_a_task_outside_any_request_gets_an_id_of_its_own(db, json_log):
    from notifications.tasks import sweep_outbox

    sweep_outbox.apply()
    lines = [r for r in json_log() if r["logger"] == "celery.app.trace"]
    assert lines and len(lines[0]["request_id"]) == 32


# --- A real worker: the id crosses the broker ----------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_logs_the_task_with_the_request_id(
    client_for, world, postgres_db, redis_url, celery_conf, tmp_path
):
    queue = f"test-ops-{uuid.uuid4().hex[:12]}"
    celery_conf(task_default_queue=queue, task_always_eager=False)
    circular = make_draft(world)
    response = client_for(world.admin).post(
        f"/surat-edaran/{circular.pk}/terbitkan/", HTTP_X_REQUEST_ID="req-worker-1"
    )
    assert response.status_code == 302
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "WFA_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        *("-A", "wfa_portal", "worker", "--pool=solo", "-Q", queue),
        *("--without-heartbeat", "--without-mingle", "--without-gossip"),
    ]
    with log_path.open("w") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own celery and a fixed command
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and Notification.objects.exclude(state=Notification.State.SENT)
            .exclude(state=Notification.State.SKIPPED)
            .exists()
        ):
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    done = [
        r for r in lines if "deliver_notifications" in r["message"] and "succeeded" in r["message"]
    ]
    assert done, log_path.read_text()
    assert {r["request_id"] for r in done} == {"req-worker-1"}
