"""What the two OFAC parsers (us_ofac_sdn, us_ofac_cons) share: the legacy CSV
files (sdn.csv/add.csv/alt.csv/sdn_comments.csv and their cons_* twins), the
remarks field, programme tags and their legal basis.

The legacy CSV layout (OFAC "dat_spec.txt"):
  primary  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
           Tonnage, GRT, Vess_flag, Vess_owner, Remarks
  address  ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
  alt      ent_num, alt_num, alt_type, alt_name, alt_remarks
  comments ent_num, remarks_extended
No header row; "-0-" (often "-0- ") means empty; CRLF line ends; ASCII (read as
cp1252 if a byte is not UTF-8); the file ends with an EOF byte 0x1A. Programmes
are written "SDGT] [IFSR" (the outer brackets dropped). An empty SDN_Type means
an entity. Remarks longer than 1,000 characters are cut and continue in the
comments file. Strong aliases are in the alt file; weak ones ("a.k.a. 'X'")
only in the remarks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    ID_SCHEMES,
    Warnings,
    check_columns,
    clean,
    csv_records,
    decode,
    element_dict,
    entry_names,
    first_line,
    first_record,
    identifier,
    iso_date,
    names_tuple,
    read_bytes,
    reject_html,
    text,
    unique,
)
from screening.model import EntryName, Identifier, ListEntry

NULL = "-0-"
PRIMARY_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ADDRESS_COLUMNS = (
    "ent_num",
    "Add_num",
    "Address",
    "City/State/Province/Postal Code",
    "Country",
    "Add_remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_extended")

DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"

# Programme tag -> legal basis, for the tags whose implementing regulations are
# certain. Other "...-EOnnnnn" tags cite their executive order; the rest are
# cited by tag only.
PROGRAM_BASIS = {
    "SDGT": "31 CFR 594",
    "SDNTK": "31 CFR 598",
    "SDNT": "31 CFR 536",
    "FTO": "31 CFR 597",
    "TCO": "31 CFR 590",
    "ILLICIT-DRUGS-EO14059": "31 CFR 599",
    "IRAN": "31 CFR 560",
    "IFSR": "31 CFR 561",
    "561-RELATED": "31 CFR 561",
    "IRAN-HR": "31 CFR 562",
    "SYRIA": "31 CFR 542",
    "SYRIA-EO13894": "31 CFR 569",
    "CUBA": "31 CFR 515",
    "NPWMD": "31 CFR 544",
    "DPRK": "31 CFR 510",
    "DPRK2": "31 CFR 510",
    "DPRK3": "31 CFR 510",
    "DPRK4": "31 CFR 510",
    "RUSSIA-EO14024": "31 CFR 587",
    "UKRAINE-EO13660": "31 CFR 589",
    "UKRAINE-EO13661": "31 CFR 589",
    "UKRAINE-EO13662": "31 CFR 589",
    "UKRAINE-EO13685": "31 CFR 589",
    "GLOMAG": "31 CFR 583",
    "MAGNIT": "31 CFR 584",
    "CYBER2": "31 CFR 578",
    "VENEZUELA": "31 CFR 591",
    "VENEZUELA-EO13850": "31 CFR 591",
    "VENEZUELA-EO13884": "31 CFR 591",
    "BELARUS": "31 CFR 548",
    "BELARUS-EO14038": "31 CFR 548",
    "BALKANS": "31 CFR 588",
    "BALKANS-EO14033": "31 CFR 588",
    "HK-EO13936": "31 CFR 585",
    "BURMA-EO14014": "31 CFR 525",
    "DRCONGO": "31 CFR 547",
    "SOMALIA": "31 CFR 551",
    "CAR": "31 CFR 553",
    "LIBYA2": "31 CFR 570",
    "LIBYA3": "31 CFR 570",
    "LEBANON": "31 CFR 549",
    "YEMEN": "31 CFR 552",
    "SOUTH SUDAN": "31 CFR 558",
    "NICARAGUA": "31 CFR 582",
    "MALI-EO13882": "31 CFR 555",
    "DARFUR": "31 CFR 546",
    "ZIMBABWE": "31 CFR 541",
    "CAATSA - RUSSIA": "CAATSA, Pub. L. 115-44",
    "CAATSA - IRAN": "CAATSA, Pub. L. 115-44",
    "IRAN-CON-ARMS-EO": "EO 13949",
}
_EO_TAG = re.compile(r"-EO(\d{5})$")


def program_basis(tag: str) -> str | None:
    basis = PROGRAM_BASIS.get(tag.upper())
    if basis:
        return basis
    m = _EO_TAG.search(tag)
    return f"EO {m[1]}" if m else None


def cite_programs(programs: tuple[str, ...]) -> str:
    parts = []
    for p in programs:
        basis = program_basis(p)
        parts.append(f"{p} ({basis})" if basis else p)
    return ", ".join(parts)


def split_programs(value: str) -> tuple[str, ...]:
    """ "SDGT] [IFSR" or "[SDGT] [IFSR]" -> ("SDGT", "IFSR")."""
    value = clean(value)
    if not value:
        return ()
    return unique(clean(p).strip("[] ") for p in value.split("] ["))


def entry_type(sdn_type: str) -> str:
    t = sdn_type.strip().casefold()
    if t in ("", "entity"):
        return "organization"
    if t == "individual":
        return "person"
    if t in ("vessel", "aircraft"):
        return t
    return "unknown"


# --------------------------------------------------------------------------- remarks


@dataclass
class Remarks:
    weak: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)


_AKA = re.compile(r"^(?:alt\. )?[afn]\.k\.a\.,?\s+'(.+)'$", re.I)
_NATIONALITY = re.compile(r"^(?:alt\. )?(?:Nationality of Registration|nationality|citizen)\s+(.+)$", re.I)
_LABELS = sorted(ID_SCHEMES, key=len, reverse=True)
_ID_SEGMENT = re.compile(
    r"^(?:alt\. )?(?P<label>"
    + "|".join(re.escape(label) for label in _LABELS)
    + r"|Digital Currency Address - [A-Z0-9]{2,6})\s+(?P<rest>.+)$"
)
_ID_VALUE = re.compile(
    r"^(?P<value>.+?)(?:\s+\((?P<country>[^()]*)\))?(?:;?\s+issued\s+.*?)?(?:;?\s+expires\s+.*)?$"
)


def parse_remarks(remarks: str) -> Remarks:
    """Weak aliases, identifiers and nationalities the remarks state, one per
    "; "-separated segment. Segments that are none of these stay in the text."""
    out = Remarks()
    for seg in re.split(r";\s*", clean(remarks)):
        seg = seg.strip().rstrip(".").strip()
        if not seg:
            continue
        m = _AKA.match(seg)
        if m:
            out.weak.append(clean(m[1]))
            continue
        m = _NATIONALITY.match(seg)
        if m:
            code = countries.to_iso2(m[1])
            if code:
                out.countries.append(code)
            elif not countries.is_no_country(m[1]):
                out.unknown_countries.append(m[1])
            continue
        m = _ID_SEGMENT.match(seg)
        if m:
            v = _ID_VALUE.match(m["rest"])
            value = v["value"] if v else m["rest"]
            ident = identifier(m["label"], value)
            if ident:
                out.identifiers.append(ident)
    return out


# --------------------------------------------------------------------------- legacy CSV


def read_legacy_csv(
    path: Path, columns: tuple[str, ...], warnings: Warnings, kind: str
) -> list[tuple[int, dict[str, str]]]:
    """The records of one legacy CSV file as (line, {column: value}) with "-0-"
    made empty. Foreign, empty and truncated files raise ListError."""
    data = read_bytes(path)
    reject_html(path, data)
    content = decode(path, data, fallback="cp1252", warnings=warnings)
    body = content.rstrip(" \r\n\x00")
    if body.endswith("\x1a"):
        body = body[:-1].rstrip(" \r\n")
        complete = True
    else:
        complete = content.endswith("\n")
    if "\x1a" in body:
        line = body[: body.index("\x1a")].count("\n") + 1
        raise ListError(str(path), "an EOF byte (0x1A) in the middle of the file", f"line {line}")
    n = len(columns)
    head = first_record(body)
    is_header = [c.casefold() for c in head] == [c.casefold() for c in columns]
    if not is_header and (len(head) != n or not head[0].isdigit()):
        raise ListError(
            str(path),
            f"not an OFAC {kind} file: expected {n} comma-separated fields starting with an "
            f"entity number, found {len(head)} field(s) ({first_line(body, 60)!r})",
            "line 1",
        )
    records = list(csv_records(path, body + "\n"))
    if not records:
        raise ListError(str(path), "the file is empty")
    if is_header:
        warnings.add("header", f"{path.name} line {records[0][0]}: a header row, skipped")
        records = records[1:]
    if not complete:
        warnings.add("truncation", f"{path.name} does not end with a line break: its last record may be cut")
    out: list[tuple[int, dict[str, str]]] = []
    for i, (line, row) in enumerate(records):
        if not check_columns(path, line, row, n, i == len(records) - 1, warnings):
            continue
        values = ["" if v.strip() == NULL else v.strip() for v in row]
        if not values[0].isdigit():
            warnings.add(
                "rows skipped", f"{path.name} line {line}: entity number {values[0]!r} is not a number"
            )
            continue
        out.append((line, dict(zip(columns, values, strict=True))))
    return out


@dataclass
class LegacyFiles:
    primary: Path
    address: Path | None
    alt: Path | None
    comments: Path | None


def find_legacy_files(path: Path, primary: str, address: str, alt: str, comments: str) -> LegacyFiles:
    """`path` is the primary file or its folder; the others are used when they
    lie beside it (names compared case-insensitively: SDN.CSV or sdn.csv)."""
    folder = path if path.is_dir() else path.parent
    by_name = {p.name.casefold(): p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}
    if path.is_dir():
        main = by_name.get(primary)
        if main is None:
            raise ListError(str(path), f"no {primary} in this folder")
    else:
        main = path
    return LegacyFiles(main, by_name.get(address), by_name.get(alt), by_name.get(comments))


def legacy_entries(
    files: LegacyFiles,
    source: str,
    list_name_of: Callable[[tuple[str, ...]], str],
    list_title: str,
    warnings: Warnings,
) -> list[ListEntry]:
    """Entries from the primary file joined with the address, alt and comments
    files by ent_num. `list_name_of(programs)` names the list an entry is on."""
    prim = read_legacy_csv(files.primary, PRIMARY_COLUMNS, warnings, files.primary.name)
    addresses: dict[str, list[dict[str, str]]] = {}
    alts: dict[str, list[dict[str, str]]] = {}
    comments: dict[str, str] = {}
    ids = {rec["ent_num"] for _, rec in prim}
    for p, cols, target in ((files.address, ADDRESS_COLUMNS, addresses), (files.alt, ALT_COLUMNS, alts)):
        if p is None:
            continue
        orphans = 0
        for _, rec in read_legacy_csv(p, cols, warnings, p.name):
            if rec["ent_num"] not in ids:
                orphans += 1
                continue
            target.setdefault(rec["ent_num"], []).append(rec)
        if orphans:
            warnings.add(
                "rows skipped",
                f"{p.name}: {orphans} record(s) for entity numbers not in {files.primary.name} "
                "(files from different dates?)",
            )
    if files.comments is not None:
        orphans = 0
        for _, rec in read_legacy_csv(files.comments, COMMENT_COLUMNS, warnings, files.comments.name):
            if rec["ent_num"] not in ids:
                orphans += 1
                continue
            comments[rec["ent_num"]] = comments.get(rec["ent_num"], "") + rec["remarks_extended"]
        if orphans:
            warnings.add(
                "rows skipped",
                f"{files.comments.name}: {orphans} record(s) for entity numbers not in {files.primary.name}",
            )
        if comments:
            warnings.add(
                "corrections",
                f"remarks of {len(comments)} entries completed from {files.comments.name} "
                "(the primary file cuts remarks at 1,000 characters)",
            )

    entries: list[ListEntry] = []
    seen: set[str] = set()
    weak_names = weak_entries = 0
    for line, rec in prim:
        ent = rec["ent_num"]
        where = f"{files.primary.name} line {line} (ent_num {ent})"
        if ent in seen:
            warnings.add("rows skipped", f"{where}: repeated entity number")
            continue
        seen.add(ent)
        name = clean(rec["SDN_Name"])
        if not name:
            warnings.add("rows skipped", f"{where}: no name")
            continue
        remarks_text = rec["Remarks"] + comments.get(ent, "")
        rem = parse_remarks(remarks_text)
        for c in rem.unknown_countries:
            warnings.add("unknown countries", f"{where}: nationality {c!r} not mapped to a country code")
        if rem.weak:
            weak_names += len(rem.weak)
            weak_entries += 1
        programs = split_programs(rec["Program"])
        addr_lines: list[str] = []
        addr_countries: list[str | None] = []
        for a in addresses.get(ent, []):
            parts = [clean(a["Address"]), clean(a["City/State/Province/Postal Code"]), clean(a["Country"])]
            one = ", ".join(p for p in parts if p)
            if one:
                addr_lines.append(one)
            country = clean(a["Country"])
            if country:
                code = countries.to_iso2(country)
                if code is None and not countries.is_no_country(country):
                    warnings.add("unknown countries", f"{where}: address country {country!r} not mapped")
                addr_countries.append(code)
        flag = clean(rec["Vess_flag"])
        flag_code = countries.to_iso2(flag) if flag else None
        if flag and flag_code is None and not countries.is_no_country(flag):
            warnings.add("unknown countries", f"{where}: vessel flag {flag!r} not mapped")
        aliases = [clean(a["alt_name"]) for a in alts.get(ent, []) if clean(a["alt_name"])]
        etype = entry_type(rec["SDN_Type"])
        list_name = list_name_of(programs)
        citation = f"{list_title}; programs: {cite_programs(programs)}" if programs else list_title
        title = clean(rec["Title"])
        remarks = "; ".join(p for p in (f"Title: {title}" if title else "", clean(remarks_text)) if p)
        raw: dict[str, object] = dict(rec)
        if ent in comments:
            raw["remarks_extended"] = comments[ent]
        if ent in addresses:
            raw["addresses"] = addresses[ent]
        if ent in alts:
            raw["alt_names"] = alts[ent]
        entries.append(
            ListEntry(
                source=source,
                entry_id=ent,
                list_name=list_name,
                names=entry_names(name, aliases, rem.weak),
                type=etype,
                countries=unique([*addr_countries, *rem.countries, flag_code]),
                programs=programs,
                addresses=unique(addr_lines),
                identifiers=tuple(dict.fromkeys(rem.identifiers)),
                citation=citation,
                regime="US",
                url=DETAILS_URL.format(ent),
                remarks=remarks or None,
                raw=raw,
            )
        )
    if weak_names:
        warnings.add(
            "corrections",
            f"{weak_names} a.k.a. names found in the remarks of {weak_entries} entries kept as weak aliases "
            "(OFAC puts weak aliases in the remarks, not in the alt file)",
        )
    return entries


# --------------------------------------------------------------------------- Enhanced XML

ENHANCED_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
# Short list names of the Enhanced XML -> the names OFAC publishes the lists under.
LIST_NAMES = {
    "SDN List": "Specially Designated Nationals (SDN) List",
    "Non-SDN CMIC List": "Non-SDN Chinese Military-Industrial Complex Companies List",
    "CAPTA List": "Correspondent Account or Payable-Through Account Sanctions (CAPTA) List",
    "FSE List": "Foreign Sanctions Evaders (FSE) List",
    "SSI List": "Sectoral Sanctions Identifications List",
    "NS-MBS List": "Non-SDN Menu-Based Sanctions List",
    "PLC List": "Non-SDN Palestinian Legislative Council List",
}
ENTITY_CHILDREN = {
    "generalInfo",
    "sanctionsLists",
    "sanctionsPrograms",
    "sanctionsTypes",
    "legalAuthorities",
    "names",
    "addresses",
    "features",
    "identityDocuments",
    "relationships",
}
ADDRESS_PART_ORDER = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE", "REGION")
COUNTRY_FEATURES = {
    "nationality country",
    "citizenship country",
    "nationality of registration",
    "vessel flag",
}


def publication_lists(root: Element) -> list[str]:
    """The lists an Enhanced XML publication says it holds (publicationInfo/filters):
    ["SDN List"] for SDN_ENHANCED.XML, ["Consolidated List"] for CONS_ENHANCED.XML."""
    return [clean(s.text) for s in root.findall("publicationInfo/filters/sanctionsLists/sanctionsList")]


def _bool(el: Element | None, name: str) -> bool:
    return text(el, name).casefold() == "true"


def enhanced_entries(
    path: Path,
    root: Element,
    source: str,
    warnings: Warnings,
    choose_lists: Callable[[list[str]], list[str]],
    list_title_of: Callable[[str], str],
) -> tuple[list[ListEntry], str | None]:
    """Entries of an OFAC Enhanced XML document (root already stripped of its
    namespace). `choose_lists(names)` picks the list names an entry is filed
    under; `list_title_of(list_name)` the citation's list title."""
    info = root.find("publicationInfo")
    as_of = text(info, "dataAsOf") if info is not None else ""
    version = iso_date(as_of[:10]) if as_of else None
    if version is None:
        warnings.add("version", f"publicationInfo/dataAsOf {as_of!r} is not a date; no version")
    refs: dict[str, tuple[str, str, str]] = {}
    rv = root.find("referenceValues")
    if rv is not None:
        for r in rv.findall("referenceValue"):
            refs[r.get("refId", "")] = (text(r, "type"), text(r, "value"), text(r, "isoCode"))
    ents = root.find("entities")
    if ents is None:
        raise ListError(
            str(path), "no <entities> element: not a complete OFAC Enhanced XML file", "sanctionsData"
        )

    def country_of(el: Element) -> str | None:
        ref = el.get("refId") or ""
        iso = refs.get(ref, ("", "", ""))[2]
        if iso and countries.is_iso2(iso):
            return iso
        return countries.to_iso2(clean(el.text))

    entries: list[ListEntry] = []
    seen: set[str] = set()
    low = 0
    for n, ent in enumerate(ents.findall("entity"), 1):
        eid = ent.get("id", "").strip()
        where = f"entity #{n} (id {eid})"
        if not eid:
            warnings.add("rows skipped", f"entity #{n}: no id attribute")
            continue
        if eid in seen:
            warnings.add("rows skipped", f"{where}: repeated id")
            continue
        seen.add(eid)
        for child in ent:
            if child.tag not in ENTITY_CHILDREN:
                warnings.add("unexpected elements", f"{where}: <{child.tag}>")
        gi = ent.find("generalInfo")
        etype = entry_type(text(gi, "entityType"))
        names: list[EntryName] = []
        primary: str | None = None
        for nm in ent.findall("names/name"):
            is_primary = _bool(nm, "isPrimary")
            weak = _bool(nm, "isLowQuality")
            for tr in nm.findall("translations/translation"):
                full = text(tr, "formattedFullName") or " ".join(
                    text(p, "value") for p in tr.findall("nameParts/namePart")
                )
                full = clean(full)
                if not full:
                    continue
                if is_primary and _bool(tr, "isPrimary") and primary is None:
                    primary = full
                    names.insert(0, EntryName(full, "primary"))
                else:
                    if weak:
                        low += 1
                    names.append(EntryName(full, "weak" if weak else "alias"))
        if primary is None:
            if not names:
                warnings.add("rows skipped", f"{where}: no name")
                continue
            warnings.add("corrections", f"{where}: no primary name; the first name is used")
            names[0] = EntryName(names[0].value, "primary")
        lists_on = [clean(s.text) for s in ent.findall("sanctionsLists/sanctionsList") if clean(s.text)]
        chosen = choose_lists([LIST_NAMES.get(s, s) for s in lists_on if s != "Consolidated List"])
        programs = unique(clean(p.text) for p in ent.findall("sanctionsPrograms/sanctionsProgram"))
        ctry: list[str | None] = []
        addr_lines: list[str] = []
        for a in ent.findall("addresses/address"):
            cel = a.find("country")
            code = country_of(cel) if cel is not None else None
            if cel is not None and code is None and clean(cel.text):
                warnings.add("unknown countries", f"{where}: address country {clean(cel.text)!r} not mapped")
            ctry.append(code)
            parts: dict[str, str] = {}
            for tr in a.findall("translations/translation"):
                if not _bool(tr, "isPrimary"):
                    continue
                for p in tr.findall("addressParts/addressPart"):
                    parts.setdefault(text(p, "type"), text(p, "value"))
            ordered = [parts[k] for k in ADDRESS_PART_ORDER if parts.get(k)]
            ordered += [v for k, v in parts.items() if k not in ADDRESS_PART_ORDER and v]
            if cel is not None and clean(cel.text):
                ordered.append(clean(cel.text))
            if ordered:
                addr_lines.append(", ".join(ordered))
        idents = []
        for d in ent.findall("identityDocuments/identityDocument"):
            ident = identifier(text(d, "type"), text(d, "documentNumber"))
            if ident:
                idents.append(ident)
        for f in ent.findall("features/feature"):
            ftype = text(f, "type")
            value = text(f, "value")
            if ftype.casefold() in COUNTRY_FEATURES:
                ref = text(f, "valueRefId")
                iso = refs.get(ref, ("", "", ""))[2]
                code = iso if iso and countries.is_iso2(iso) else countries.to_iso2(value)
                if code is None and value and not countries.is_no_country(value):
                    warnings.add("unknown countries", f"{where}: {ftype} {value!r} not mapped")
                ctry.append(code)
                continue
            ident = identifier(ftype, value)
            if ident:
                idents.append(ident)
        list_name = "; ".join(chosen) if chosen else "OFAC list"
        also = [
            s for s in (LIST_NAMES.get(s, s) for s in lists_on if s != "Consolidated List") if s not in chosen
        ]
        title = list_title_of(chosen[0] if chosen else "")
        citation = f"{title}; programs: {cite_programs(programs)}" if programs else title
        if also:
            citation += f"; also on: {', '.join(also)}"
        authorities = [clean(a.text) for a in ent.findall("legalAuthorities/legalAuthority") if clean(a.text)]
        if authorities:
            citation += f"; legal authority: {', '.join(authorities)}"
        entries.append(
            ListEntry(
                source=source,
                entry_id=eid,
                list_name=list_name,
                names=names_tuple(names),
                type=etype,
                countries=unique(ctry),
                programs=programs,
                addresses=unique(addr_lines),
                identifiers=tuple(dict.fromkeys(idents)),
                citation=citation,
                regime="US",
                url=DETAILS_URL.format(eid),
                remarks=text(gi, "remarks") or None,
                raw=element_dict(ent),
            )
        )
    if low:
        warnings.add(
            "corrections", f"{low} names marked isLowQuality kept as weak aliases (exact match only)"
        )
    return entries, version
