"""trade.gov Consolidated Screening List (CSL): the export screening lists of
the Departments of Commerce, State and the Treasury in one file.

Input formats, chosen by content:

- CSV (consolidated.csv, or gzipped): a header row with 29 columns
  `_id, source, entity_number, type, programs, name, title, addresses,
  federal_register_notice, start_date, end_date, standard_order,
  license_requirement, license_policy, call_sign, vessel_type, gross_tonnage,
  gross_registered_tonnage, vessel_flag, vessel_owner, remarks,
  source_list_url, alt_names, citizenships, dates_of_birth, nationalities,
  places_of_birth, source_information_url, ids`. UTF-8 (a BOM is dropped);
  fields may hold line breaks. Multi-valued fields are joined with "; ", and
  the Entity List writes the last item "; and X".
- JSON as the CSL API and the downloadable consolidated.json give it:
  {"results": [...]} with the same field names (`id` or `_id`), where
  addresses are objects {address, city, state, postal_code, country}, ids are
  objects {type, number, country, issue_date, expiration_date} and the other
  multi-valued fields are lists (a "; "-joined string is accepted too).

Decisions:
- One entry per record; list_name is the record's own list (the `source`
  column, e.g. "Entity List (EL) - Bureau of Industry and Security").
- entry_id is `_id`. OFAC entities on several lists (SDN and SSI, SDN and
  CAPTA...) are in the CSL once per list with the same `_id`: those entries get
  "<_id>/<list code>" (e.g. "18741/SSI") so that every entry key is unique. A
  record repeating another of the same list and `_id` whose content differs
  only in the URL columns is skipped with a warning.
- Names: `name` is primary; the suffix "and any successor, sub-unit, or
  subsidiary thereof" (State Department lists) is cut from it (the full name
  stays in raw). alt_names split on ";" ("; and X" -> X) are aliases.
- addresses split on ";" ("; and" too); an "address" that is only a country
  code ("SY") is a country, not an address. countries: the ISO code that ends
  each address, nationalities, citizenships and the vessel flag.
- ids: "<country>, <dates...>, <number>, <type>" items; only identifier types
  become Identifiers (see _common.ID_SCHEMES); IMO numbers get scheme "IMO".
- type: Individual -> person, Entity -> organization, Vessel, Aircraft; empty
  (the BIS and State lists) -> unknown.
- citation: the list's legal basis, the Federal Register notice, the licence
  requirement and policy, and the programmes, e.g. "Entity List (15 CFR 744
  Supp. 4); 84 FR 22963; licence requirement: For all items subject to the
  EAR; policy: presumption of denial".
- The CSL states no publication date: version is None (the caller uses the
  file's date).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    check_columns,
    clean,
    csv_records,
    decode,
    entry_names,
    first_line,
    first_record,
    identifier,
    read_bytes,
    reject_html,
    split_list,
    unique,
)
from lists.sources._ofac import cite_programs
from lists.sources.base import Parsed
from screening.model import Identifier, ListEntry

SOURCE = "us_csl"
TITLE = "Consolidated Screening List (CSL)"
PUBLISHER = "U.S. Department of Commerce, International Trade Administration (trade.gov)"

COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
REQUIRED = ("_id", "source", "name")
URL_COLUMNS = {"source_list_url", "source_information_url"}

TYPES = {"individual": "person", "entity": "organization", "vessel": "vessel", "aircraft": "aircraft"}

# List code (in parentheses in the source column) -> how the list is cited.
LIST_BASIS = {
    "EL": "Entity List (15 CFR 744 Supp. 4)",
    "MEU": "Military End-User List (15 CFR 744 Supp. 7)",
    "UVL": "Unverified List (15 CFR 744 Supp. 6)",
    "DPL": "Denied Persons List (15 CFR 764.3)",
    "SDN": "OFAC SDN List",
    "SSI": "OFAC Sectoral Sanctions Identifications List (EO 13662 directives)",
    "FSE": "OFAC Foreign Sanctions Evaders List (EO 13608)",
    "PLC": "OFAC Non-SDN Palestinian Legislative Council List",
    "CAP": "OFAC CAPTA List (correspondent and payable-through account sanctions)",
    "NS-MBS LIST": "OFAC Non-SDN Menu-Based Sanctions List",
    "CMIC": (
        "OFAC Non-SDN Chinese Military-Industrial Complex Companies List (EO 13959 as amended by EO 14032)"
    ),
    "DTC": "ITAR Debarred Parties (22 CFR 127.7)",
    "ISN": "State Department Nonproliferation Sanctions",
}
_CODE = re.compile(r"\(([^()]+)\)")
_SUFFIX = re.compile(
    r"[;,]?\s+(?:and\s+any\s+successor,?\s+sub-unit,?\s+or\s+subsidiary\s+thereof"
    r"|and\s+its\s+sub-units\s+and\s+successors)\s*$",
    re.I,
)
_ADDR_CC = re.compile(r",\s*([A-Z]{2})\s*$")
_DATE_PART = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def list_code(source_col: str) -> str:
    m = _CODE.search(source_col)
    return m[1].strip() if m else clean(source_col)


def parse(path: Path) -> Parsed:
    path = Path(path)
    data = read_bytes(path)
    reject_html(path, data)
    warnings = Warnings()
    text = decode(path, data, warnings=warnings)
    if text.lstrip().startswith(("{", "[")):
        records = _json_records(path, text)
    else:
        records = _csv_records(path, text, warnings)
    entries = _entries(records, warnings)
    return Parsed(SOURCE, entries, None, warnings.lines(), [path])


# --------------------------------------------------------------------------- readers


def _csv_records(path: Path, text: str, warnings: Warnings) -> list[tuple[str, dict[str, Any]]]:
    head = first_record(text)
    if any(c not in head for c in REQUIRED):
        raise ListError(
            str(path),
            "not a Consolidated Screening List CSV: the first line is not a header with _id, source and name "
            f"(it reads {first_line(text)!r})",
            "line 1",
        )
    rows = list(csv_records(path, text))
    if not rows:
        raise ListError(str(path), "the file is empty")
    hline, header = rows[0]
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListError(
            str(path),
            f"not a Consolidated Screening List CSV: the header lacks {', '.join(missing)} "
            f"(first line: {first_line(text)!r})",
            f"line {hline}",
        )
    extra = [h for h in header if h not in COLUMNS]
    if extra:
        warnings.add("unexpected columns", f"{', '.join(extra)} (kept in raw only)")
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        warnings.add("missing columns", f"{', '.join(absent)} (read as empty)")
    out = []
    for i, (line, row) in enumerate(rows[1:], 1):
        if not check_columns(path, line, row, len(header), i == len(rows) - 1, warnings):
            continue
        out.append((f"line {line}", dict(zip(header, row, strict=True))))
    if not out:
        raise ListError(str(path), "a header but no records", f"line {hline}")
    return out


def _json_records(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        why = (
            "the JSON ends early: the file is truncated"
            if exc.pos >= len(text.rstrip())
            else "not valid JSON"
        )
        raise ListError(str(path), f"{why} ({exc.msg})", f"line {exc.lineno}, column {exc.colno}") from exc
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise ListError(str(path), 'not a Consolidated Screening List JSON file: no "results" list')
    out = []
    for i, rec in enumerate(results):
        if not isinstance(rec, dict):
            raise ListError(str(path), "each result must be an object", f"results[{i}]")
        rec = dict(rec)
        if "_id" not in rec and "id" in rec:
            rec["_id"] = rec["id"]
        out.append((f"results[{i}]", rec))
    if not out:
        raise ListError(str(path), 'the "results" list is empty')
    return out


# --------------------------------------------------------------------------- values


def _items(value: Any, warnings: Warnings, where: str) -> list[str]:
    """A multi-valued field as a list of strings ("A; B; and C" or a JSON list)."""
    if value is None:
        return []
    if isinstance(value, list):
        items, corrected = split_list(";".join(clean(v) for v in value))
    else:
        items, corrected = split_list(str(value))
    if corrected:
        warnings.add("corrections", f"{where}: '; and' list split into separate items")
    return items


def _addresses(value: Any, warnings: Warnings, where: str) -> tuple[list[str], list[str | None]]:
    lines: list[str] = []
    ctry: list[str | None] = []
    if isinstance(value, list):
        for a in value:
            if isinstance(a, dict):
                parts = [clean(a.get(k)) for k in ("address", "city", "state", "postal_code", "country")]
                one = ", ".join(p for p in parts if p)
                ctry.append(countries.to_iso2(clean(a.get("country"))) if a.get("country") else None)
            else:
                one = clean(a)
                m = _ADDR_CC.search(one)
                ctry.append(m[1] if m and countries.is_iso2(m[1]) else None)
            if one:
                lines.append(one)
        return lines, ctry
    for one in _items(value, warnings, where):
        m = _ADDR_CC.search(one)
        if m and countries.is_iso2(m[1]):
            ctry.append(m[1])
        if len(one) == 2 and countries.is_iso2(one.upper()):
            # An "address" that is only a country code: a country, not an address.
            ctry.append(one.upper())
            continue
        lines.append(one)
    return lines, ctry


def _ids(value: Any, warnings: Warnings, where: str) -> list[Identifier]:
    out: list[Identifier] = []
    if value is None or value == "":
        return out
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        for v in value:
            ident = identifier(clean(v.get("type")), clean(v.get("number")))
            if ident:
                out.append(ident)
        return out
    for item in _items(value, warnings, where):
        parts = [p.strip() for p in item.split(", ")]
        if len(parts) < 2:
            continue
        label, rest = parts[-1], parts[:-1]
        if len(rest) > 1 and countries.is_iso2(rest[0]):
            rest = rest[1:]
        rest = [p for p in rest if not _DATE_PART.match(p)] or rest
        ident = identifier(label, ", ".join(rest))
        if ident:
            out.append(ident)
    return out


def _citation(rec: dict[str, Any], code: str, programs: tuple[str, ...]) -> str:
    parts = [LIST_BASIS.get(code.upper(), clean(rec.get("source")))]
    fr = clean(rec.get("federal_register_notice"))
    if fr:
        parts.append(fr)
    req = clean(rec.get("license_requirement"))
    if req:
        parts.append(f"licence requirement: {req}")
    pol = clean(rec.get("license_policy"))
    if pol:
        parts.append(f"policy: {pol}")
    if programs:
        parts.append(f"programs: {cite_programs(programs)}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- entries


def _entries(records: list[tuple[str, dict[str, Any]]], warnings: Warnings) -> list[ListEntry]:
    # Records sharing an _id: the same OFAC entity on several lists.
    by_id: dict[str, set[str]] = defaultdict(set)
    for _, rec in records:
        by_id[clean(rec.get("_id"))].add(clean(rec.get("source")))
    entries: list[ListEntry] = []
    used_ids: set[str] = set()
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for where, rec in records:
        rid = clean(rec.get("_id"))
        name = clean(rec.get("name"))
        src = clean(rec.get("source"))
        if not rid or not name or not src:
            missing = [k for k, v in (("_id", rid), ("name", name), ("source", src)) if not v]
            warnings.add("rows skipped", f"{where}: no {', '.join(missing)}")
            continue
        code = list_code(src)
        key = (rid, src)
        if key in kept:
            prev = kept[key]
            same = all(
                clean(prev.get(k)) == clean(rec.get(k)) for k in set(prev) | set(rec) if k not in URL_COLUMNS
            )
            if same:
                warnings.add("rows skipped", f"{where}: repeats the record of _id {rid} on the {code} list")
                continue
        kept[key] = rec
        entry_id = rid if len(by_id[rid]) == 1 else f"{rid}/{code.replace(' ', '-')}"
        n = 2
        base = entry_id
        while entry_id in used_ids:
            entry_id = f"{base}-{n}"
            n += 1
        used_ids.add(entry_id)

        primary = _SUFFIX.sub("", name).strip(" ;,")
        aliases = _items(rec.get("alt_names"), warnings, where)
        if primary != name:
            warnings.add("corrections", f"{where}: 'and any successor...' suffix cut from the name {name!r}")
        programs = unique(_items(rec.get("programs"), warnings, where))
        addrs, addr_cc = _addresses(rec.get("addresses"), warnings, where)
        ctry: list[str | None] = list(addr_cc)
        for col in ("nationalities", "citizenships"):
            for c in _items(rec.get(col), warnings, where):
                code_c = countries.to_iso2(c)
                if code_c is None and not countries.is_no_country(c):
                    warnings.add("unknown countries", f"{where}: {col} value {c!r} not mapped")
                ctry.append(code_c)
        flag = clean(rec.get("vessel_flag"))
        if flag:
            flag_cc = countries.to_iso2(flag)
            if flag_cc is None and not countries.is_no_country(flag):
                warnings.add("unknown countries", f"{where}: vessel flag {flag!r} not mapped")
            ctry.append(flag_cc)
        idents = _ids(rec.get("ids"), warnings, where)
        rtype = clean(rec.get("type")).casefold()
        etype = TYPES.get(rtype, "unknown")
        if rtype and rtype not in TYPES:
            warnings.add("unexpected values", f"{where}: type {rec.get('type')!r} read as unknown")
        title = clean(rec.get("title"))
        remarks = "; ".join(p for p in (f"Title: {title}" if title else "", clean(rec.get("remarks"))) if p)
        url = clean(rec.get("source_information_url")) or clean(rec.get("source_list_url")) or None
        entries.append(
            ListEntry(
                source=SOURCE,
                entry_id=entry_id,
                list_name=src,
                names=entry_names(primary, aliases),
                type=etype,
                countries=unique(ctry),
                programs=programs,
                addresses=unique(addrs),
                identifiers=tuple(dict.fromkeys(idents)),
                citation=_citation(rec, code, programs),
                regime="US",
                url=url,
                remarks=remarks or None,
                raw=dict(rec),
            )
        )
    return entries
