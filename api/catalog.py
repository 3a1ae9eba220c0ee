"""What the service screens against: GET /v1/lists and GET /v1/rules."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_smorest import Blueprint

from api.schemas import ListsResponseSchema, RulesResponseSchema
from api.state import state
from screening.rulebook import REASON_CODES

blp = Blueprint("catalog", __name__, url_prefix="/v1", description="Loaded lists and rules")


@blp.route("/lists", methods=["GET"])
@blp.response(200, ListsResponseSchema)
def lists() -> dict[str, Any]:
    """The loaded lists: source, name, publisher, version, entry count, sha256"""
    engine = state().require_engine()
    return {
        "lists": [
            {
                "source": li.source,
                "name": li.name,
                "publisher": li.publisher,
                "version": li.version,
                "entries": li.entries,
                "sha256": li.sha256,
                "loaded_at": li.loaded_at,
                "url": li.url,
            }
            for li in engine.lists
        ]
    }


@blp.route("/rules", methods=["GET"])
@blp.response(200, RulesResponseSchema)
def rules() -> dict[str, Any]:
    """The loaded rules: version, packs, reason codes, and each rule with its citation"""
    rb = state().require_engine().rulebook
    return {
        "rules_version": rb.version,
        "packs": [asdict(p) for p in rb.packs],
        "reason_codes": REASON_CODES,
        "rules": [
            {
                "id": r.id,
                "pack": r.pack,
                "scope": r.scope,
                "category": r.category,
                "title": r.title,
                "regime": list(r.regime),
                "citation": r.citation,
                "severity": r.severity.value,
                "code": r.code,
                "rationale": r.rationale,
                "tags": list(r.tags),
            }
            for r in rb.rules
        ],
    }
