"""Sessions read from the shared cache, the database only on a miss (#18).

Django's ``cached_db`` backend, with the cache reached through the breaker of
``wfa_portal.soft_cache`` so that Redis stays a soft dependency:

- Redis stopped or frozen: the first failing call trips the breaker and, until it
  closes, sessions are read from and written to the database alone (no
  process-local copy: a logout handled by another process must be seen at once).
  Django's own backend would fail the request instead (a cache ``set`` after a
  miss, or the ``delete`` of a logout, raises).
- Without Redis (the local-memory cache of the embedded mode) sessions stay in the
  database alone: a copy in one process's memory would outlive a logout handled
  by another gunicorn worker.
- A copy stays in the cache at most ``CACHE_SECONDS``: a logout whose cache delete
  was lost in an outage ends that session's stale copy within that time, where
  Django's would keep it for the session's whole age (12 hours).

Logout (``flush``) and a password change (``cycle_key``) delete the copy as in
``cached_db``; a deactivated login is refused by the authentication backend at its
next request whatever the session holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import cached_db
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from wfa_portal.soft_cache import soft_cache

CACHE_SECONDS = 5 * 60


class _BreakerCache:
    """The shared cache when the breaker is closed; otherwise nothing (a miss)."""

    def _call(self, method: str, *args: Any) -> Any:
        if not soft_cache.breaker.closed:
            return None
        cache = caches[soft_cache.alias]
        if isinstance(cache, LocMemCache):  # this process's alone: not shared, not used
            return None
        try:
            return getattr(cache, method)(*args)
        except Exception as error:  # noqa: BLE001 - any backend failure means "down"
            soft_cache.breaker.trip(error)
            return None

    def get(self, key: str) -> Any:
        return self._call("get", key)

    def set(self, key: str, value: Any, timeout: int) -> None:
        self._call("set", key, value, max(0, min(timeout, CACHE_SECONDS)))

    def delete(self, key: str) -> None:
        self._call("delete", key)

    def __contains__(self, key: str) -> bool:
        return bool(self._call("has_key", key))


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "wfa.sessions."

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _BreakerCache()
