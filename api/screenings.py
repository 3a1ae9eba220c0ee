"""POST /v1/screenings: one shipment in, one verdict with its reasons out."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from flask_smorest import Blueprint

from api.metrics import VERDICTS
from api.problems import NotFound, Unavailable, json_body
from api.schemas import ScreeningResponseSchema, ShipmentSchema
from api.state import state
from jobs.store import StoreUnavailable
from screening.build import shipment_from
from screening.engine import screen
from screening.present import result_dict

log = logging.getLogger("tradescreen.api")

blp = Blueprint("screenings", __name__, url_prefix="/v1/screenings", description="Screen a shipment")


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@blp.route("", methods=["POST"])
@json_body
@blp.arguments(ShipmentSchema)
@blp.response(200, ScreeningResponseSchema)
def create(body: dict[str, Any]) -> dict[str, Any]:
    """Screen one shipment

    Parties are matched against every loaded list, items against the rule packs,
    the route and end use against country and red-flag rules. The verdict is
    clear, review or block; every reason cites its list entry or rule.
    """
    svc = state()
    engine = svc.require_engine()
    shipment = shipment_from(body)
    result = screen(shipment, index=engine.index, rulebook=engine.rulebook, matcher=engine.matcher)
    out = result_dict(result, id="scr_" + uuid.uuid4().hex, reference=shipment.reference, screened_at=now_utc())
    VERDICTS.labels(out["verdict"], "api").inc()
    try:
        svc.store.put(f"screening:{out['id']}", out, svc.settings.result_ttl_seconds)
    except StoreUnavailable as exc:
        log.warning("screening %s not stored: %s", out["id"], exc)
    return out


@blp.route("/<string:screening_id>", methods=["GET"])
@blp.response(200, ScreeningResponseSchema)
def fetch(screening_id: str) -> dict[str, Any]:
    """Fetch a past screening result by id"""
    try:
        found = state().store.get(f"screening:{screening_id}")
    except StoreUnavailable as exc:
        raise Unavailable("The result store is not answering; try again.") from exc
    if found is None:
        raise NotFound(f"No screening {screening_id} (unknown, or older than the retention period).")
    result: dict[str, Any] = found
    return result
