"""A worker killed (SIGKILL) in the middle of a fan-out: nobody is forgotten, few
messages go out twice, and nobody waits long.

The worker had claimed at most CLAIM_BATCH rows; the rows of its task it had not
claimed yet are pending, and the sweeper delivers them at once; the claimed ones
come back to the sweeper when their claim expires (here after 1 s; in production
NOTIFICATION_CLAIM_TIMEOUT, 60 s). bench/killed_worker.py measures the figures.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.models import Kind, Notification
from notifications.tests.real_worker import (
    Worker,
    duplicates,
    require_worker_services,
    wait_until,
)
from organizations.tests.factories import UserFactory

State = Notification.State
RECIPIENTS = 200


@pytest.fixture
def worker_queue(celery_conf):
    queue = f"test-killed-{uuid.uuid4().hex[:12]}"
    celery_conf(task_default_queue=queue, task_always_eager=False)
    yield queue
    # The killed worker's unfinished task stays queued on our Redis database: drop it.
    if os.environ.get("REDIS_URL"):  # without Redis the test was skipped: nothing queued
        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_fan_out_every_notification_arrives_with_few_duplicates(
    worker_queue, tmp_path, settings
):
    require_worker_services()
    people = [UserFactory(username=f"penerima{n}") for n in range(RECIPIENTS)]
    with transaction.atomic():
        services.notify(
            event_key="circular:77:published",
            kind=Kind.CIRCULAR_PUBLISHED,
            recipients=people,
            subject="Surat Edaran baru: SE 800/77/2025",
            body="Pemkot A menerbitkan SE 800/77/2025 tentang WFA arus mudik.",
            link="/surat-edaran/77/",
        )
    worker = Worker(
        tmp_path,
        worker_queue,
        env={
            "EMAIL_BACKEND": "notifications.tests.slow_mail.EmailBackend",
            "SLOW_MAIL_SECONDS": "0.02",
        },
    )
    rows = Notification.objects.all()
    try:
        # Kill in the middle of a claimed batch: some sent, at least two still to send.
        assert wait_until(
            lambda: (
                rows.filter(state=State.SENT).count() >= 30
                and rows.filter(state=State.SENDING).count() >= 2
            ),
            timeout=60,
            interval=0.005,
        ), worker.log()
        worker.kill()
    finally:
        worker.stop()

    sent_by_worker = worker.emails()
    in_flight = rows.filter(state=State.SENDING).count()
    assert 30 <= len(sent_by_worker) < RECIPIENTS  # killed mid fan-out
    assert 0 < in_flight <= services.CLAIM_BATCH  # all the dead worker still held
    assert rows.filter(state=State.PENDING).exists()  # the rest was never claimed

    # The sweeper at once: it delivers what was never claimed, not the fresh claim.
    services.sweep()
    assert rows.filter(state=State.SENDING).count() == in_flight
    assert rows.filter(state=State.PENDING).count() == 0
    # Once the claim expired (1 s here), the sweeper hands those back and delivers them.
    settings.NOTIFICATION_CLAIM_TIMEOUT = 1
    time.sleep(1.1)
    services.sweep()

    assert not rows.exclude(state=State.SENT).exists()
    everything = sent_by_worker + [m.to[0] for m in mail.outbox]
    assert set(everything) == {p.email for p in people}
    assert duplicates(everything) <= services.CLAIM_BATCH
    assert duplicates(everything) <= 1  # only a send finished but not yet marked


def test_the_claim_expires_within_the_promised_lateness():
    sweep_every = django_settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]["schedule"]
    assert django_settings.NOTIFICATION_CLAIM_TIMEOUT + sweep_every <= 120
    # A claimed batch is sent well within its claim, even when every send times out.
    assert services.CLAIM_BATCH * django_settings.EMAIL_TIMEOUT <= (
        django_settings.NOTIFICATION_CLAIM_TIMEOUT
    )
