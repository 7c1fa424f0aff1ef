"""Redis as a soft dependency: a breaker, and a cache that never fails a request.

The shared cache holds only what can be lost or rebuilt (throttle counters, an
import's progress). When Redis is stopped a call fails at once; when it is frozen
a call waits REDIS_SOCKET_TIMEOUT (settings) and fails. Either way the breaker
opens and, for REDIS_RETRY_AFTER seconds, this process uses a local in-memory
cache instead of trying again: a request pays for at most one timeout, and the
limits keep working (per process) during the outage.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Breaker:
    """Remembers, in this process, that a service failed, so callers skip it for a while."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def closed(self) -> bool:
        """True when the service may be tried (it has not failed lately)."""
        return time.monotonic() >= self._open_until

    def trip(self, error: BaseException | None = None) -> None:
        cooldown = float(getattr(settings, "REDIS_RETRY_AFTER", 10))
        with self._lock:
            first = self.closed
            self._open_until = time.monotonic() + cooldown
        if first:  # one warning per outage, not one per request
            logger.warning(
                "%s unavailable (%s); retrying in %.0f s", self.name, error or "error", cooldown
            )

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


class SoftCache:
    """The subset of Django's cache API the portal uses, on the shared cache when it
    answers and on a process-local cache when it does not. Never raises a cache error."""

    def __init__(self, alias: str = DEFAULT_CACHE_ALIAS) -> None:
        self.alias = alias
        self.breaker = Breaker(f"cache {alias!r}")
        self.local = LocMemCache(f"wfa-soft-cache-{alias}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.breaker.closed:
            try:
                return getattr(caches[self.alias], method)(*args, **kwargs)
            except ValueError:  # incr() of a missing key: an answer, not an outage
                raise
            except Exception as error:  # noqa: BLE001 - any backend failure means "down"
                self.breaker.trip(error)
        return getattr(self.local, method)(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return self._call("get_many", keys)

    def set_many(self, data: dict[str, Any], timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self._call("set_many", data, timeout)

    def set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self._call("set", key, value, timeout)

    def add(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> bool:
        return self._call("add", key, value, timeout)

    def incr(self, key: str, delta: int = 1) -> int:
        return self._call("incr", key, delta)

    def delete(self, key: str) -> bool:
        return self._call("delete", key)

    def reset(self) -> None:
        """Forget an outage and the local values (tests; a changed CACHES setting)."""
        self.breaker.reset()
        self.local.clear()


soft_cache = SoftCache()


# --- figures cached under a version --------------------------------------------------
#
# A figure derived from rows (a user's unread count, an OPD's resolved policies) is
# kept beside the version it was computed under; whoever changes the rows gives the
# version a new value, so the next read computes afresh. The version is read before
# the rows, so an answer computed from rows older than a change is stored under the
# old version and never served. While Redis is down nothing is cached: a
# process-local copy would miss a change made through another process.


def versioned(version_key: str, key: str, compute: Callable[[], T], timeout: float) -> T:
    """The value stored under ``key`` for the current version, else ``compute()``
    (stored for the next reader). One cache round trip on a hit."""
    if not settings.CACHE_FIGURES:
        return compute()
    found = soft_cache.get_many([version_key, key])
    shared = soft_cache.breaker.closed
    version, entry = found.get(version_key), found.get(key)
    if shared and version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if shared and version is None:
        soft_cache.add(version_key, uuid.uuid4().hex, None)
        version = soft_cache.get(version_key)
    value = compute()
    if version is not None and soft_cache.breaker.closed:
        soft_cache.set(key, (version, value), timeout)
    return value


def versioned_by(
    version_keys: Sequence[str], key: str, compute: Callable[[], T], timeout: float
) -> T:
    """``versioned`` for a value that depends on several versions (a page fragment: the
    rules, the roles, an OPD's days, ...): stale as soon as any of them changes. One
    cache round trip on a hit."""
    if not settings.CACHE_FIGURES:
        return compute()
    names = list(version_keys)
    found = soft_cache.get_many([*names, key])
    shared = soft_cache.breaker.closed
    versions = [found.get(name) for name in names]
    entry = found.get(key)
    if shared and None not in versions and entry is not None and entry[0] == tuple(versions):
        return entry[1]
    if shared and None in versions:
        missing = [name for name, version in zip(names, versions, strict=True) if version is None]
        for name in missing:
            soft_cache.add(name, uuid.uuid4().hex, None)
        again = soft_cache.get_many(missing)
        versions = [found.get(name) or again.get(name) for name in names]
    value = compute()
    if shared and None not in versions and soft_cache.breaker.closed:
        soft_cache.set(key, (tuple(versions), value), timeout)
    return value


def new_versions(version_keys: Iterable[str]) -> None:
    """Every value cached under these versions is stale from now on."""
    keys = list(version_keys)
    if keys:
        token = uuid.uuid4().hex
        soft_cache.set_many(dict.fromkeys(keys, token), None)


@receiver(setting_changed)
def _reset_on_new_caches(*, setting: str, **kwargs: Any) -> None:
    if setting in {"CACHES", "REDIS_RETRY_AFTER"}:
        soft_cache.reset()


def in_service_transaction() -> bool:
    """A service's transaction is open (not only a test case's wrapper): what it reads
    may come from rows nobody else sees yet, or ever, should it roll back, and a writer
    deciding under its locks must not read an answer cached before a change committed
    elsewhere. Such reads go to the rows and are not stored."""
    from django.db import transaction

    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)
