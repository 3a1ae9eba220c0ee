"""API keys, roles and rate limits.

Keys come from TRADESCREEN_API_KEYS ("key1:screen,key2:admin") or from a keys
file (TRADESCREEN_API_KEYS_FILE, one "sha256-hex role [name]" per line, made
with `tradescreen keys hash KEY ROLE NAME`). Only sha256 hashes are kept in
memory and on disk. Clients send `Authorization: Bearer KEY`.

Roles are ordered: screen < review < admin; a key may call every endpoint of
its role and below. Health endpoints and the OpenAPI document are open. With
no key configured the service runs open and says so at start-up.

Rate limits count requests per key per minute, on redis when REDIS_URL is set
(shared by every process), else in this process.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import redis
from flask import Flask, g, request

from api.problems import ApiError

log = logging.getLogger("tradescreen.api")

ROLES = ("screen", "review", "admin")
OPEN_ENDPOINTS = {"meta.healthz", "meta.readyz", "api-docs.openapi_json", "static"}

F = TypeVar("F", bound=Callable[..., Any])


class Unauthorized(ApiError):
    status = 401
    slug = "unauthorized"
    title = "Unauthorized"


class Forbidden(ApiError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class TooManyRequests(ApiError):
    status = 429
    slug = "too-many-requests"
    title = "Too many requests"


def requires(role: str) -> Callable[[F], F]:
    """Mark a view as needing at least `role` (default for /v1 endpoints: screen)."""
    if role not in ROLES:
        raise ValueError(role)

    def mark(view: F) -> F:
        view._role = role  # type: ignore[attr-defined]
        return view

    return mark


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KeyInfo:
    digest: str
    role: str
    name: str


def parse_keys(spec: str, keys_file: str) -> dict[str, KeyInfo]:
    keys: dict[str, KeyInfo] = {}
    for i, part in enumerate(p.strip() for p in spec.split(",") if p.strip()):
        key, _, role = part.rpartition(":")
        if not key or role not in ROLES:
            raise ValueError(f"TRADESCREEN_API_KEYS item {i + 1}: expected KEY:ROLE with ROLE in {ROLES}")
        d = hash_key(key)
        keys[d] = KeyInfo(d, role, f"key{i + 1}")
    if keys_file:
        for n, line in enumerate(Path(keys_file).read_text(encoding="utf-8").splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) < 2 or len(fields[0]) != 64 or fields[1] not in ROLES:
                raise ValueError(f"{keys_file}:{n}: expected 'SHA256-HEX ROLE [NAME]'")
            keys[fields[0]] = KeyInfo(fields[0], fields[1], fields[2] if len(fields) > 2 else f"line{n}")
    return keys


class RateLimiter:
    def __init__(self, per_minute: int, redis_url: str = "", prefix: str = "tradescreen:") -> None:
        self.per_minute = per_minute
        self.prefix = prefix
        self._redis = (
            redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5) if redis_url else None
        )
        self._local: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, who: str) -> tuple[bool, int]:
        """(allowed, seconds until the window resets)."""
        if self.per_minute <= 0:
            return True, 0
        now = time.time()
        window = int(now // 60)
        reset = 60 - int(now % 60)
        if self._redis is not None:
            key = f"{self.prefix}rate:{who}:{window}"
            try:
                pipe = self._redis.pipeline()
                pipe.incr(key)
                pipe.expire(key, 120)
                count = int(pipe.execute()[0])
                return count <= self.per_minute, reset
            except redis.RedisError as exc:
                # Screening must not stop because the limiter's store is down.
                log.warning("rate limit not enforced (redis: %s)", exc)
                return True, reset
        with self._lock:
            for k in [k for k in self._local if k[1] < window]:
                del self._local[k]
            count = self._local.get((who, window), 0) + 1
            self._local[(who, window)] = count
        return count <= self.per_minute, reset


def init_app(app: Flask, api_keys: str, keys_file: str, rate_per_minute: int, redis_url: str, prefix: str) -> None:
    keys = parse_keys(api_keys, keys_file)
    limiter = RateLimiter(rate_per_minute, redis_url, prefix)
    app.extensions["tradescreen.keys"] = keys
    if not keys:
        log.warning("no API keys configured (TRADESCREEN_API_KEYS / TRADESCREEN_API_KEYS_FILE): "
                    "every endpoint is open to anyone who can reach the service")

    @app.before_request
    def _authenticate() -> None:
        endpoint = request.endpoint or ""
        if endpoint in OPEN_ENDPOINTS or request.method == "OPTIONS":
            return
        view = app.view_functions.get(endpoint)
        needed = getattr(view, "_role", "screen")
        who = request.remote_addr or "anonymous"
        if keys:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthorized("Send an API key as 'Authorization: Bearer KEY'.")
            digest = hash_key(token.strip())
            info = next((k for d, k in keys.items() if hmac.compare_digest(d, digest)), None)
            if info is None:
                raise Unauthorized("The API key is not valid.")
            if ROLES.index(info.role) < ROLES.index(needed):
                raise Forbidden(f"This endpoint needs the role '{needed}'; the key has '{info.role}'.")
            g.api_key = info.name
            who = info.digest[:16]
        allowed, reset = limiter.hit(who)
        if not allowed:
            err = TooManyRequests(f"More than {limiter.per_minute} requests in a minute; retry in {reset} s.")
            err.headers = {"Retry-After": str(reset)}
            raise err
