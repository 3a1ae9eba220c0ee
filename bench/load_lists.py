"""Time and peak memory to make every source in ../shared/data ready to screen.

Two paths are measured, each in a fresh process:
  parse     read every native file with its parser and build the name index
  snapshot  what the service does at start-up: load the activated snapshots
            (entries.json.gz) and build the name index

Usage: python -m bench.load_lists
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_parse() -> dict[str, object]:
    from bench.shared_lists import parse_all
    from screening.index import NameIndex

    t0 = time.perf_counter()
    entries, seconds = parse_all()
    t1 = time.perf_counter()
    every = [e for es in entries.values() for e in es]
    index = NameIndex(every)
    t2 = time.perf_counter()
    return {
        "path": "parse",
        "entries": {k: len(v) for k, v in entries.items()},
        "total_entries": len(every),
        "names": len(index.records),
        "parse_s": {k: round(v, 2) for k, v in seconds.items()},
        "parse_total_s": round(t1 - t0, 2),
        "index_s": round(t2 - t1, 2),
        "ready_s": round(t2 - t0, 2),
        "peak_rss_mb": round(_rss_mb()),
    }


def run_snapshot(data_dir: str) -> dict[str, object]:
    from tradescreen.runtime import build_engine
    from tradescreen.settings import load_settings

    t0 = time.perf_counter()
    engine = build_engine(load_settings({"data_dir": data_dir}, environ={}))
    t1 = time.perf_counter()
    return {
        "path": "snapshot (service start-up, with the sample and internal lists)",
        "total_entries": len(engine.index.entries),
        "names": len(engine.index.records),
        "ready_s": round(t1 - t0, 2),
        "peak_rss_mb": round(_rss_mb()),
    }


def prepare_snapshots(data_dir: str) -> None:
    from bench.shared_lists import FILES, require_shared
    from lists.snapshots import SnapshotStore
    from lists.update import SourceSpec, load_specs, update_source

    shared = require_shared()
    store = SnapshotStore(data_dir)
    specs = load_specs()
    for source, rel in FILES.items():
        s = specs[source]
        # The UK file is a 23-row format sample: accept any count for the benchmark.
        spec = SourceSpec(source, s.title, s.publisher, [], 1, 10_000_000)
        out = update_source(store, spec, from_path=shared / rel)
        if not out.ok:
            raise SystemExit(out.message)


def main() -> None:
    if len(sys.argv) > 1:
        mode = sys.argv[1]
        result = run_parse() if mode == "parse" else run_snapshot(sys.argv[2])
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as data_dir:
        prepare_snapshots(data_dir)
        for args in (["parse"], ["snapshot", data_dir]):
            out = subprocess.run([sys.executable, "-m", "bench.load_lists", *args], capture_output=True, text=True,
                                 check=True, cwd=Path(__file__).resolve().parents[1])
            result = json.loads(out.stdout)
            print(f"== {result.pop('path')}")
            for k, v in result.items():
                print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
