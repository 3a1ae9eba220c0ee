"""The normaliser: the same name written differently must come out the same."""

from __future__ import annotations

import pytest

from screening.normalize import fold_text, normalize_identifier, normalize_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huawei Technologies Co., Ltd.", "华为技术有限公司"),
        ("Guofang Keji University", "国防科技大学"),
        ("China Electronics Technology Group Corporation", "中国电子科技集团公司"),
        ("OOO Romashka", 'ООО "Ромашка"'),
        ("Romashka LLC", "Общество с ограниченной ответственностью Ромашка"),
        ("Kalashnikov Concern JSC", "АО Концерн Калашников"),
        ("ACME INTL TECH GRP", "Acme International Technology Group"),
        ("Anadolu A.Ş.", "ANADOLU AS"),
        ("Société Générale", "SOCIETE GENERALE"),
        ("Hong Kong Optics Ltd", "HONGKONG OPTICS LIMITED"),
        ("Ekspert Dış Ticaret Ltd. Şti.", "EKSPERT DIS TICARET LTD STI"),
    ],
)
def test_same_name_same_tokens(a: str, b: str) -> None:
    # Token order does not matter to the matcher.
    assert sorted(normalize_name(a).tokens) == sorted(normalize_name(b).tokens)


def test_legal_forms_are_set_aside_and_reported() -> None:
    n = normalize_name("Shanghai H Win Co., Ltd.")
    assert n.tokens == ("shanghai", "h", "win")
    assert n.legal == ("co", "ltd")


def test_person_keeps_tokens_that_look_like_legal_forms() -> None:
    # "Ao" is a given name as well as a Russian legal form.
    assert normalize_name("Ao Wei", person=True).tokens == ("ao", "wei")
    assert normalize_name("AO Wei").tokens == ("wei",)


def test_a_name_never_normalises_to_nothing() -> None:
    assert normalize_name("Company Limited").tokens == ("company", "limited")


def test_fold_text_transliterates_and_strips() -> None:
    assert fold_text("  Щукин,   Юрий  ") == "shchukin yuriy"
    assert fold_text("Ülker Gıda") == "ulker gida"


def test_identifiers_compare_without_punctuation_or_scheme() -> None:
    assert normalize_identifier("IMO 9187629") == normalize_identifier("9187629")
    assert normalize_identifier("1027-7000-1234") == "102770001234"
