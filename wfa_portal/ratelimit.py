"""A small per-address limiter for pages anyone may open without a login.

A fixed window per client address and scope, counted in the shared cache through
``soft_cache`` (so it never fails or holds up a request when Redis is away; it then
counts per process). Rates look like DRF's ("30/min") and are read from
settings.PUBLIC_RATES at each request. Logged-in people are not limited here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .client_ip import client_ip
from .soft_cache import soft_cache

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets (0 when allowed)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/min" -> (30, 60): requests per period in seconds."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


def hit(scope: str, ident: str, rate: str, *, now: float | None = None) -> Verdict:
    """Count one request of ``ident`` in ``scope`` and say whether it is within ``rate``."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    soft_cache.add(key, 0, timeout=period + 1)
    try:
        count = soft_cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        soft_cache.add(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return Verdict(True, 0)
    return Verdict(False, max(1, math.ceil((window + 1) * period - now)))


def limit_anonymous(scope: str) -> Callable:
    """Decorate a view: anonymous clients get at most PUBLIC_RATES[scope] requests per
    address, then a 429 with Retry-After and a message in the reader's language."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                verdict = hit(scope, client_ip(request), settings.PUBLIC_RATES[scope])
                if not verdict.allowed:
                    return too_many_requests(request, verdict.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = _(
        "Terlalu banyak permintaan dari alamat Anda. Silakan coba lagi dalam %(seconds)s detik."
    ) % {"seconds": retry_after}
    html = render_to_string("429.html", {"message": message}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response
