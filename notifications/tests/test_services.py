"""The outbox: rows written with the change, delivered once, after commit."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import services
from notifications.models import Kind, Notification, NotificationPreference
from organizations.tests.factories import UserFactory

State = Notification.State


@pytest.fixture
def people(db):
    return [UserFactory(username=f"asn{n}") for n in range(3)]


def notify_published(recipients, event_key="circular:7:published", **kwargs):
    return services.notify(
        event_key=event_key,
        kind=kwargs.pop("kind", Kind.CIRCULAR_PUBLISHED),
        recipients=recipients,
        subject="Surat Edaran 800/12/2025 telah terbit",
        body="Surat Edaran tentang WFA Natal dan Tahun Baru telah terbit.",
        link="/surat-edaran/7/",
        **kwargs,
    )


def test_notify_writes_one_pending_row_per_recipient(people):
    assert notify_published(people) == 3
    rows = Notification.objects.order_by("recipient_id")
    assert [row.recipient_id for row in rows] == [user.pk for user in people]
    assert {row.state for row in rows} == {State.PENDING}
    assert {row.kind for row in rows} == {Kind.CIRCULAR_PUBLISHED}


def test_rolled_back_change_leaves_no_rows_and_sends_nothing(
    people, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_published(people)
        raise RuntimeError("the circular could not be published")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_delivers_in_process_after_commit_one_email_per_recipient(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_published(people)
        assert mail.outbox == []  # nothing goes out before commit
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in people)
    message = mail.outbox[0]
    assert message.subject == "Surat Edaran 800/12/2025 telah terbit"
    assert "Yth." in message.body and "/surat-edaran/7/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Buka di Portal WFA" in html
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_notify_twice_with_same_event_key_keeps_one_row_per_recipient(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_published(people) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_published(people + [UserFactory(username="baru")]) == 1
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_database_refuses_a_second_row_for_the_same_event_and_recipient(people):
    notify_published(people[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=people[0], kind=Kind.CIRCULAR_PUBLISHED, event_key="circular:7:published"
        )


def test_deliver_twice_sends_one_email(people):
    notify_published(people[:1])
    notification = Notification.objects.get()
    assert services.deliver(notification) is True
    assert services.deliver(notification) is False
    assert len(mail.outbox) == 1


def test_deliver_leaves_a_row_claimed_by_another_worker_alone(people):
    notify_published(people[:1])
    Notification.objects.update(state=State.SENDING, claimed_at=timezone.now())
    assert services.deliver(Notification.objects.get()) is False
    assert mail.outbox == []


def test_recipient_without_email_keeps_the_inbox_row_but_gets_no_email(
    people, django_capture_on_commit_callbacks
):
    no_email = UserFactory(username="tanpa_email", email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify_published([no_email, people[0]])
    assert Notification.objects.get(recipient=no_email).state == State.SKIPPED
    assert [message.to for message in mail.outbox] == [[people[0].email]]


def test_reminder_switched_off_sends_no_email_but_stays_in_the_inbox(
    people, django_capture_on_commit_callbacks
):
    muted, other = people[0], people[1]
    services.set_email_preferences(user=muted, enabled={Kind.REMINDER_TOMORROW: False})
    with django_capture_on_commit_callbacks(execute=True):
        notify_published(
            [muted, other], event_key="reminder:2025-12-24", kind=Kind.REMINDER_TOMORROW
        )
    assert Notification.objects.get(recipient=muted).state == State.SKIPPED
    assert [message.to for message in mail.outbox] == [[other.email]]


def test_mandatory_notice_is_emailed_even_to_a_user_who_muted_reminders(
    people, django_capture_on_commit_callbacks
):
    services.set_email_preferences(
        user=people[0], enabled=dict.fromkeys(services.OPTIONAL_KINDS, False)
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_published(people[:1], kind=Kind.CIRCULAR_REVOKED)
    assert len(mail.outbox) == 1


def test_mandatory_kinds_cannot_be_switched_off(people):
    with pytest.raises(ValueError):
        services.set_email_preferences(user=people[0], enabled={Kind.CIRCULAR_REVOKED: False})
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(
            user=people[0], kind=Kind.CIRCULAR_REVOKED, email_enabled=False
        )


def test_notify_rejects_an_unknown_kind(people):
    with pytest.raises(ValueError):
        notify_published(people, kind="gossip")
    assert not Notification.objects.exists()


def test_notify_without_recipients_writes_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert notify_published([]) == 0
    assert callbacks == []


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise SMTPException("421 service not available")

    monkeypatch.setattr(services, "send_mail", refuse)


def test_failed_send_is_retried_with_exponential_backoff(people, smtp_down, monkeypatch):
    notify_published(people[:1])
    notification = Notification.objects.get()
    start = timezone.now()
    assert services.sweep(now=start) == 0
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (State.PENDING, 1)
    assert "421" in notification.last_error
    first_wait = notification.next_attempt_at - start
    assert timedelta(seconds=55) < first_wait < timedelta(seconds=70)

    assert services.sweep(now=start + timedelta(seconds=30)) == 0  # not due yet
    notification.refresh_from_db()
    assert notification.attempts == 1

    services.sweep(now=notification.next_attempt_at)
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at - timezone.now() > timedelta(seconds=115)  # doubled

    monkeypatch.undo()  # the mail server is back
    assert services.sweep(now=notification.next_attempt_at) == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (State.SENT, 3)
    assert len(mail.outbox) == 1


def test_sweeper_marks_failed_after_max_attempts(people, smtp_down, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 3)
    notify_published(people[:1])
    notification = Notification.objects.get()
    for _ in range(5):
        services.sweep(now=timezone.now() + timedelta(days=1))
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (State.FAILED, 3)


def test_backoff_doubles_up_to_two_hours():
    assert [services.backoff(n).total_seconds() / 60 for n in range(1, 5)] == [1, 2, 4, 8]
    assert services.backoff(20) == timedelta(hours=2)


def test_sweeper_retries_a_row_whose_worker_died_mid_send(people):
    notify_published(people[:1])
    long_ago = timezone.now() - services.claim_timeout() - timedelta(minutes=1)
    Notification.objects.update(state=State.SENDING, claimed_at=long_ago, attempts=1)
    assert services.sweep() == 1
    assert Notification.objects.get().state == State.SENT
    assert len(mail.outbox) == 1


def test_sweeper_leaves_a_fresh_claim_to_its_worker(people):
    notify_published(people[:1])
    Notification.objects.update(state=State.SENDING, claimed_at=timezone.now(), attempts=1)
    assert services.sweep() == 0
    assert Notification.objects.get().state == State.SENDING
    assert mail.outbox == []


def test_sweeper_delivers_each_pending_row_exactly_once(people):
    notify_published(people)
    assert services.sweep() == 3
    assert services.sweep() == 0
    assert len(mail.outbox) == 3
