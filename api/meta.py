"""Health: /healthz (the process answers) apart from /readyz (lists and rules loaded)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

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
