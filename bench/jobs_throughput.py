"""Batch-job throughput of one worker, with every source of ../shared/data loaded.

Generates (fixed seed) a party CSV and a shipment JSON-lines file, submits each
as a job on redis (REDIS_URL, default 127.0.0.1:6379/15; or in-process with
--memory), and runs one worker in this process until the job is done. Prints
rows per second and the worker's resident memory at the start, the peak and
the end of the job (flat memory: the job is processed chunk by chunk).

Usage: python -m bench.jobs_throughput [--rows 100000] [--shipment-rows 100000] [--memory]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import tempfile
import threading
import time
import uuid
from pathlib import Path

from api.schemas import validate_shipment
from bench.load_lists import prepare_snapshots
from bench.match_speed import rss_mb
from jobs.backend import MemoryJobBackend, RedisJobBackend
from jobs.inputs import read_rows
from jobs.worker import Worker
from tradescreen.runtime import build_engine
from tradescreen.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
GOODS = [
    ("Thermal riflescope 640x512 50 Hz", "9013.10"), ("Green tea, loose leaf", "0902.10"),
    ("Quadcopter drone, flight time 40 min", "8806.22"), ("Cotton T-shirts", "6109.10"),
    ("Ceramic floor tiles 600x600 mm", "6907.21"), ("Ball bearings", "8482.10"),
    ("Laptop computers", "8471.30"), ("Bicycle helmets", "6506.10"), ("Microcontrollers STM32", "8542.31"),
]
COUNTRIES = ["DE", "FR", "CN", "KZ", "TR", "AE", "US", "JP", "RU", "IN"]


def names(n: int, seed: int) -> list[tuple[str, str, str]]:
    """Half listed-name variants and made-up names from the variant set, half
    unique made-up firm names: most rows are distinct, as in a customer master."""
    with (ROOT / "tests" / "data" / "match_variants.csv").open(encoding="utf-8") as fh:
        variants = [(r["query"], r["type"] if r["type"] in ("organization", "person") else "unknown")
                    for r in csv.DictReader(fh)]
    rng = random.Random(seed)
    syll = ["ka", "lin", "to", "ver", "sa", "mon", "dex", "ri", "por", "tek", "nor", "bel", "zan", "qui"]
    out = []
    for i in range(n):
        if i % 2:
            q, t = rng.choice(variants)
        else:
            trade = rng.choice(["Trading", "Industrial", "Optics", "Logistics"])
            form = rng.choice(["GmbH", "Co., Ltd.", "LLC", "SA"])
            q = "".join(rng.choice(syll) for _ in range(3)).title() + f" {trade} {form}"
            t = "organization"
        out.append((q, t, rng.choice(COUNTRIES)))
    return out


def party_csv(n: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["name", "type", "country"])
    for q, t, c in names(n, 1):
        w.writerow([q, t, c])
    return buf.getvalue().encode()


def shipment_lines(n: int) -> bytes:
    rng = random.Random(2)
    people = names(n * 3, 3)
    lines = []
    for i in range(n):
        desc, hs = rng.choice(GOODS)
        dest = rng.choice(COUNTRIES)
        lines.append(json.dumps({
            "reference": f"SO-{i}",
            "parties": [{"role": role, "name": q, "country": c} for role, (q, _, c) in
                        zip(("exporter", "buyer", "end_user"), people[3 * i: 3 * i + 3], strict=True)],
            "items": [{"description": desc, "hs_code": hs, "quantity": rng.randint(1, 500)}],
            "route": {"origin": "CN", "destination": dest},
        }, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def run(backend, engine, body: bytes, media: str, label: str) -> None:
    rows = list(read_rows(body, media))
    job, _ = backend.submit(rows, meta={"format": media}, input_sha256=uuid.uuid4().hex, idempotency_key=None,
                            ttl=3600)
    worker = Worker(backend, lambda: engine, validate_shipment, block_seconds=0.5)
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_mb())
            done.wait(0.5)

    threading.Thread(target=sample, daemon=True).start()
    start_rss = rss_mb()
    start = time.perf_counter()
    while backend.get(job["id"])["status"] != "done":
        worker.run_once()
    took = time.perf_counter() - start
    done.set()
    status = backend.get(job["id"])
    n = status["counts"]["done"]
    print(f"== {label}: {n} rows in {took:.1f} s = {n / took:,.0f} rows/s per worker "
          f"(clear {status['counts']['clear']}, review {status['counts']['review']}, "
          f"block {status['counts']['block']}, errors {status['counts']['errors']})")
    print(f"   worker memory: {start_rss:.0f} MB at start, peak {max(samples + [start_rss]):.0f} MB, "
          f"{rss_mb():.0f} MB at the end")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--shipment-rows", type=int, default=100_000)
    p.add_argument("--memory", action="store_true", help="in-process job backend instead of redis")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        prepare_snapshots(data_dir)
        engine = build_engine(load_settings({"data_dir": data_dir}, environ={}))
        print(f"lists: {len(engine.index.entries)} entries, {len(engine.index.records)} names")
        if args.memory:
            backend = MemoryJobBackend()
            where = "in-process backend"
        else:
            url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
            backend = RedisJobBackend(url, prefix=f"bench-{uuid.uuid4().hex[:6]}:")
            where = f"redis {url}"
        print(f"job backend: {where}")
        run(backend, engine, party_csv(args.rows), "text/csv", f"parties CSV, {args.rows} rows")
        run(backend, engine, shipment_lines(args.shipment_rows), "application/x-ndjson",
            f"shipments JSON lines, {args.shipment_rows} rows (3 parties, 1 item each)")


if __name__ == "__main__":
    main()
