"""What the service screens against: GET /v1/lists, POST /v1/lists/reload and GET /v1/rules."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

import redis
from flask_smorest import Blueprint

from api.auth import requires
from api.problems import ApiError
from api.schemas import ListsResponseSchema, RulesResponseSchema
from api.state import ServiceState, state
from jobs import notify
from lists.snapshots import SnapshotStore
from screening.rulebook import REASON_CODES

log = logging.getLogger("tradescreen.api")

blp = Blueprint("catalog", __name__, url_prefix="/v1", description="Loaded lists and rules")


def _lists(svc: ServiceState) -> dict[str, Any]:
    engine = svc.require_engine()
    store = SnapshotStore(svc.settings.data_dir)
    return {
        "generation": engine.generation or None,
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
                "last_update": store.last_attempt(li.source),
            }
            for li in engine.lists
        ],
        "load_errors": list(engine.load_errors),
    }


@blp.route("/lists", methods=["GET"])
@blp.response(200, ListsResponseSchema)
def lists() -> dict[str, Any]:
    """The loaded lists: source, name, publisher, version, entries, sha256, last update attempt"""
    return _lists(state())


@blp.route("/lists/reload", methods=["POST"])
@requires("admin")
@blp.response(200, ListsResponseSchema)
def reload() -> dict[str, Any]:
    """Reload lists and rules now, in this process and (through redis) in every other

    The switch is atomic: requests in flight finish on the old snapshot. If the
    new lists or rules cannot be loaded, the old ones keep serving and the
    answer is an error saying why.
    """
    svc = state()
    generation = SnapshotStore(svc.settings.data_dir).bump_generation()
    if svc.reload() is None:
        raise ApiError(f"Reload failed, the previous lists and rules keep serving: {svc.load_error}.")
    if svc.settings.redis_url:
        try:
            notify.announce(svc.settings.redis_url, generation, svc.settings.redis_prefix)
        except redis.RedisError as exc:
            log.warning("reload not announced to other processes: %s", exc)
    return _lists(svc)


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
