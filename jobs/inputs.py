"""Batch input: CSV (one row per party, or one row per shipment line), JSON
lines (one shipment per line) or a JSON array of shipments, turned into rows.

Each row is a plain dict in the shape of the POST /v1/screenings body, with its
row number; a row that cannot even be read becomes an error row, so that it is
reported in its result line and never silently dropped. Validation of the
contents happens when the row is screened.

Documented CSV columns (header row required, UTF-8, comma):

Parties, one row per party (detected by a `name` column):
    name (required), role, type, country, aliases (separated by ";"), address,
    identifiers ("SCHEME:VALUE" separated by ";"), reference

Shipment lines, one row per item (detected by a `description` column); rows
with the same `reference` next to each other form one shipment:
    reference, description (required), hs_code, eccn, quantity, unit, value,
    currency, origin, destination, transit (separated by ";" or spaces),
    end_use, and for each role in exporter, buyer, consignee,
    intermediate_consignee, end_user, freight_forwarder: <role>,
    <role>_country, <role>_address
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PARTY_COLUMNS = {"name", "role", "type", "country", "aliases", "address", "identifiers", "reference"}
LINE_ROLES = ("exporter", "buyer", "consignee", "intermediate_consignee", "end_user", "freight_forwarder")
ITEM_COLUMNS = {"description", "hs_code", "eccn", "quantity", "unit", "value", "currency"}
SHIPMENT_COLUMNS = (
    {"reference", "origin", "destination", "transit", "end_use"}
    | ITEM_COLUMNS
    | {f"{r}{s}" for r in LINE_ROLES for s in ("", "_country", "_address")}
)

MEDIA_CSV = "text/csv"
MEDIA_NDJSON = ("application/x-ndjson", "application/jsonl", "application/json-lines", "application/ndjson")
MEDIA_JSON = "application/json"


class InputError(ValueError):
    """The upload as a whole cannot be read (not per row)."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Row:
    """One unit of work: `rows` are the input row numbers it came from (1-based,
    not counting a CSV header); `data` the shipment body, or `error`."""

    rows: list[int]
    kind: str  # "party" | "shipment"
    data: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    reference: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "kind": self.kind, "data": self.data, "error": self.error,
                "reference": self.reference}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Row:
        return cls(rows=d["rows"], kind=d["kind"], data=d.get("data"), error=d.get("error"),
                   reference=d.get("reference"))


def _split(value: str) -> list[str]:
    parts = [p.strip() for p in value.replace("|", ";").split(";")]
    return [p for p in parts if p]


def _num(value: str) -> Any:
    """A number where the cell holds one; anything else is passed on as text for
    validation to reject with the field name."""
    value = value.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return value


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [])}


def _party_row(n: int, rec: dict[str, str]) -> Row:
    data: dict[str, Any] = {"role": rec.get("role") or "other", "name": rec.get("name", "")}
    if rec.get("type"):
        data["type"] = rec["type"]
    if rec.get("country"):
        data["country"] = rec["country"]
    if rec.get("address"):
        data["address"] = rec["address"]
    if rec.get("aliases"):
        data["aliases"] = _split(rec["aliases"])
    if rec.get("identifiers"):
        idents = []
        for part in _split(rec["identifiers"]):
            scheme, _, value = part.partition(":")
            if value:
                idents.append({"scheme": scheme.strip(), "value": value.strip()})
            else:
                idents.append({"scheme": "ID", "value": scheme})
        data["identifiers"] = idents
    ref = rec.get("reference") or None
    body: dict[str, Any] = {"parties": [data]}
    if ref:
        body["reference"] = ref
    return Row(rows=[n], kind="party", data=body, reference=ref)


def _line_item(rec: dict[str, str]) -> dict[str, Any]:
    return _clean(
        {
            "description": rec.get("description", ""),
            "hs_code": rec.get("hs_code"),
            "eccn": rec.get("eccn"),
            "quantity": _num(rec.get("quantity", "")),
            "unit": rec.get("unit"),
            "value": _num(rec.get("value", "")),
            "currency": rec.get("currency"),
        }
    ) | {"description": rec.get("description", "")}


def _line_shipment(rec: dict[str, str]) -> dict[str, Any]:
    parties = []
    for role in LINE_ROLES:
        if rec.get(role):
            parties.append(_clean({"role": role, "name": rec[role], "country": rec.get(f"{role}_country"),
                                   "address": rec.get(f"{role}_address")}))
    body: dict[str, Any] = {"parties": parties, "items": []}
    if rec.get("destination") or rec.get("origin") or rec.get("transit"):
        body["route"] = _clean({"origin": rec.get("origin"), "destination": rec.get("destination"),
                                "transit": _split(rec.get("transit", "").replace(" ", ";"))})
    if rec.get("reference"):
        body["reference"] = rec["reference"]
    if rec.get("end_use"):
        body["end_use"] = rec["end_use"]
    return body


def read_csv(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError("The CSV file is empty.") from None
    except csv.Error as exc:
        raise InputError(f"The CSV header cannot be read: {exc}.") from None
    if "name" in header and "description" not in header:
        kind, known = "party", PARTY_COLUMNS
    elif "description" in header:
        kind, known = "shipment", SHIPMENT_COLUMNS
    else:
        raise InputError("A CSV needs a 'name' column (parties) or a 'description' column (shipment lines).")
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(f"Unknown CSV column(s): {', '.join(unknown)}.", field="header")
    if len(set(header)) != len(header):
        raise InputError("A CSV column appears twice.", field="header")
    current: Row | None = None
    n = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            yield Row(rows=[n], kind=kind, error={"field": "row", "message": f"CSV cannot be read: {exc}"})
            continue
        n += 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            if current is not None:
                yield current
                current = None
            yield Row(rows=[n], kind=kind, error={"field": "row",
                      "message": f"{len(values)} values for {len(header)} columns"})
            continue
        rec = {h: v.strip() for h, v in zip(header, values, strict=True)}
        if kind == "party":
            yield _party_row(n, rec)
            continue
        ref = rec.get("reference") or None
        if current is not None and ref and current.reference == ref:
            current.rows.append(n)
            assert current.data is not None
            current.data["items"].append(_line_item(rec))
            continue
        if current is not None:
            yield current
        body = _line_shipment(rec)
        body["items"].append(_line_item(rec))
        current = Row(rows=[n], kind="shipment", data=body, reference=ref)
    if current is not None:
        yield current


def read_ndjson(text: str) -> Iterator[Row]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Row(rows=[n], kind="shipment", error={"field": "line", "message": f"not valid JSON: {exc}"})
            continue
        yield _json_row(n, data)


def read_json_array(text: str) -> Iterator[Row]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"The body is not valid JSON: {exc}.") from None
    if not isinstance(data, list):
        raise InputError("A JSON body must be an array of shipments.")
    for n, item in enumerate(data, start=1):
        yield _json_row(n, item)


def _json_row(n: int, data: Any) -> Row:
    if not isinstance(data, dict):
        return Row(rows=[n], kind="shipment", error={"field": "row", "message": "each shipment must be a JSON object"})
    ref = data.get("reference") if isinstance(data.get("reference"), str) else None
    return Row(rows=[n], kind="shipment", data=data, reference=ref)


def read_rows(body: bytes, media_type: str) -> Iterator[Row]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"The body is not UTF-8 (byte {exc.start}).") from None
    if media_type == MEDIA_CSV:
        return read_csv(text)
    if media_type in MEDIA_NDJSON:
        return read_ndjson(text)
    if media_type == MEDIA_JSON:
        return read_json_array(text)
    raise InputError(f"Unsupported media type {media_type}.")
