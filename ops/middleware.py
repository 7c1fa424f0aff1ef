"""The first middleware: request id, probes, latency by view, one access-log line.

It sits above everything else so that the probes (/healthz, /readyz,
/metrics) skip sessions, CSRF, the language, the login, the HTTPS redirect
and the ALLOWED_HOSTS check: a load balancer probes a node by its address.
For every other request it sets the request id (kept from a safe incoming
X-Request-ID, else generated), returns it in the response header, times the
request into the latency histogram by URL name and logs one access line.
Per request that is a context-variable set, two clock reads, one histogram
observation and one log record: microseconds.
"""

from __future__ import annotations

import logging
import sys
import time

from .context import accept_or_new, request_id_var
from .metrics import observe_request
from .views import ENDPOINTS

access_log = logging.getLogger("ops.access")
HEADER = "X-Request-ID"


class OpsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accept_or_new(request.headers.get(HEADER))
        request_id_var.set(request_id)  # cleared on request_finished (ops.context)
        request.request_id = request_id
        _tag_error_reports(request_id)
        endpoint = ENDPOINTS.get(request.path_info)
        started = time.perf_counter()
        response = endpoint(request) if endpoint else self.get_response(request)
        elapsed = time.perf_counter() - started
        response[HEADER] = request_id
        view = "-" if endpoint else _view_name(request)
        if endpoint is None:
            observe_request(view, elapsed)
        # Probes and scrapes come every few seconds: never at INFO.
        access_log.log(
            logging.DEBUG if endpoint else logging.INFO,
            "%s %s %d %.1fms %s",
            request.method,
            request.path_info if endpoint else _route(request),
            response.status_code,
            elapsed * 1000,
            view,
            extra={"view": view, "status": response.status_code, "duration_ms": elapsed * 1000},
        )
        return response


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "unmatched"


def _route(request) -> str:
    """The URL pattern, not the path: paths may hold secrets (a calendar feed's token)."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None else "-"


def _tag_error_reports(request_id: str) -> None:
    sentry_sdk = sys.modules.get("sentry_sdk")  # loaded only when SENTRY_DSN is set
    if sentry_sdk is not None:
        sentry_sdk.set_tag("request_id", request_id)
