"""lists/sources.yaml: one declaration per parser module, and count ranges that
the full publications in ../shared/data fall in."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from lists.sources import eu_fsf, un_sc, us_bis_dpl, us_csl, us_ofac_cons, us_ofac_sdn

SOURCES_YAML = Path(__file__).resolve().parents[2] / "lists" / "sources.yaml"
IDS = {"us_csl", "us_ofac_sdn", "us_ofac_cons", "us_bis_dpl", "un_sc", "eu_fsf", "uk_hmt"}


@pytest.fixture(scope="module")
def declared() -> dict:
    return yaml.safe_load(SOURCES_YAML.read_text(encoding="utf-8"))["sources"]


def test_every_source_declared(declared: dict) -> None:
    assert set(declared) == IDS
    for sid, d in declared.items():
        assert {"title", "publisher", "parser", "format", "urls", "entries"} <= set(d), sid
        module = importlib.import_module(d["parser"])
        assert sid == module.SOURCE
        assert d["title"] == module.TITLE and d["publisher"] == module.PUBLISHER
        assert callable(module.parse)
        assert d["urls"] and all(u.startswith("https://") for u in d["urls"])
        assert 0 < d["entries"]["min"] < d["entries"]["max"]


# Full publications in ../shared/data (the HMT and EU XML files there are excerpts).
FULL = [
    (us_ofac_sdn, "ofac-sdn-2021"),
    (us_ofac_sdn, "ofac-sdn-2024/sdn.csv"),
    (us_ofac_cons, "ofac-nonsdn-consolidated/CONS_ENHANCED.ZIP"),
    (us_ofac_cons, "ofac-nonsdn-consolidated/cons_prim.csv"),
    (us_csl, "us-csl-2022/consolidated.csv.gz"),
    (us_bis_dpl, "bis-dpl-2022/dpl.txt"),
    (un_sc, "un-consolidated-2026/UN_consolidated.xml"),
    (eu_fsf, "eu-fsf-derived-2025/eu_sanctions.json"),
]


@pytest.mark.parametrize(("module", "rel"), FULL, ids=[r for _, r in FULL])
def test_full_files_within_range(declared: dict, shared_data: Path, module, rel: str) -> None:  # noqa: ANN001
    n = len(module.parse(shared_data / rel).entries)
    rng = declared[module.SOURCE]["entries"]
    assert rng["min"] <= n <= rng["max"]
    # Half of the list gone must fall outside the range.
    assert n // 2 < rng["min"]
