"""uk_hmt: the OFSI consolidated list CSV (2022 format)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import uk_hmt
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def hmt(shared_data: Path) -> Parsed:
    return uk_hmt.parse(shared_data / "format-samples-deriv" / "sample_hmt.csv")


def test_module_roles() -> None:
    assert uk_hmt.SOURCE == "uk_hmt"
    assert uk_hmt.TITLE and uk_hmt.PUBLISHER


def test_count_and_version(hmt: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 23 rows; grouped by Group ID they are 6 targets (9053, 13063, 13754,
    # 11039 with 14 rows, 13017 with 3, 9215).
    assert len(hmt.entries) == 6
    assert [e.entry_id for e in hmt.entries] == ["9053", "13063", "13754", "11039", "13017", "9215"]
    assert hmt.version == "2020-04-27"  # line 1: "Last Updated,27/04/2020"
    assert warning_with(hmt.warnings, "23 rows grouped by Group ID into 6 entries")
    assert {e.regime for e in hmt.entries} == {"UK"}


def test_non_latin_alias(hmt: Parsed) -> None:
    # HOJATI,Mohsen,,,,,,محسن حجتی,Arabic,Persian,28/09/1955,,,,,,,,Head of Fajr Industrial Group,,,,,,,,,
    #  "UN Ref IRi.018.  Passport no: G4506013, issued in Iran (Islamic Republic of)",Individual,Prime Alias,,
    #  Iran (nuclear proliferation),24/03/2007,,27/06/2017,9053
    e = by_id(hmt)["9053"]
    assert e.names == (EntryName("Mohsen HOJATI", "primary"), EntryName("محسن حجتی", "alias"))
    assert e.type == "person"
    assert e.programs == ("Iran (nuclear proliferation)",)
    assert e.citation == "UK Sanctions List (OFSI); regime Iran (nuclear proliferation)"
    assert e.remarks == (
        "Position: Head of Fajr Industrial Group; UN Ref IRi.018. Passport no: G4506013, issued in Iran "
        "(Islamic Republic of)"
    )
    assert e.raw["Name Non-Latin Script"] == "محسن حجتی"
    assert e.raw["Other Information"].startswith("UN Ref IRi.018.  Passport")  # as read


def test_group_merge_primary_first(hmt: Parsed) -> None:
    # Group 11039: seven "AKA" rows SO,Sang,Kuk,... and seven "Prime Alias" rows SO,Sang-kuk,..., one per
    # date of birth "00/00/1932" ... "00/00/1938".
    e = by_id(hmt)["11039"]
    assert e.names == (EntryName("Sang-kuk SO", "primary"), EntryName("Sang Kuk SO", "alias"))
    assert e.raw["Alias Type"] == "Prime Alias"
    assert len(e.raw["other_rows"]) == 13
    assert e.programs == ("North Korea (Democratic People's Republic of Korea)",)


def test_no_primary_row_and_countries(hmt: Parsed, warning_with: Callable[..., Any]) -> None:
    # SAEED,Hafez,Mohammad,... سعید حافظ محمد,Arabic,... Nationality "Pakistani", National Identification
    #  Number "3520025509842-7 (Pakistani)", address "House No 116E, Mohalla Johar, Lahore, Tehsil, Lahore
    #  City,
    #  Lahore District", postcode 123321, Country "Pakistan (location as at May 2008)",
    #  ...,Individual,AKA,...,9215
    e = by_id(hmt)["9215"]
    assert e.names == (EntryName("Hafez Mohammad SAEED", "primary"), EntryName("سعید حافظ محمد", "alias"))
    assert e.countries == ("PK",)
    assert e.identifiers == (Identifier("National ID No.", "3520025509842-7"),)
    assert e.addresses == (
        "House No 116E, Mohalla Johar, Lahore, Tehsil, Lahore City, Lahore District, 123321, "
        "Pakistan (location as at May 2008)",
    )
    assert warning_with(hmt.warnings, "Group ID 9215", "no 'Primary Name' row")


def test_impossible_dates(hmt: Parsed, warning_with: Callable[..., Any]) -> None:
    # HUBARIEVA,Kateryna,Yuriyivna,...,10/00/1983,...  and  SO,Sang,Kuk,...,00/00/1936,...
    assert warning_with(hmt.warnings, "impossible dates", "line 5", "10/00/1983", "kept as text")
    assert warning_with(hmt.warnings, "impossible dates", "17 in all")
    assert by_id(hmt)["13063"].raw["DOB"] == "05/07/1983"


def test_replacement_character_reported(hmt: Parsed, warning_with: Callable[..., Any]) -> None:
    # Group 13017: "Former Special Envoy of the so-called 'Luhansk People\ufffds Republic'" (damaged at the
    #  source)
    assert "\ufffd" in (by_id(hmt)["13017"].remarks or "")
    assert warning_with(hmt.warnings, "encoding", "U+FFFD")


def test_bom(shared_data: Path, tmp_path: Path) -> None:
    p = tmp_path / "ConList.csv"
    p.write_bytes(b"\xef\xbb\xbf" + (shared_data / "format-samples-deriv" / "sample_hmt.csv").read_bytes())
    parsed = uk_hmt.parse(p)
    assert parsed.version == "2020-04-27" and len(parsed.entries) == 6


def test_primary_name_type(tmp_path: Path, shared_data: Path) -> None:
    # The current export writes "Primary Name" where the 2020 sample has "Prime Alias"; "Low" quality -> weak.
    text = (shared_data / "format-samples-deriv" / "sample_hmt.csv").read_text(encoding="utf-8")
    text = text.replace(",Prime Alias,,", ",Primary Name,,").replace(
        "HUBARIEVA,Kateryna,Yuriyivna,,,,,,,,10/00/1983", "HUBARIEVA,Katia,,,,,,,,,10/00/1983"
    )
    lines = text.split("\n")
    lines = [
        ln.replace(",Individual,AKA,,", ",Individual,AKA,Low,") if ln.startswith("HUBARIEVA,Katia") else ln
        for ln in lines
    ]
    p = tmp_path / "ConList.csv"
    p.write_text("\n".join(lines), encoding="utf-8")
    parsed = uk_hmt.parse(p)
    assert by_id(parsed)["11039"].names[0] == EntryName("Sang-kuk SO", "primary")
    assert EntryName("Katia HUBARIEVA", "weak") in by_id(parsed)["13063"].names


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(uk_hmt.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(uk_hmt.parse, fixtures / "error_page.html", "HTML page")


def test_truncated_last_row(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(uk_hmt.parse, fixtures / "hmt_truncated.csv", "truncated", "13 of 36")
    assert err.where == "line 4"


def test_foreign_files(shared_data: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(uk_hmt.parse, shared_data / "us-csl-sample-2025" / "consolidated.csv", "not an OFSI")
    raises_list_error(uk_hmt.parse, shared_data / "bis-dpl-2022" / "dpl.txt", "not an OFSI")
    raises_list_error(uk_hmt.parse, shared_data / "ofac-sdn-2021" / "sdn.csv", "not an OFSI")
