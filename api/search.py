"""GET /v1/search: party search for curl users."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from api.schemas import SearchArgsSchema, SearchResponseSchema
from api.state import state
from screening import __version__
from screening.model import Snapshot
from screening.present import match_dict, snapshot_dict

blp = Blueprint("search", __name__, url_prefix="/v1/search", description="Search the lists by name")


@blp.route("", methods=["GET"])
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchResponseSchema)
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Search one name against the loaded lists

    Returns the matching list entries best first, in the same format as the
    matches of a screening, each with its explanation.
    """
    engine = state().require_engine()
    matches = engine.matcher.match_names(
        (args["name"],),
        type_=args["type"],
        country=args.get("country"),
        sources=(args["source"],) if args.get("source") else (),
        threshold=args.get("threshold"),
        limit=args["limit"],
    )
    snap = Snapshot(engine.lists, engine.rulebook.version, __version__)
    return {"matches": [match_dict(m, engine.lists) for m in matches], "snapshot": snapshot_dict(snap)}
