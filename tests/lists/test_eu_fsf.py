"""eu_fsf: the EU Financial Sanctions Files XML and the third-party derived JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lists.sources import eu_fsf
from lists.sources.base import Parsed
from screening.model import EntryName, Identifier, ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Parsed:
    return eu_fsf.parse(shared_data / "format-samples-deriv" / "sample_eu.xml")


@pytest.fixture(scope="module")
def derived(shared_data: Path) -> Parsed:
    return eu_fsf.parse(shared_data / "eu-fsf-derived-2025" / "eu_sanctions.json")


def test_module_roles() -> None:
    assert eu_fsf.SOURCE == "eu_fsf"
    assert eu_fsf.TITLE and eu_fsf.PUBLISHER


# --------------------------------------------------------------------------- official XML


def test_sample_count(sample: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 7 sanctionEntity. Two of them have logicalId 5468 (the excerpt's
    # "Sok-hwa Hwang" and "TestOneWord"): one entity, merged: 6 entries.
    assert len(sample.entries) == 6
    assert sample.version == "2020-04-15"  # generationDate="2020-04-15T15:29:22.497+02:00"
    assert warning_with(sample.warnings, "merged", "logicalId 5468")
    merged = by_id(sample)["5468"]
    assert merged.names == (EntryName("Sok-hwa Hwang", "primary"), EntryName("TestOneWord", "alias"))
    assert len(merged.raw["repeated"]) == 1
    assert {e.regime for e in sample.entries} == {"EU"}


def test_sample_person_with_aliases(sample: Parsed) -> None:
    # <sanctionEntity designationDate="2008-07-03" euReferenceNumber="EU.2026.82" logicalId="5295">
    #  <regulation regulationType="amendment" organisationType="commission" publicationDate="2019-04-08"
    #   numberTitle="2019/555 (OJ L97)" programme="TAQA" ...><publicationUrl>https://eur-lex.europa.eu/
    #   legal-content/EN/TXT/PDF/?uri=OJ:L:2019:097:FULL&amp;from=EN</publicationUrl></regulation>
    #  <subjectType code="person" classificationCode="P"/>
    #  <nameAlias firstName="Abid" lastName="Hammadou" wholeName="Abid Hammadou" strong="true" .../>
    #  <nameAlias wholeName="Abdelhamid Abou Zeid" strong="true" .../> (and three more)
    #  <citizenship countryIso2Code="DZ" countryDescription="ALGERIA" .../>
    e = by_id(sample)["5295"]
    assert e.names == (
        EntryName("Abid Hammadou", "primary"),
        EntryName("Abdelhamid Abou Zeid", "alias"),
        EntryName("Youcef Adel", "alias"),
        EntryName("Amor Mohamed Ghedeir", "alias"),
        EntryName("Abou Abdellah", "alias"),
    )
    assert e.type == "person"
    assert e.countries == ("DZ",)
    assert e.programs == ("TAQA",)
    assert e.citation == "EU Reg. 2019/555 (OJ L97) (programme TAQA); EU ref EU.2026.82"
    assert e.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=OJ:L:2019:097:FULL&from=EN"
    assert e.list_name == "EU consolidated financial sanctions list"


def test_sample_identifiers_and_address(sample: Parsed) -> None:
    # logicalId="927" Mohamed Ben Belkacem Aouadi, programme TAQA:
    #  <address city="Tunis" street="23 50th Street, Zehrouni" countryIso2Code="TN"
    #  countryDescription="TUNISIA">
    #  <identification number="04643632" identificationTypeCode="id" countryIso2Code="TN" .../>
    #  <identification number="L191609" identificationTypeCode="passport" countryIso2Code="TN" .../>
    e = by_id(sample)["927"]
    assert e.addresses == ("23 50th Street, Zehrouni, Tunis, TUNISIA",)
    assert e.countries == ("TN",)
    assert e.identifiers == (Identifier("National ID No.", "04643632"), Identifier("Passport", "L191609"))
    # logicalId="191": a passport of countryIso2Code="00" ("UNKNOWN"): no country.
    assert by_id(sample)["191"].countries == ()
    assert by_id(sample)["191"].identifiers == (Identifier("Passport", "488555"),)
    # logicalId="5807": an address in "CONGO, Democratic Republic of (was Zaire)" with code CD.
    assert by_id(sample)["5807"].countries == ("RW", "CD")


def test_weak_names(tmp_path: Path, shared_data: Path, warning_with: Callable[..., Any]) -> None:
    text = (shared_data / "format-samples-deriv" / "sample_eu.xml").read_text(encoding="utf-8")
    text = text.replace(
        'wholeName="Youcef Adel" function="" title="" nameLanguage="" strong="true"',
        'wholeName="Youcef Adel" function="" title="" nameLanguage="" strong="false"',
    )
    p = tmp_path / "eu.xml"
    p.write_text(text, encoding="utf-8")
    parsed = eu_fsf.parse(p)
    assert EntryName("Youcef Adel", "weak") in by_id(parsed)["5295"].names
    assert warning_with(parsed.warnings, '1 nameAlias with strong="false"')


# --------------------------------------------------------------------------- derived JSON


def test_derived_count(derived: Parsed, warning_with: Callable[..., Any]) -> None:
    # SOURCES.md: 5,307 rows (4,103 individuals, 1,204 entities), meta.timestamp 2025-04-15.
    assert len(derived.entries) == 5307
    assert Counter(e.type for e in derived.entries) == {"person": 4103, "organization": 1204}
    assert derived.version == "2025-04-15"
    assert warning_with(derived.warnings, "third-party JSON")
    # 22,359 alias strings; 149 repeat the entry's name or another alias (same letters,
    # e.g. "Izzat Ibrahim Al-Duri" / "Izzat Ibrahim al-Duri") and count once: 22,210.
    assert sum(len(e.names) - 1 for e in derived.entries) == 22210
    assert {n.kind for e in derived.entries for n in e.names[1:]} == {"alias"}


def test_derived_records(derived: Parsed) -> None:
    # {"id": "EU-13", "name": "Saddam Hussein Al-Tikriti", "type": "INDIVIDUAL", "country": "", "programs":
    #  [],
    #  "source": "EU", "matchScore": 100, "details": {"aliases": ["Abu Ali", "Abou Ali"], "birthDate":
    #  "1937-04-28",
    #  "sanctions": [], "addresses": [], "nationalities": [], "identifications": []}}
    e = by_id(derived)["13"]
    assert e.names == (
        EntryName("Saddam Hussein Al-Tikriti", "primary"),
        EntryName("Abu Ali", "alias"),
        EntryName("Abou Ali", "alias"),
    )
    assert e.type == "person"
    assert (e.countries, e.programs, e.identifiers, e.url) == ((), (), (), None)
    assert e.citation == (
        "EU consolidated financial sanctions list (EU FSF), entity 13; "
        "regulation not stated in the derived JSON"
    )
    assert e.raw["id"] == "EU-13"
    # {"id": "EU-174348", "name": "ТАА “ЦЫБУЛЬКА-БЕЛ”", "type": "ENTITY", ... "aliases": ["ООО
    #  “ЦЫБУЛЬКА-БЕЛ”",
    #  "Tsybulka Bel“ ООД", ...]}: a Cyrillic primary name, double spaces collapsed.
    e = by_id(derived)["174348"]
    assert e.names[0] == EntryName("ТАА “ЦЫБУЛЬКА-БЕЛ”", "primary")
    assert e.names[1] == EntryName("ООО “ЦЫБУЛЬКА-БЕЛ”", "alias")
    assert e.type == "organization"


def test_derived_truncated(shared_data: Path, tmp_path: Path, raises_list_error: Callable[..., Any]) -> None:
    p = tmp_path / "eu.json"
    p.write_bytes((shared_data / "eu-fsf-derived-2025" / "eu_sanctions.json").read_bytes()[:100000])
    raises_list_error(eu_fsf.parse, p, "truncated")


# --------------------------------------------------------------------------- bad input


def test_xml_bomb(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(eu_fsf.parse, fixtures / "bomb.xml", "refused")


def test_truncated_xml(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    err = raises_list_error(eu_fsf.parse, fixtures / "eu_truncated.xml", "truncated")
    assert err.where and err.where.startswith("line 8")


def test_empty(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(eu_fsf.parse, fixtures / "empty.txt", "empty")


def test_html_page(fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(eu_fsf.parse, fixtures / "error_page.html", "HTML page")


def test_foreign_files(shared_data: Path, fixtures: Path, raises_list_error: Callable[..., Any]) -> None:
    raises_list_error(
        eu_fsf.parse,
        shared_data / "un-consolidated-2026" / "UN_consolidated.xml",
        "root element is <CONSOLIDATED_LIST>",
    )
    raises_list_error(eu_fsf.parse, fixtures / "csl_sample.json", "not the derived EU sanctions JSON")
    raises_list_error(
        eu_fsf.parse, shared_data / "format-samples-deriv" / "sample_hmt.csv", "not an XML file"
    )
