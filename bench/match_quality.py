"""Party-matching quality, measured with every source of ../shared/data loaded.

1. The labelled variants of tests/data/match_variants.csv (made by
   bench.make_variants from the real lists, fixed seed): recall per kind of
   variant (the listed entry is found at or above the review threshold) and
   false-positive rate per kind of negative (anything found at or above it).
2. The public sets in ../shared/data/name-matching-*: nomenklatura's labelled
   pairs, yente's candidate-generation positives and negatives, watchman's
   cross-script pairs.

Usage: python -m bench.match_quality [--quick]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

from bench.shared_lists import SHARED, parse_all
from screening.index import NameIndex
from screening.match import Matcher, score_names
from screening.normalize import normalize_name
from screening.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "tests" / "data" / "match_variants.csv"


def variants(matcher: Matcher, threshold: float) -> dict[str, tuple[int, int]]:
    """kind -> (cases, good): good = found (positives) or nothing found (negatives)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    with VARIANTS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found = matcher.match_names((row["query"],), type_=row["type"], threshold=threshold, limit=50)
            keys = {m.entry.key for m in found}
            stat = out[row["kind"]]
            stat[0] += 1
            if row["expected"]:
                ok = row["expected"] in keys
            else:
                ok = not found
            stat[1] += ok
            if not ok and len(misses[row["kind"]]) < 3:
                top = f"{found[0].matched_name!r} {found[0].score:.2f}" if found else "-"
                misses[row["kind"]].append(f"{row['query']!r} (listed {row['listed_name']!r}; top {top})")
    for kind, ms in sorted(misses.items()):
        for m in ms:
            print(f"    miss {kind}: {m}")
    return {k: (v[0], v[1]) for k, v in out.items()}


def nomenklatura(threshold: float) -> tuple[int, int, int, int]:
    tp = fp = tn = fn = 0
    with (SHARED / "name-matching-nomenklatura" / "cases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            person = row["schema"] == "Person"
            a, b = normalize_name(row["name1"], person), normalize_name(row["name2"], person)
            if not a.tokens or not b.tokens:
                continue
            hit = score_names(a, b, person).score >= threshold
            truth = row["is_match"].strip().lower() in ("true", "1", "yes")
            tp += hit and truth
            fp += hit and not truth
            tn += not hit and not truth
            fn += not hit and truth
    return tp, fp, tn, fn


def yente(matcher: Matcher, threshold: float, quick: bool) -> dict[str, tuple[int, int]]:
    base = SHARED / "name-matching-yente-candidate-benchmark"
    val = SHARED / "name-matching-yente-validation-report"
    sets = {
        "positives_un_untreated": base / "positives_un_untreated.csv",
        "positives_un_treated": base / "positives_un_treated.csv",
        "negatives_global": (val if quick else base) / "negatives_global.csv",
        "negatives_us": (val if quick else base) / "negatives_us.csv",
        "us_congress (not on any list)": base / "positives_us_congress_untreated.csv",
    }
    out = {}
    for label, path in sets.items():
        n = hits = 0
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                name = row.get("full_name") or " ".join(
                    x for x in (row.get("first_name"), row.get("middle_name"), row.get("last_name")) if x)
                if not name.strip():
                    continue
                found = matcher.match_names((name,), type_="person", threshold=threshold, limit=5)
                if label.startswith("positives"):
                    found = [m for m in found if m.entry.source == "un_sc"]
                n += 1
                hits += bool(found)
        out[label] = (n, hits)
    return out


def watchman(matcher: Matcher) -> tuple[int, int, list[str]]:
    n = ok = 0
    bad = []
    with (SHARED / "name-matching-watchman" / "cross_script_pairs.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if line.strip() and not line.startswith("#")):
            query, expected, min_score = row[0], row[1], float(row[2])
            s = score_names(normalize_name(query), normalize_name(expected)).score
            n += 1
            if s >= min_score:
                ok += 1
            else:
                bad.append(f"{query} / {expected}: {s:.2f} < {min_score} ({row[3] if len(row) > 3 else ''})")
    return n, ok, bad


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="yente negatives: the 1,000-name validation sets")
    args = p.parse_args()
    policy = load_rulebook(ROOT / "rules").policy.match
    t = policy.review_threshold
    entries, _ = parse_all()
    index = NameIndex([e for es in entries.values() for e in es])
    matcher = Matcher(index, policy)
    print(f"index: {len(index.entries)} entries, {len(index.records)} names; review threshold {t}, "
          f"block threshold {policy.block_threshold}")

    print("\n== labelled variants (tests/data/match_variants.csv)")
    start = time.perf_counter()
    res = variants(matcher, t)
    took = time.perf_counter() - start
    pos = [(k, v) for k, v in res.items() if not k.startswith("negative")]
    neg = [(k, v) for k, v in res.items() if k.startswith("negative")]
    for k, (n, good) in sorted(pos):
        print(f"  recall  {k:<20} {good / n:6.3f}  ({good}/{n})")
    for k, (n, good) in sorted(neg):
        print(f"  FP rate {k:<20} {(n - good) / n:6.3f}  ({n - good}/{n})")
    pn, pg = sum(v[0] for _, v in pos), sum(v[1] for _, v in pos)
    nn, ng = sum(v[0] for _, v in neg), sum(v[1] for _, v in neg)
    print(f"  recall overall {pg / pn:.4f} ({pg}/{pn});  false-positive rate overall {(nn - ng) / nn:.4f} "
          f"({nn - ng}/{nn});  {took / (pn + nn) * 1000:.2f} ms per query")

    print("\n== nomenklatura labelled pairs (name-matching-nomenklatura/cases.csv)")
    for label, th in (("review", t), ("block", policy.block_threshold)):
        tp, fp, tn, fn = nomenklatura(th)
        print(f"  at {label} threshold {th}: precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(tp + fn, 1):.3f}, "
              f"accuracy {(tp + tn) / (tp + fp + tn + fn):.3f} (tp {tp}, fp {fp}, tn {tn}, fn {fn})")

    print("\n== yente candidate benchmark (persons; positives must find a UN entry)")
    for label, (n, hits) in yente(matcher, t, args.quick).items():
        rate = hits / max(n, 1)
        what = "found" if label.startswith("positives") else "false-positive rate"
        print(f"  {label:<32} {what} {rate:.4f} ({hits}/{n})")

    print("\n== watchman cross-script pairs (score >= the pair's minimum)")
    n, ok, bad = watchman(matcher)
    print(f"  {ok}/{n} pairs reach their minimum score")
    for b in bad:
        print(f"    below: {b}")


if __name__ == "__main__":
    main()
