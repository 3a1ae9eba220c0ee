"""POST /v1/screenings: one shipment in, one verdict with its reasons out; past
screenings fetched, re-run against today's lists, and exported for an audit."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from flask import Response, stream_with_context
from flask_smorest import Blueprint

from api.auth import requires
from api.metrics import VERDICTS
from api.problems import NotFound, Unavailable, json_body
from api.schemas import AuditArgsSchema, RerunSchema, ScreeningResponseSchema, ShipmentSchema, validate_shipment
from api.state import ServiceState, state
from jobs.store import StoreUnavailable
from screening.build import shipment_from
from screening.engine import screen
from screening.present import result_dict

log = logging.getLogger("tradescreen.api")

blp = Blueprint("screenings", __name__, url_prefix="/v1/screenings", description="Screen a shipment")


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def run_screening(svc: ServiceState, body: dict[str, Any], channel: str) -> tuple[dict[str, Any], str]:
    """Screen, record, cache; the answer as a dict and as its JSON text."""
    engine = svc.require_engine()
    shipment = shipment_from(body)
    result = screen(shipment, index=engine.index, rulebook=engine.rulebook, matcher=engine.matcher,
                    decisions=svc.decisions)
    out = result_dict(result, id="scr_" + uuid.uuid4().hex, reference=shipment.reference, screened_at=now_utc())
    # Serialised once, as the client gets it (indented, newline-terminated);
    # the audit record and the redis copy keep the same text.
    text = orjson.dumps(out, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
    try:
        svc.audit.record(out, body, channel, response_json=text)
    except sqlite3.Error as exc:
        # No verdict leaves the service without its record.
        log.error("screening not recorded in the audit store: %s", exc)
        raise Unavailable("The audit store could not record this screening; nothing was decided.") from exc
    try:
        svc.store.put_json(f"screening:{out['id']}", text, svc.settings.result_ttl_seconds)
    except StoreUnavailable as exc:
        log.warning("screening %s not cached in redis: %s", out["id"], exc)
    VERDICTS.labels(out["verdict"], channel).inc()
    return out, text


@blp.route("", methods=["POST"])
@json_body
@blp.arguments(ShipmentSchema)
@blp.response(200, ScreeningResponseSchema)
def create(body: dict[str, Any]) -> Response:
    """Screen one shipment

    Parties (and their owners) are matched against every loaded list, items
    against the rule packs, the route and end use against country and red-flag
    rules. The verdict is clear, review or block; every reason cites its list
    entry or rule. The screening is recorded for audit.
    """
    _, text = run_screening(state(), body, "api")
    return Response(text, mimetype="application/json")


def _find(svc: ServiceState, screening_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    try:
        cached = svc.store.get(f"screening:{screening_id}")
    except StoreUnavailable:
        cached = None
    recorded = svc.audit.get(screening_id)
    if recorded is not None:
        return recorded[0], recorded[1]
    if cached is not None:
        return cached, None
    raise NotFound(f"No screening {screening_id}.")


@blp.route("/<string:screening_id>", methods=["GET"])
@blp.response(200, ScreeningResponseSchema)
def fetch(screening_id: str) -> dict[str, Any]:
    """Fetch a past screening by id, as it was answered"""
    return _find(state(), screening_id)[0]


@blp.route("/<string:screening_id>/rerun", methods=["POST"])
@blp.response(200, RerunSchema)
def rerun(screening_id: str) -> dict[str, Any]:
    """Screen a past request again against today's lists and rules, and say what changed"""
    svc = state()
    before, request_body = _find(svc, screening_id)
    if request_body is None:
        raise NotFound(f"The request of screening {screening_id} is not recorded; it cannot be re-run.")
    body, errors = validate_shipment(request_body)
    if body is None:
        raise Unavailable(f"The recorded request no longer validates: {errors}.")
    after, _ = run_screening(svc, body, "rerun")
    return {"screening_id": screening_id, "previous": before, "current": after, "changes": diff(before, after)}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["code"], r["source"], r["party"], r["item"], r["severity"])

    old = {key(r): r for r in before["reasons"]}
    new = {key(r): r for r in after["reasons"]}
    old_lists = {li["source"]: li for li in before["snapshot"]["lists"]}
    new_lists = {li["source"]: li for li in after["snapshot"]["lists"]}
    return {
        "verdict_changed": before["verdict"] != after["verdict"],
        "verdict": {"before": before["verdict"], "after": after["verdict"]},
        "risk_score": {"before": before["risk_score"], "after": after["risk_score"]},
        "reasons_added": [new[k] for k in new if k not in old],
        "reasons_removed": [old[k] for k in old if k not in new],
        "lists_changed": sorted(
            s for s in set(old_lists) | set(new_lists)
            if (old_lists.get(s) or {}).get("sha256") != (new_lists.get(s) or {}).get("sha256")
        ),
        "rules_changed": before["snapshot"]["rules_version"] != after["snapshot"]["rules_version"],
    }


audit_blp = Blueprint("audit", __name__, url_prefix="/v1/audit", description="Audit trail")


@audit_blp.route("", methods=["GET"])
@requires("review")
@audit_blp.arguments(AuditArgsSchema, location="query")
@audit_blp.response(200, description="JSON lines: {id, screened_at, channel, reference, verdict, request, response}")
def export(args: dict[str, Any]) -> Response:
    """Export every screening of a date range (from inclusive, to exclusive), oldest first"""
    svc = state()
    start = args["from_"].strftime("%Y-%m-%dT%H:%M:%S")
    end = args["to"].strftime("%Y-%m-%dT%H:%M:%S")
    records = svc.audit.export(start, end)

    def gen() -> Iterator[str]:
        for r in records:
            yield json.dumps(r, ensure_ascii=False) + "\n"

    return Response(stream_with_context(gen()), mimetype="application/x-ndjson")
