"""Party matching, as case tables of names that must and must not match.

The entries below are written for the test; each case says which kind of
variation it exercises. Scores are compared with the policy's thresholds
(review 0.80, block 0.92), so a change of weights that breaks a case shows here.
"""

from __future__ import annotations

import pytest

from screening.index import NameIndex
from screening.match import Matcher, MatchPolicy, score_names
from screening.model import EntryName, Identifier, ListEntry, Party
from screening.normalize import normalize_name

POLICY = MatchPolicy(review_threshold=0.80, block_threshold=0.92)


def entry(eid: str, name: str, *aliases: str, type_: str = "organization", countries: tuple[str, ...] = (),
          weak: tuple[str, ...] = (), ids: tuple[Identifier, ...] = ()) -> ListEntry:
    names = (EntryName(name, "primary"), *(EntryName(a, "alias") for a in aliases),
             *(EntryName(w, "weak") for w in weak))
    return ListEntry(source="test", entry_id=eid, list_name="Test List", names=names, type=type_,
                     countries=countries, identifiers=ids)


ENTRIES = [
    entry("hik", "Hangzhou Hikvision Digital Technology Co., Ltd.", countries=("CN",)),
    entry("huawei", "Huawei Technologies Co., Ltd.", countries=("CN",)),
    entry("nudt", "National University of Defense Technology", "Guofang Keji University",
          weak=("NUDT",), countries=("CN",)),
    entry("smic", "Semiconductor Manufacturing International Corporation", weak=("SMIC",), countries=("CN",)),
    entry("jinghon", "Shenzhen Jinghon Electronics Co., Ltd.", countries=("CN",)),
    entry("kalash", "Kalashnikov Concern JSC", "Концерн Калашников", countries=("RU",)),
    entry("rosob", "Rosoboronexport", "Рособоронэкспорт", countries=("RU",)),
    entry("sergeev", "SERGEEV, Ivan Petrovich", "Сергеев Иван Петрович", type_="person", countries=("RU",)),
    entry("ship", "Ocean Carrier Shipping Ltd", ids=(Identifier("IMO", "9187629"),)),
    entry("tkt", "TK Technologies Trading Co", countries=("HK",)),
]
MATCHER = Matcher(NameIndex(ENTRIES), POLICY)


def best(name: str, type_: str = "unknown", country: str | None = None, ids: tuple[str, ...] = ()):
    found = MATCHER.match_names((name,), type_=type_, country=country, identifiers=ids, threshold=0.0)
    return found[0] if found else None


# (query, expected entry id, kind of variation)
STRONG = [
    ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "hik", "case and punctuation"),
    ("Hangzhou Hikvision Digital Technology Company Limited", "hik", "legal form spelled out"),
    ("Hikvision Digital Tech (Hangzhou)", "hik", "abbreviation, city moved, legal form dropped"),
    ("Hangzhou Hikvison Digital Technology", "hik", "typo in a long word"),
    ("Hangzhou Hik Vision Digital Technology", "hik", "word split"),
    ("华为技术有限公司", "huawei", "Chinese"),
    ("Huawei Technologies", "huawei", "legal form dropped"),
    ("国防科技大学", "nudt", "Chinese, alias in pinyin"),
    ("National Univ. of Defense Tech.", "nudt", "abbreviations"),
    ("NUDT", "nudt", "weak alias, exact"),
    ("SMIC", "smic", "acronym alias, exact"),
    ("АО Концерн Калашников", "kalash", "Cyrillic with legal form"),
    ("Kalashnikov Concern", "kalash", "legal form dropped"),
    ("ROSOBORONEXPORT JSC", "rosob", "legal form added"),
    ("Ivan Sergeev", "sergeev", "First Last against LAST, First, patronymic missing"),
    ("Сергеев Иван", "sergeev", "Cyrillic, patronymic missing"),
    ("Ivan Petrovich Sergeev", "sergeev", "word order"),
]


