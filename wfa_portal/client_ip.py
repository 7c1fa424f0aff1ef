"""The client's address, one rule for every decision that uses it.

settings.TRUSTED_PROXY_COUNT says how many reverse proxies in front of the app
append to X-Forwarded-For. With 0 (the default) no forwarded header is trusted:
the client is REMOTE_ADDR, whatever a client writes in X-Forwarded-For. With N,
the client is the N-th address from the right of X-Forwarded-For: the address the
outermost of our proxies saw (a client may prepend anything, never append). This
is DRF's rule for NUM_PROXIES (set to the same number in settings), and it is
what django-axes (AXES_CLIENT_IP_CALLABLE) and the public pages' limiter use.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address; REMOTE_ADDR when the forwarded one is missing or not an address."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    return candidate if _is_ip(candidate) else remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
