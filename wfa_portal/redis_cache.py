"""Django's Redis cache with one client object per connection pool (#18).

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
call, and redis-py fills each new client's table of about two hundred response
callbacks (upper-casing every name): on a page that makes three cache calls
(session, roles, the bell) that cost more CPU than the calls themselves. A
``redis.Redis`` shares its pool's connections and is safe to share between
threads, so it is built once per pool and reused; everything else (pools,
serializer, timeouts, the commands) is Django's.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
