"""/healthz, /readyz and /metrics: answered by ``OpsMiddleware`` before anything else.

They are plain text, never cached, and reveal nothing about the set-up: a
readiness failure names the dependency (database, migrations, redis), not its
address. The reason goes to the log at WARNING.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from . import probes

ALLOWED_METHODS = ("GET", "HEAD")


def _plain(body: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _method_not_allowed() -> HttpResponse:
    response = _plain("method not allowed\n", 405)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: no database, no cache, nothing else."""
    if request.method not in ALLOWED_METHODS:
        return _method_not_allowed()
    return _plain("ok\n")


def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: database, migrations and (when configured) Redis."""
    if request.method not in ALLOWED_METHODS:
        return _method_not_allowed()
    failed = probes.failures()
    if failed:
        return _plain(f"not ready: {', '.join(failed)}\n", 503)
    return _plain("ok\n")


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition, behind ``Authorization: Bearer <METRICS_TOKEN>``.

    Without METRICS_TOKEN the endpoint does not exist (404); without the right
    token it refuses (403).
    """
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return _plain("not found\n", 404)
    if request.method not in ALLOWED_METHODS:
        return _method_not_allowed()
    if not _bearer_matches(request.headers.get("Authorization", ""), token):
        return _plain("forbidden\n", 403)
    from .metrics import render

    response = HttpResponse(render(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
    response["Cache-Control"] = "no-store"
    return response


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _space, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}
