"""un_sc: the UN Security Council consolidated list XML."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import un_sc
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def un(shared_data: Path) -> Parsed:
    return un_sc.parse(shared_data / "un-consolidated-2026" / "UN_consolidated.xml")


def test_module_roles() -> None:
    assert un_sc.SOURCE == "un_sc"
    assert un_sc.TITLE and un_sc.PUBLISHER


def test_count_and_version(un: Parsed) -> None:
    # SOURCES.md: 730 INDIVIDUAL + 273 ENTITY, dateGenerated="2026-02-27T00:00:09.554Z".
    assert len(un.entries) == 1003
    assert Counter(e.type for e in un.entries) == {"person": 730, "organization": 273}
    assert un.version == "2026-02-27"
    assert {e.regime for e in un.entries} == {"UN"}
    assert Counter(e.programs[0] for e in un.entries)["Al-Qaida"] == 341


def test_individual_with_aliases(un: Parsed) -> None:
    # <INDIVIDUAL><DATAID>6907994</DATAID><FIRST_NAME>FRANK
    #  KAKOLELE</FIRST_NAME><SECOND_NAME>BWAMBALE</SECOND_NAME>
    #  <UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.002</REFERENCE_NUMBER>
    #  <LISTED_ON>2005-11-01</LISTED_ON>
    #  ...<NATIONALITY><VALUE>Democratic Republic of the Congo</VALUE></NATIONALITY>...
    #  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>FRANK KAKORERE</ALIAS_NAME></INDIVIDUAL_ALIAS>
    #  (and two more)
    #  <INDIVIDUAL_ADDRESS><CITY>Kinshasa</CITY><COUNTRY>Democratic Republic of the Congo</COUNTRY>
    #  <NOTE>as of June 2016</NOTE></INDIVIDUAL_ADDRESS>...
    e = by_id(un)["6907994"]
    assert e.names == (
        EntryName("FRANK KAKOLELE BWAMBALE", "primary"),
        EntryName("FRANK KAKORERE", "alias"),
        EntryName("FRANK KAKORERE BWAMBALE", "alias"),
        EntryName("AIGLE BLANC", "alias"),
    )
    assert e.type == "person"
    assert e.countries == ("CD",)
    assert e.addresses == ("Kinshasa, Democratic Republic of the Congo",)
    assert e.programs == ("DRC",)
    assert (
        e.citation
        == "UN Security Council Consolidated List; Democratic Republic of the Congo sanctions; ref CDi.002"
    )
    assert e.list_name == "UN Security Council Consolidated List"
    assert e.remarks and e.remarks.startswith("Left the CNDP in January 2008.")
    assert "\n" not in e.remarks  # COMMENTS1 spans several lines in the file
    assert e.raw["REFERENCE_NUMBER"] == "CDi.002"


def test_low_quality_alias_is_weak(un: Parsed, warning_with: Callable[..., Any]) -> None:
    # 6907995 GASTON IYAMUREMYE: <QUALITY>Low</QUALITY><ALIAS_NAME>Rumuli</ALIAS_NAME>,
    #  <QUALITY>Good</QUALITY><ALIAS_NAME>Byiringiro Victor Rumuli</ALIAS_NAME> ...
    e = by_id(un)["6907995"]
    assert EntryName("Rumuli", "weak") in e.names
    assert EntryName("Byiringiro Victor Rumuli", "alias") in e.names
    assert warning_with(un.warnings, "615 aliases of QUALITY Low", "weak")
    # Entity aliases have QUALITY "a.k.a."/"f.k.a." (good): <ENTITY> 6908028 M23, a.k.a. "Mouvement du 23
    #  mars"
    assert by_id(un)["6908028"].names == (
        EntryName("M23", "primary"),
        EntryName("Mouvement du 23 mars", "alias"),
    )


def test_original_script_and_documents(un: Parsed, warning_with: Callable[..., Any]) -> None:
    # <DATAID>6908072</DATAID><FIRST_NAME>TARIQ</FIRST_NAME><SECOND_NAME>AZIZ</SECOND_NAME>
    #  <UN_LIST_TYPE>Iraq</UN_LIST_TYPE><REFERENCE_NUMBER>IQi.025</REFERENCE_NUMBER>
    #  <NAME_ORIGINAL_SCRIPT>طارق عزيز</NAME_ORIGINAL_SCRIPT>...
    #  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>No34409/129</NUMBER>...
    e = by_id(un)["6908072"]
    assert e.names == (
        EntryName("TARIQ AZIZ", "primary"),
        EntryName("طارق عزيز", "alias"),
        EntryName("Tariq Mikhail Aziz", "alias"),
    )
    assert e.identifiers == (Identifier("Passport", "No34409/129"),)
    assert e.countries == ("IQ",)
    assert e.addresses == ()  # an address element with an empty COUNTRY
    assert warning_with(un.warnings, "378 NAME_ORIGINAL_SCRIPT names kept as aliases")


def test_alias_with_several_names(un: Parsed, warning_with: Callable[..., Any]) -> None:
    # 110444 AZIM AGHAJANI: <QUALITY>Good</QUALITY><ALIAS_NAME>Azim Adhajani; Azim Agha-Jani</ALIAS_NAME>,
    #  nationality "Iran (Islamic Republic of)", two passports 6620505 and 9003213.
    e = by_id(un)["110444"]
    assert e.names == (
        EntryName("AZIM AGHAJANI", "primary"),
        EntryName("Azim Adhajani", "alias"),
        EntryName("Azim Agha-Jani", "alias"),
    )
    assert e.countries == ("IR",)
    assert e.identifiers == (Identifier("Passport", "6620505"), Identifier("Passport", "9003213"))
    assert warning_with(un.warnings, "27 ALIAS_NAME values holding several names split")
    # "Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet; ..." splits at "b)" too.
    sabet = [e for e in un.entries if any(n.value == "M. Javad Kareemi Sabet" for n in e.names)]
    assert len(sabet) == 1


def test_listed_on_with_time_zone(un: Parsed, warning_with: Callable[..., Any]) -> None:
    # 6908452 MAULANA FAZLULLAH: <LISTED_ON>2015-04-07-04:00</LISTED_ON>
    e = by_id(un)["6908452"]
    assert e.raw["LISTED_ON"] == "2015-04-07-04:00"
    assert EntryName("Mullah Radio", "weak") in e.names
    assert warning_with(un.warnings, "10 LISTED_ON dates with a time zone suffix")


def test_xml_bomb(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(un_sc.parse, fixtures / "bomb.xml", "refused", "XML bomb")


def test_truncated(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(un_sc.parse, fixtures / "un_truncated.xml", "truncated")
    assert err.where == "line 9, column 31"


def test_truncated_real_file(
    shared_data: Path, tmp_path: Path, raises_list_error: Callable[..., Any]
) -> None:
    data = (shared_data / "un-consolidated-2026" / "UN_consolidated.xml").read_bytes()
    p = tmp_path / "consolidated.xml"
    p.write_bytes(data[: len(data) // 2])
    raises_list_error(un_sc.parse, p, "truncated")


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(un_sc.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(un_sc.parse, fixtures / "error_page.html", "HTML page")


def test_foreign_files(shared_data: Path, fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(
        un_sc.parse, shared_data / "format-samples-deriv" / "sample_eu.xml", "root element is <export>"
    )
    raises_list_error(un_sc.parse, fixtures / "sdn_truncated.xml", "truncated")
    raises_list_error(un_sc.parse, shared_data / "bis-dpl-2022" / "dpl.txt", "not an XML file")
