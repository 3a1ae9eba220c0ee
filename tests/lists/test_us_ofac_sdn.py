"""us_ofac_sdn: the OFAC SDN list (legacy CSV files, legacy XML)."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import us_ofac_sdn
from lists.sources._ofac import parse_remarks, split_programs
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def sdn2021(shared_data: Path) -> Parsed:
    # The folder: sdn.csv with add.csv, alt.csv and sdn_comments.csv of the same day.
    return us_ofac_sdn.parse(shared_data / "ofac-sdn-2021")


@pytest.fixture(scope="module")
def sdn2024(shared_data: Path) -> Parsed:
    # sdn.csv alone (no add/alt/comments beside it).
    return us_ofac_sdn.parse(shared_data / "ofac-sdn-2024" / "sdn.csv")


def test_module_roles() -> None:
    assert us_ofac_sdn.SOURCE == "us_ofac_sdn"
    assert us_ofac_sdn.TITLE and us_ofac_sdn.PUBLISHER


# --------------------------------------------------------------------------- 2021 folder


def test_sdn2021_count(sdn2021: Parsed) -> None:
    # SOURCES.md: 8,976 rows in sdn.csv (not counting the 0x1A byte); one entry per
    # row, the add/alt/comments rows joined to them by ent_num.
    assert len(sdn2021.entries) == 8976
    assert sdn2021.version is None  # the CSV states no date
    assert [p.name for p in sdn2021.files] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert Counter(e.type for e in sdn2021.entries) == {
        "person": 4620,
        "organization": 3673,  # SDN_Type "-0-"
        "vessel": 406,
        "aircraft": 277,
    }
    assert {e.list_name for e in sdn2021.entries} == {"Specially Designated Nationals (SDN) List"}
    # 11,910 alt.csv rows, all good aliases; 6 repeat the entry's own name or another
    # alt name (e.g. 20125 "KIM, Kyong Ok" a.k.a. "KIM, Kyong Ok") and count once: 11,904.
    assert sum(1 for e in sdn2021.entries for n in e.names if n.kind == "alias") == 11904
    assert sum(1 for e in sdn2021.entries for n in e.names if n.kind == "weak") == 2441


def test_sdn2021_bank_with_addresses_alias_and_weak_alias(sdn2021: Parsed) -> None:
    # sdn.csv: 306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."
    # add.csv: 306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0-   (and 200, 201, 202)
    # alt.csv: 306,220,"aka","NATIONAL BANK OF CUBA",-0-
    e = by_id(sdn2021)["306"]
    assert e.names == (
        EntryName("BANCO NACIONAL DE CUBA", "primary"),
        EntryName("NATIONAL BANK OF CUBA", "alias"),
        EntryName("BNC", "weak"),  # weak a.k.a. from the remarks
    )
    assert e.type == "organization"
    assert e.programs == ("CUBA",)
    assert e.addresses == (
        "Zweierstrasse 35, Zurich CH-8022, Switzerland",
        "Avenida de Concha Espina 8, Madrid E-28036, Spain",
        "Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku, Tokyo 103, Japan",
        "Federico Boyd Avenue & 51 Street, Panama City, Panama",
    )
    assert e.countries == ("CH", "ES", "JP", "PA")
    assert e.citation == "OFAC SDN List; programs: CUBA (31 CFR 515)"
    assert e.url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=306"
    assert e.regime == "US"
    assert e.raw["SDN_Type"] == ""  # "-0- " read as empty
    assert e.raw["alt_names"][0]["alt_name"] == "NATIONAL BANK OF CUBA"


def test_sdn2021_programs_split(sdn2021: Parsed) -> None:
    # 4632,"BANK MARKAZI JOMHOURI ISLAMI IRAN",-0- ,"IRAN] [SDGT] [IRGC] [IFSR",-0- ,...,
    #  "Additional Sanctions Information - Subject to Secondary Sanctions; Linked To: ISLAMIC REVOLUTIONARY
    #  GUARD CORPS (IRGC)-QODS FORCE; Linked To: HIZBALLAH."
    e = by_id(sdn2021)["4632"]
    assert e.programs == ("IRAN", "SDGT", "IRGC", "IFSR")
    assert (
        e.citation == "OFAC SDN List; programs: IRAN (31 CFR 560), SDGT (31 CFR 594), IRGC, IFSR (31 CFR 561)"
    )
    assert e.identifiers == ()  # sanctions information and links are not identifiers
    assert e.countries == ("IR",)


def test_sdn2021_vessel(sdn2021: Parsed) -> None:
    # 15036,"ARTAVIL","vessel","IRAN",-0- ,"T2EU4","Crude/Oil Products Tanker","99,144","56,068","Iran",-0- ,
    #  "Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; alt. Former Vessel Flag None Identified;
    #  alt.
    #  Former Vessel Flag Tanzania; Additional Sanctions Information - Subject to Secondary Sanctions; Vessel
    #  Registration Identification IMO 9187629; MMSI 572469210; f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN
    #  TANKER COMPANY."
    e = by_id(sdn2021)["15036"]
    assert e.type == "vessel"
    assert e.identifiers == (Identifier("IMO", "9187629"), Identifier("MMSI", "572469210"))
    assert e.countries == ("IR",)  # the flag, not the former flags
    assert EntryName("ALPHA", "weak") in e.names
    assert EntryName("ABADAN", "alias") in e.names  # alt.csv fka


def test_sdn2021_remarks_continued_in_comments(sdn2021: Parsed, warning_with: Callable[..., Any]) -> None:
    # sdn.csv cuts the remarks of 12300 at 1,000 characters ("...Linked To: PROMO RAI");
    # sdn_comments.csv: 12300,"Z S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA, S.A. DE C.V.; ..."
    e = by_id(sdn2021)["12300"]
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA" in e.remarks
    assert e.raw["remarks_extended"].startswith("Z S.A.S.;")
    assert Identifier("Cedula No.", "7548733") in e.identifiers
    assert warning_with(sdn2021.warnings, "remarks of 5 entries completed from sdn_comments.csv")


# --------------------------------------------------------------------------- 2024 file alone


def test_sdn2024_count_and_trailer(sdn2024: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 14,965 rows; the file ends with CRLF and the 0x1A byte.
    assert len(sdn2024.entries) == 14965
    last = sdn2024.entries[-1]
    assert last.raw["Remarks"].endswith("Registration Number 9855920 (Turkey).")
    assert Identifier("Registration Number", "9855920") in last.identifiers
    assert warning_with(sdn2024.warnings, "no add.csv beside sdn.csv")
    assert warning_with(sdn2024.warnings, "3663 a.k.a. names", "weak")
    schemes = Counter(i.scheme for e in sdn2024.entries for i in e.identifiers)
    assert schemes["IMO"] == 982
    assert "Gender" not in schemes and "Phone Number" not in schemes and "Website" not in schemes


def test_remarks_parser() -> None:
    rem = parse_remarks(
        "DOB 15 Jan 1955; nationality Iran; alt. citizen Russia; "
        "Passport 645720381 (Russia) issued 12 Jan 2010; "
        "Gender Male; Website www.example.com; a.k.a. 'AL-QA'QA'; Identification Number IMO 5342883; "
        "Nationality of Registration Korea, North; Tax ID No. AABA 670850 Y."
    )
    assert rem.weak == ["AL-QA'QA"]
    assert rem.countries == ["IR", "RU", "KP"]
    assert rem.identifiers == [
        Identifier("Passport", "645720381"),
        Identifier("IMO", "5342883"),
        Identifier("Tax ID No.", "AABA 670850 Y"),
    ]
    assert split_programs("SDGT] [IFSR") == ("SDGT", "IFSR")
    assert split_programs("[SDGT] [IFSR]") == ("SDGT", "IFSR")


# --------------------------------------------------------------------------- small fixture folder


def test_mini_folder(fixtures: Path) -> None:
    # Three records of the 2021 files, byte for byte: CRLF, "-0- ", 0x1A at the end.
    parsed = us_ofac_sdn.parse(fixtures / "ofac_mini")
    assert sorted(by_id(parsed)) == ["15036", "306", "4632"]
    assert by_id(parsed)["306"].names[-1] == EntryName("BNC", "weak")
    assert by_id(parsed)["4632"].programs == ("IRAN", "SDGT", "IRGC", "IFSR")


def test_header_row_is_skipped(fixtures: Path, tmp_path: Path, warning_with: Callable[..., Any]) -> None:
    for f in ("sdn.csv", "add.csv", "alt.csv"):
        shutil.copy(fixtures / "ofac_mini" / f, tmp_path / f)
    p = tmp_path / "sdn.csv"
    header = b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,"
    header += b"Vess_flag,Vess_owner,Remarks\r\n"
    p.write_bytes(header + p.read_bytes())
    parsed = us_ofac_sdn.parse(p)
    assert len(parsed.entries) == 3
    assert warning_with(parsed.warnings, "header row, skipped")


# --------------------------------------------------------------------------- legacy XML


def test_sdn_xml_sample(shared_data: Path, warning_with: Callable[..., Any]) -> None:
    parsed = us_ofac_sdn.parse(shared_data / "format-samples-deriv" / "sdn.xml")
    # SOURCES.md: 8 sdnEntry (an excerpt: Record_Count says 8197, reported).
    assert len(parsed.entries) == 8
    assert parsed.version == "2020-04-22"  # Publish_Date 04/22/2020
    assert warning_with(parsed.warnings, "Record_Count says 8197", "holds 8")
    # <sdnEntry><uid>10689</uid><firstName>Muhammad</firstName><lastName>SAEED</lastName>
    #  <sdnType>Individual</sdnType><programList><program>SDGT</program></programList>
    #  <idList><id><uid>7590</uid><idType>Passport</idType><idNumber>Booklet A5250088</idNumber>...
    #  <akaList><aka>...<category>weak</category><lastName>HAFIZ SAHIB</lastName></aka>...
    e = by_id(parsed)["10689"]
    assert e.names[0] == EntryName("SAEED, Muhammad", "primary")
    assert EntryName("SAEED, Hafiz Muhammad", "alias") in e.names
    assert EntryName("HAFIZ SAHIB", "weak") in e.names and EntryName("TATA JI", "weak") in e.names
    assert e.type == "person"
    assert e.countries == ("PK",)
    assert e.identifiers == (
        Identifier("Passport", "Booklet A5250088"),
        Identifier("Passport", "BE5978421"),
        Identifier("National ID No.", "23250460642"),
        Identifier("National ID No.", "3520025509842-7"),
    )
    assert e.addresses == (
        "House No. 116 E, Mohalla Johar, Town: Lahore, Tehsil:, Lahore City, Lahore District, Pakistan",
    )
    assert e.citation == "OFAC SDN List; programs: SDGT (31 CFR 594)"
    # <sdnEntry><uid>19187</uid><lastName>TROLL PROPERTIES, INC.</lastName><sdnType>Entity</sdnType>
    #  ...<idType>RUC #</idType><idNumber>991715-1-534344</idNumber><idCountry>Panama</idCountry>...
    #  <addressList><address><uid>29221</uid><country>Panama</country></address></addressList>
    e = by_id(parsed)["19187"]
    assert e.names == (EntryName("TROLL PROPERTIES, INC.", "primary"),)  # an entity: lastName only
    assert e.type == "organization"
    assert e.identifiers == (Identifier("RUC #", "991715-1-534344"),)
    assert (e.countries, e.addresses) == (("PA",), ("Panama",))


def test_xml_bomb(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_sdn.parse, fixtures / "bomb.xml", "refused", "DTD")


def test_truncated_xml(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(us_ofac_sdn.parse, fixtures / "sdn_truncated.xml", "truncated")
    assert err.where and err.where.startswith("line ")


def test_truncated_csv(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(us_ofac_sdn.parse, fixtures / "sdn_truncated.csv", "truncated", "7 of 12")
    assert err.where == "line 2"


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_sdn.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_sdn.parse, fixtures / "error_page.html", "HTML page")


def test_foreign_files(shared_data: Path, raises_list_error: Callable[..., Any]) -> None:
    # The DPL file, the CSL, the UN XML and an address file given as sdn.csv.
    raises_list_error(us_ofac_sdn.parse, shared_data / "bis-dpl-2022" / "dpl.txt", "not an OFAC")
    raises_list_error(
        us_ofac_sdn.parse, shared_data / "us-csl-sample-2025" / "consolidated.csv", "not an OFAC"
    )
    raises_list_error(us_ofac_sdn.parse, shared_data / "ofac-sdn-2021" / "add.csv", "not an OFAC", "12")
    raises_list_error(
        us_ofac_sdn.parse, shared_data / "un-consolidated-2026" / "UN_consolidated.xml", "not an OFAC SDN XML"
    )


def test_consolidated_list_refused(shared_data: Path, raises_list_error: Callable[..., Any]) -> None:
    # The non-SDN consolidated list is another source, in either format.
    folder = shared_data / "ofac-nonsdn-consolidated"
    raises_list_error(
        us_ofac_sdn.parse, folder / "CONS_ENHANCED.ZIP", "publishes Consolidated List", "us_ofac_cons"
    )
    raises_list_error(us_ofac_sdn.parse, folder / "cons_prim.csv", "not the SDN list")


def test_enhanced_xml(shared_data: Path, tmp_path: Path) -> None:
    # No SDN_ENHANCED.XML sample exists; the consolidated one relabelled as the SDN List
    # (publicationInfo/filters) goes through the same Enhanced XML reader.
    with zipfile.ZipFile(shared_data / "ofac-nonsdn-consolidated" / "CONS_ENHANCED.ZIP") as zf:
        xml = zf.read("CONS_ENHANCED.XML")
    p = tmp_path / "SDN_ENHANCED.XML"
    p.write_bytes(xml.replace(b'refId="91512">Consolidated List<', b'refId="1550">SDN List<', 1))
    parsed = us_ofac_sdn.parse(p)
    assert len(parsed.entries) == 443 and parsed.version == "2025-01-10"
    vtb = by_id(parsed)["17013"]  # on the SSI and the SDN List: filed under the SDN List here
    assert vtb.list_name == "Specially Designated Nationals (SDN) List"
    assert vtb.citation.startswith("OFAC SDN List; programs: UKRAINE-EO13662 (31 CFR 589)")


def test_folder_without_sdn(tmp_path: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_ofac_sdn.parse, tmp_path, "no sdn.csv")
