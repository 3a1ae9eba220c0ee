"""The durable record: every screening (request, response, snapshot, time),
officers' decisions on matches, and alerts from continuous screening.

Kept in one SQLite database in the data directory (TRADESCREEN_DATA_DIR/
audit.sqlite3), in WAL mode: it survives restarts of the service, several
processes of one machine share it safely, and it needs no server. Redis holds
recent results for fast fetches across machines (with a TTL); this file is the
record an audit reads years later. Back it up with the data directory.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening.model import Decision

SCHEMA = """
CREATE TABLE IF NOT EXISTS screenings (
    id TEXT PRIMARY KEY,
    screened_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    reference TEXT,
    verdict TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS screenings_at ON screenings (screened_at);
CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY,
    party_identity TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    entry_fingerprint TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    expires_at TEXT,
    party TEXT NOT NULL,
    superseded_by TEXT
);
CREATE INDEX IF NOT EXISTS decisions_key ON decisions (party_identity, entry_key);
CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    party TEXT NOT NULL,
    party_identity TEXT NOT NULL,
    screening_ids TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    match TEXT NOT NULL,
    list_update TEXT NOT NULL,
    delivered_at TEXT,
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (party_identity, entry_key, list_update)
);
CREATE INDEX IF NOT EXISTS alerts_at ON alerts (created_at);
"""


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AuditStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as c:
            c.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    # ------------------------------------------------------------ screenings

    def record(self, response: dict[str, Any], request: dict[str, Any], channel: str,
               response_json: str | None = None) -> None:
        self.record_many([(response, request)], channel, [response_json] if response_json else None)

    def record_many(self, pairs: list[tuple[dict[str, Any], dict[str, Any]]], channel: str,
                    response_json: list[str] | None = None) -> None:
        rows = [
            (
                resp["id"],
                resp["screened_at"],
                channel,
                resp.get("reference"),
                resp["verdict"],
                json.dumps(req, ensure_ascii=False),
                response_json[i] if response_json else json.dumps(resp, ensure_ascii=False),
            )
            for i, (resp, req) in enumerate(pairs)
        ]
        c = self._conn()
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("INSERT OR REPLACE INTO screenings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def get(self, screening_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        row = self._conn().execute(
            "SELECT response, request FROM screenings WHERE id = ?", (screening_id,)
        ).fetchone()
        return None if row is None else (json.loads(row[0]), json.loads(row[1]))

    def export(self, start: str, end: str) -> Iterator[dict[str, Any]]:
        """Screenings with start <= screened_at < end, oldest first, as records
        {id, screened_at, channel, reference, verdict, request, response}."""
        cur = self._conn().execute(
            "SELECT id, screened_at, channel, reference, verdict, request, response FROM screenings "
            "WHERE screened_at >= ? AND screened_at < ? ORDER BY screened_at, id",
            (start, end),
        )
        for row in cur:
            yield {
                "id": row[0],
                "screened_at": row[1],
                "channel": row[2],
                "reference": row[3],
                "verdict": row[4],
                "request": json.loads(row[5]),
                "response": json.loads(row[6]),
            }

    def recent_parties(self, since: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(screening id, party) for every party of every screening since `since`."""
        cur = self._conn().execute("SELECT id, request FROM screenings WHERE screened_at >= ?", (since,))
        for sid, req in cur:
            for p in json.loads(req).get("parties") or []:
                yield sid, p

    # ------------------------------------------------------------ decisions

    def add_decision(self, d: Decision, party: dict[str, Any]) -> None:
        c = self._conn()
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute(
                "UPDATE decisions SET superseded_by = ? WHERE party_identity = ? AND entry_key = ? "
                "AND superseded_by IS NULL",
                (d.id, d.party_identity, d.entry_key),
            )
            c.execute(
                "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (d.id, d.party_identity, d.entry_key, d.entry_fingerprint, d.decision, d.reason, d.decided_by,
                 d.decided_at, d.expires_at, json.dumps(party, ensure_ascii=False)),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def current_decisions(self) -> dict[tuple[str, str], Decision]:
        cur = self._conn().execute(
            "SELECT id, party_identity, entry_key, entry_fingerprint, decision, reason, decided_by, decided_at, "
            "expires_at FROM decisions WHERE superseded_by IS NULL"
        )
        return {(r[1], r[2]): Decision(*r) for r in cur}

    def decision(self, decision_id: str) -> dict[str, Any] | None:
        row = self._conn().execute(
            "SELECT id, party_identity, entry_key, entry_fingerprint, decision, reason, decided_by, decided_at, "
            "expires_at, party, superseded_by FROM decisions WHERE id = ?",
            (decision_id,),
        ).fetchone()
        if row is None:
            return None
        d = asdict(Decision(*row[:9]))
        return d | {"party": json.loads(row[9]), "superseded_by": row[10]}

    def data_version(self) -> int:
        """Changes when another connection commits (cheap check for caches)."""
        return int(self._conn().execute("PRAGMA data_version").fetchone()[0])

    # ------------------------------------------------------------ alerts

    def add_alert(self, party: dict[str, Any], identity: str, screening_ids: list[str], entry_key: str,
                  match: dict[str, Any], list_update: str) -> str | None:
        aid = "alr_" + uuid.uuid4().hex
        c = self._conn()
        cur = c.execute(
            "INSERT OR IGNORE INTO alerts (id, created_at, party, party_identity, screening_ids, entry_key, match, "
            "list_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, utc_now(), json.dumps(party, ensure_ascii=False), identity, json.dumps(screening_ids), entry_key,
             json.dumps(match, ensure_ascii=False), list_update),
        )
        return aid if cur.rowcount else None

    def alerts(self, since: str = "", limit: int = 100) -> list[dict[str, Any]]:
        cur = self._conn().execute(
            "SELECT id, created_at, party, screening_ids, entry_key, match, list_update, delivered_at, "
            "delivery_attempts FROM alerts WHERE created_at >= ? ORDER BY created_at DESC, id LIMIT ?",
            (since, limit),
        )
        return [
            {
                "id": r[0],
                "created_at": r[1],
                "party": json.loads(r[2]),
                "screening_ids": json.loads(r[3]),
                "entry_key": r[4],
                "match": json.loads(r[5]),
                "list_update": r[6],
                "delivered_at": r[7],
                "delivery_attempts": r[8],
            }
            for r in cur
        ]

    def undelivered_alerts(self, max_attempts: int) -> list[dict[str, Any]]:
        return [a for a in self.alerts(limit=10_000) if a["delivered_at"] is None
                and a["delivery_attempts"] < max_attempts]

    def mark_delivery(self, alert_id: str, delivered: bool) -> None:
        if delivered:
            self._conn().execute(
                "UPDATE alerts SET delivered_at = ?, delivery_attempts = delivery_attempts + 1 WHERE id = ?",
                (utc_now(), alert_id),
            )
        else:
            self._conn().execute(
                "UPDATE alerts SET delivery_attempts = delivery_attempts + 1 WHERE id = ?", (alert_id,)
            )


class CachedDecisions:
    """The current decisions, read from the audit store and re-read when any
    process has written to it (the DecisionBook the engine consults).

    Whether another process wrote is asked of SQLite at most every
    RECHECK_SECONDS, not on every match of every screening; a decision made
    through this process applies at once (invalidate)."""

    RECHECK_SECONDS = 1.0

    def __init__(self, store: AuditStore) -> None:
        self.store = store
        self._version = -1
        self._dirty = True
        self._checked = 0.0
        self._decisions: dict[tuple[str, str], Decision] = {}
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        self._dirty = True

    def find(self, party_identity: str, entry_key: str) -> Decision | None:
        now = time.monotonic()
        if self._dirty or now - self._checked >= self.RECHECK_SECONDS:
            with self._lock:
                version = self.store.data_version()
                if self._dirty or version != self._version:
                    self._decisions = self.store.current_decisions()
                    self._version = version
                    self._dirty = False
                self._checked = now
        return self._decisions.get((party_identity, entry_key))
