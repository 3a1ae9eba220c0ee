"""Screening the rows of a batch job: the same screen() the API calls, one
result line per input row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from jobs.inputs import Row
from screening.build import shipment_from
from screening.decisions import DecisionBook
from screening.engine import screen
from screening.match import Matcher
from screening.present import result_dict
from tradescreen.runtime import Engine

# Validates a row body: returns (clean body, []) or (None, [{field, message}]).
Validator = Callable[[dict[str, Any]], tuple[dict[str, Any] | None, list[dict[str, str]]]]


def error_line(row: int, errors: list[dict[str, str]], reference: str | None = None) -> dict[str, Any]:
    return {"row": row, "reference": reference, "status": "error", "errors": errors}


def screen_rows(
    rows: Iterable[Row],
    engine: Engine,
    validate: Validator,
    *,
    job_id: str,
    screened_at: str,
    matcher: Matcher | Any = None,
    decisions: DecisionBook | None = None,
    audit: Any = None,
) -> list[dict[str, Any]]:
    """Result lines for `rows`, one per input row, in input order. With an
    `audit` store, every screening is recorded (channel "job")."""
    out: list[dict[str, Any]] = []
    records: list[tuple[dict[str, Any], dict[str, Any]]] = []
    rows = list(rows)
    validated = [(row, *validate(row.data)) if row.data is not None and row.error is None else (row, None, [])
                 for row in rows]
    prefetch = getattr(matcher, "prefetch", None)
    if prefetch is not None:
        # One round trip for the cached party matches of the whole chunk.
        prefetch([
            {"names": (p["name"], *(p.get("aliases") or ())), "type_": p.get("type") or "unknown",
             "country": p.get("country"), "identifiers": tuple(i["value"] for i in p.get("identifiers") or ()),
             "sources": (), "regimes": tuple(body.get("regimes") or ()), "threshold": None, "limit": 10}
            for _, body, _ in validated if body is not None for p in body["parties"]
        ])
    for row, body, errors in validated:
        if row.error is not None:
            out.extend(error_line(n, [row.error], row.reference) for n in row.rows)
            continue
        if body is None:
            out.extend(error_line(n, errors, row.reference) for n in row.rows)
            continue
        shipment = shipment_from(body)
        result = screen(shipment, index=engine.index, rulebook=engine.rulebook,
                        matcher=matcher or engine.matcher, decisions=decisions)
        full = result_dict(result, id=f"{job_id}:{row.rows[0]}", reference=shipment.reference,
                           screened_at=screened_at)
        records.append((full, body))
        if row.kind == "party":
            party = full["parties"][0]
            out.append(
                {
                    "row": row.rows[0],
                    "reference": shipment.reference,
                    "status": "ok",
                    "name": party["name"],
                    "verdict": full["verdict"],
                    "risk_score": full["risk_score"],
                    "summary": full["summary"],
                    "reasons": full["reasons"],
                    "matches": party["matches"],
                }
            )
        elif len(row.rows) == 1:
            out.append({"row": row.rows[0], "status": "ok", **full})
        else:
            # Shipment lines from CSV: every input row gets the shipment's verdict
            # and its own item's controls; shipment-wide reasons are on each line.
            for item_index, n in enumerate(row.rows):
                out.append(
                    {
                        "row": n,
                        "status": "ok",
                        "reference": shipment.reference,
                        "shipment_rows": row.rows,
                        "verdict": full["verdict"],
                        "risk_score": full["risk_score"],
                        "summary": full["summary"],
                        "reasons": [r for r in full["reasons"] if r["item"] in (None, item_index)],
                        "parties": full["parties"],
                        "item": full["items"][item_index],
                        "snapshot": full["snapshot"],
                    }
                )
    flush = getattr(matcher, "flush", None)
    if flush is not None:
        flush()
    if audit is not None and records:
        audit.record_many(records, "job")
    return out


def count(lines: Iterable[dict[str, Any]]) -> dict[str, int]:
    c = {"done": 0, "clear": 0, "review": 0, "block": 0, "errors": 0}
    for line in lines:
        c["done"] += 1
        if line.get("status") == "error":
            c["errors"] += 1
        else:
            c[line["verdict"]] += 1
    return c