@pytest.mark.parametrize(("query", "expected", "kind"), STRONG, ids=[c[0] for c in STRONG])
def test_listed_party_is_found_strongly(query: str, expected: str, kind: str) -> None:
    m = best(query)
    assert m is not None, f"{kind}: nothing found"
    assert m.entry.entry_id == expected, f"{kind}: found {m.entry.entry_id}"
    assert m.score >= POLICY.block_threshold, f"{kind}: score {m.score} ({m.explanation.detail})"


# Names that share the list's vocabulary but name another firm or person.
NEGATIVES = [
    ("Shenzhen Baoli Electronics Co., Ltd.", "another firm, same city and trade"),
    ("Hangzhou Digital Technology Co., Ltd.", "only generic words in common"),
    ("Shanghai Hikari Trading Co.", "different distinctive word"),
    ("National University of Singapore", "another university"),
    ("SMIT", "acronym one letter off"),
    ("NUD", "acronym prefix"),
    ("Huaxin Technologies Co., Ltd.", "another Chinese firm"),
    ("Ivan Petrov", "common Russian name"),
    ("Sergei Ivanov", "common Russian name, shared first-name stem"),
    ("Kalina Concern", "another concern"),
    ("TK Logistics Co", "short distinctive token, different trade"),
]


@pytest.mark.parametrize(("query", "kind"), NEGATIVES, ids=[c[0] for c in NEGATIVES])
def test_other_party_is_not_reported(query: str, kind: str) -> None:
    m = best(query)
    assert m is None or m.score < POLICY.review_threshold, (
        f"{kind}: {m.entry.entry_id} {m.score} {m.explanation.detail}"
    )


def test_country_mismatch_lowers_but_does_not_hide_a_strong_match() -> None:
    plain = best("Hangzhou Hikvision Digital Technology")
    moved = best("Hangzhou Hikvision Digital Technology", country="US")
    assert moved.score == pytest.approx(plain.score - POLICY.country_mismatch_penalty)
    assert moved.score >= POLICY.review_threshold
    assert ("country_mismatch", POLICY.country_mismatch_penalty) in moved.explanation.penalties


def test_type_mismatch_is_a_penalty() -> None:
    m = best("Rosoboronexport", type_="person")
    assert m.entry.entry_id == "rosob"
    assert "type_mismatch" in dict(m.explanation.penalties)


def test_identifier_match_is_a_match_on_its_own() -> None:
    m = best("Completely Different Name", ids=("IMO 9187629",))
    assert m.entry.entry_id == "ship"
    assert m.score == 1.0
    assert m.explanation.bonuses == (("identifier_match", 1.0),)


def test_explanation_names_tokens_on_both_sides() -> None:
    m = best("Hikvision Digital Tech (Hangzhou) Trading")
    e = m.explanation
    assert e.query_normalized == "hikvision digital technology hangzhou trading"
    assert e.candidate_normalized == "hangzhou hikvision digital technology"
    assert ("hikvision", "hikvision", 1.0) in e.matched_tokens
    assert e.unmatched_query_tokens == ("trading",)
    assert "hikvision" in e.detail.lower()


def test_party_aliases_are_matched_too() -> None:
    found = MATCHER.match_party(Party(role="buyer", name="Unknown Buyer", aliases=("Rosoboronexport",)))
    assert [m.entry.entry_id for m in found] == ["rosob"]


def test_results_are_deterministic_and_ordered() -> None:
    a = MATCHER.match_names(("Hikvision Huawei Technologies",), threshold=0.0)
    b = MATCHER.match_names(("Hikvision Huawei Technologies",), threshold=0.0)
    assert [(m.entry.entry_id, m.score) for m in a] == [(m.entry.entry_id, m.score) for m in b]
    assert [m.score for m in a] == sorted((m.score for m in a), reverse=True)


def test_score_names_is_symmetric_enough() -> None:
    x, y = normalize_name("Acme Optics Trading"), normalize_name("Acme Optics")
    assert abs(score_names(x, y).score - score_names(y, x).score) < 1e-9
