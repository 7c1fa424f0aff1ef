"""Enqueueing from a request: bounded, and never an error.

A request enqueues only after its transaction committed, and only work that is
already recorded (an outbox row, a queued import): if the broker cannot take the
message, the caller's fallback (the beat sweeper, in-process work) does it later.
So a publish gets one try with short socket timeouts
(settings.BROKER_PUBLISH_TRANSPORT_OPTIONS), and after a failure this process
stops trying for REDIS_RETRY_AFTER seconds: with Redis stopped or frozen a
request loses at most one short timeout here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from celery import Task
from django.conf import settings

from .soft_cache import Breaker

logger = logging.getLogger(__name__)

breaker = Breaker("Celery broker")


def publish(task: Task, argument_lists: Iterable[Sequence[Any]]) -> bool:
    """Enqueue ``task`` once per argument list; True if every message was taken.

    Without a broker (eager mode, the embedded default) the task runs here and now.
    Never raises for a broker failure; logs it and returns False.
    """
    from .celery import app

    argument_lists = [tuple(args) for args in argument_lists]
    if not argument_lists:
        return True
    if app.conf.task_always_eager:
        return _run_here(task, argument_lists)
    if not breaker.closed:
        return False
    try:
        with app.connection_for_write(
            transport_options=settings.BROKER_PUBLISH_TRANSPORT_OPTIONS
        ) as connection:
            for args in argument_lists:
                task.apply_async(
                    args, connection=connection, retry=False, queue=app.conf.task_default_queue
                )
    except Exception as error:  # noqa: BLE001 - any broker failure: the caller falls back
        breaker.trip(error)
        return False
    return True


def _run_here(task: Task, argument_lists: list[tuple]) -> bool:
    try:
        for args in argument_lists:
            task.apply_async(args)
    except Exception:  # noqa: BLE001 - the caller's fallback takes over, as for a broker
        logger.warning("%s failed in-process", task.name, exc_info=True)
        return False
    return True
