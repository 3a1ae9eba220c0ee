"""Build domain objects from plain mappings (already validated JSON, rule
examples, batch rows). Validation of untrusted input is the API schemas' job;
this only converts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from screening.model import Identifier, Item, Owner, Party, Route, Shipment


def owner_from(d: Mapping[str, Any]) -> Owner:
    return Owner(
        name=d["name"],
        share=float(d["share"]),
        country=d.get("country"),
        type=d.get("type") or "unknown",
        owners=tuple(owner_from(o) for o in d.get("owners") or ()),
    )


def party_from(d: Mapping[str, Any]) -> Party:
    return Party(
        role=d.get("role", "other"),
        name=d["name"],
        aliases=tuple(d.get("aliases") or ()),
        type=d.get("type") or "unknown",
        country=d.get("country"),
        address=d.get("address"),
        identifiers=tuple(Identifier(i["scheme"], i["value"]) for i in d.get("identifiers") or ()),
        owners=tuple(owner_from(o) for o in d.get("owners") or ()),
    )


def item_from(d: Mapping[str, Any]) -> Item:
    return Item(
        description=d["description"],
        hs_code=d.get("hs_code"),
        eccn=d.get("eccn"),
        quantity=d.get("quantity"),
        unit=d.get("unit"),
        value=d.get("value"),
        currency=d.get("currency"),
    )


def route_from(d: Mapping[str, Any] | None) -> Route | None:
    if not d:
        return None
    return Route(destination=d["destination"], origin=d.get("origin"), transit=tuple(d.get("transit") or ()))


def shipment_from(d: Mapping[str, Any]) -> Shipment:
    items = list(d.get("items") or ())
    if d.get("item"):
        items.insert(0, d["item"])
    return Shipment(
        parties=tuple(party_from(p) for p in d.get("parties") or ()),
        items=tuple(item_from(i) for i in items),
        route=route_from(d.get("route")),
        end_use=d.get("end_use"),
        reference=d.get("reference"),
        regimes=tuple(d.get("regimes") or ()),
    )
