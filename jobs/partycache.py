"""A party-match cache shared by every worker on redis.

A party already screened against the same snapshot is answered from redis,
keyed by the snapshot id and the party's normalised form (names as normalised,
type, country, identifiers, and the query's filters). Each process keeps its
own in-memory cache in front of it (the matcher's)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import redis

from screening.match import Matcher
from screening.model import ListEntry, MatchExplanation, PartyMatch

log = logging.getLogger("tradescreen")


def _dump(m: PartyMatch) -> list[Any]:
    e = m.explanation
    return [
        m.entry.key,
        m.matched_name,
        m.score,
        [e.query_normalized, e.candidate_normalized, [list(t) for t in e.matched_tokens],
         list(e.unmatched_query_tokens), list(e.unmatched_candidate_tokens), e.name_score,
         [list(p) for p in e.penalties], [list(b) for b in e.bonuses], e.detail],
    ]


def _load(d: list[Any], entries: dict[str, ListEntry]) -> PartyMatch | None:
    entry = entries.get(d[0])
    if entry is None:
        return None
    x = d[3]
    return PartyMatch(
        entry=entry,
        matched_name=d[1],
        score=d[2],
        explanation=MatchExplanation(
            query_normalized=x[0],
            candidate_normalized=x[1],
            matched_tokens=tuple((a, b, s) for a, b, s in x[2]),
            unmatched_query_tokens=tuple(x[3]),
            unmatched_candidate_tokens=tuple(x[4]),
            name_score=x[5],
            penalties=tuple((f, a) for f, a in x[6]),
            bonuses=tuple((f, a) for f, a in x[7]),
            detail=x[8],
        ),
    )


class SharedCacheMatcher:
    """Wraps a Matcher: the same match_names(), answered from redis when the
    same party was screened against the same snapshot by any worker."""

    def __init__(self, inner: Matcher, client: redis.Redis, prefix: str, snapshot_id: str, ttl: int = 86400) -> None:
        self.inner = inner
        self.index = inner.index
        self.policy = inner.policy
        self.client = client
        self.prefix = f"{prefix}party:{snapshot_id}:"
        self.ttl = ttl
        self._entries: dict[str, ListEntry] | None = None
        self.hits = 0
        self._prefetched: dict[str, bytes | None] = {}
        self._pending: dict[str, str] = {}

    def _by_key(self) -> dict[str, ListEntry]:
        if self._entries is None:
            self._entries = {e.key: e for e in self.inner.index.entries}
        return self._entries

    def _key(self, names: tuple[str, ...], type_: str, country: str | None, identifiers: tuple[str, ...],
             sources: tuple[str, ...], regimes: tuple[str, ...], threshold: float | None, limit: int) -> str:
        key_parts = self.inner.cache_key(names, type_, country, identifiers, sources, regimes, threshold, limit)
        return self.prefix + hashlib.sha1(repr(key_parts).encode()).hexdigest()

    def prefetch(self, queries: list[dict[str, Any]]) -> None:
        """Fetch the cached answers of many parties in one round trip (a chunk
        of a batch job); match_names then answers from them or computes."""
        keys = [self._key(**q) for q in queries]
        try:
            got = self.client.mget(keys) if keys else []
        except redis.RedisError as exc:
            log.warning("party cache unavailable: %s", exc)
            got = [None] * len(keys)
        self._prefetched = dict(zip(keys, got, strict=True))

    def flush(self) -> None:
        """Store the answers computed since the last prefetch, in one round trip."""
        if not self._pending:
            return
        try:
            pipe = self.client.pipeline(transaction=False)
            for key, value in self._pending.items():
                pipe.set(key, value, ex=self.ttl)
            pipe.execute()
        except redis.RedisError as exc:
            log.warning("party cache not written: %s", exc)
        self._pending = {}
        self._prefetched = {}

    def match_names(self, names: tuple[str, ...], *, type_: str = "unknown", country: str | None = None,
                    identifiers: tuple[str, ...] = (), sources: tuple[str, ...] = (),
                    regimes: tuple[str, ...] = (), threshold: float | None = None,
                    limit: int = 10) -> list[PartyMatch]:
        key = self._key(names, type_, country, identifiers, sources, regimes, threshold, limit)
        if key in self._prefetched:
            raw = self._prefetched[key]
        else:
            try:
                raw = self.client.get(key)
            except redis.RedisError as exc:
                log.warning("party cache unavailable: %s", exc)
                raw = None
        if raw is not None:
            loaded = [_load(d, self._by_key()) for d in json.loads(raw)]
            if all(m is not None for m in loaded):
                self.hits += 1
                return [m for m in loaded if m is not None]
        found = self.inner.match_names(names, type_=type_, country=country, identifiers=identifiers,
                                       sources=sources, regimes=regimes, threshold=threshold, limit=limit)
        value = json.dumps([_dump(m) for m in found], ensure_ascii=False)
        if key in self._prefetched:
            self._pending[key] = value
        else:
            try:
                self.client.set(key, value, ex=self.ttl)
            except redis.RedisError:
                pass
        return found
