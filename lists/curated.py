"""The curated list format: readable YAML written and reviewed by people.

Used for the sample list that ships with the project (lists/data/sample.yaml)
and for a company's internal list (its own denied parties, firms named in press
reports). The format is documented in lists/README.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from lists.errors import ListError
from screening.model import PARTY_TYPES, REGIMES, EntryName, Identifier, ListEntry, ListInfo

HEADER_KEYS = {"source", "name", "publisher", "version", "description", "url", "entries"}
ENTRY_KEYS = {
    "id",
    "list",
    "regime",
    "type",
    "name",
    "aliases",
    "weak_aliases",
    "countries",
    "addresses",
    "programs",
    "identifiers",
    "citation",
    "url",
    "remarks",
    "severity",
}
REQUIRED = ("id", "list", "name", "type", "countries", "citation")
_ISO2 = re.compile(r"^[A-Z]{2}$")


def _strings(value: Any, where: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ListError(path, "expected a list of non-empty strings", where)
    return tuple(v.strip() for v in value)


def parse_entry(raw: Any, source: str, path: str, where: str) -> ListEntry:
    if not isinstance(raw, Mapping):
        raise ListError(path, "each entry must be a mapping", where)
    extra = set(raw) - ENTRY_KEYS
    if extra:
        raise ListError(path, f"unknown key(s) {sorted(extra)}", where)
    missing = [k for k in REQUIRED if not raw.get(k)]
    if missing:
        raise ListError(path, f"missing {missing}", where)
    if raw["type"] not in PARTY_TYPES:
        raise ListError(path, f"type must be one of {PARTY_TYPES}", where)
    countries = _strings(raw.get("countries"), where, path)
    bad = [c for c in countries if not _ISO2.match(c)]
    if bad:
        raise ListError(path, f"countries must be ISO 3166-1 alpha-2 codes, not {bad}", where)
    regime = raw.get("regime")
    if regime is not None and regime not in REGIMES:
        raise ListError(path, f"regime must be one of {REGIMES}", where)
    severity = raw.get("severity")
    if severity is not None and severity not in ("block", "review", "info"):
        raise ListError(path, "severity must be block, review or info", where)
    names = [EntryName(str(raw["name"]).strip(), "primary")]
    names += [EntryName(a, "alias") for a in _strings(raw.get("aliases"), where, path)]
    names += [EntryName(a, "weak") for a in _strings(raw.get("weak_aliases"), where, path)]
    idents = []
    for i, ident in enumerate(raw.get("identifiers") or []):
        if not isinstance(ident, Mapping) or set(ident) != {"scheme", "value"}:
            raise ListError(path, f"identifiers[{i}] needs exactly scheme and value", where)
        idents.append(Identifier(str(ident["scheme"]), str(ident["value"])))
    return ListEntry(
        source=source,
        entry_id=str(raw["id"]),
        list_name=str(raw["list"]),
        names=tuple(names),
        type=str(raw["type"]),
        countries=countries,
        programs=_strings(raw.get("programs"), where, path),
        addresses=_strings(raw.get("addresses"), where, path),
        identifiers=tuple(idents),
        citation=str(raw["citation"]),
        regime=regime,
        url=raw.get("url"),
        remarks=raw.get("remarks"),
        severity=severity,
        raw=dict(raw),
    )


def load_curated(path: str | Path, expected_source: str | None = None) -> tuple[ListInfo, list[ListEntry]]:
    """Read one curated list file; raise ListError naming the entry at fault."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ListError(str(p), f"cannot read: {exc.strerror}") from exc
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ListError(str(p), f"not a valid UTF-8 YAML file: {exc}") from exc
    if not isinstance(doc, Mapping):
        raise ListError(str(p), "expected a mapping with source, name, publisher, version and entries")
    extra = set(doc) - HEADER_KEYS
    if extra:
        raise ListError(str(p), f"unknown header key(s) {sorted(extra)}")
    for key in ("source", "name", "publisher", "version", "entries"):
        if not doc.get(key):
            raise ListError(str(p), f"header '{key}' is missing or empty")
    source = str(doc["source"])
    if expected_source and source != expected_source:
        raise ListError(str(p), f"declares source {source!r}, expected {expected_source!r}")
    if not isinstance(doc["entries"], list):
        raise ListError(str(p), "'entries' must be a list")
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc["entries"]):
        where = f"entries[{i}]" + (f" (id {raw.get('id')})" if isinstance(raw, Mapping) else "")
        entry = parse_entry(raw, source, str(p), where)
        if entry.entry_id in seen:
            raise ListError(str(p), f"duplicate id {entry.entry_id}", where)
        seen.add(entry.entry_id)
        entries.append(entry)
    info = ListInfo(
        source=source,
        name=str(doc["name"]),
        publisher=str(doc["publisher"]),
        version=str(doc["version"]),
        entries=len(entries),
        sha256=hashlib.sha256(data).hexdigest(),
        loaded_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        url=doc.get("url"),
    )
    return info, entries
