"""us_ofac_cons: the OFAC consolidated non-SDN lists (Enhanced XML, legacy CSV)."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import us_ofac_cons
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry

FOLDER = "ofac-nonsdn-consolidated"


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def enhanced(shared_data: Path) -> Parsed:
    return us_ofac_cons.parse(shared_data / FOLDER / "CONS_ENHANCED.ZIP")


@pytest.fixture(scope="module")
def legacy(shared_data: Path) -> Parsed:
    # cons_prim.csv with cons_add/cons_alt/cons_comments beside it.
    return us_ofac_cons.parse(shared_data / FOLDER / "cons_prim.csv")


def test_module_roles() -> None:
    assert us_ofac_cons.SOURCE == "us_ofac_cons"
    assert us_ofac_cons.TITLE and us_ofac_cons.PUBLISHER


# --------------------------------------------------------------------------- Enhanced XML


def test_enhanced_count_and_lists(enhanced: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 443 <entity>, dataAsOf 2025-01-10; one entry per entity.
    assert len(enhanced.entries) == 443
    assert enhanced.version == "2025-01-10"
    assert Counter(e.list_name for e in enhanced.entries) == {
        "Sectoral Sanctions Identifications List": 283,
        "Non-SDN Palestinian Legislative Council List": 78,
        "Non-SDN Chinese Military-Industrial Complex Companies List": 68,
        "Non-SDN Menu-Based Sanctions List": 9,
        "Sectoral Sanctions Identifications List; Non-SDN Menu-Based Sanctions List": 3,
        "Correspondent Account or Payable-Through Account Sanctions (CAPTA) List": 1,
        "Foreign Sanctions Evaders (FSE) List": 1,
    }
    assert Counter(e.type for e in enhanced.entries) == {"organization": 363, "person": 80}
    # 70 names are isLowQuality; one of them has two translations: 71 weak names.
    assert warning_with(enhanced.warnings, "71 names marked isLowQuality", "weak")
    assert sum(1 for e in enhanced.entries for n in e.names if n.kind == "weak") == 71


def test_enhanced_plc_person(enhanced: Parsed) -> None:
    # <entity id="9639"> ... <sanctionsList ...>Non-SDN Palestinian Legislative Council List</sanctionsList>
    #  <sanctionsProgram ...>NS-PLC</sanctionsProgram> ... <legalAuthority ...>General License 4 Under EO
    #  13224
    #  (Terrorism)</legalAuthority> <name><isPrimary>true</isPrimary>...<formattedFullName>HANIYA, Ismail
    #  Abdul
    #  Salah</formattedFullName> ... <aliasType refId="1400">A.K.A.</aliasType>...HANIYA, Ismail ... HANIYYA,
    #  Ismaeel
    e = by_id(enhanced)["9639"]
    assert e.names == (
        EntryName("HANIYA, Ismail Abdul Salah", "primary"),
        EntryName("HANIYA, Ismail", "alias"),
        EntryName("HANIYYA, Ismaeel", "alias"),
    )
    assert e.type == "person"
    assert e.list_name == "Non-SDN Palestinian Legislative Council List"
    assert e.programs == ("NS-PLC",)
    assert e.citation == (
        "OFAC Non-SDN Palestinian Legislative Council List; programs: NS-PLC; "
        "legal authority: General License 4 Under EO 13224 (Terrorism)"
    )
    assert e.url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=9639"
    assert e.raw["generalInfo"]["identityId"] == "1978"


def test_enhanced_ssi_bank_also_on_sdn(enhanced: Parsed) -> None:
    # <entity id="17013"> VTB BANK PUBLIC JOINT STOCK COMPANY, lists SSI + Consolidated + SDN List,
    #  translation in Cyrillic "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО", addresses with addressParts
    #  (ADDRESS1 "29, Bolshaya Morskaya str.", CITY "St. Petersburg", POSTAL CODE "190000", country Russia),
    #  identityDocument Registration ID 1027739609391 ..., feature SWIFT/BIC VTBRRUMM, Website www.vtb.com
    e = by_id(enhanced)["17013"]
    assert e.list_name == "Sectoral Sanctions Identifications List"
    assert e.names[0] == EntryName("VTB BANK PUBLIC JOINT STOCK COMPANY", "primary")
    assert e.names[1] == EntryName("БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО", "alias")  # original script
    assert EntryName("JSC VTB BANK NEW DELHI BRANCH", "weak") in e.names  # isLowQuality true
    assert e.addresses[0] == "29, Bolshaya Morskaya str., St. Petersburg, 190000, Russia"
    assert e.countries == ("RU", "IN", "CN")
    assert e.identifiers == (
        Identifier("Registration ID", "1027739609391"),
        Identifier("Government Gazette Number", "00032520"),
        Identifier("Tax ID No.", "7702070139"),
        Identifier("Legal Entity Number", "253400V1H6ART1UQ0N98"),
        Identifier("SWIFT/BIC", "VTBRRUMM"),
        Identifier("BIK (RU)", "044030707"),
        Identifier("BIK (RU)", "044525187"),
    )  # websites are not identifiers
    assert e.citation == (
        "OFAC Sectoral Sanctions Identifications List (EO 13662 directives); programs: UKRAINE-EO13662 "
        "(31 CFR 589), RUSSIA-EO14024 (31 CFR 587); also on: Specially Designated Nationals (SDN) List; "
        "legal authority: Executive Order 13662 (Ukraine), Executive Order 14024 (Russia)"
    )


def test_bare_xml_and_folder(shared_data: Path, tmp_path: Path, enhanced: Parsed) -> None:
    with zipfile.ZipFile(shared_data / FOLDER / "CONS_ENHANCED.ZIP") as zf:
        (tmp_path / "CONS_ENHANCED.XML").write_bytes(zf.read("CONS_ENHANCED.XML"))
    bare = us_ofac_cons.parse(tmp_path / "CONS_ENHANCED.XML")
    assert [e.entry_id for e in bare.entries] == [e.entry_id for e in enhanced.entries]
    # A folder holding both formats is read from the Enhanced XML, which names the lists.
    folder = us_ofac_cons.parse(shared_data / FOLDER)
    assert folder.version == "2025-01-10" and len(folder.entries) == 443


# --------------------------------------------------------------------------- legacy CSV


def test_legacy_count_and_lists(legacy: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 442 rows in cons_prim.csv (December 2025); one entry per row. The CSV
    # does not name the list; it is derived from the programmes.
    assert len(legacy.entries) == 442
    assert legacy.version is None
    assert Counter(e.list_name for e in legacy.entries) == {
        "Sectoral Sanctions Identifications List": 286,
        "Non-SDN Palestinian Legislative Council List": 78,
        "Non-SDN Chinese Military-Industrial Complex Companies List": 68,
        "Non-SDN Menu-Based Sanctions List": 9,
        "Correspondent Account or Payable-Through Account Sanctions (CAPTA) List": 1,
    }
    assert warning_with(legacy.warnings, "remarks of 10 entries completed from cons_comments.csv")


def test_legacy_lists_agree_with_enhanced(legacy: Parsed, enhanced: Parsed) -> None:
    # Every entry in both files is filed under the same (first) list.
    xml = by_id(enhanced)
    both = [e for e in legacy.entries if e.entry_id in xml]
    assert len(both) == 442
    for e in both:
        assert xml[e.entry_id].list_name.split("; ")[0] == e.list_name, e.entry_id


def test_legacy_cmic(legacy: Parsed) -> None:
    # 30882,"CHINA TELECOM CORPORATION LIMITED",-0- ,"CMIC-EO13959",-0- ,...,"Equity Ticker CHA US; ...
    #  ISIN US1694261033; alt. ISIN CNE1000002V2; ...; Effective Date (CMIC) 02 Aug 2021; ...; Unified Social
    #  Credit Code (USCC) 9111000071093019X7 (China); Linked To: CHINA TELECOMMUNICATIONS CORPORATION."
    e = by_id(legacy)["30882"]
    assert e.list_name == "Non-SDN Chinese Military-Industrial Complex Companies List"
    assert e.type == "organization"
    assert e.citation == (
        "OFAC Non-SDN Chinese Military-Industrial Complex Companies List (EO 13959 as amended by EO 14032); "
        "programs: CMIC-EO13959 (EO 13959)"
    )
    assert Identifier("ISIN", "US1694261033") in e.identifiers
    assert Identifier("Unified Social Credit Code (USCC)", "9111000071093019X7") in e.identifiers
    assert not any(i.scheme in ("Equity Ticker", "Issuer Name") for i in e.identifiers)


def test_legacy_plc_person(legacy: Parsed) -> None:
    # cons_prim.csv: 9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",-0- ,...,"DOB 1962; POB Shati."
    # cons_alt.csv:  9639,9150,"aka","HANIYA, Ismail",-0-   and   9639,9151,"aka","HANIYYA, Ismaeel",-0-
    # cons_add.csv:  9639,12812,-0- ,-0- ,-0- ,-0-          (an empty address)
    e = by_id(legacy)["9639"]
    assert e.names == (
        EntryName("HANIYA, Ismail Abdul Salah", "primary"),
        EntryName("HANIYA, Ismail", "alias"),
        EntryName("HANIYYA, Ismaeel", "alias"),
    )
    assert e.addresses == () and e.countries == ()
    assert e.remarks == "DOB 1962; POB Shati."
    assert e.citation == "OFAC Non-SDN Palestinian Legislative Council List; programs: NS-PLC"


# --------------------------------------------------------------------------- bad input


def test_xml_bomb(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_cons.parse, fixtures / "bomb.xml", "refused")


def test_truncated_xml(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_cons.parse, fixtures / "cons_truncated.xml", "truncated")


def test_truncated_zip(shared_data: Path, tmp_path: Path, raises_list_error: Callable[..., Any]) -> None:
    p = tmp_path / "CONS_ENHANCED.ZIP"
    p.write_bytes((shared_data / FOLDER / "CONS_ENHANCED.ZIP").read_bytes()[:50000])
    raises_list_error(us_ofac_cons.parse, p, "zip")


def test_truncated_csv(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_cons.parse, fixtures / "cons_truncated.csv", "truncated", "6 of 12")


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_cons.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_cons.parse, fixtures / "error_page.html", "HTML page")


def test_foreign_files(shared_data: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(
        us_ofac_cons.parse, shared_data / "format-samples-deriv" / "sdn.xml", "not an OFAC Enhanced"
    )
    raises_list_error(us_ofac_cons.parse, shared_data / "bis-dpl-2022" / "dpl.txt", "not an OFAC")
    raises_list_error(us_ofac_cons.parse, shared_data / FOLDER / "cons_alt.csv", "not an OFAC")
    raises_list_error(
        us_ofac_cons.parse, shared_data / "ofac-sdn-2021" / "sdn.csv", "a file of the OFAC SDN list"
    )


def test_sdn_enhanced_refused(
    shared_data: Path, tmp_path: Path, raises_list_error: Callable[..., Any]
) -> None:
    # An Enhanced XML whose publicationInfo says it is the SDN List.
    with zipfile.ZipFile(shared_data / FOLDER / "CONS_ENHANCED.ZIP") as zf:
        xml = zf.read("CONS_ENHANCED.XML")
    p = tmp_path / "SDN_ENHANCED.XML"
    p.write_bytes(xml.replace(b'refId="91512">Consolidated List<', b'refId="1550">SDN List<', 1))
    raises_list_error(us_ofac_cons.parse, p, "publishes SDN List")
