"""Rate limits. Rates are read from settings at each request (DRF reads them once at
import), so a test can lower them with ``settings.REST_FRAMEWORK``.

The counters live in the shared cache through ``soft_cache``: with Redis stopped
or frozen a request is neither refused nor held up; the limits are then counted
per process until Redis answers again. The client is identified by
``wfa_portal.client_ip`` (X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from wfa_portal.client_ip import client_ip
from wfa_portal.soft_cache import soft_cache


class _Resilient:
    cache = soft_cache

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)


class AnonThrottle(_Resilient, AnonRateThrottle):
    pass


class UserThrottle(_Resilient, UserRateThrottle):
    pass


class TokenObtainThrottle(_Resilient, ScopedRateThrottle):
    """The password-for-token endpoint: stricter than the rest of the API."""

    scope = "token"

    def allow_request(self, request, view):
        # ScopedRateThrottle takes its scope from the view; this one has its own.
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ScopedRateThrottle, self).allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
