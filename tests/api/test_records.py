"""Audit trail, re-runs, decisions on matches, ownership."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

ROSOBORON = {"role": "buyer", "name": "Rosoboronexport", "country": "RU", "type": "organization"}


def screening(client: FlaskClient, *parties: dict, **extra) -> dict:
    r = client.post("/v1/screenings", json={"parties": list(parties), **extra})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def sample_match(out: dict, party: int = 0) -> dict:
    return out["parties"][party]["matches"][0]


def test_audit_export_returns_request_and_response(client: FlaskClient) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    out = screening(client, {"role": "buyer", "name": "Audit Test Trading GmbH", "country": "DE"}, reference="AUD-1")
    after = datetime.now(UTC) + timedelta(seconds=1)
    r = client.get("/v1/audit", query_string={"from": before.isoformat(), "to": after.isoformat()})
    assert r.status_code == 200 and r.mimetype == "application/x-ndjson"
    import json

    records = [json.loads(x) for x in r.get_data(as_text=True).splitlines()]
    mine = [x for x in records if x["id"] == out["id"]]
    assert len(mine) == 1
    assert mine[0]["request"]["reference"] == "AUD-1"
    assert mine[0]["response"] == out and mine[0]["channel"] == "api"


def test_audit_range_must_be_ordered(client: FlaskClient) -> None:
    r = client.get("/v1/audit", query_string={"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"})
    assert r.status_code == 422 and "query.from" in {e["field"] for e in r.get_json()["errors"]}


def test_past_screening_is_rerun_with_its_changes(client: FlaskClient) -> None:
    out = screening(client, ROSOBORON)
    r = client.post(f"/v1/screenings/{out['id']}/rerun")
    assert r.status_code == 200
    body = r.get_json()
    assert body["previous"] == out
    assert body["current"]["id"] != out["id"]
    assert body["changes"]["verdict_changed"] is False
    assert body["changes"]["reasons_added"] == [] and body["changes"]["reasons_removed"] == []


def test_false_positive_decision_suppresses_the_match_until_it_expires(client: FlaskClient) -> None:
    party = {"role": "buyer", "name": "Rosoboronexport", "country": "RU", "type": "organization"}
    first = screening(client, party)
    m = sample_match(first)
    assert first["verdict"] == "block"
    r = client.post("/v1/decisions", json={
        "party": {"name": "ROSOBORONEXPORT", "country": "RU", "type": "organization"},
        "source": m["source"], "entry_id": m["entry_id"], "decision": "false_positive",
        "reason": "Test only: pretend our customer is another firm of the same name.", "decided_by": "j.doe",
    })
    assert r.status_code == 201, r.get_data(as_text=True)
    decision = r.get_json()
    assert r.headers["Location"] == f"/v1/decisions/{decision['id']}"
    later = screening(client, party)
    suppressed = [x for x in later["parties"][0]["matches"] if x["entry_id"] == m["entry_id"]][0]
    assert suppressed["suppressed"] is True and suppressed["decision"]["id"] == decision["id"]
    codes = {(x["code"], x["source"]) for x in later["reasons"]}
    assert ("PARTY_MATCH_SUPPRESSED", f"{m['source']}:{m['entry_id']}") in codes
    assert ("PARTY_LISTED", f"{m['source']}:{m['entry_id']}") not in codes
    # An expired decision no longer applies.
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.post("/v1/decisions", json={
        "party": {"name": "Rosoboronexport", "country": "RU", "type": "organization"},
        "source": m["source"], "entry_id": m["entry_id"], "decision": "false_positive",
        "reason": "Expired decision for the test.", "decided_by": "j.doe", "expires_at": past,
    })
    again = screening(client, party)
    assert ("PARTY_LISTED", f"{m['source']}:{m['entry_id']}") in {(x["code"], x["source"]) for x in again["reasons"]}
    assert client.get(f"/v1/decisions/{decision['id']}").get_json()["superseded_by"]


def test_decision_on_unknown_entry_is_404(client: FlaskClient) -> None:
    r = client.post("/v1/decisions", json={"party": {"name": "X"}, "source": "sample", "entry_id": "NOPE",
                                            "decision": "true_match", "reason": "test", "decided_by": "me"})
    assert r.status_code == 404


def test_owner_on_the_sdn_list_makes_a_majority_owned_party_blocked(client: FlaskClient) -> None:
    party = {"role": "buyer", "name": "Northern Lights Trading LLC", "country": "AE",
             "owners": [{"name": "Rosoboronexport", "share": 30, "country": "RU"},
                        {"name": "Holding Vostok Ltd", "share": 40, "country": "CY",
                         "owners": [{"name": "Rosoboronexport", "share": 60, "country": "RU"}]},
                        {"name": "Anna Example", "share": 30, "type": "person"}]}
    out = screening(client, party)
    owned = [r for r in out["reasons"] if r["code"] == "PARTY_OWNED_BY_LISTED"]
    assert owned and owned[0]["severity"] == "block" and out["verdict"] == "block"
    assert "70%" in owned[0]["message"] and "Holding Vostok" in owned[0]["message"]
    tree = out["parties"][0]["owners"]
    assert tree[1]["owners"][0]["matches"] and tree[1]["listed_by"]


def test_minority_listed_owner_asks_for_review(client: FlaskClient) -> None:
    party = {"role": "buyer", "name": "Southern Cross Trading LLC", "country": "AE",
             "owners": [{"name": "Rosoboronexport", "share": 20, "country": "RU"}]}
    out = screening(client, party)
    codes = {r["code"]: r["severity"] for r in out["reasons"]}
    assert codes.get("PARTY_OWNER_LISTED") == "review"
    assert "PARTY_OWNED_BY_LISTED" not in codes


def test_owner_shares_over_100_are_refused(client: FlaskClient) -> None:
    r = client.post("/v1/screenings", json={"parties": [{"role": "buyer", "name": "A", "owners": [
        {"name": "B", "share": 60}, {"name": "C", "share": 50}]}]})
    assert r.status_code == 422 and "parties.0.owners" in {e["field"] for e in r.get_json()["errors"]}


def test_alerts_are_listed_newest_first(app, client: FlaskClient) -> None:
    audit = app.extensions["tradescreen"].audit
    audit.add_alert({"name": "Gamma Armour LLC"}, "id-1", ["scr_1"], "sample:X", {"entry_id": "X", "score": 0.95},
                    "gen-test")
    r = client.get("/v1/alerts", query_string={"limit": 5})
    assert r.status_code == 200
    alerts = r.get_json()["alerts"]
    assert alerts[0]["party"]["name"] == "Gamma Armour LLC" and alerts[0]["delivered_at"] is None
