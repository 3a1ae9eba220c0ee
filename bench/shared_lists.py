"""The official list files in ../shared/data, one per source id, for the
benchmarks and the matching-quality evaluation (not part of the service)."""

from __future__ import annotations

import time
from pathlib import Path

from lists.update import parser_for
from screening.model import ListEntry

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

FILES = {
    "us_csl": "us-csl-2022/consolidated.csv.gz",
    "us_ofac_sdn": "ofac-sdn-2024/sdn.csv",
    "us_ofac_cons": "ofac-nonsdn-consolidated/CONS_ENHANCED.ZIP",
    "us_bis_dpl": "bis-dpl-2022/dpl.txt",
    "un_sc": "un-consolidated-2026/UN_consolidated.xml",
    "eu_fsf": "eu-fsf-derived-2025/eu_sanctions.json",
    "uk_hmt": "format-samples-deriv/sample_hmt.csv",
}


def require_shared() -> Path:
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: the official list files are not part of the repository")
    return SHARED


def parse_all(shared: Path | None = None) -> tuple[dict[str, list[ListEntry]], dict[str, float]]:
    """Entries per source, and parse seconds per source."""
    root = shared or require_shared()
    entries: dict[str, list[ListEntry]] = {}
    seconds: dict[str, float] = {}
    for source, rel in FILES.items():
        t = time.perf_counter()
        parsed = parser_for(source)(root / rel)
        seconds[source] = time.perf_counter() - t
        entries[source] = parsed.entries
    return entries, seconds
