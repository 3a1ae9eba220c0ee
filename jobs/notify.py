"""Telling every process that a new list snapshot is active.

The snapshot generation is kept in redis (`tradescreen:lists:generation`) and
announced on the channel `tradescreen:lists`. Processes also compare the
generation every few seconds, so a missed message or a process started late
still switches. Without redis, the generation file in the data directory plays
the same role for the processes of one machine.
"""

from __future__ import annotations

import logging

import redis

log = logging.getLogger("tradescreen")

def channel(prefix: str) -> str:
    return prefix + "lists"


def generation_key(prefix: str) -> str:
    return prefix + "lists:generation"


def announce(redis_url: str, generation: str, prefix: str = "tradescreen:") -> None:
    """Record and publish a new generation. The key has no TTL on purpose: it is
    one small value that must outlive any single update."""
    client = redis.Redis.from_url(redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)
    try:
        client.set(generation_key(prefix), generation)
        client.publish(channel(prefix), generation)
    finally:
        client.close()


def current(redis_url: str, prefix: str = "tradescreen:") -> str | None:
    client = redis.Redis.from_url(redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)
    try:
        raw = client.get(generation_key(prefix))
    finally:
        client.close()
    return raw.decode() if isinstance(raw, bytes) else raw
