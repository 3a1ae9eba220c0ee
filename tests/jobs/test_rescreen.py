"""Continuous screening after a list update, and signed webhook delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from jobs.audit import AuditStore
from jobs.rescreen import changed_entries, deliver, rescreen
from screening.match import MatchPolicy
from screening.model import EntryName, ListEntry


def entry(eid: str, name: str, *aliases: str) -> ListEntry:
    return ListEntry(source="test", entry_id=eid, list_name="Test List",
                     names=(EntryName(name, "primary"), *(EntryName(a, "alias") for a in aliases)),
                     type="organization", countries=("RU",))


def record(audit: AuditStore, sid: str, *names: str) -> None:
    audit.record({"id": sid, "screened_at": "2099-01-01T00:00:00.000000Z", "reference": None, "verdict": "clear"},
                 {"parties": [{"role": "buyer", "name": n} for n in names]}, "api")


def test_only_added_or_changed_entries_are_rescreened(tmp_path: Path) -> None:
    old = [entry("1", "Alpha Optics"), entry("2", "Beta Drones")]
    new = [entry("1", "Alpha Optics"), entry("2", "Beta Drones", "Beta UAV"), entry("3", "Gamma Armour")]
    assert [e.entry_id for e in changed_entries(old, new)] == ["2", "3"]

    audit = AuditStore(tmp_path / "a.sqlite3")
    record(audit, "s1", "Gamma Armour LLC", "Alpha Optics")
    record(audit, "s2", "Gamma Armour LLC")
    created = rescreen(audit, changed_entries(old, new), MatchPolicy(), days=100000, label="gen-1")
    alerts = audit.alerts()
    assert len(created) == 1 and len(alerts) == 1
    assert alerts[0]["match"]["entry_id"] == "3" and alerts[0]["screening_ids"] == ["s1", "s2"]
    # The same update does not alert twice.
    assert rescreen(audit, changed_entries(old, new), MatchPolicy(), days=100000, label="gen-1") == []


def test_webhook_is_signed_and_retried(tmp_path: Path) -> None:
    audit = AuditStore(tmp_path / "a.sqlite3")
    record(audit, "s1", "Gamma Armour LLC")
    rescreen(audit, [entry("3", "Gamma Armour")], MatchPolicy(), days=100000, label="gen-2")
    got: list[tuple[dict, bytes]] = []
    calls = {"n": 0}

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            calls["n"] += 1
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if calls["n"] == 1:
                self.send_response(503)  # first attempt fails: must be retried
            else:
                got.append((dict(self.headers), body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sent, pending = deliver(audit, f"http://127.0.0.1:{server.server_port}/hook", "s3cret", sleep=lambda s: None)
    finally:
        server.shutdown()
        server.server_close()
    assert (sent, pending) == (1, 0) and calls["n"] == 2
    headers, body = got[0]
    t, v1 = (part.split("=", 1)[1] for part in headers["X-Tradescreen-Signature"].split(","))
    expected = hmac.new(b"s3cret", f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(v1, expected)
    assert json.loads(body)["alert"]["match"]["entry_id"] == "3"
    assert audit.alerts()[0]["delivered_at"]
