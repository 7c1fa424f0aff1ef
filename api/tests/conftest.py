import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An API client logged in (session) as the given user; None: anonymous."""

    def as_user(user=None, *, token: str | None = None) -> APIClient:
        client = APIClient()
        if token is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        elif user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return as_user
