"""The request id: one short token per request, on every log record and task it causes.

It lives in a context variable, set by ``ops.middleware.OpsMiddleware`` at the
start of a request (or by ``ops.tasks_context`` when a task starts) and
cleared when the response is closed, so a record logged after the middleware
returned (Django's own 4xx/5xx line) still carries it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("wfa_request_id", default=None)

# A caller's id is kept only if it is a short, plain token: it ends up in log
# lines and headers, so no spaces, quotes or line breaks.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_or_new(incoming: str | None) -> str:
    """The caller's X-Request-ID when it is a safe short token, else a fresh one."""
    if incoming and _SAFE_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def current_request_id() -> str | None:
    return request_id_var.get()


def _clear(**_kwargs) -> None:
    request_id_var.set(None)


def connect_request_finished() -> None:
    from django.core.signals import request_finished

    request_finished.connect(_clear, dispatch_uid="ops.context.clear_request_id")
