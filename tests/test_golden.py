"""Golden cases: every file in tests/cases/ is one shipment with its expected
verdict and reason codes, screened with the rules and lists that ship with the
project. One test id per file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from screening.build import shipment_from
from screening.engine import screen

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
CASE_KEYS = {"title", "source", "list_record", "notes", "shipment", "expect"}
EXPECT_KEYS = {"verdict", "codes", "rules", "absent_codes", "absent_rules"}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path, engine) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    expect = case["expect"]
    assert set(expect) <= EXPECT_KEYS, f"unknown expect keys {set(expect) - EXPECT_KEYS}"
    result = screen(shipment_from(case["shipment"]), index=engine.index, rulebook=engine.rulebook)
    codes = {r.code for r in result.reasons}
    rules = {r.source for r in result.reasons}
    shown = "\n".join(f"  {r.severity.value:6} {r.code:26} {r.source:28} {r.message}" for r in result.reasons)
    assert result.verdict.value == expect["verdict"], f"verdict {result.verdict.value}; reasons:\n{shown}"
    for code in expect.get("codes", []):
        assert code in codes, f"missing reason code {code}; reasons:\n{shown}"
    for rid in expect.get("rules", []):
        assert rid in rules, f"rule {rid} did not fire; reasons:\n{shown}"
    for code in expect.get("absent_codes", []):
        assert code not in codes, f"unexpected reason code {code}; reasons:\n{shown}"
    for rid in expect.get("absent_rules", []):
        assert rid not in rules, f"rule {rid} fired; reasons:\n{shown}"
