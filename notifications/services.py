"""Notify, deliver and sweep: the outbox's use cases.

Delivery is at-least-once with a claim that makes it effectively once: rows are
claimed a few at a time (CLAIM_BATCH) by one conditional UPDATE (pending ->
sending), so two workers, or a task run twice, never both send one, and each row
is marked sent right after its e-mail went out. A worker killed mid-send
therefore leaves at most CLAIM_BATCH rows "sending" (and at most the one whose
send finished but was not yet marked may go out twice); the rows it had not
claimed stay pending for the sweeper's next run. The sweeper hands the claimed
ones back once the claim is older than NOTIFICATION_CLAIM_TIMEOUT (settings, 60 s)
and beat runs it every 30 s: a killed worker delays a notification by at most
about 90 s (bench/killed_worker.py measures it).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organizations.models import User
from wfa_portal.soft_cache import new_versions, versioned

from .models import OPTIONAL_KINDS, Kind, Notification, NotificationPreference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)
BATCH_SIZE = 100  # rows per delivery task
# Rows claimed at once: what a killed worker leaves waiting for the claim to expire.
# A batch must be sent well within the claim timeout (EMAIL_TIMEOUT bounds each
# send; past half the timeout the rest of a batch is handed back unsent).
CLAIM_BATCH = 5
SWEEP_LIMIT = 1000  # rows per sweeper run; the next run (30 s later) takes the rest
UNREAD_BADGE_CAP = 100  # the bell counts up to "99+": a bounded COUNT stays cheap

State = Notification.State


# --- Writing ------------------------------------------------------------------


def notify(
    *,
    event_key: str,
    kind: str,
    recipients: Iterable[User],
    subject: str,
    body: str,
    link: str = "",
) -> int:
    """Write one outbox row per recipient in the caller's transaction; deliver after commit.

    ``event_key`` names the event (``"circular:12:published"``): calling again
    with the same key adds nobody twice. Returns the number of new rows.
    Recipients without an e-mail address, or who switched this reminder off,
    get the in-app row only. Nothing touches the broker before commit.
    """
    kind = Kind(kind).value  # ValueError on an unknown kind
    users = {user.pk: user for user in recipients}
    one_line_subject = " ".join(subject.split())[:200]  # an e-mail header: no line breaks
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(event_key=event_key).values_list("recipient_id", flat=True)
        )
        muted = _email_muted_user_ids(kind)
        now = timezone.now()
        rows = [
            Notification(
                recipient_id=user_id,
                kind=kind,
                event_key=event_key,
                subject=one_line_subject,
                body=body,
                link=link,
                state=State.PENDING if user.email and user_id not in muted else State.SKIPPED,
                next_attempt_at=now,
                created_at=now,
            )
            for user_id, user in users.items()
            if user_id not in existing
        ]
        # ignore_conflicts: a concurrent notify() of the same event loses the race quietly.
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        unread_changed([row.recipient_id for row in rows])
        if any(row.state == State.PENDING for row in rows):
            transaction.on_commit(partial(enqueue_event, event_key))
    return len(rows)


def _email_muted_user_ids(kind: str) -> set[int]:
    """Users who switched this kind's e-mail off (few: only opt-outs are stored as False)."""
    if kind not in OPTIONAL_KINDS:
        return set()
    return set(
        NotificationPreference.objects.filter(kind=kind, email_enabled=False).values_list(
            "user_id", flat=True
        )
    )


