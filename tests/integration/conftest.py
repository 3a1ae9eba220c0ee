"""Integration tests talk to a real redis (REDIS_URL, default 127.0.0.1:6379).

When redis does not answer they skip with the reason, unless CI=true, where a
missing redis is a failure: CI must test against the real thing."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"redis at {REDIS_URL} does not answer and CI=true: {exc}")
        pytest.skip(f"redis at {REDIS_URL} does not answer ({exc}); start it or set REDIS_URL")
    return REDIS_URL


@pytest.fixture()
def key_prefix() -> str:
    return f"test-{uuid.uuid4().hex[:8]}:"
