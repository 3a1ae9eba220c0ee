"""The command line: screen (one shipment, and batch files), lists show, rules check, keys hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradescreen.cli import main

SHIPMENT = {
    "parties": [{"role": "buyer", "name": "Rosoboronexport", "country": "RU"}],
    "items": [{"description": "FPV drone with payload release", "hs_code": "8806.22"}],
    "route": {"destination": "RU"},
}


def test_screen_one_shipment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps(SHIPMENT))
    assert main(["screen", str(f)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "block" and out["reasons"][0]["citation"]


def test_screen_rejects_invalid_input_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"parties": [{"role": "buyer", "name": "A", "country": "ZZ"}]}))
    assert main(["screen", str(f)]) == 2
    assert "parties.0.country" in capsys.readouterr().err


def test_screen_a_csv_batch_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "parties.csv"
    f.write_text("name,country\nRosoboronexport,RU\nTeehaus Nordwind GmbH,DE\n")
    out = tmp_path / "results.jsonl"
    assert main(["screen", str(f), "--out", str(out), "--quiet"]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(x["row"], x["verdict"]) for x in lines] == [(1, "block"), (2, "clear")]
    assert "2 rows: 1 clear, 0 review, 1 block, 0 errors" in capsys.readouterr().err


def test_lists_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {li["source"] for li in shown["lists"]} >= {"sample", "internal"}


def test_rules_check_passes_on_the_shipped_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert ", 0 failed" in capsys.readouterr().out


def test_rules_check_fails_on_a_broken_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[1] / "rules"
    for name in ("policy.yaml", "countries.yaml", "terms.yaml"):
        (tmp_path / name).write_text((root / name).read_text())
    (tmp_path / "bad.yaml").write_text("pack: x\ntitle: x\nversion: '1'\nrules:\n  - id: X\n    scope: item\n")
    assert main(["rules", "check", "--rules-dir", str(tmp_path)]) == 1
    assert "bad.yaml" in capsys.readouterr().err


def test_keys_hash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "hash", "s3cret", "review", "officers"]) == 0
    digest, role, name = capsys.readouterr().out.split()
    assert len(digest) == 64 and role == "review" and name == "officers"
