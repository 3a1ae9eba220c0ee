"""Decisions on matches: a false positive reviewed once stays suppressed, until
the list entry changes or the decision expires."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from screening.model import Decision, ListEntry, PartyMatch
from screening.normalize import normalize_name


def party_identity(name: str, type_: str = "unknown", country: str | None = None) -> str:
    """A party's normalised identity: its name tokens (in order-free form), type
    and country. Two spellings that normalise alike are the same party."""
    tokens = " ".join(sorted(normalize_name(name, type_ == "person").tokens))
    return hashlib.sha256(f"{tokens}|{type_}|{country or ''}".encode()).hexdigest()[:32]


def entry_fingerprint(entry: ListEntry) -> str:
    """Hash of what a list entry says about the party (names, type, countries,
    programmes, identifiers, list). A change to any of them is a new entry for
    the purpose of a decision."""
    content = {
        "list": entry.list_name,
        "names": sorted((n.value, n.kind) for n in entry.names),
        "type": entry.type,
        "countries": sorted(entry.countries),
        "programs": sorted(entry.programs),
        "identifiers": sorted((i.scheme, i.value) for i in entry.identifiers),
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


class DecisionBook(Protocol):
    def find(self, party_identity: str, entry_key: str) -> Decision | None: ...


def applicable(decision: Decision | None, entry: ListEntry, now: datetime) -> Decision | None:
    if decision is None:
        return None
    if decision.entry_fingerprint != entry_fingerprint(entry):
        return None
    if decision.expires_at and decision.expires_at <= now.strftime("%Y-%m-%dT%H:%M:%SZ"):
        return None
    return decision


def attach(
    matches: list[PartyMatch], identity: str, book: DecisionBook | None, now: datetime
) -> list[PartyMatch]:
    if book is None:
        return matches
    out = []
    for m in matches:
        d = applicable(book.find(identity, m.entry.key), m.entry, now)
        out.append(replace(m, decision=d) if d else m)
    return out
