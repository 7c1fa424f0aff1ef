"""Celery tasks and the broker: thin tasks, a broker outage loses nothing, a real worker."""

import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction

from notifications import services, tasks
from notifications.models import Kind, Notification
from notifications.tests.real_worker import Worker, require_worker_services, wait_until
from organizations.tests.factories import UserFactory

State = Notification.State
CLOSED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def notify_revoked(recipients, event_key="circular:9:revoked"):
    return services.notify(
        event_key=event_key,
        kind=Kind.CIRCULAR_REVOKED,
        recipients=recipients,
        subject="Surat Edaran 800/9/2025 dicabut",
        body="Surat Edaran 800/9/2025 dicabut; jadwal kembali bekerja dari kantor.",
        link="/surat-edaran/9/",
    )


def test_deliver_notification_task_run_twice_sends_one_email(db):
    notify_revoked([UserFactory()])
    notification_id = Notification.objects.get().pk
    assert tasks.deliver_notification.apply((notification_id,)).get() is True
    assert tasks.deliver_notification.apply((notification_id,)).get() is False
    assert len(mail.outbox) == 1


def test_deliver_notification_task_ignores_a_deleted_row(db):
    assert tasks.deliver_notification.apply((987654,)).get() is False


def test_sweep_outbox_task_delivers_pending_rows(db):
    notify_revoked([UserFactory(), UserFactory()])
    assert tasks.sweep_outbox.apply().get() == 2


def test_beat_runs_the_sweeper_twice_a_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]
    assert entry["task"] == tasks.sweep_outbox.name
    assert entry["schedule"] == 30.0


@pytest.fixture
def broker_down(settings, celery_conf):
    # The app's configuration first: it reads Django's settings, so it must save
    # the real broker before the settings change.
    celery_conf(broker_url=CLOSED_BROKER, task_always_eager=False)
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def restore():
        settings.CELERY_BROKER_URL = django_settings.CELERY_BROKER_URL
        celery_conf.restore()

    return restore


def test_broker_down_commit_returns_quickly_and_the_sweeper_delivers_later(
    db, broker_down, django_capture_on_commit_callbacks
):
    people = [UserFactory() for _ in range(5)]
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_revoked(people)
    elapsed = time.monotonic() - started
    assert len(callbacks) == 1  # the enqueue ran after commit, and failed quietly
    assert elapsed < 5, f"notify + commit took {elapsed:.1f} s with the broker down"
    assert Notification.objects.filter(state=State.PENDING).count() == 5
    assert mail.outbox == []

    broker_down()  # the broker setting is restored; the sweeper runs
    assert tasks.sweep_outbox() == 5
    assert tasks.sweep_outbox() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert Notification.objects.filter(state=State.SENT).count() == 5


def test_enqueue_with_broker_down_reports_failure_without_raising(db, broker_down):
    assert services.enqueue_delivery([1, 2, 3]) is False


# --- A real worker on Redis and PostgreSQL -----------------------------------


@pytest.fixture
def worker_queue(celery_conf):
    """A queue no other worker listens on; notify() publishes there."""
    queue = f"test-notifications-{uuid.uuid4().hex[:12]}"
    celery_conf(task_default_queue=queue, task_always_eager=False)
    return queue


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(queue: str) -> Worker:
        workers.append(Worker(tmp_path, queue))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_to_every_recipient_exactly_once(worker_queue, start_worker):
    require_worker_services()
    people = [UserFactory(username=f"pegawai{n}") for n in range(12)]
    with transaction.atomic():
        assert notify_revoked(people) == 12
    worker = start_worker(worker_queue)

    wait_until(lambda: not Notification.objects.exclude(state=State.SENT).exists(), timeout=60)
    assert not Notification.objects.exclude(state=State.SENT).exists(), worker.log()
    assert sorted(worker.emails()) == sorted(p.email for p in people), worker.log()


def test_sweep_outbox_command_delivers_for_setups_without_beat(db):
    from io import StringIO

    from django.core.management import call_command

    notify_revoked([UserFactory()])
    out = StringIO()
    call_command("sweep_outbox", stdout=out)
    assert out.getvalue().strip() == "1 notification(s) sent"
    assert len(mail.outbox) == 1
