"""us_bis_dpl: the BIS Denied Persons List text file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lists.sources import us_bis_dpl
from lists.sources.base import Parsed
from screening.model import EntryName, ListEntry


@pytest.fixture(scope="module")
def dpl(shared_data: Path) -> Parsed:
    # `today` fixed so that the version does not depend on when the test runs.
    return us_bis_dpl.parse(shared_data / "bis-dpl-2022" / "dpl.txt", today=date(2026, 1, 1))


def named(parsed: Parsed, name: str) -> list[ListEntry]:
    return [e for e in parsed.entries if e.name == name]


def test_module_roles() -> None:
    assert us_bis_dpl.SOURCE == "us_bis_dpl"
    assert us_bis_dpl.TITLE and us_bis_dpl.PUBLISHER


def test_count_and_version(dpl: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 581 rows. Rows of the same name (case and spaces ignored) and the
    # same FR citation (punctuation ignored) are merged: 101 rows join an earlier one,
    # leaving 480 entries (403 with one address, 60 with two, 12 with three, 5 with four).
    assert len(dpl.entries) == 480
    assert Counter(len(e.addresses) for e in dpl.entries) == {1: 403, 2: 60, 3: 12, 4: 5}
    assert warning_with(dpl.warnings, "101 rows merged", "581 rows, 480 entries")
    # The newest real Last_Update; 2922-09-01 and 3017-08-22 are typos and not used.
    assert dpl.version == "2022-09-02"
    assert len({e.entry_id for e in dpl.entries}) == 480
    assert {e.type for e in dpl.entries} == {"unknown"}
    assert {e.list_name for e in dpl.entries} == {"Denied Persons List"}


def test_first_record(dpl: Parsed) -> None:
    # " I. ASH"	"UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 NORTH
    #  HIGHWAY 175"	"SEAGOVILLE"	"TX"	"US"	"75159"	"06/19/2003"	"06/29/2056"	"Y"	"2007-01-31"
    #  "FEDERAL REGISTER NOTICE UPDATED"	"68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07"
    # The same name under another order (rows 232-233) is another entry.
    e, other = named(dpl, "I. ASH")
    assert e.names == (EntryName("I. ASH", "primary"),)
    assert e.countries == ("US",)
    assert e.addresses == (
        "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, "
        "2113 NORTH HIGHWAY 175, "
        "SEAGOVILLE, TX, 75159, US",
    )
    assert e.citation == (
        "15 CFR 764.3; Denied Persons List; 68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07"
    )
    assert e.remarks == (
        "effective 06/19/2003; expires 06/29/2056; standard order: Y; "
        "last action: FEDERAL REGISTER NOTICE UPDATED"
    )
    assert e.regime == "US"
    assert e.entry_id.startswith("dpl-") and len(e.entry_id) == 16
    assert e.raw["Name"] == " I. ASH" and "other_rows" not in e.raw
    # Rows 232 and 233 cite "67 F.R. 56530 9/4/02 67 F.R. 10890 3/11/02 71 F.R. 38843 7/10/06" and
    # "... 3/11/02, 71 F.R. 38843 7/10/06": the same citation but for a comma, merged.
    assert other.addresses == (
        "605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US",
        "908 AUDELIA ROAD, SUITE 200 #245, RICHARDSON, TX, 75081, US",
    )


def test_merging(dpl: Parsed) -> None:
    # "AIR FREIGHT LTD" has four rows: three (Baghdad twice, Dubai) under one FR citation
    # and one (Amman) under another: two entries.
    entries = named(dpl, "AIR FREIGHT LTD")
    assert sorted(len(e.addresses) for e in entries) == [1, 3]
    three = next(e for e in entries if len(e.addresses) == 3)
    assert three.countries == ("IQ", "AE")
    assert len(three.raw["other_rows"]) == 2
    # "DAQING ZHOU": two identical rows, one entry with one address.
    (zhou,) = named(dpl, "DAQING ZHOU")
    assert zhou.addresses == (
        "MANTEN ELECTRONICS INC, BEIJING OFFICE, SUITE 2-4-501, 2ND AREA CHERRY GARDEN, "
        "LI QIAO TOWN, SHUN YI, "
        "BEIJING, 101300, CN",
    )
    # "AL-NASER  AIRLINES" (two spaces) is the same name as "AL-NASER AIRLINES" when the citation is the same.
    assert not named(dpl, "AL-NASER  AIRLINES")


def test_impossible_dates(dpl: Parsed, warning_with: Callable[..., Any]) -> None:
    # "KNOKKE-HEIST SUPPORT CORPORATION MANAGEMENT" ... "2922-09-01" (line 306) and
    # "MANSOUR ZADEH" ... "3017-08-22" (line 343), "0222-05-18" (line 35).
    for line, value in ((306, "2922-09-01"), (343, "3017-08-22"), (35, "0222-05-18")):
        assert warning_with(dpl.warnings, "impossible dates", f"line {line}", value, "kept as text")
    (knokke,) = named(dpl, "KNOKKE-HEIST SUPPORT CORPORATION MANAGEMENT")
    assert knokke.raw["Last_Update"] == "2922-09-01"
    assert len(knokke.addresses) == 2


def test_countries(dpl: Parsed, warning_with: Callable[..., Any]) -> None:
    # "JOHNSON HU" ... "PRC" -> CN
    assert named(dpl, "JOHNSON HU")[0].countries == ("CN",)
    # "AARON ABRAHAM VILLA"	"3415 RIVERA AVENUE"	"EL PASO"	"TX"	""	"79905":
    #  empty Country, a US state and a ZIP code.
    assert named(dpl, "AARON ABRAHAM VILLA")[0].countries == ("US",)
    # "CHEAPSHOP4YOU LLC" ... "NH"	""	"3801": a ZIP whose leading zero was lost.
    assert named(dpl, "CHEAPSHOP4YOU LLC")[0].countries == ("US",)
    # "STEPHEN EDWARD SMITH" ... "ANTHONY"	""	"NM"	"88021": the state New Mexico in the Country column.
    assert named(dpl, "STEPHEN EDWARD SMITH")[0].countries == ("US",)
    assert warning_with(dpl.warnings, "Country 'NM' is a US state", "read as US")
    # "MITA ZADEH" ... "NICOSIA"	"CY"	"": a country code in the State column is not trusted;
    # her fourth address ("WINSTON"	"NC"	""	"27986") is in the US.
    assert named(dpl, "MITA ZADEH")[0].countries == ("US",)
    assert warning_with(dpl.warnings, "unknown countries", "State 'CY'")
    assert warning_with(
        dpl.warnings, "rows with an empty Country, a US state and a US ZIP code read as country US"
    )


def test_version_ignores_future_dates(shared_data: Path) -> None:
    # On 2022-09-01 the newest usable Last_Update is that day (2022-09-02 is "in the future").
    parsed = us_bis_dpl.parse(shared_data / "bis-dpl-2022" / "dpl.txt", today=date(2022, 9, 1))
    assert parsed.version == "2022-09-01"


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_bis_dpl.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_bis_dpl.parse, fixtures / "error_page.html", "HTML page")


def test_truncated_last_row(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(us_bis_dpl.parse, fixtures / "dpl_truncated.txt", "truncated", "4 of 12")
    assert err.where == "line 3"


def test_foreign_files(shared_data: Path, fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(us_bis_dpl.parse, shared_data / "ofac-sdn-2021" / "sdn.csv", "not a BIS Denied Persons")
    raises_list_error(us_bis_dpl.parse, shared_data / "us-csl-sample-2025" / "consolidated.csv", "not a BIS")
    raises_list_error(us_bis_dpl.parse, fixtures / "bomb.xml", "not a BIS")