def enqueue_event(event_key: str) -> bool:
    """After commit: hand the event's pending rows to the workers."""
    ids = list(
        Notification.objects.filter(event_key=event_key, state=State.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return enqueue_delivery(ids)


def enqueue_delivery(ids: Sequence[int]) -> bool:
    """Enqueue delivery tasks; with the broker down, log and leave the rows to the sweeper.

    Never raises, and waits on a stopped or frozen broker for one short timeout at
    most (wfa_portal.broker): this runs after the caller committed, and a failure
    here must not turn a saved change into an error or a hung page. Returns
    whether all were queued.
    """
    from wfa_portal.broker import publish

    from .tasks import deliver_notifications

    queued = publish(deliver_notifications, ([chunk] for chunk in _chunks(ids, BATCH_SIZE)))
    if not queued:
        logger.warning("Broker unreachable: %d notification(s) left to the sweeper", len(ids))
    return queued


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


# --- Delivering ---------------------------------------------------------------


def deliver(notification: Notification, *, now: datetime | None = None) -> bool:
    """Send one notification's e-mail if it is still pending and due. True if sent now."""
    return deliver_many([notification.pk], now=now) == 1


def claim_timeout() -> timedelta:
    """How old a claim must be before the sweeper takes it back from its (dead) worker."""
    return timedelta(seconds=float(getattr(settings, "NOTIFICATION_CLAIM_TIMEOUT", 60)))


def deliver_many(ids: Sequence[int], *, now: datetime | None = None) -> int:
    """Send the due pending rows among ``ids``, claiming CLAIM_BATCH at a time. Returns sent."""
    now = now or timezone.now()
    ids = list(ids)
    with get_connection() as smtp:  # one SMTP session for the whole task
        return sum(
            _deliver_batch(batch, now=now, connection=smtp) for batch in _chunks(ids, CLAIM_BATCH)
        )


def _deliver_batch(ids: list[int], *, now: datetime, connection: BaseEmailBackend) -> int:
    token = uuid.uuid4()
    due = Notification.objects.filter(pk__in=ids, state=State.PENDING, next_attempt_at__lte=now)
    with _quick_commit():
        claimed = due.update(
            state=State.SENDING,
            claim_token=token,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    if not claimed:
        return 0
    rows = Notification.objects.filter(pk__in=ids, claim_token=token, state=State.SENDING)
    deadline = time.monotonic() + claim_timeout().total_seconds() / 2
    sent = 0
    for row in rows.select_related("recipient").order_by("pk"):
        if time.monotonic() > deadline:  # the sweeper may soon take these back: let it
            _release(token)
            break
        if _send_claimed(row, token, connection):
            _mark_sent(row.pk, token)  # at once: a kill now re-sends at most this one
            sent += 1
    return sent


def _send_claimed(row: Notification, token: uuid.UUID, connection: BaseEmailBackend) -> bool:
    try:
        _send_email(row, connection)
    except Exception as exc:  # SMTP, DNS, template: retried later with backoff
        logger.warning("Notification %s not sent (try %s)", row.pk, row.attempts, exc_info=True)
        _schedule_retry(row, token, exc)
        return False
    return True


def _mark_sent(pk: int, token: uuid.UUID) -> None:
    """Mark one row sent, in its own (quick) commit, right after its e-mail went out."""
    if connection.vendor != "postgresql":
        Notification.objects.filter(pk=pk, claim_token=token).update(
            state=State.SENT, sent_at=timezone.now(), claim_token=None, last_error=""
        )
        return
    # The hot path: one statement, the quick commit included (see _quick_commit).
    with connection.cursor() as cursor:
        cursor.execute(
            _MARK_SENT_SQL,
            {"state": State.SENT, "sent_at": timezone.now(), "pk": pk, "token": token},
        )


_MARK_SENT_SQL = f"""
    UPDATE {Notification._meta.db_table}
    SET state = %(state)s, sent_at = %(sent_at)s, claim_token = NULL, last_error = ''
    FROM (SELECT set_config('synchronous_commit', 'off', true)) AS quick_commit
    WHERE id = %(pk)s AND claim_token = %(token)s
"""  # noqa: S608 - the table name is the model's, every value a parameter


@contextmanager
def _quick_commit() -> Iterator[None]:
    """A transaction whose commit does not wait for PostgreSQL's WAL flush.

    Delivery commits a claim per CLAIM_BATCH rows and a mark per message; a disk
    flush each would cost 10,000 notifications some 50 s. Such a commit is visible
    to every session at once and survives a killed worker; only a crash of the
    database server itself could lose its last fraction of a second, which costs a
    duplicate e-mail at worst. The setting is local to the transaction
    (``set_config(..., true)``), so it is safe behind PgBouncer's transaction pooling.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('synchronous_commit', 'off', true)")
        yield


def _release(token: uuid.UUID) -> None:
    """Hand back the rows of a claim not sent yet, as if never tried."""
    Notification.objects.filter(claim_token=token, state=State.SENDING).update(
        state=State.PENDING, claim_token=None, attempts=F("attempts") - 1
    )


def _send_email(row: Notification, connection: BaseEmailBackend) -> None:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    context = {"notification": row, "recipient": row.recipient, "url": f"{base}{row.link}"}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    send_mail(
        row.subject,
        text,
        None,
        [row.recipient.email],
        html_message=html,
        connection=connection,
    )


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 1, 2, 4, ... minutes, at most two hours."""
    factor: int = 2 ** max(attempts - 1, 0)
    return min(BACKOFF_BASE * factor, BACKOFF_CAP)


def _schedule_retry(row: Notification, token: uuid.UUID, exc: Exception) -> None:
    changes: dict[str, object] = {
        "claim_token": None,
        "last_error": f"{type(exc).__name__}: {exc}"[:500],
    }
    if row.attempts >= MAX_ATTEMPTS:
        changes["state"] = State.FAILED
    else:
        changes["state"] = State.PENDING
        changes["next_attempt_at"] = timezone.now() + backoff(row.attempts)
    Notification.objects.filter(pk=row.pk, claim_token=token).update(**changes)


def sweep(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> int:
    """Deliver due pending rows (missed enqueues, retries, dead workers' claims). Returns sent."""
    now = now or timezone.now()
    release_stale_claims(now=now)
    ids = list(
        Notification.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver_many(chunk, now=now) for chunk in _chunks(ids, BATCH_SIZE))


def release_stale_claims(*, now: datetime) -> int:
    """Hand back rows a worker claimed and never finished (killed mid-task)."""
    stale = Notification.objects.filter(state=State.SENDING, claimed_at__lt=now - claim_timeout())
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED, claim_token=None, last_error="claim expired"
    )
    return stale.update(state=State.PENDING, claim_token=None, next_attempt_at=now)


# --- Inbox ----------------------------------------------------------------------


UNREAD_CACHE_SECONDS = 300


def _unread_version_key(user_id: int) -> str:
    return f"wfa:unread:version:{user_id}"


def unread_count(user: User) -> int:
    """Unread notifications, counted up to UNREAD_BADGE_CAP: from the shared cache
    until a notification for the user is written or read, else one indexed COUNT."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return versioned(
        _unread_version_key(user.pk),
        f"wfa:unread:{user.pk}",
        lambda: Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)[
            :UNREAD_BADGE_CAP
        ].count(),
        UNREAD_CACHE_SECONDS,
    )


def unread_changed(user_ids: Iterable[int]) -> None:
    """The users' unread counts changed: now, and again when the transaction commits
    (a count another request took before the commit is then dropped)."""
    keys = [_unread_version_key(pk) for pk in set(user_ids)]
    if keys and settings.CACHE_FIGURES:
        new_versions(keys)
        transaction.on_commit(partial(new_versions, keys))


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        unread_changed([notification.recipient_id])


def mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_changed([user.pk])
    return marked


def email_preferences(user: User) -> dict[str, bool]:
    """Each optional kind -> whether its e-mail goes out (on unless switched off)."""
    stored = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "email_enabled")
    )
    return {kind: stored.get(kind, True) for kind in OPTIONAL_KINDS}


@transaction.atomic
def set_email_preferences(*, user: User, enabled: dict[str, bool]) -> None:
    """Store the user's choices; only optional kinds can be switched off."""
    for kind, on in enabled.items():
        if kind not in OPTIONAL_KINDS:
            raise ValueError(f"{kind} is a mandatory notice")
        NotificationPreference.objects.update_or_create(
            user_id=user.pk, kind=kind, defaults={"email_enabled": bool(on)}
        )
