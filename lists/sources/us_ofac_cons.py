"""OFAC Consolidated Sanctions List (the non-SDN lists).

Two input formats, chosen by content:

- the Enhanced XML: CONS_ENHANCED.ZIP holding CONS_ENHANCED.XML, or the bare
  XML (namespace https://sanctionslistservice.ofac.treas.gov/api/
  PublicationPreview/exports/ENHANCED_XML). The version is
  publicationInfo/dataAsOf. Each <entity> states the lists it is on
  (sanctionsLists), its programmes, names (each with translations in Latin and
  original scripts, isLowQuality -> weak, aliasType A.K.A./F.K.A./N.K.A. ->
  alias), addresses (addressParts), identityDocuments and features. Names in
  other scripts (Cyrillic, Chinese) are kept as aliases of the entry.
- the legacy CSV: cons_prim.csv with cons_add.csv, cons_alt.csv and
  cons_comments.csv beside it, in the SDN CSV layout (see _ofac.py). The CSV
  does not say which list an entry is on; the list is derived from the
  programme tags: NS-PLC -> Palestinian Legislative Council List, CMIC-EO13959
  -> CMIC List, UKRAINE-EO13662 -> Sectoral Sanctions Identifications List,
  561-Related -> CAPTA List, FSE-* -> Foreign Sanctions Evaders List, any
  other -> Non-SDN Menu-Based Sanctions List. (Checked against the Enhanced XML
  of January 2025: every entry of the CSV of December 2025 that is in both
  gets the same list.) Prefer the Enhanced XML, which states it.

list_name is the non-SDN list(s) the entry is on, with the names OFAC
publishes ("Non-SDN Chinese Military-Industrial Complex Companies List",
"Sectoral Sanctions Identifications List", ...). An entry that is also on the
SDN List says so in its citation ("also on: Specially Designated Nationals
(SDN) List"); load us_ofac_sdn for those. Identifiers and countries as in
us_ofac_sdn.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lists.errors import ListError
from lists.sources._common import Warnings, parse_xml, read_bytes, reject_html, strip_ns, unzip_xml
from lists.sources._ofac import (
    ENHANCED_NS,
    LIST_NAMES,
    enhanced_entries,
    find_legacy_files,
    legacy_entries,
    publication_lists,
)
from lists.sources.base import Parsed
from screening.model import ListEntry

SOURCE = "us_ofac_cons"
TITLE = "OFAC Consolidated Sanctions List (non-SDN lists)"
PUBLISHER = "U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)"

SDN = LIST_NAMES["SDN List"]
SSI = "Sectoral Sanctions Identifications List"
PLC = "Non-SDN Palestinian Legislative Council List"
CMIC = LIST_NAMES["Non-SDN CMIC List"]
CAPTA = LIST_NAMES["CAPTA List"]
FSE = LIST_NAMES["FSE List"]
MBS = "Non-SDN Menu-Based Sanctions List"

# How each list is cited: its name and legal basis.
CITE = {
    SSI: "OFAC Sectoral Sanctions Identifications List (EO 13662 directives)",
    PLC: "OFAC Non-SDN Palestinian Legislative Council List",
    CMIC: "OFAC Non-SDN Chinese Military-Industrial Complex Companies List (EO 13959 as amended by EO 14032)",
    CAPTA: "OFAC CAPTA List (correspondent and payable-through account sanctions)",
    FSE: "OFAC Foreign Sanctions Evaders List (EO 13608)",
    MBS: "OFAC Non-SDN Menu-Based Sanctions List",
}


def list_of_programs(programs: tuple[str, ...]) -> str:
    """The list a legacy-CSV entry is on, from its programme tags."""
    tags = {p.upper() for p in programs}
    if "NS-PLC" in tags:
        return PLC
    if "CMIC-EO13959" in tags:
        return CMIC
    if "UKRAINE-EO13662" in tags:
        return SSI
    if "561-RELATED" in tags:
        return CAPTA
    if any(t.startswith("FSE-") for t in tags):
        return FSE
    return MBS


def parse(path: Path) -> Parsed:
    path = Path(path)
    warnings = Warnings()
    if path.is_dir():
        names = {p.name.casefold(): p for p in path.iterdir() if p.is_file()}
        for candidate in ("cons_enhanced.zip", "cons_enhanced.xml"):
            if candidate in names:
                return parse(names[candidate])
        if "cons_prim.csv" in names:
            return _parse_csv(names["cons_prim.csv"], warnings)
        raise ListError(str(path), "no CONS_ENHANCED.ZIP, CONS_ENHANCED.XML or cons_prim.csv in this folder")
    data = read_bytes(path)
    reject_html(path, data)
    if data[:4] == b"PK\x03\x04":
        data = unzip_xml(path, data)
    if data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _parse_xml(path, data, warnings)
    return _parse_csv(path, warnings)


def _parse_csv(path: Path, warnings: Warnings) -> Parsed:
    if path.name.casefold() in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        raise ListError(
            str(path), "a file of the OFAC SDN list, not of the consolidated non-SDN list: see us_ofac_sdn"
        )
    files = find_legacy_files(path, "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
    entries = legacy_entries(files, SOURCE, list_of_programs, "OFAC Consolidated (non-SDN) List", warnings)
    # Cite each entry's own list.
    entries = [_recite(e) for e in entries]
    used = [p for p in (files.primary, files.address, files.alt, files.comments) if p is not None]
    return Parsed(SOURCE, entries, None, warnings.lines(), used)


def _recite(entry: ListEntry) -> ListEntry:
    title = CITE.get(entry.list_name, entry.list_name)
    citation = (entry.citation or "").replace("OFAC Consolidated (non-SDN) List", title, 1)
    return replace(entry, citation=citation)


def _choose(lists: list[str]) -> list[str]:
    chosen = [n for n in lists if n != SDN]
    return chosen or lists


def _parse_xml(path: Path, data: bytes, warnings: Warnings) -> Parsed:
    root = parse_xml(path, data)
    ns = strip_ns(root)
    if root.tag != "sanctionsData":
        raise ListError(
            str(path),
            f"not an OFAC Enhanced XML file: the root element is <{root.tag}>, expected <sanctionsData>",
            "line 1",
        )
    if ns != ENHANCED_NS:
        warnings.add("unexpected elements", f"sanctionsData namespace {ns!r} is not the Enhanced XML one")
    published = publication_lists(root)
    if published and "Consolidated List" not in published:
        raise ListError(
            str(path),
            f"this Enhanced XML publishes {', '.join(published)}, not the Consolidated (non-SDN) List "
            "(the SDN List is the source us_ofac_sdn)",
            "publicationInfo/filters",
        )
    entries, version = enhanced_entries(
        path,
        root,
        SOURCE,
        warnings,
        _choose,
        lambda name: CITE.get(name, f"OFAC {name}" if name else "OFAC list"),
    )
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])
