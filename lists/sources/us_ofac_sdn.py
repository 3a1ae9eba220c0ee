"""OFAC Specially Designated Nationals and Blocked Persons List (SDN List).

Three input formats, chosen by content:

- the legacy CSV files: sdn.csv, with add.csv, alt.csv and sdn_comments.csv
  used when they lie beside it (`path` may be sdn.csv or its folder). Layout
  and quirks in lists/sources/_ofac.py: no header, "-0-" nulls, a 0x1A byte at
  the end, "] [" between programmes, remarks cut at 1,000 characters and
  continued in sdn_comments.csv, weak a.k.a. names only in the remarks.
- the legacy XML (sdn.xml, namespace http://tempuri.org/sdnList.xsd or the
  2024 sanctionslistservice ".../exports/XML" one): sdnEntry with uid, names,
  programList, akaList (category strong -> alias, weak -> weak), addressList,
  idList, nationalityList/citizenshipList, vesselInfo; the version is
  publshInformation/Publish_Date (MM/DD/YYYY).
- the Enhanced XML (SDN_ENHANCED.XML, or a zip holding it), read as in
  us_ofac_cons.

Decisions:
- entry_id is OFAC's ent_num (uid), url its sanctionssearch page.
- Person names stay as OFAC writes them ("LAST, First"); an empty SDN_Type in
  the CSV means an entity (-> organization).
- Identifiers: from the remarks (CSV) or idList (XML), only the types that
  identify one party (passport, registration and tax numbers, IMO, MMSI,
  SWIFT/BIC, aircraft serials and tail numbers, digital currency addresses...);
  gender, sanctions information, dates, websites, e-mail addresses and phone
  numbers are not identifiers. "Vessel Registration Identification IMO
  1234567" becomes Identifier("IMO", "1234567").
- Countries: address countries, nationality/citizenship ("nationality Iran",
  "citizen Mexico" in the remarks) and the vessel flag, as ISO alpha-2.
- citation: "OFAC SDN List; programs: TAG (legal basis), ..." with the
  regulations of the programmes whose basis is certain (see _ofac.PROGRAM_BASIS).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    element_dict,
    entry_names,
    identifier,
    names_tuple,
    parse_xml,
    read_bytes,
    reject_html,
    strip_ns,
    text,
    texts,
    unique,
    unzip_xml,
)
from lists.sources._ofac import (
    DETAILS_URL,
    ENHANCED_NS,
    cite_programs,
    enhanced_entries,
    entry_type,
    find_legacy_files,
    legacy_entries,
    publication_lists,
)
from lists.sources.base import Parsed
from screening.model import EntryName, ListEntry

SOURCE = "us_ofac_sdn"
TITLE = "Specially Designated Nationals and Blocked Persons List (SDN)"
PUBLISHER = "U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)"

LIST_NAME = "Specially Designated Nationals (SDN) List"
CITE_TITLE = "OFAC SDN List"
XML_NAMESPACES = {
    "http://tempuri.org/sdnList.xsd",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
}
ENTRY_CHILDREN = {
    "uid",
    "firstName",
    "lastName",
    "title",
    "sdnType",
    "remarks",
    "programList",
    "idList",
    "akaList",
    "addressList",
    "nationalityList",
    "citizenshipList",
    "dateOfBirthList",
    "placeOfBirthList",
    "vesselInfo",
}


def parse(path: Path) -> Parsed:
    path = Path(path)
    warnings = Warnings()
    if path.is_dir():
        names = {p.name.casefold(): p for p in path.iterdir() if p.is_file()}
        if "sdn.csv" in names:
            return _parse_csv(names["sdn.csv"], warnings)
        for candidate in ("sdn.xml", "sdn_enhanced.xml", "sdn_enhanced.zip"):
            if candidate in names:
                return parse(names[candidate])
        raise ListError(str(path), "no sdn.csv, sdn.xml or SDN_ENHANCED.XML in this folder")
    data = read_bytes(path)
    reject_html(path, data)
    if data[:4] == b"PK\x03\x04":
        data = unzip_xml(path, data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _parse_xml(path, data, warnings)
    return _parse_csv(path, warnings)


def _parse_csv(path: Path, warnings: Warnings) -> Parsed:
    if path.name.casefold().startswith("cons_"):
        raise ListError(
            str(path),
            "a file of OFAC's consolidated non-SDN list (cons_*.csv), not the SDN list: see us_ofac_cons",
        )
    files = find_legacy_files(path, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    entries = legacy_entries(files, SOURCE, lambda programs: LIST_NAME, CITE_TITLE, warnings)
    used = [p for p in (files.primary, files.address, files.alt, files.comments) if p is not None]
    for name, p in (("add.csv", files.address), ("alt.csv", files.alt)):
        if p is None:
            warnings.add("files", f"no {name} beside {files.primary.name}: entries have no {name[:3]} data")
    # The legacy CSV states no publication date: the caller uses the file's date.
    return Parsed(SOURCE, entries, None, warnings.lines(), used)


def _parse_xml(path: Path, data: bytes, warnings: Warnings) -> Parsed:
    root = parse_xml(path, data)
    ns = strip_ns(root)
    if root.tag == "sanctionsData" and ns == ENHANCED_NS:
        published = publication_lists(root)
        if published and "SDN List" not in published:
            raise ListError(
                str(path),
                f"this Enhanced XML publishes {', '.join(published)}, not the SDN List (the non-SDN "
                "consolidated list is the source us_ofac_cons)",
                "publicationInfo/filters",
            )
        entries, version = enhanced_entries(
            path,
            root,
            SOURCE,
            warnings,
            lambda lists: [n for n in lists if "SDN" in n and "Non-SDN" not in n] or lists,
            lambda name: CITE_TITLE,
        )
        return Parsed(SOURCE, entries, version, warnings.lines(), [path])
    if root.tag != "sdnList":
        raise ListError(
            str(path),
            f"not an OFAC SDN XML file: the root element is <{root.tag}>, expected <sdnList>",
            "line 1",
        )
    if ns not in XML_NAMESPACES:
        warnings.add("unexpected elements", f"sdnList namespace {ns!r} is not one OFAC has used")
    info = root.find("publshInformation")
    version = None
    pub = text(info, "Publish_Date")
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", pub)
    if m:
        version = f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}"
    else:
        warnings.add("version", f"publshInformation/Publish_Date {pub!r} is not MM/DD/YYYY; no version")
    entries: list[ListEntry] = []
    seen: set[str] = set()
    weak = 0
    sdn_entries = root.findall("sdnEntry")
    for child in root:
        if child.tag not in ("publshInformation", "sdnEntry"):
            warnings.add("unexpected elements", f"<{child.tag}> under sdnList")
    for n, e in enumerate(sdn_entries, 1):
        uid = text(e, "uid")
        where = f"sdnEntry #{n} (uid {uid})"
        for child in e:
            if child.tag not in ENTRY_CHILDREN:
                warnings.add("unexpected elements", f"{where}: <{child.tag}>")
        if not uid:
            warnings.add("rows skipped", f"sdnEntry #{n}: no uid")
            continue
        if uid in seen:
            warnings.add("rows skipped", f"{where}: repeated uid")
            continue
        seen.add(uid)
        name = _name(e)
        if not name:
            warnings.add("rows skipped", f"{where}: no name")
            continue
        names = list(entry_names(name))
        for aka in e.findall("akaList/aka"):
            aka_name = _name(aka)
            if not aka_name:
                continue
            kind = "weak" if text(aka, "category").casefold() == "weak" else "alias"
            weak += kind == "weak"
            names.append(EntryName(aka_name, kind))
        programs = unique(texts(e, "programList/program"))
        ctry: list[str | None] = []
        addrs: list[str] = []
        for a in e.findall("addressList/address"):
            parts = [
                text(a, k)
                for k in (
                    "address1",
                    "address2",
                    "address3",
                    "city",
                    "stateOrProvince",
                    "postalCode",
                    "country",
                )
            ]
            one = ", ".join(p for p in parts if p)
            if one:
                addrs.append(one)
            ctry.append(_country(text(a, "country"), where, warnings))
        for tag in ("nationalityList/nationality", "citizenshipList/citizenship"):
            for c in e.findall(tag):
                ctry.append(_country(text(c, "country"), where, warnings))
        vessel = e.find("vesselInfo")
        if vessel is not None and text(vessel, "vesselFlag"):
            ctry.append(_country(text(vessel, "vesselFlag"), where, warnings))
        idents = []
        for i in e.findall("idList/id"):
            ident = identifier(text(i, "idType"), text(i, "idNumber"))
            if ident:
                idents.append(ident)
        title = text(e, "title")
        remarks = "; ".join(p for p in (f"Title: {title}" if title else "", text(e, "remarks")) if p)
        citation = f"{CITE_TITLE}; programs: {cite_programs(programs)}" if programs else CITE_TITLE
        entries.append(
            ListEntry(
                source=SOURCE,
                entry_id=uid,
                list_name=LIST_NAME,
                names=names_tuple(names),
                type=entry_type(text(e, "sdnType")),
                countries=unique(ctry),
                programs=programs,
                addresses=unique(addrs),
                identifiers=tuple(dict.fromkeys(idents)),
                citation=citation,
                regime="US",
                url=DETAILS_URL.format(uid),
                remarks=remarks or None,
                raw=element_dict(e),
            )
        )
    if weak:
        warnings.add(
            "corrections", f"{weak} aliases of category 'weak' kept as weak names (exact match only)"
        )
    count = text(info, "Record_Count")
    if count.isdigit() and int(count) != len(sdn_entries):
        warnings.add(
            "record count",
            f"publshInformation/Record_Count says {count} entries, the file holds {len(sdn_entries)} "
            "(an excerpt, or a file cut at an element boundary?)",
        )
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])


def _name(e: Element) -> str:
    """ "LAST, First" for persons, the last name alone for entities."""
    last, first = text(e, "lastName"), text(e, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def _country(value: str, where: str, warnings: Warnings) -> str | None:
    if not value:
        return None
    code = countries.to_iso2(value)
    if code is None and not countries.is_no_country(value):
        warnings.add("unknown countries", f"{where}: country {value!r} not mapped to a code")
    return code
