"""United Nations Security Council Consolidated List (consolidated.xml).

Format: <CONSOLIDATED_LIST dateGenerated="..."> with INDIVIDUALS/INDIVIDUAL
and ENTITIES/ENTITY records: DATAID, FIRST_NAME..FOURTH_NAME (an entity's
name is FIRST_NAME), UN_LIST_TYPE (the sanctions committee), REFERENCE_NUMBER,
LISTED_ON, NAME_ORIGINAL_SCRIPT, COMMENTS1, NATIONALITY/VALUE, *_ALIAS
(QUALITY, ALIAS_NAME), *_ADDRESS, INDIVIDUAL_DOCUMENT, dates and places of
birth. The version is the date part of dateGenerated.

Decisions:
- entry_id is DATAID; the primary name is FIRST..FOURTH_NAME joined by spaces
  (in the list's order: the UN writes given names first).
- NAME_ORIGINAL_SCRIPT (Arabic, Cyrillic...) is an alias.
- Alias QUALITY "Low" -> weak (exact match only); "Good", "a.k.a.", "f.k.a."
  and empty -> alias. An ALIAS_NAME holding several names ("A; B",
  "A; B b) C") is split into one alias each.
- Countries: NATIONALITY values and address countries, mapped from the UN's
  names ("Iran (Islamic Republic of)", "Türkiye") to ISO alpha-2.
- Identifiers: INDIVIDUAL_DOCUMENT numbers; the document type (TYPE_OF_DOCUMENT,
  or TYPE_OF_DOCUMENT2 when it is more precise) decides the scheme: Passport,
  National ID No., Birth Certificate Number, ...; other documents are
  "Identification Number".
- LISTED_ON sometimes carries a time zone ("2015-04-07-04:00"): the date part
  is kept, and the correction reported.
- citation: "UN Security Council Consolidated List; <UN_LIST_TYPE> sanctions;
  ref <REFERENCE_NUMBER>"; programs: (UN_LIST_TYPE,).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    clean,
    element_dict,
    identifier,
    iso_date,
    names_tuple,
    parse_xml,
    read_bytes,
    strip_ns,
    text,
    texts,
    unique,
)
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry

SOURCE = "un_sc"
TITLE = "United Nations Security Council Consolidated List"
PUBLISHER = "United Nations Security Council"

LIST_NAME = "UN Security Council Consolidated List"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
# UN_LIST_TYPE codes that are not self-explanatory.
COMMITTEES = {
    "GB": "Guinea-Bissau",
    "SouthSudan": "South Sudan",
    "CAR": "Central African Republic",
    "DRC": "Democratic Republic of the Congo",
}
COMMON = {
    "DATAID",
    "VERSIONNUM",
    "FIRST_NAME",
    "SECOND_NAME",
    "THIRD_NAME",
    "FOURTH_NAME",
    "UN_LIST_TYPE",
    "REFERENCE_NUMBER",
    "LISTED_ON",
    "NAME_ORIGINAL_SCRIPT",
    "COMMENTS1",
    "LIST_TYPE",
    "LAST_DAY_UPDATED",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
    "SUBMITTED_BY",
    "DELISTED_ON",
}
EXPECTED = {
    "INDIVIDUAL": COMMON
    | {
        "TITLE",
        "DESIGNATION",
        "NATIONALITY",
        "GENDER",
        "INDIVIDUAL_ALIAS",
        "INDIVIDUAL_ADDRESS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "INDIVIDUAL_DOCUMENT",
    },
    "ENTITY": COMMON | {"ENTITY_ALIAS", "ENTITY_ADDRESS"},
}
ALIAS_QUALITIES = {"good": "alias", "low": "weak", "a.k.a.": "alias", "f.k.a.": "alias", "": "alias"}
_ENUM = re.compile(r"\s+[a-z]\)\s+")


def parse(path: Path) -> Parsed:
    path = Path(path)
    data = read_bytes(path)
    root = parse_xml(path, data)
    ns = strip_ns(root)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListError(
            str(path),
            f"not the UN Security Council consolidated list: the root element is <{root.tag}>, "
            "expected <CONSOLIDATED_LIST>",
            "line 1",
        )
    warnings = Warnings()
    if ns:
        warnings.add("unexpected elements", f"CONSOLIDATED_LIST has a namespace {ns!r}")
    generated = root.get("dateGenerated", "")
    version = iso_date(generated[:10])
    if version is None:
        warnings.add("version", f"dateGenerated {generated!r} is not a date; no version")
    groups = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}
    for child in root:
        if child.tag not in groups:
            warnings.add("unexpected elements", f"<{child.tag}> under CONSOLIDATED_LIST")
    if root.find("INDIVIDUALS") is None and root.find("ENTITIES") is None:
        raise ListError(
            str(path), "no INDIVIDUALS or ENTITIES: not a complete consolidated list", "CONSOLIDATED_LIST"
        )
    entries: list[ListEntry] = []
    seen: set[str] = set()
    stats = {"low": 0, "split": 0, "listed_on": 0, "script": 0}
    for group, tag in groups.items():
        g = root.find(group)
        if g is None:
            warnings.add("missing elements", f"no <{group}>")
            continue
        for n, rec in enumerate(g, 1):
            if rec.tag != tag:
                warnings.add("unexpected elements", f"<{rec.tag}> in {group}")
                continue
            entry = _entry(rec, tag, n, warnings, stats, seen)
            if entry is not None:
                entries.append(entry)
    if stats["low"]:
        warnings.add(
            "corrections", f"{stats['low']} aliases of QUALITY Low kept as weak names (exact match only)"
        )
    if stats["split"]:
        warnings.add(
            "corrections", f"{stats['split']} ALIAS_NAME values holding several names split into aliases"
        )
    if stats["script"]:
        warnings.add("corrections", f"{stats['script']} NAME_ORIGINAL_SCRIPT names kept as aliases")
    if stats["listed_on"]:
        warnings.add(
            "corrections",
            f"{stats['listed_on']} LISTED_ON dates with a time zone suffix read as their date part",
        )
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])


def _entry(
    rec: Element, tag: str, n: int, warnings: Warnings, stats: dict[str, int], seen: set[str]
) -> ListEntry | None:
    dataid = text(rec, "DATAID")
    where = f"{tag} #{n} (DATAID {dataid})"
    for child in rec:
        if child.tag not in EXPECTED[tag]:
            warnings.add("unexpected elements", f"{where}: <{child.tag}>")
    if not dataid:
        warnings.add("rows skipped", f"{tag} #{n}: no DATAID")
        return None
    if dataid in seen:
        warnings.add("rows skipped", f"{where}: repeated DATAID")
        return None
    seen.add(dataid)
    parts = [text(rec, k) for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        warnings.add("rows skipped", f"{where}: no name")
        return None
    names = [EntryName(name, "primary")]
    original = text(rec, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(EntryName(original, "alias"))
        stats["script"] += 1
    for alias in rec.findall(f"{tag}_ALIAS"):
        value = text(alias, "ALIAS_NAME")
        if not value:
            continue
        quality = text(alias, "QUALITY")
        kind = ALIAS_QUALITIES.get(quality.casefold())
        if kind is None:
            warnings.add("unexpected values", f"{where}: alias QUALITY {quality!r} read as a good alias")
            kind = "alias"
        stats["low"] += kind == "weak"
        pieces = [clean(p) for p in re.split(r";|" + _ENUM.pattern, value) if clean(p)]
        if len(pieces) > 1:
            stats["split"] += 1
        names.extend(EntryName(p, kind) for p in pieces)
    ctry: list[str | None] = []
    for value in texts(rec, "NATIONALITY/VALUE"):
        ctry.append(_country(value, where, warnings))
    addrs: list[str] = []
    for a in rec.findall(f"{tag}_ADDRESS"):
        line = ", ".join(
            p for p in (text(a, k) for k in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")) if p
        )
        if line:
            addrs.append(line)
        if text(a, "COUNTRY"):
            ctry.append(_country(text(a, "COUNTRY"), where, warnings))
    idents = [i for i in (_document(d) for d in rec.findall("INDIVIDUAL_DOCUMENT")) if i]
    list_type = text(rec, "UN_LIST_TYPE")
    ref = text(rec, "REFERENCE_NUMBER")
    listed = text(rec, "LISTED_ON")
    if listed and iso_date(listed) is None:
        if iso_date(listed[:10]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}[-+]\d{2}:\d{2}", listed):
            stats["listed_on"] += 1
        else:
            warnings.add("impossible dates", f"{where}: LISTED_ON {listed!r} is not a date; kept as text")
    committee = COMMITTEES.get(list_type, list_type)
    citation = "; ".join(
        p
        for p in (LIST_NAME, f"{committee} sanctions" if committee else "", f"ref {ref}" if ref else "")
        if p
    )
    return ListEntry(
        source=SOURCE,
        entry_id=dataid,
        list_name=LIST_NAME,
        names=names_tuple(names),
        type="person" if tag == "INDIVIDUAL" else "organization",
        countries=unique(ctry),
        programs=(list_type,) if list_type else (),
        addresses=unique(addrs),
        identifiers=tuple(dict.fromkeys(idents)),
        citation=citation,
        regime="UN",
        url=URL,
        remarks=text(rec, "COMMENTS1") or None,
        raw=element_dict(rec),
    )


def _country(value: str, where: str, warnings: Warnings) -> str | None:
    code = countries.to_iso2(value)
    if code is None and not countries.is_no_country(value):
        warnings.add("unknown countries", f"{where}: {value!r} not mapped to a country code")
    return code


def _document(doc: Element) -> Identifier | None:
    number = text(doc, "NUMBER")
    if not number:
        return None
    kind = f"{text(doc, 'TYPE_OF_DOCUMENT')} {text(doc, 'TYPE_OF_DOCUMENT2')}".casefold()
    if "passport" in kind or "pasaporte" in kind or "passeport" in kind:
        scheme = "Passport"
    elif "birth certificate" in kind:
        scheme = "Birth Certificate Number"
    elif "driver" in kind:
        scheme = "Driver's License No."
    elif "fiscal code" in kind:
        scheme = "Italian Fiscal Code"
    elif "social security" in kind:
        scheme = "SSN"
    elif "identi" in kind or "national" in kind or "civil" in kind:
        scheme = "National ID No."
    else:
        scheme = "Identification Number"
    return identifier(scheme, number)
