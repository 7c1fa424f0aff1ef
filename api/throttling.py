"""Rate limits. Rates are read from settings at each request (DRF reads them once at
import), so a test can lower them with ``settings.REST_FRAMEWORK``."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class _LiveRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    pass


class UserThrottle(_LiveRate, UserRateThrottle):
    pass


class TokenObtainThrottle(_LiveRate, ScopedRateThrottle):
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
