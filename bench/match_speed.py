"""Party-matching speed and memory.

1. Every source of ../shared/data in one index: build time and memory, then
   one party name against it, in process: p50, p95, p99 and max latency over the
   queries of tests/data/match_variants.csv (listed names with ERP-style
   variations, and names that are not listed).
2. The naive approach on the same index: rapidfuzz process.extract over every
   name (WRatio, with rapidfuzz's default processor), for the ratio.
3. A generated index of 1,000,000 names (words of the real lists recombined,
   fixed seed): build time, memory, and query latency.

Usage: python -m bench.match_speed [--names 1000000] [--queries 2000]
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import resource
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.shared_lists import parse_all
from screening.index import NameIndex
from screening.match import Matcher
from screening.model import EntryName, ListEntry
from screening.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> str:
    s = sorted(samples)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))] * 1000  # noqa: E731
    return f"p50 {pick(0.5):.3f} ms, p95 {pick(0.95):.3f} ms, p99 {pick(0.99):.3f} ms, max {s[-1] * 1000:.2f} ms"


def queries(n: int, seed: int) -> list[tuple[str, str]]:
    with (ROOT / "tests" / "data" / "match_variants.csv").open(encoding="utf-8") as fh:
        rows = [(r["query"], r["type"]) for r in csv.DictReader(fh)]
    rng = random.Random(seed)
    return [rng.choice(rows) for _ in range(n)]


def time_queries(matcher: Matcher, qs: list[tuple[str, str]]) -> list[float]:
    for q, t in qs[:50]:  # warm up caches the way a running service has them
        matcher.match_names((q,), type_=t)
    out = []
    for q, t in qs:
        start = time.perf_counter()
        matcher.match_names((q,), type_=t)
        out.append(time.perf_counter() - start)
    return out


def build(entries: list[ListEntry]) -> tuple[NameIndex, float, float]:
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    index = NameIndex(entries)
    took = time.perf_counter() - start
    gc.collect()
    return index, took, rss_mb() - before


def generated(n: int, vocab: list[str], seed: int) -> list[ListEntry]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.choice((2, 2, 3, 3, 3, 4))
        name = " ".join(rng.choice(vocab) for _ in range(k)).title()
        out.append(ListEntry("generated", str(i), "Generated", (EntryName(name, "primary"),),
                             "person" if rng.random() < 0.4 else "organization"))
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--names", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=2000)
    p.add_argument("--naive-queries", type=int, default=100)
    args = p.parse_args()
    policy = load_rulebook(ROOT / "rules").policy.match
    entries_by_source, _ = parse_all()
    every = [e for es in entries_by_source.values() for e in es]

    index, took, rss = build(every)
    print(f"== all sources of ../shared/data: {len(index.entries)} entries, {len(index.records)} names")
    # Index build time and memory exclude the entries themselves (parsed before).
    print(f"  index built in {took:.2f} s, +{rss:.0f} MB resident")
    matcher = Matcher(index, policy, cache_size=0)  # measure matching, not the result cache
    qs = queries(args.queries, 2026)
    lat = time_queries(matcher, qs)
    print(f"  one name against all sources ({len(qs)} queries): {percentiles(lat)}")

    names = [r.value for r in index.records]
    start = time.perf_counter()
    for q, _ in qs[: args.naive_queries]:
        process.extract(q, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=10)
    naive = (time.perf_counter() - start) / args.naive_queries
    mean = sum(lat) / len(lat)
    print(f"  naive rapidfuzz process.extract over every name: {naive * 1000:.1f} ms per query "
          f"({naive / mean:.0f}x the indexed mean of {mean * 1000:.3f} ms)")
    del matcher, index
    gc.collect()

    vocab = sorted({t for e in every for n in e.names for t in n.value.split() if t.isalpha() and len(t) > 2})
    big = generated(args.names, vocab, 7)
    index, took, rss = build(big)
    print(f"== generated index: {len(index.records)} names from {len(vocab)} words")
    print(f"  index built in {took:.1f} s, +{rss:.0f} MB resident")
    matcher = Matcher(index, policy, cache_size=0)  # measure matching, not the result cache
    rng = random.Random(11)
    gq = [(rng.choice(big).name, rng.choice(("organization", "person"))) for _ in range(args.queries // 2)]
    gq += qs[: args.queries // 2]
    lat = time_queries(matcher, gq)
    print(f"  one name against {len(index.records):,} names ({len(gq)} queries): {percentiles(lat)}")


if __name__ == "__main__":
    main()
