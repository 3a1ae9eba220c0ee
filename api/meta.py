"""Health: /healthz (the process answers) apart from /readyz (lists and rules loaded)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from api import metrics
from api.schemas import HealthSchema, ReadySchema
from api.state import state

blp = Blueprint("meta", __name__, url_prefix="/", description="Health and readiness")


@blp.route("healthz", methods=["GET"])
@blp.response(200, HealthSchema)
def healthz() -> dict[str, Any]:
    """The process is up"""
    return {"status": "ok"}


@blp.route("readyz", methods=["GET"])
@blp.response(200, ReadySchema)
def readyz() -> dict[str, Any]:
    """Lists and rules are loaded (503 otherwise)"""
    engine = state().require_engine()
    return {
        "status": "ready",
        "lists": len(engine.lists),
        "entries": len(engine.index.entries),
        "rules": len(engine.rulebook.rules),
        "rules_version": engine.rulebook.version,
    }


@blp.route("metrics", methods=["GET"])
@blp.response(200, description="Prometheus text format")
def metrics_view() -> Response:
    """Prometheus metrics: requests, latencies, verdicts, list sizes and ages"""
    engine = state().engine
    if engine is not None:
        metrics.observe_lists(engine.lists)
    return metrics.render()
