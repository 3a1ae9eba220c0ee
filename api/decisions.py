"""Officers' decisions on matches (POST /v1/decisions) and alerts from
continuous screening (GET /v1/alerts)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import g
from flask_smorest import Blueprint

from api.auth import requires
from api.problems import NotFound, json_body
from api.schemas import AlertsArgsSchema, AlertsSchema, DecisionInSchema, DecisionSchema
from api.state import state
from screening.decisions import entry_fingerprint, party_identity
from screening.model import Decision

blp = Blueprint("decisions", __name__, url_prefix="/v1", description="Decisions on matches, and alerts")


@blp.route("/decisions", methods=["POST"])
@requires("review")
@json_body
@blp.arguments(DecisionInSchema)
@blp.response(201, DecisionSchema, headers={"Location": {"schema": {"type": "string"}}})
def create(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Record a decision on a match: false positive or true match

    Keyed to the party's normalised identity and to the list entry's content:
    later screenings of the same party show the match as suppressed (false
    positive) or confirmed (true match), until the entry changes or the
    decision expires. A new decision on the same pair replaces the old one.
    """
    svc = state()
    engine = svc.require_engine()
    key = f"{body['source']}:{body['entry_id']}"
    entry = next((e for e in engine.index.entries if e.key == key), None)
    if entry is None:
        raise NotFound(f"No entry {body['entry_id']} in the loaded list {body['source']}.")
    p = body["party"]
    who = body["decided_by"] + (f" (key {g.api_key})" if g.get("api_key") else "")
    expires = body.get("expires_at")
    d = Decision(
        id="dec_" + uuid.uuid4().hex,
        party_identity=party_identity(p["name"], p["type"], p.get("country")),
        entry_key=key,
        entry_fingerprint=entry_fingerprint(entry),
        decision=body["decision"],
        reason=body["reason"],
        decided_by=who,
        decided_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        expires_at=expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if expires else None,
    )
    svc.audit.add_decision(d, p)
    svc.decisions.invalidate()
    out = svc.audit.decision(d.id)
    assert out is not None
    return out, 201, {"Location": f"/v1/decisions/{d.id}"}


@blp.route("/decisions/<string:decision_id>", methods=["GET"])
@requires("review")
@blp.response(200, DecisionSchema)
def fetch(decision_id: str) -> dict[str, Any]:
    """A decision, and whether a later one replaced it"""
    found = state().audit.decision(decision_id)
    if found is None:
        raise NotFound(f"No decision {decision_id}.")
    return found


@blp.route("/alerts", methods=["GET"])
@requires("review")
@blp.arguments(AlertsArgsSchema, location="query")
@blp.response(200, AlertsSchema)
def alerts(args: dict[str, Any]) -> dict[str, Any]:
    """New matches found by continuous screening after list updates, newest first"""
    since = args.get("since")
    stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if since else ""
    return {"alerts": state().audit.alerts(stamp, args["limit"])}
