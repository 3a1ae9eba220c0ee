"""us_csl: the trade.gov Consolidated Screening List (CSV, gzip, JSON)."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import us_csl
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def csl2022(shared_data: Path) -> Parsed:
    # Parsed once for the module: 14,160 records, 5.8 MB unzipped.
    return us_csl.parse(shared_data / "us-csl-2022" / "consolidated.csv.gz")


def test_module_roles() -> None:
    assert us_csl.SOURCE == "us_csl"
    assert us_csl.TITLE and us_csl.PUBLISHER


# --------------------------------------------------------------------------- the 2022 file


def test_csl2022_count_and_lists(csl2022: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 14,160 records. One record repeats another of the same list
    # (_id 15268 twice on the CAPTA list, differing only in source_list_url) and
    # is skipped: 14,159 entries, one per remaining record.
    assert len(csl2022.entries) == 14159
    assert csl2022.version is None  # the CSL states no publication date
    lists = Counter(e.list_name for e in csl2022.entries)
    assert lists["Specially Designated Nationals (SDN) - Treasury Department"] == 10026
    assert lists["Entity List (EL) - Bureau of Industry and Security"] == 2001
    assert lists["Denied Persons List (DPL) - Bureau of Industry and Security"] == 462
    assert lists["Capta List (CAP) - Treasury Department"] == 52  # 53 records, one repeated
    assert len({e.key for e in csl2022.entries}) == 14159
    assert {e.regime for e in csl2022.entries} == {"US"}
    assert Counter(e.type for e in csl2022.entries) == {
        "person": 5286,
        "organization": 4532,
        "unknown": 3625,  # BIS and State lists give no type
        "vessel": 433,
        "aircraft": 283,
    }
    assert warning_with(csl2022.warnings, "rows skipped", "line 1980", "15268", "CAP")


def test_csl2022_dpl_record(csl2022: Parsed) -> None:
    # deb7a1d5743a85c354ca1a2c7f2664e2104b32d7,Denied Persons List (DPL) - Bureau of Industry and Security,,,,
    #  I. ASH,,"UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 NORTH
    #  HIGHWAY 175, SEAGOVILLE, TX, 75159, US",68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236
    #  1/30/07,2003-06-19,2056-06-29,Y,,,,,,,,,FEDERAL REGISTER NOTICE UPDATED,http://bit.ly/1Qi5heF,,,,,,
    #  http://bit.ly/1iwxiF0,
    e = by_id(csl2022)["deb7a1d5743a85c354ca1a2c7f2664e2104b32d7"]
    assert e.list_name == "Denied Persons List (DPL) - Bureau of Industry and Security"
    assert e.names == (EntryName("I. ASH", "primary"),)  # leading space trimmed
    assert e.type == "unknown"
    assert e.countries == ("US",)
    assert e.addresses == (
        "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, "
        "2113 NORTH HIGHWAY 175, SEAGOVILLE, TX, 75159, US",
    )
    assert e.citation == (
        "Denied Persons List (15 CFR 764.3); 68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07"
    )
    assert e.url == "http://bit.ly/1iwxiF0"
    assert e.remarks == "FEDERAL REGISTER NOTICE UPDATED"
    assert e.raw["name"] == " I. ASH"
    assert e.raw["end_date"] == "2056-06-29"


def test_csl2022_sdn_person_with_ids(csl2022: Parsed) -> None:
    # 9935,Specially Designated Nationals (SDN) - Treasury Department,9935,Individual,SDGT,
    #  "'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed",,"",,,,,,,,,,,,,,http://bit.ly/1I7ipyR,
    #  "ABDELRAZIK, Sofian; ABDELRAZIK, Abousofiane; ... ; ABDELRAZIK, Abousofian","",1962-08-06,CA; SD,
    #  "Al-Bawgah, Sudan; Albaouga, Sudan",http://bit.ly/1MLgpye,"CA, BC166787, Passport"
    e = by_id(csl2022)["9935"]
    assert e.type == "person"
    assert e.names[0] == EntryName("'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed", "primary")
    assert len(e.names) == 15 and all(n.kind == "alias" for n in e.names[1:])
    assert EntryName("DJOLAIBA THE SUDANESE", "alias") in e.names
    assert e.countries == ("CA", "SD")  # nationalities "CA; SD"
    assert e.programs == ("SDGT",)
    assert e.identifiers == (Identifier("Passport", "BC166787"),)  # "CA, BC166787, Passport"
    assert e.citation == "OFAC SDN List; programs: SDGT (31 CFR 594)"
    assert e.url == "http://bit.ly/1MLgpye"


def test_csl2022_entity_list_and_split(csl2022: Parsed, warning_with: Callable[..., Any]) -> None:
    # 4398d33e9e93c7477af39f1e0bfffc13ddd47bcc,Entity List (EL) - Bureau of Industry and Security,,,,
    #  140 Repair Plant JSC,,"19 Luysi Chalovskoy St., Borisov, 222512, BY",87 FR 20299,2022-04-07,,,
    #  For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR.),
    #  Policy of denial. ,,,,,,,,http://bit.ly/1L47xrV,
    #  Open Joint Stock Company 140 Repair Plant; and JSC 140 Repair Plant,,,,,http://bit.ly/1L47xrV,
    e = by_id(csl2022)["4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"]
    assert e.names == (
        EntryName("140 Repair Plant JSC", "primary"),
        EntryName("Open Joint Stock Company 140 Repair Plant", "alias"),
        EntryName("JSC 140 Repair Plant", "alias"),  # "; and JSC 140 Repair Plant"
    )
    assert e.countries == ("BY",)
    assert e.citation == (
        "Entity List (15 CFR 744 Supp. 4); 87 FR 20299; "
        "licence requirement: For all items subject to the EAR. "
        "(See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR.); policy: Policy of denial."
    )
    assert warning_with(csl2022.warnings, "'; and' list split")


def test_csl2022_same_entity_on_two_lists(csl2022: Parsed) -> None:
    # _id 18741 (AUCTION LIMITED LIABILITY COMPANY) is on the SDN and the SSI list:
    # one entry per list, with the list code in the entry id.
    ents = by_id(csl2022)
    assert "18741" not in ents
    sdn, ssi = ents["18741/SDN"], ents["18741/SSI"]
    assert sdn.names[0].value == ssi.names[0].value == "AUCTION LIMITED LIABILITY COMPANY"
    assert sdn.list_name.startswith("Specially Designated Nationals")
    assert ssi.list_name.startswith("Sectoral Sanctions Identifications List")
    assert ssi.citation.startswith("OFAC Sectoral Sanctions Identifications List (EO 13662 directives)")
    assert sdn.identifiers == (Identifier("Registration ID", "1027700256297"),)
    assert sdn.addresses == (
        "d.14 shosse Entuziastov, Moscow, 111024, RU",
        "Room 12, room IB, ground floor, 32 Leninsky Ave, Moscow, RU",
    )
    # The record repeated on the CAPTA list keeps its plain id.
    assert ents["15268"].list_name == "Capta List (CAP) - Treasury Department"


def test_csl2022_vessel_imo_and_features_not_identifiers(csl2022: Parsed) -> None:
    # 23156,...SDN...,23156,Vessel,DPRK4,7-28,...,vessel_flag "Democratic People's Republic of Korea",
    #  ids "IMO 8898831, Vessel Registration Identification; North Korea Sanctions Regulations, sections
    #  510.201 and 510.210, Secondary sanctions risk:; ..."
    e = by_id(csl2022)["23156"]
    assert e.type == "vessel"
    assert e.identifiers == (Identifier("IMO", "8898831"),)
    assert e.countries == ("KP",)
    schemes = Counter(i.scheme for x in csl2022.entries for i in x.identifiers)
    assert schemes["IMO"] == 514
    assert "Gender" not in schemes and "Secondary sanctions risk:" not in schemes and "Website" not in schemes


def test_csl2022_field_with_newline(csl2022: Parsed) -> None:
    # 026dba5afe5742c3d9b83179846272ca67cdb5c0,Military End User (MEU) List - ...,
    #  "Room 717, Building 41, No.8633 Zhongchun Road, \nMinhang District, Shanghai, CN"
    e = by_id(csl2022)["026dba5afe5742c3d9b83179846272ca67cdb5c0"]
    assert e.addresses == ("Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai, CN",)
    assert "\n" in e.raw["addresses"]
    assert e.citation.startswith("Military End-User List (15 CFR 744 Supp. 7); 85 FR 83799")


# --------------------------------------------------------------------------- the 2025 sample, BOM


def test_csl2025_sample_and_successor_suffix(shared_data: Path, warning_with: Callable[..., Any]) -> None:
    parsed = us_csl.parse(shared_data / "us-csl-sample-2025" / "consolidated.csv")
    assert len(parsed.entries) == 13  # SOURCES.md: 13 records, about one per list
    # "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof"
    e = by_id(parsed)["233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"]
    assert e.names == (EntryName("Sinobright Import and Export Company", "primary"),)
    assert (
        e.citation
        == "State Department Nonproliferation Sanctions; Vol. 88, No. 151, 08/08/2023; programs: INKSNA"
    )
    assert warning_with(parsed.warnings, "successor", "line 2")


def test_bom_is_dropped(shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "us-csl-sample-2025" / "consolidated.csv").read_bytes()
    p = tmp_path / "consolidated.csv"
    p.write_bytes(b"\xef\xbb\xbf" + data)
    parsed = us_csl.parse(p)
    assert len(parsed.entries) == 13
    assert not any("unexpected columns" in w for w in parsed.warnings)


# --------------------------------------------------------------------------- JSON


def test_json_fixture_matches_csv(csl2022: Parsed, fixtures: Path) -> None:
    # csl_sample.json: three records of the 2022 CSV in the JSON layout of the CSL
    # API (lists, address and id objects); they must read as the CSV does.
    parsed = us_csl.parse(fixtures / "csl_sample.json")
    assert len(parsed.entries) == 3
    csv_entries = by_id(csl2022)
    for e in parsed.entries:
        c = csv_entries[e.entry_id]
        assert (e.names, e.type, e.countries, e.programs, e.identifiers, e.citation, e.list_name) == (
            c.names,
            c.type,
            c.countries,
            c.programs,
            c.identifiers,
            c.citation,
            c.list_name,
        )
    assert by_id(parsed)["4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"].addresses == (
        "19 Luysi Chalovskoy St., Borisov, 222512, BY",
    )


def test_json_fixture_alone(fixtures: Path) -> None:
    parsed = us_csl.parse(fixtures / "csl_sample.json")
    e = by_id(parsed)["23156"]
    assert e.names == (EntryName("7-28", "primary"),)
    assert e.identifiers == (Identifier("IMO", "8898831"),)
    assert e.countries == ("KP",)


# --------------------------------------------------------------------------- bad input


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_csl.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_csl.parse, fixtures / "error_page.html", "HTML page")


def test_truncated_last_row(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(us_csl.parse, fixtures / "csl_truncated.csv", "truncated", "20 of 29")
    assert err.where == "line 3"


def test_truncated_gzip(shared_data: Path, tmp_path: Path, raises_list_error: Callable[..., Any]) -> None:
    data = (shared_data / "us-csl-sample-2025" / "consolidated.csv").read_bytes()
    p = tmp_path / "consolidated.csv.gz"
    p.write_bytes(gzip.compress(data)[:-200])
    raises_list_error(us_csl.parse, p, "truncated")


def test_truncated_json(tmp_path: Path, fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    p = tmp_path / "consolidated.json"
    p.write_bytes((fixtures / "csl_sample.json").read_bytes()[:1500])
    raises_list_error(us_csl.parse, p, "truncated")


def test_foreign_files(shared_data: Path, fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(
        us_csl.parse, shared_data / "bis-dpl-2022" / "dpl.txt", "not a Consolidated Screening List"
    )
    raises_list_error(
        us_csl.parse, shared_data / "ofac-sdn-2021" / "sdn.csv", "not a Consolidated Screening List"
    )
    raises_list_error(us_csl.parse, fixtures / "ofac_mini" / "sdn.csv", "not a Consolidated Screening List")
    raises_list_error(us_csl.parse, shared_data / "eu-fsf-derived-2025" / "eu_sanctions.json", "results")
