"""Redis is optional at every request: stopped or frozen (SIGSTOP), a private
redis-server under the cache and the broker; pages and the API still answer at
once, the work lands in the outbox, and delivery resumes when Redis is back.

The bound on each request (3 s) is a guard against hanging, not a measurement:
without the short timeouts a frozen Redis held a request for 5 s (the throttle)
and the publish page for 30 s. bench/redis_outage.py prints the real figures.
"""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import issue_token
from circulars.models import Circular
from circulars.tests.circular_builders import make_draft, make_published
from conftest import require_service
from notifications import services, tasks
from notifications.models import Notification
from notifications.tests.real_worker import Worker, require_worker_services, wait_until
from organizations.tests.factories import DEFAULT_PASSWORD
from tests.private_redis import PrivateRedis, available
from wfa_portal import broker
from wfa_portal.settings import redis_cache

pytestmark = pytest.mark.redis

HANG_GUARD = 10.0  # seconds: catches a hang (30 s before the fix), never a slow machine
ME = "/api/v1/me/"
TOKEN = "/api/v1/auth/token/"
State = Notification.State


@pytest.fixture
def private_redis(tmp_path):
    require_service("redis-server", available(), "the redis-server binary is not on PATH")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.close()


@pytest.fixture
def on_private_redis(settings, celery_conf, private_redis):
    """Cache and broker of this process on the private Redis, configured as in production."""
    url = private_redis.url()
    queue = f"test-outage-{uuid.uuid4().hex[:8]}"
    # The Celery app first: its configuration is read lazily from Django's settings,
    # so it must save the real broker before any setting changes.
    celery_conf(broker_url=url, task_always_eager=False, task_default_queue=queue)
    settings.REDIS_URL = url
    settings.CACHES = {"default": redis_cache(url)}
    private_redis.queue = queue
    return private_redis


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def private_keys(server: PrivateRedis) -> list[bytes]:
    return redis.Redis(port=server.port, socket_timeout=2).keys("*")


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_api_and_token_endpoint_answer_while_redis_is_down(outage, world, on_private_redis):
    _token, key = issue_token(user=world.head, name="SIMPEG")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(ME).status_code == 200
    assert any(b"throttle" in k for k in private_keys(on_private_redis))  # counted in Redis

    on_private_redis.outage(outage)
    for _ in range(3):  # the first pays one short timeout at most, the next ones nothing
        response, elapsed = timed(client.get, ME)
        assert response.status_code == 200, response.content
        assert response.json()["username"] == "kepala"
        assert elapsed < HANG_GUARD, f"GET {ME} took {elapsed:.1f} s with Redis {outage}"

    login = {"username": "kepala", "password": DEFAULT_PASSWORD, "name": "Integrasi"}
    response, elapsed = timed(APIClient().post, TOKEN, login, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Integrasi"
    assert elapsed < HANG_GUARD, f"POST {TOKEN} took {elapsed:.1f} s with Redis {outage}"
    assert ApiToken.objects.filter(user=world.head, name="Integrasi").exists()


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_token_throttle_still_counts_while_redis_is_down(outage, world, on_private_redis, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "100/min", "token": "3/min"},
    }
    on_private_redis.outage(outage)
    login = {"username": "kepala", "password": DEFAULT_PASSWORD}
    codes = [APIClient().post(TOKEN, login, format="json").status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert ApiToken.objects.filter(user=world.head).count() == 3


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_publish_page_commits_and_answers_while_redis_is_down_and_the_outbox_waits(
    outage, world, on_private_redis, client_for, django_capture_on_commit_callbacks
):
    circular = make_draft(world)
    client = client_for(world.admin)
    on_private_redis.outage(outage)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("circulars:publish", args=[circular.pk]))
    elapsed = time.monotonic() - started
    assert elapsed < HANG_GUARD, f"publishing took {elapsed:.1f} s with Redis {outage}"
    assert callbacks  # the enqueue ran after commit, and gave up quietly
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "diterbitkan dan berlaku" in page
    circular.refresh_from_db()
    assert circular.status == Circular.Status.PUBLISHED

    rows = Notification.objects.filter(event_key=f"circular:{circular.pk}:published")
    recipients = sorted(rows.values_list("recipient__email", flat=True))
    assert len(recipients) >= 5 and world.employee_user.email in recipients
    assert set(rows.values_list("state", flat=True)) == {State.PENDING}
    assert mail.outbox == []

    on_private_redis.recover()
    assert tasks.sweep_outbox() == len(recipients)  # beat's sweeper, run here
    assert sorted(m.to[0] for m in mail.outbox) == recipients
    assert set(rows.values_list("state", flat=True)) == {State.SENT}


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_public_page_and_pdf_answer_and_stay_limited_while_redis_is_down(
    outage, world, on_private_redis, client_for, settings
):
    settings.PUBLIC_RATES = {"page": "3/min", "pdf": "100/min"}
    circular = make_published(world.agency, number="SE-PUBLIK", title="WFA arus mudik")
    client = client_for(None)
    on_private_redis.outage(outage)
    pdf, elapsed = timed(client.get, reverse("public:public_pdf", args=["pemkot-a", circular.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert elapsed < HANG_GUARD + 3, f"the PDF took {elapsed:.1f} s with Redis {outage}"
    pages = [client.get(reverse("public:public_agency", args=["pemkot-a"])) for _ in range(4)]
    assert [p.status_code for p in pages] == [200, 200, 200, 429]
    assert "Terlalu banyak permintaan" in pages[-1].content.decode()


def test_enqueue_uses_redis_again_once_it_is_back(on_private_redis, settings):
    settings.REDIS_RETRY_AFTER = 0.2
    queue = on_private_redis.queue
    on_private_redis.freeze()
    assert services.enqueue_delivery([1]) is False  # one short timeout, then given up
    assert services.enqueue_delivery([2]) is False  # not tried again at once
    on_private_redis.thaw()
    time.sleep(0.3)
    assert services.enqueue_delivery([3, 4]) is True
    assert redis.Redis(port=on_private_redis.port).llen(queue) == 1  # one task, both ids


@pytest.mark.django_db(transaction=True)
def test_worker_that_lived_through_a_frozen_redis_delivers_the_outbox_when_it_thaws(
    on_private_redis, client_for, tmp_path, world
):
    require_worker_services(broker=False)
    server, queue = on_private_redis, on_private_redis.queue
    worker = Worker(tmp_path, queue, env={"REDIS_URL": server.url()})
    try:
        listening = redis.Redis(port=server.port)
        assert wait_until(lambda: _worker_listens(listening), timeout=30), worker.log()
        circular = make_draft(world)
        server.freeze()
        response, elapsed = timed(
            client_for(world.admin).post, reverse("circulars:publish", args=[circular.pk])
        )
        assert response.status_code == 302
        assert elapsed < HANG_GUARD, f"publishing took {elapsed:.1f} s with Redis frozen"
        rows = Notification.objects.filter(event_key=f"circular:{circular.pk}:published")
        recipients = sorted(rows.values_list("recipient__email", flat=True))
        assert recipients and set(rows.values_list("state", flat=True)) == {State.PENDING}
        time.sleep(6)  # longer than the worker's socket timeout (5 s)

        server.thaw()
        broker.breaker.reset()  # as REDIS_RETRY_AFTER would, later
        assert broker.publish(tasks.sweep_outbox, [()])  # what beat sends every 30 s
        wait_until(lambda: not rows.exclude(state=State.SENT).exists(), timeout=60)
        assert not rows.exclude(state=State.SENT).exists(), worker.log()
        assert sorted(worker.emails()) == recipients, worker.log()
    finally:
        worker.stop()


def _worker_listens(client: redis.Redis) -> bool:
    return any(c.get("cmd") == "brpop" for c in client.client_list())
