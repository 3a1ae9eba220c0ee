"""UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets
(ConList.csv, the "2022 format").

Format: line 1 "Last Updated,<dd/mm/yyyy>", line 2 the header, then one row
per NAME of a target (and in older files one per name and date of birth):
Name 6 (the surname, or an entity's whole name), Name 1..5 (given names),
Title, Name Non-Latin Script, Non-Latin Script Type/Language, DOB, Town and
Country of Birth, Nationality, Passport Number/Details, National
Identification Number/Details, Position, Address 1..6, Post/Zip Code, Country,
Other Information, Group Type (Individual / Entity / Ship), Alias Type
("Primary Name" or, in older files, "Prime Alias"; "AKA"; "Primary Name
Variation"), Alias Quality, Regime, Listed On, UK Sanctions List Date
Designated, Last Updated, Group ID. UTF-8, a BOM is dropped. The version is
the date on line 1.

Decisions:
- All rows of one Group ID are one entry (entry_id = Group ID). Its primary
  name is the first "Primary Name"/"Prime Alias" row; other rows are aliases
  (Alias Quality "Low" -> weak). A group without a primary row takes its first
  name as primary, with a warning.
- Names are written given names first, surname last ("Kateryna Yuriyivna
  HUBARIEVA"), Title left out; Name Non-Latin Script is an alias.
- Dates of birth with a zero day or month ("00/00/1936", "10/00/1983") are
  kept as text in raw and reported.
- Countries: Nationality and address Country, mapped to ISO alpha-2 (a
  trailing remark in parentheses is ignored: "Pakistan (location as at May
  2008)"; demonyms such as "Pakistani" are understood).
- Identifiers: Passport Number -> Passport, National Identification Number
  -> National ID No.
- type: Individual -> person, Entity -> organization, Ship -> vessel.
- citation: "UK Sanctions List (OFSI); regime <Regime>".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    check_columns,
    clean,
    csv_records,
    decode,
    first_line,
    first_record,
    identifier,
    names_tuple,
    read_bytes,
    reject_html,
    unique,
)
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry

SOURCE = "uk_hmt"
TITLE = "Consolidated List of Financial Sanctions Targets in the UK"
PUBLISHER = "HM Treasury, Office of Financial Sanctions Implementation (OFSI)"

LIST_NAME = "UK Consolidated List of Financial Sanctions Targets (OFSI)"
URL = "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"
COLUMNS = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "NI Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
)
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Regime", "Group ID")
PRIMARY_TYPES = {"primary name", "prime alias"}
GROUP_TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}
_DMY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def _dmy(value: str) -> str | None:
    """dd/mm/yyyy -> ISO date, None when it is not a real date."""
    m = _DMY.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        return None


def parse(path: Path) -> Parsed:
    path = Path(path)
    data = read_bytes(path)
    reject_html(path, data)
    warnings = Warnings()
    text = decode(path, data, warnings=warnings)
    head = first_record(text)
    if not head or (clean(head[0]).casefold() != "last updated" and "Group ID" not in head):
        raise ListError(
            str(path),
            "not an OFSI consolidated list CSV: expected 'Last Updated,<date>' then a header with Name 6 ... "
            f"Group ID (first line: {first_line(text)!r})",
            "line 1",
        )
    rows = list(csv_records(path, text))
    if not rows:
        raise ListError(str(path), "the file is empty")
    version = None
    line1, first = rows[0]
    if clean(first[0]).casefold() == "last updated":
        version = _dmy(clean(first[1])) if len(first) > 1 else None
        if version is None:
            warnings.add("version", f"line {line1}: 'Last Updated' date {first[1:2]!r} is not dd/mm/yyyy")
        rows = rows[1:]
    elif "Group ID" in [clean(c) for c in first]:
        warnings.add("version", "no 'Last Updated' line before the header; no version")
    else:
        raise ListError(
            str(path),
            "not an OFSI consolidated list CSV: expected 'Last Updated,<date>' then a header with Name 6 ... "
            f"Group ID (first line: {first_line(text)!r})",
            f"line {line1}",
        )
    if not rows:
        raise ListError(str(path), "no header row after 'Last Updated'", f"line {line1 + 1}")
    hline, header = rows[0]
    header = [clean(h) for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListError(
            str(path),
            f"not an OFSI consolidated list CSV: the header lacks {', '.join(missing)}",
            f"line {hline}",
        )
    extra = [h for h in header if h and h not in COLUMNS]
    if extra:
        warnings.add("unexpected columns", f"{', '.join(extra)} (kept in raw only)")
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        warnings.add("missing columns", f"{', '.join(absent)} (read as empty)")
    body = rows[1:]
    groups: dict[str, list[tuple[int, dict[str, str], dict[str, str]]]] = {}
    for i, (line, row) in enumerate(body, 1):
        if not check_columns(path, line, row, len(header), i == len(body), warnings):
            continue
        as_read = {h: v for h, v in zip(header, row, strict=True) if h}
        rec = {h: clean(v) for h, v in as_read.items()}
        gid = rec.get("Group ID", "")
        if not gid:
            warnings.add("rows skipped", f"line {line}: no Group ID")
            continue
        dob = rec.get("DOB", "")
        if dob and _dmy(dob) is None:
            warnings.add("impossible dates", f"line {line}: DOB {dob!r} is not a full date; kept as text")
        groups.setdefault(gid, []).append((line, rec, as_read))
    if not groups:
        raise ListError(str(path), "a header but no records", f"line {hline}")
    entries = [_entry(gid, members, warnings) for gid, members in groups.items()]
    merged = sum(len(m) - 1 for m in groups.values())
    if merged:
        warnings.add("merged", f"{len(body)} rows grouped by Group ID into {len(entries)} entries")
    return Parsed(SOURCE, [e for e in entries if e is not None], version, warnings.lines(), [path])


def _name(rec: dict[str, str]) -> str:
    given = [rec.get(f"Name {i}", "") for i in range(1, 6)]
    return " ".join(p for p in [*given, rec.get("Name 6", "")] if p)


def _entry(
    gid: str, members: list[tuple[int, dict[str, str], dict[str, str]]], warnings: Warnings
) -> ListEntry | None:
    where = f"Group ID {gid} (line {members[0][0]})"
    primary_idx = [
        i for i, (_, rec, _) in enumerate(members) if rec.get("Alias Type", "").casefold() in PRIMARY_TYPES
    ]
    order = primary_idx + [i for i in range(len(members)) if i not in primary_idx]
    ordered = [members[i][1] for i in order]
    as_read = [members[i][2] for i in order]
    primary_rows = [members[i][1] for i in primary_idx]
    names: list[EntryName] = []
    for rec in ordered:
        name = _name(rec)
        if not name:
            continue
        quality = rec.get("Alias Quality", "").casefold()
        if not names:
            kind = "primary"
        elif quality in ("low", "low quality"):
            kind = "weak"
        else:
            kind = "alias"
        names.append(EntryName(name, kind))
        script = rec.get("Name Non-Latin Script", "")
        if script:
            names.append(EntryName(script, "alias"))
    if not names:
        warnings.add("rows skipped", f"{where}: no name in any row")
        return None
    if not primary_rows:
        warnings.add("corrections", f"{where}: no 'Primary Name' row; the first name is used as the name")
    first = ordered[0]
    gtype = first.get("Group Type", "").casefold()
    etype = GROUP_TYPES.get(gtype, "unknown")
    if gtype not in GROUP_TYPES:
        warnings.add("unexpected values", f"{where}: Group Type {first.get('Group Type')!r} read as unknown")
    ctry: list[str | None] = []
    addrs: list[str] = []
    idents: list[Identifier] = []
    for rec in ordered:
        for col in ("Nationality", "Country"):
            value = rec.get(col, "")
            if not value:
                continue
            for part in re.split(r"\s*(?:\(\d\)|;)\s*", value):
                if not part:
                    continue
                code = countries.to_iso2(part)
                if code is None and not countries.is_no_country(part):
                    warnings.add("unknown countries", f"{where}: {col} {part!r} not mapped to a country code")
                ctry.append(code)
        parts = [rec.get(f"Address {i}", "") for i in range(1, 7)] + [
            rec.get("Post/Zip Code", ""),
            rec.get("Country", ""),
        ]
        line = ", ".join(p for p in parts if p)
        if line:
            addrs.append(line)
        for col, scheme in (
            ("Passport Number", "Passport"),
            ("National Identification Number", "National ID No."),
        ):
            value = rec.get(col, "")
            for part in re.split(r"\s*(?:\(\d\)|;)\s*", value):
                # "3520025509842-7 (Pakistani)": the parenthesis is a comment, not the number.
                part = re.sub(r"\s*\([^)]*\)\s*$", "", part)
                ident = identifier(scheme, part) if part else None
                if ident:
                    idents.append(ident)
    regimes = unique(rec.get("Regime", "") for rec in ordered)
    other = unique(rec.get("Other Information", "") for rec in ordered)
    positions = unique(rec.get("Position", "") for rec in ordered)
    remarks = "; ".join([*(f"Position: {p}" for p in positions), *other])
    raw: dict[str, object] = dict(as_read[0])
    if len(members) > 1:
        raw["other_rows"] = as_read[1:]
    citation = "UK Sanctions List (OFSI)" + (f"; regime {', '.join(regimes)}" if regimes else "")
    return ListEntry(
        source=SOURCE,
        entry_id=gid,
        list_name=LIST_NAME,
        names=names_tuple(names),
        type=etype,
        countries=unique(ctry),
        programs=regimes,
        addresses=unique(addrs),
        identifiers=tuple(dict.fromkeys(idents)),
        citation=citation,
        regime="UK",
        url=URL,
        remarks=remarks or None,
        raw=raw,
    )
