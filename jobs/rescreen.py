"""Continuous screening: after a list update, the parties screened in the last
N days are matched against the entries that were added or changed (only
those), and every new match becomes an alert, delivered to a webhook if one is
configured."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from jobs.audit import AuditStore
from screening.decisions import entry_fingerprint, party_identity
from screening.index import NameIndex
from screening.match import Matcher, MatchPolicy
from screening.model import ListEntry
from screening.present import match_dict

log = logging.getLogger("tradescreen")

WEBHOOK_ATTEMPTS = 5
WEBHOOK_BACKOFF_S = (0.5, 1, 2, 4)


def changed_entries(old: Sequence[ListEntry], new: Sequence[ListEntry]) -> list[ListEntry]:
    """Entries of `new` that `old` did not have, or had with other content."""
    before = {e.key: entry_fingerprint(e) for e in old}
    return [e for e in new if before.get(e.key) != entry_fingerprint(e)]


def rescreen(
    audit: AuditStore, changed: Sequence[ListEntry], policy: MatchPolicy, *, days: int, label: str
) -> list[str]:
    """Alert ids created for matches of recently screened parties against `changed`."""
    if not changed:
        return []
    since = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")
    matcher = Matcher(NameIndex(changed), policy)
    parties: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for sid, p in audit.recent_parties(since):
        identity = party_identity(p["name"], p.get("type") or "unknown", p.get("country"))
        parties.setdefault(identity, (p, []))[1].append(sid)
    created: list[str] = []
    for identity, (p, sids) in parties.items():
        found = matcher.match_names(
            (p["name"], *(p.get("aliases") or ())),
            type_=p.get("type") or "unknown",
            country=p.get("country"),
            identifiers=tuple(i["value"] for i in p.get("identifiers") or ()),
        )
        for m in found:
            aid = audit.add_alert(
                {k: p[k] for k in ("name", "type", "country", "role") if p.get(k)},
                identity,
                sorted(set(sids))[-20:],
                m.entry.key,
                match_dict(m),
                label,
            )
            if aid:
                created.append(aid)
    return created


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def deliver(audit: AuditStore, url: str, secret: str, *, sleep: Any = time.sleep) -> tuple[int, int]:
    """POST each undelivered alert to the webhook, HMAC-signed, retrying with
    back-off. Returns (delivered, still pending)."""
    delivered = pending = 0
    for alert in audit.undelivered_alerts(WEBHOOK_ATTEMPTS):
        body = json.dumps({"type": "tradescreen.alert", "alert": alert}, ensure_ascii=False).encode()
        ok = False
        for attempt in range(alert["delivery_attempts"], WEBHOOK_ATTEMPTS):
            ts = int(time.time())
            req = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/json",
                "X-Tradescreen-Signature": sign(secret, ts, body),
                "X-Tradescreen-Alert": alert["id"],
            })
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
                    ok = 200 <= resp.status < 300
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                log.warning("webhook delivery of %s failed: %s", alert["id"], exc)
                ok = False
            audit.mark_delivery(alert["id"], ok)
            if ok:
                break
            if attempt + 1 < WEBHOOK_ATTEMPTS:
                sleep(WEBHOOK_BACKOFF_S[min(attempt, len(WEBHOOK_BACKOFF_S) - 1)])
        delivered += ok
        pending += not ok
    return delivered, pending
