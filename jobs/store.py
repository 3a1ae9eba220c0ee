"""Key-value storage for results and job state.

MemoryStore is the embedded default (one process, one machine); RedisStore is
used when REDIS_URL is set, so that several processes and machines share
results. Values are JSON, never pickle; every key is written with a TTL.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Protocol

import redis


class StoreUnavailable(RuntimeError):
    """The shared store did not answer."""


class Store(Protocol):
    kind: str

    def put(self, key: str, value: Any, ttl: int) -> None: ...

    def put_json(self, key: str, text: str, ttl: int) -> None: ...

    def get(self, key: str) -> Any | None: ...

    def ping(self) -> bool: ...


class MemoryStore:
    """In-process store with expiry; thread-safe."""

    kind = "memory"

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def put(self, key: str, value: Any, ttl: int) -> None:
        self.put_json(key, json.dumps(value, ensure_ascii=False), ttl)

    def put_json(self, key: str, text: str, ttl: int) -> None:
        with self._lock:
            self._purge()
            self._data[key] = (time.monotonic() + ttl, text)

    def get(self, key: str) -> Any | None:
        with self._lock:
            got = self._data.get(key)
            if got is None or got[0] < time.monotonic():
                self._data.pop(key, None)
                return None
            return json.loads(got[1])

    def ping(self) -> bool:
        return True

    def _purge(self) -> None:
        if len(self._data) % 1024 == 0:
            now = time.monotonic()
            for k in [k for k, (exp, _) in self._data.items() if exp < now]:
                del self._data[k]


class RedisStore:
    """Store on a shared redis. Keys are prefixed `tradescreen:`."""

    kind = "redis"

    def __init__(self, url: str, client: redis.Redis | None = None, prefix: str = "tradescreen:") -> None:
        self.url = url
        self.prefix = prefix
        self.client = client or redis.Redis.from_url(
            url, socket_timeout=2.0, socket_connect_timeout=2.0, health_check_interval=30
        )

    def put(self, key: str, value: Any, ttl: int) -> None:
        self.put_json(key, json.dumps(value, ensure_ascii=False), ttl)

    def put_json(self, key: str, text: str, ttl: int) -> None:
        try:
            self.client.set(self.prefix + key, text, ex=ttl)
        except redis.RedisError as exc:
            raise StoreUnavailable(f"redis: {exc}") from exc

    def get(self, key: str) -> Any | None:
        try:
            raw = self.client.get(self.prefix + key)
        except redis.RedisError as exc:
            raise StoreUnavailable(f"redis: {exc}") from exc
        return None if raw is None else json.loads(raw)

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False


def make_store(redis_url: str, prefix: str = "tradescreen:") -> Store:
    return RedisStore(redis_url, prefix=prefix) if redis_url else MemoryStore()
