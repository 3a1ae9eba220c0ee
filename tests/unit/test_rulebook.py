"""Rule files: strict validation, examples, tags across rules, regimes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from screening.build import shipment_from
from screening.conditions import RuleError
from screening.rulebook import load_rulebook
from screening.rulecheck import check_examples
from screening.rules import evaluate

RULES = Path(__file__).resolve().parents[2] / "rules"

DRONE = {
    "id": "T-UAV",
    "scope": "item",
    "category": "uav",
    "title": "Unmanned aircraft",
    "regime": ["EU"],
    "citation": "EU Reg. 833/2014 Annex XI",
    "severity": "info",
    "code": "ITEM_CLASSIFICATION",
    "rationale": "Chapter 88 is in Annex XI.",
    "tags": ["uav_test"],
    "when": {"any": [{"hs": ["88"]}, {"text_any": ["drone*", "квадрокоптер*", "无人机"]}]},
    "examples": {
        "match": [{"item": {"description": "FPV drone"}}],
        "no_match": [{"item": {"description": "toy car", "hs_code": "9503.00"}}],
    },
}
TO_RU = {
    "id": "T-UAV-RU",
    "scope": "item",
    "category": "uav",
    "title": "Unmanned aircraft to Russia",
    "regime": ["US"],
    "citation": "15 CFR 746.8",
    "severity": "block",
    "code": "ITEM_CONTROLLED",
    "rationale": "Supp. 4 to Part 746 covers chapter 88.",
    "when": {"tagged": ["uav_test"], "route_any": ["@russia_belarus"]},
    "examples": {
        "match": [{"item": {"description": "drone"}, "route": {"destination": "RU"}}],
        "no_match": [{"item": {"description": "drone"}, "route": {"destination": "FR"}}],
    },
}


def write_rules(tmp_path: Path, *rules: dict, pack: dict | None = None) -> Path:
    for name in ("policy.yaml", "countries.yaml", "terms.yaml"):
        shutil.copy(RULES / name, tmp_path / name)
    doc = pack or {"pack": "t", "title": "test", "version": "1", "rules": list(rules)}
    (tmp_path / "test.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_valid_pack_loads_and_its_examples_pass(tmp_path: Path) -> None:
    rb = load_rulebook(write_rules(tmp_path, DRONE, TO_RU))
    assert [r.id for r in rb.rules] == ["T-UAV", "T-UAV-RU"]
    run, failures = check_examples(rb)
    assert (run, failures) == (4, [])


def test_tags_set_by_one_rule_are_read_by_another_whatever_the_file_order(tmp_path: Path) -> None:
    rb = load_rulebook(write_rules(tmp_path, TO_RU, DRONE))
    hits = evaluate(shipment_from({"item": {"description": "квадрокоптер"}, "route": {"destination": "BY"}}), rb)
    assert [h.rule_id for h in hits] == ["T-UAV", "T-UAV-RU"]
    assert set(hits[1].evidence) == {'T-UAV: description says "квадрокоптер"', "destination BY"}


def test_regimes_select_rules(tmp_path: Path) -> None:
    rb = load_rulebook(write_rules(tmp_path, DRONE, TO_RU))
    s = shipment_from({"item": {"description": "drone"}, "route": {"destination": "RU"}})
    assert [h.rule_id for h in evaluate(s, rb, ["EU"])] == ["T-UAV"]
    assert [h.rule_id for h in evaluate(s, rb, ["UK"])] == []


def test_example_that_does_not_behave_is_reported(tmp_path: Path) -> None:
    examples = {"match": [{"item": {"description": "bicycle"}}], "no_match": DRONE["examples"]["no_match"]}
    bad = {**DRONE, "examples": examples}
    rb = load_rulebook(write_rules(tmp_path, bad))
    run, failures = check_examples(rb)
    assert run == 2 and len(failures) == 1
    assert failures[0].rule_id == "T-UAV" and failures[0].expected == "match"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown key(s) ['colour']"),
        ({"when": {"hs": ["88"], "destinaton": ["RU"]}}, "unknown condition key 'destinaton'"),
        ({"when": {"route_any": ["XX1"]}}, "is not an ISO 3166-1 alpha-2 code"),
        ({"when": {"route_any": ["@nowhere"]}}, "unknown country group @nowhere"),
        ({"when": {"text_any": ["$no_such_terms"]}}, "unknown term list $no_such_terms"),
        ({"when": {"role": ["buyer"]}}, "only applies to rules with scope: party"),
        ({"severity": "fatal"}, "severity must be block, review or info"),
        ({"code": "SOMETHING_ELSE"}, "is not a documented reason code"),
        ({"regime": ["MARS"]}, "regime must be among"),
        ({"examples": {"match": [{"item": {"description": "x"}}]}}, "at least one 'match' and one 'no_match'"),
        ({"when": {"params": [{"name": "warp_speed", "op": ">", "value": 9}]}}, "unknown parameter 'warp_speed'"),
        ({"citation": " "}, "citation must be a non-empty string"),
    ],
)
def test_invalid_rule_is_rejected_with_file_rule_and_key(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(RuleError) as err:
        load_rulebook(write_rules(tmp_path, {**DRONE, **change}))
    assert "test.yaml" in str(err.value) and "T-UAV" in str(err.value)
    assert message in str(err.value)


def test_duplicate_rule_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="already used"):
        load_rulebook(write_rules(tmp_path, DRONE, DRONE))


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    write_rules(tmp_path, DRONE)
    (tmp_path / "test.yaml").write_text("pack: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match="test.yaml: not valid YAML"):
        load_rulebook(tmp_path)


def test_thresholds_must_be_ordered(tmp_path: Path) -> None:
    write_rules(tmp_path, DRONE)
    policy = yaml.safe_load((tmp_path / "policy.yaml").read_text())
    policy["party_matching"]["review_threshold"] = 0.95
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.raises(RuleError, match="review_threshold <= block_threshold"):
        load_rulebook(tmp_path)


def test_term_forms(tmp_path: Path) -> None:
    rule = {**DRONE, "when": {"text_any": ["plate carrier", "бронежилет*", "re:nij\\s*iii?a?", "防弹"]}}
    rb = load_rulebook(write_rules(tmp_path, {**rule, "examples": {
        "match": [{"item": {"description": "Plate-Carrier, black"}}, {"item": {"description": "Бронежилеты"}},
                  {"item": {"description": "NIJ IIIA vest"}}, {"item": {"description": "防弹衣"}}],
        "no_match": [{"item": {"description": "carrier plate for machines"}},
                     {"item": {"description": "жилет"}}],
    }}))
    assert check_examples(rb) == (6, [])
