"""Celery tasks: thin. They take ids and call one service.

Retries are not Celery's: a failed send goes back to the outbox with a backoff
(services._schedule_retry) and the sweeper, run by beat every 30 s, picks it
up. acks_late (settings) means a task whose worker dies is redelivered; its row
is then "sending" and the claim keeps the redelivery from sending twice.
"""

from celery import shared_task
from django.utils import timezone

from . import jobs, services
from .models import Notification


@shared_task(acks_late=True, ignore_result=True)
def deliver_notification(notification_id: int) -> bool:
    notification = Notification.objects.filter(pk=notification_id).first()
    return notification is not None and services.deliver(notification)


@shared_task(acks_late=True, ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    return services.deliver_many(notification_ids)


@shared_task(acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    return services.sweep()


@shared_task(ignore_result=True)
def remind_roster_deadlines() -> int:
    return jobs.remind_roster_deadlines(timezone.localdate())


@shared_task(ignore_result=True)
def notify_tomorrow() -> int:
    return jobs.notify_tomorrow(timezone.localdate())


@shared_task(ignore_result=True)
def summarize_missing_rosters() -> int:
    return jobs.summarize_missing_rosters(timezone.localdate())
