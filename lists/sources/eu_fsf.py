"""EU consolidated list of persons, groups and entities subject to EU financial
sanctions (Financial Sanctions Files, FSF).

Two input formats, chosen by content:

- the official FSF XML (xmlFullSanctionsList_1_1, namespace
  http://eu.europa.ec/fpi/fsd/export): <export generationDate="..."> holding
  sanctionEntity elements (attributes logicalId, euReferenceNumber,
  unitedNationId, designationDate) with regulation (numberTitle, programme,
  publicationDate, publicationUrl), subjectType (code person / enterprise),
  nameAlias (wholeName, firstName, middleName, lastName, strong="true"/"false"),
  citizenship, birthdate, address, identification, remark. The version is the
  date part of generationDate.
- a THIRD-PARTY DERIVATION in JSON ({"meta": {source, count, timestamp},
  "data": [{id: "EU-<logicalId>", name, type INDIVIDUAL/ENTITY, details:
  {aliases[], birthDate, nationalities[], addresses[], identifications[]}}]}),
  as published by the jaesu74/SP project. It is accepted because it holds the
  same entities, but it is not the EU's format and loses information: no
  regulation or programme (the citation can only name the list and the
  entity), no strong/weak distinction (every alias is a good alias), and in
  the known file no countries, addresses or identifiers. The version is
  meta.timestamp. Every parse of it says so in a warning.

Decisions:
- entry_id is the EU logicalId (the JSON's "EU-13" -> "13", so both formats
  give the same ids). A logicalId that appears twice in the XML is one entity
  stated twice: its names, countries, addresses and identifiers are merged into
  the first, with a warning.
- Names: the first strong nameAlias is primary, other strong ones aliases,
  strong="false" ones weak. wholeName, or first/middle/last name joined.
- type: subjectType person -> person, enterprise -> organization.
- Countries: countryIso2Code of citizenship and address ("00" = unknown is
  dropped); the description is mapped when the code is missing.
- Identifiers: identification number (and latinNumber); passport -> Passport,
  id -> National ID No., imo -> IMO, swiftbic -> SWIFT/BIC, regnumber ->
  Registration Number, fiscalcode/tin -> Tax ID No., others -> Identification
  Number.
- citation: "EU Reg. <numberTitle> (programme <programme>); EU ref <euReferenceNumber>"
  (+ "; UN ref <unitedNationId>" for UN-derived listings); url: the
  regulation's publication in the Official Journal (EUR-Lex).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    clean,
    decode,
    element_dict,
    identifier,
    iso_date,
    names_tuple,
    parse_xml,
    read_bytes,
    reject_html,
    strip_ns,
    text,
    unique,
)
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry

SOURCE = "eu_fsf"
TITLE = "Consolidated list of persons, groups and entities subject to EU financial sanctions"
PUBLISHER = "European Commission (DG FISMA), Financial Sanctions Files"

LIST_NAME = "EU consolidated financial sanctions list"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ENTITY_CHILDREN = {
    "regulation",
    "subjectType",
    "nameAlias",
    "citizenship",
    "birthdate",
    "identification",
    "address",
    "remark",
}
SUBJECT_TYPES = {"person": "person", "enterprise": "organization"}
ID_TYPES = {
    "passport": "Passport",
    "id": "National ID No.",
    "swiftbic": "SWIFT/BIC",
    "regnumber": "Registration Number",
    "fiscalcode": "Tax ID No.",
    "tin": "Tax ID No.",
    "ssn": "SSN",
    "birthcert": "Birth Certificate Number",
}


def parse(path: Path) -> Parsed:
    path = Path(path)
    data = read_bytes(path)
    reject_html(path, data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return _parse_json(path, data)
    return _parse_xml(path, data)


# --------------------------------------------------------------------------- XML


def _parse_xml(path: Path, data: bytes) -> Parsed:
    root = parse_xml(path, data)
    ns = strip_ns(root)
    if root.tag != "export":
        raise ListError(
            str(path),
            f"not an EU Financial Sanctions Files XML: the root element is <{root.tag}>, expected <export>",
            "line 1",
        )
    warnings = Warnings()
    if ns != NAMESPACE:
        warnings.add("unexpected elements", f"export namespace {ns!r}, expected {NAMESPACE!r}")
    generated = root.get("generationDate", "")
    version = iso_date(generated[:10])
    if version is None:
        warnings.add("version", f"generationDate {generated!r} is not a date; no version")
    entries: list[ListEntry] = []
    index: dict[str, int] = {}
    weak = 0
    for child in root:
        if child.tag != "sanctionEntity":
            warnings.add("unexpected elements", f"<{child.tag}> under export")
    for n, ent in enumerate(root.findall("sanctionEntity"), 1):
        entry, w = _entity(ent, n, warnings)
        if entry is None:
            continue
        weak += w
        if entry.entry_id in index:
            i = index[entry.entry_id]
            entries[i] = _merge(entries[i], entry)
            warnings.add(
                "merged",
                f"sanctionEntity #{n}: logicalId {entry.entry_id} appears again; its names, countries, "
                "addresses and identifiers are merged into the first",
            )
            continue
        index[entry.entry_id] = len(entries)
        entries.append(entry)
    if not root.findall("sanctionEntity"):
        raise ListError(str(path), "no sanctionEntity elements", "export")
    if weak:
        warnings.add(
            "corrections", f'{weak} nameAlias with strong="false" kept as weak names (exact match only)'
        )
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])


def _merge(first: ListEntry, again: ListEntry) -> ListEntry:
    names = list(first.names) + [
        EntryName(n.value, "alias" if n.kind == "primary" else n.kind) for n in again.names
    ]
    raw = dict(first.raw)
    raw.setdefault("repeated", []).append(dict(again.raw))
    return replace(
        first,
        names=names_tuple(names),
        countries=unique([*first.countries, *again.countries]),
        programs=unique([*first.programs, *again.programs]),
        addresses=unique([*first.addresses, *again.addresses]),
        identifiers=tuple(dict.fromkeys([*first.identifiers, *again.identifiers])),
        raw=raw,
    )


def _entity(ent: Element, n: int, warnings: Warnings) -> tuple[ListEntry | None, int]:
    lid = ent.get("logicalId", "").strip()
    where = f"sanctionEntity #{n} (logicalId {lid})"
    for child in ent:
        if child.tag not in ENTITY_CHILDREN:
            warnings.add("unexpected elements", f"{where}: <{child.tag}>")
    if not lid:
        warnings.add("rows skipped", f"sanctionEntity #{n}: no logicalId")
        return None, 0
    names: list[EntryName] = []
    weak = 0
    for na in ent.findall("nameAlias"):
        whole = clean(na.get("wholeName")) or " ".join(
            p for p in (clean(na.get(k)) for k in ("firstName", "middleName", "lastName")) if p
        )
        if not whole:
            continue
        strong = (na.get("strong") or "true").strip().casefold() != "false"
        if not strong:
            weak += 1
            names.append(EntryName(whole, "weak"))
        elif not any(x.kind == "primary" for x in names):
            names.append(EntryName(whole, "primary"))
        else:
            names.append(EntryName(whole, "alias"))
    if not names:
        warnings.add("rows skipped", f"{where}: no name")
        return None, 0
    if not any(x.kind == "primary" for x in names):
        warnings.add("corrections", f"{where}: no strong name; the first weak name is used as the name")
        names[0] = EntryName(names[0].value, "primary")
    st = ent.find("subjectType")
    code = (st.get("code", "") if st is not None else "").strip().casefold()
    etype = SUBJECT_TYPES.get(code, "unknown")
    if code not in SUBJECT_TYPES:
        warnings.add("unexpected values", f"{where}: subjectType {code!r} read as unknown")
    ctry: list[str | None] = []
    for c in ent.findall("citizenship"):
        ctry.append(_country(c, where, warnings))
    addrs: list[str] = []
    for a in ent.findall("address"):
        parts = [clean(a.get(k)) for k in ("street", "poBox", "place", "city", "zipCode", "region")]
        desc = clean(a.get("countryDescription"))
        if desc and desc.upper() != "UNKNOWN":
            parts.append(desc)
        line = ", ".join(p for p in parts if p)
        if line:
            addrs.append(line)
        ctry.append(_country(a, where, warnings))
    idents: list[Identifier] = []
    for i in ent.findall("identification"):
        idents.extend(_identifiers(i))
    regs = ent.findall("regulation")
    programs = unique(clean(r.get("programme")) for r in regs)
    cites = []
    url = None
    for r in regs:
        number = clean(r.get("numberTitle"))
        prog = clean(r.get("programme"))
        if number:
            cites.append(f"EU Reg. {number}" + (f" (programme {prog})" if prog else ""))
        url = url or text(r, "publicationUrl") or None
    ref = clean(ent.get("euReferenceNumber"))
    un_ref = clean(ent.get("unitedNationId"))
    citation = "; ".join(
        [*unique(cites), *([f"EU ref {ref}"] if ref else []), *([f"UN ref {un_ref}"] if un_ref else [])]
    )
    designated = clean(ent.get("designationDate"))
    if designated and iso_date(designated) is None:
        warnings.add(
            "impossible dates", f"{where}: designationDate {designated!r} is not a date; kept as text"
        )
    remarks = "; ".join(clean(r.text) for r in ent.findall("remark") if clean(r.text))
    entry = ListEntry(
        source=SOURCE,
        entry_id=lid,
        list_name=LIST_NAME,
        names=names_tuple(names),
        type=etype,
        countries=unique(ctry),
        programs=programs,
        addresses=unique(addrs),
        identifiers=tuple(dict.fromkeys(idents)),
        citation=citation or LIST_NAME,
        regime="EU",
        url=url,
        remarks=remarks or None,
        raw=element_dict(ent),
    )
    return entry, weak


def _country(el: Element, where: str, warnings: Warnings) -> str | None:
    iso = clean(el.get("countryIso2Code")).upper()
    if iso and iso != "00":
        if countries.is_iso2(iso):
            return iso
        warnings.add("unknown countries", f"{where}: countryIso2Code {iso!r} is not an ISO code")
    desc = clean(el.get("countryDescription"))
    if not desc or desc.upper() == "UNKNOWN" or iso == "00":
        return None
    code = countries.to_iso2(desc)
    if code is None and not countries.is_no_country(desc):
        warnings.add("unknown countries", f"{where}: {desc!r} not mapped to a country code")
    return code


def _identifiers(el: Element) -> list[Identifier]:
    code = clean(el.get("identificationTypeCode")).casefold()
    out = []
    for number in unique([clean(el.get("number")), clean(el.get("latinNumber"))]):
        if code == "imo":
            digits = re.sub(r"\D", "", number)
            if len(digits) == 7:
                out.append(Identifier("IMO", digits))
            continue
        ident = identifier(ID_TYPES.get(code, "Identification Number"), number)
        if ident:
            out.append(ident)
    return out


# --------------------------------------------------------------------------- derived JSON


def _parse_json(path: Path, data: bytes) -> Parsed:
    warnings = Warnings()
    content = decode(path, data, warnings=warnings)
    try:
        doc = json.loads(content)
    except json.JSONDecodeError as exc:
        why = (
            "the JSON ends early: the file is truncated"
            if exc.pos >= len(content.rstrip())
            else "not valid JSON"
        )
        raise ListError(str(path), f"{why} ({exc.msg})", f"line {exc.lineno}, column {exc.colno}") from exc
    if (
        not isinstance(doc, dict)
        or not isinstance(doc.get("data"), list)
        or not isinstance(doc.get("meta"), dict)
    ):
        raise ListError(
            str(path), 'not the derived EU sanctions JSON: expected {"meta": {...}, "data": [...]}'
        )
    meta = doc["meta"]
    warnings.add(
        "format",
        "third-party JSON derived from the EU FSF (not the official XML): no regulation, programme, alias "
        "strength, and countries/identifiers only where the derivation kept them",
    )
    if clean(meta.get("source")).casefold() not in ("", "eu"):
        raise ListError(str(path), f"meta.source is {meta.get('source')!r}, not EU", "meta.source")
    version = iso_date(clean(meta.get("timestamp"))[:10])
    if version is None:
        warnings.add("version", f"meta.timestamp {meta.get('timestamp')!r} is not a date; no version")
    rows = doc["data"]
    count = meta.get("count")
    if isinstance(count, int) and count != len(rows):
        warnings.add("record count", f"meta.count says {count} entries, data holds {len(rows)}")
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"data[{i}]"
        if not isinstance(row, dict):
            raise ListError(str(path), "each data item must be an object", where)
        entry = _json_entry(row, where, warnings)
        if entry is None:
            continue
        if entry.entry_id in seen:
            warnings.add("rows skipped", f"{where}: repeated id {row.get('id')!r}")
            continue
        seen.add(entry.entry_id)
        entries.append(entry)
    if not entries:
        raise ListError(str(path), "no entries in data", "data")
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict):
                v = ", ".join(clean(x) for x in v.values() if clean(x))
            if clean(v):
                out.append(clean(v))
        return out
    return [clean(value)] if clean(value) else []


def _json_entry(row: dict[str, Any], where: str, warnings: Warnings) -> ListEntry | None:
    rid = clean(row.get("id"))
    name = clean(row.get("name"))
    if not rid or not name:
        warnings.add("rows skipped", f"{where}: no id or name")
        return None
    entry_id = rid[3:] if rid.upper().startswith("EU-") else rid
    details = row.get("details") if isinstance(row.get("details"), dict) else {}
    aliases = _strings(details.get("aliases"))
    rtype = clean(row.get("type")).casefold()
    etype = {"individual": "person", "entity": "organization", "person": "person"}.get(rtype, "unknown")
    if etype == "unknown":
        warnings.add("unexpected values", f"{where}: type {row.get('type')!r} read as unknown")
    ctry: list[str | None] = []
    for value in [*_strings(row.get("country")), *_strings(details.get("nationalities"))]:
        code = countries.to_iso2(value)
        if code is None and not countries.is_no_country(value):
            warnings.add("unknown countries", f"{where}: {value!r} not mapped")
        ctry.append(code)
    idents = []
    for value in _strings(details.get("identifications")):
        ident = identifier("Identification Number", value)
        if ident:
            idents.append(ident)
    programs = tuple(_strings(row.get("programs")))
    return ListEntry(
        source=SOURCE,
        entry_id=entry_id,
        list_name=LIST_NAME,
        names=names_tuple([EntryName(name, "primary"), *(EntryName(a, "alias") for a in aliases)]),
        type=etype,
        countries=unique(ctry),
        programs=programs,
        addresses=unique(_strings(details.get("addresses"))),
        identifiers=tuple(dict.fromkeys(idents)),
        citation=f"{LIST_NAME} (EU FSF), entity {entry_id}; regulation not stated in the derived JSON",
        regime="EU",
        url=None,
        remarks=None,
        raw=dict(row),
    )
