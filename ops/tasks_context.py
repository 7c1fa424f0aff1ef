"""Carry the request id from a request into the Celery tasks it causes.

The web process puts the current id into the task message's headers when it
publishes (``before_task_publish``); the worker restores it before the task
runs (``task_prerun``) and clears it afterwards, so every record the task logs
carries the id of the request that caused it. An eager task (no broker) runs
in the request's own thread and keeps the request's id as it is. A task
nobody's request caused (beat, the sweeper) gets a fresh id of its own.
"""

from __future__ import annotations

from celery import signals

from .context import current_request_id, new_request_id, request_id_var

HEADER = "wfa_request_id"


def _on_publish(headers: dict | None = None, **_kwargs) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


def _on_prerun(task=None, **_kwargs) -> None:
    if task is None:
        return
    request = task.request
    if getattr(request, "is_eager", False) and current_request_id():
        return  # in-process: the caller's id is already there
    carried = getattr(request, HEADER, None) or (request.headers or {}).get(HEADER)
    request_id_var.set(carried or new_request_id())


def _on_postrun(task=None, **_kwargs) -> None:
    if task is not None and not getattr(task.request, "is_eager", False):
        request_id_var.set(None)


def _setup_logging(**_kwargs) -> None:
    """Keep Django's LOGGING in the worker (text or JSON) instead of Celery's own set-up."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


def connect() -> None:
    signals.before_task_publish.connect(_on_publish, weak=False, dispatch_uid="ops.publish")
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="ops.prerun")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="ops.postrun")
    # Celery configures logging only when nobody listens to setup_logging.
    signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid="ops.logging")
