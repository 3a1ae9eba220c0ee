"""Build the labelled set of name variants used to measure party matching.

From the real lists in ../shared/data, with a fixed seed, each kind of variant
an ERP produces is applied to listed names (positives, labelled with the entry
they must find), and names sharing the lists' vocabulary but naming another
firm or person are made up (negatives, which must find nothing). The result is
kept in the repository as tests/data/match_variants.csv so that every change of
the matcher is measured on the same cases.

Usage: python -m bench.make_variants [--per-kind 300] [--seed 2026]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bench.shared_lists import parse_all
from screening.model import ListEntry
from screening.normalize import fold_token, normalize_name
from screening.vocabulary import GENERIC_TOKENS, LEGAL_FORM_TOKENS

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "match_variants.csv"

LEGAL_SUFFIXES = ["Co., Ltd.", "Company Limited", "LLC", "Ltd", "Limited", "JSC", "GmbH", "Inc.", "Co. Ltd"]
LEGAL_PREFIXES = ["OOO", "ООО", "AO", "АО", "JSC", "ZAO", "OAO"]
ABBREVIATIONS = {
    "international": "Intl",
    "technology": "Tech",
    "technologies": "Tech",
    "group": "Grp",
    "communication": "Comm",
    "communications": "Comm",
    "manufacturing": "Mfg",
}
GENERIC_DROP = {"trading", "technology", "technologies", "electronics", "electronic", "international", "group",
                "industrial", "logistics", "import", "export", "engineering", "industries"}
CITIES = ["Shanghai", "Shenzhen", "Beijing", "Hangzhou", "Guangzhou", "Tianjin", "Chengdu", "Wuhan", "Xiamen",
          "Ningbo", "Suzhou", "Dongguan", "Moscow", "Hong Kong"]

LAT_TO_CYR = [
    ("shch", "щ"), ("sch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
    ("ya", "я"), ("yo", "ё"), ("iy", "ий"), ("yy", "ый"), ("ay", "ай"), ("oy", "ой"), ("ey", "ей"), ("uy", "уй"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
    ("j", "дж"), ("k", "к"), ("q", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("x", "кс"), ("y", "ы"),
]


def to_cyrillic(text: str) -> str:
    out = []
    for word in re.findall(r"[A-Za-z]+|[^A-Za-z]+", text):
        if not word[0].isalpha():
            out.append(word)
            continue
        w, res, i = word.lower(), "", 0
        while i < len(w):
            for lat, cyr in LAT_TO_CYR:
                if len(lat) > 1 and w.startswith(lat, i):
                    res += cyr
                    i += len(lat)
                    break
            else:
                if w[i] == "c":
                    res += "ц" if i + 1 < len(w) and w[i + 1] in "eiy" else "к"
                else:
                    res += dict(LAT_TO_CYR).get(w[i], w[i])
                i += 1
        out.append(res.capitalize() if word[0].isupper() else res)
    return "".join(out)


def words(name: str) -> list[str]:
    return name.split()


# ------------------------------------------------------------------ positive variants


def v_case_punct(name: str, rng: random.Random) -> str | None:
    text = rng.choice([name.upper(), name.lower(), name.title()])
    text = re.sub(r"[.,]", rng.choice(["", " ", "."]), text)
    text = text.replace("(", rng.choice(["", "- "])).replace(")", "")
    text = re.sub(r"\s+", " ", text).strip(" -")
    return text if text != name else None


def v_legal_form(name: str, rng: random.Random) -> str | None:
    norm = normalize_name(name)
    kept = [w for w in words(name) if re.sub(r"\W", "", w).lower() not in LEGAL_FORM_TOKENS]
    if not kept:
        return None
    base = " ".join(kept).strip(" ,")
    choice = rng.random()
    if norm.legal and choice < 0.3:
        return base  # dropped
    if choice < 0.6:
        return f"{rng.choice(LEGAL_PREFIXES)} {base}"
    return f"{base} {rng.choice(LEGAL_SUFFIXES)}"


def v_typo(name: str, rng: random.Random) -> str | None:
    ws = words(name)
    long_ = [i for i, w in enumerate(ws) if len(w) >= 8 and w.isalpha()
             and w.lower() not in GENERIC_TOKENS]
    if not long_:
        return None
    i = rng.choice(long_)
    w = ws[i]
    pos = rng.randrange(1, len(w) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "abcdefghiklmnoprstuvy"
    if op == "sub":
        w = w[:pos] + rng.choice([c for c in letters if c != w[pos].lower()]) + w[pos + 1 :]
    elif op == "del":
        w = w[:pos] + w[pos + 1 :]
    elif op == "ins":
        w = w[:pos] + rng.choice(letters) + w[pos:]
    else:
        w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2 :]
    ws[i] = w
    return " ".join(ws)


def v_abbreviation(name: str, rng: random.Random) -> str | None:
    ws = words(name)
    idx = [i for i, w in enumerate(ws) if re.sub(r"\W", "", w).lower() in ABBREVIATIONS]
    if not idx:
        return None
    for i in idx:
        ws[i] = ABBREVIATIONS[re.sub(r"\W", "", ws[i]).lower()] + ("," if ws[i].endswith(",") else "")
    return " ".join(ws)


def v_generic_dropped(name: str, rng: random.Random) -> str | None:
    ws = words(name)
    idx = [i for i, w in enumerate(ws) if re.sub(r"\W", "", w).lower() in GENERIC_DROP]
    distinctive = [w for w in ws if re.sub(r"\W", "", w).lower() not in GENERIC_TOKENS | LEGAL_FORM_TOKENS]
    if not idx or len(distinctive) < 1 or len(ws) < 3:
        return None
    drop = rng.choice(idx)
    return " ".join(w for i, w in enumerate(ws) if i != drop)


def v_city_moved(name: str, rng: random.Random) -> str | None:
    for city in CITIES:
        if name.lower().startswith(city.lower() + " "):
            rest = name[len(city) + 1 :]
            m = re.search(r"\b(co\.?,? ?ltd\.?|company limited|limited|ltd\.?|llc|corporation|corp\.?)$", rest, re.I)
            if m:
                return f"{rest[: m.start()].strip(' ,')} ({city}) {m.group(0)}"
            return f"{rest} ({city})"
        m = re.search(rf"\(\s*{city}\s*\)", name, re.I)
        if m:
            return f"{city} " + re.sub(r"\s+", " ", name[: m.start()] + name[m.end() :]).strip()
    return None


def v_join_split(name: str, rng: random.Random) -> str | None:
    ws = words(name)
    if rng.random() < 0.5:
        pairs = [i for i in range(len(ws) - 1) if ws[i].isalpha() and ws[i + 1].isalpha()
                 and ws[i].lower() not in GENERIC_TOKENS | LEGAL_FORM_TOKENS
                 and 3 <= len(ws[i]) <= 8 and 3 <= len(ws[i + 1]) <= 8]
        if pairs:
            i = rng.choice(pairs)
            return " ".join([*ws[:i], ws[i] + ws[i + 1].lower(), *ws[i + 2 :]])
    long_ = [i for i, w in enumerate(ws) if w.isalpha() and len(w) >= 9 and w.lower() not in GENERIC_TOKENS]
    if not long_:
        return None
    i = rng.choice(long_)
    cut = rng.randrange(4, len(ws[i]) - 3)
    return " ".join([*ws[:i], ws[i][:cut], ws[i][cut:], *ws[i + 1 :]])


def v_cyrillic(name: str, rng: random.Random) -> str | None:
    if not re.search(r"[A-Za-z]", name):
        return None
    return to_cyrillic(name)


def v_last_first(name: str, rng: random.Random) -> str | None:
    if "," in name:
        last, _, first = name.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    ws = words(name)
    if len(ws) < 2:
        return None
    return f"{ws[-1]}, {' '.join(ws[:-1])}"


def v_middle_missing(name: str, rng: random.Random) -> str | None:
    from screening.vocabulary import PARTICLE_TOKENS

    def real(ws: list[str]) -> bool:
        return any(w.lower().strip(".'") not in PARTICLE_TOKENS and len(w) > 2 for w in ws)

    if "," in name:
        last, _, first = name.partition(",")
        fw = first.split()
        if len(fw) < 2 or not real(fw[:-1]):
            return None
        return f"{last.strip()}, {' '.join(fw[:-1])}"
    ws = words(name)
    if len(ws) < 3 or not real([ws[0]]):
        return None
    return " ".join([ws[0], *ws[2:]])


ORG_KINDS: dict[str, Callable[[str, random.Random], str | None]] = {
    "case_punct": v_case_punct,
    "legal_form": v_legal_form,
    "typo": v_typo,
    "abbreviation": v_abbreviation,
    "generic_dropped": v_generic_dropped,
    "city_moved": v_city_moved,
    "join_split": v_join_split,
    "cyrillic": v_cyrillic,
}
PERSON_KINDS: dict[str, Callable[[str, random.Random], str | None]] = {
    "person_case_punct": v_case_punct,
    "person_typo": v_typo,
    "person_cyrillic": v_cyrillic,
    "last_first": v_last_first,
    "middle_missing": v_middle_missing,
}


def ok_name(e: ListEntry) -> bool:
    n = e.name
    tokens = normalize_name(n, e.type == "person").tokens
    distinctive = [t for t in tokens if t not in GENERIC_TOKENS and len(t) > 1]
    return bool(distinctive) and len(n) <= 120 and len(n.split()) <= 8 and all(ord(c) < 0x250 for c in n)


# ------------------------------------------------------------------ negatives


def distinctive_tokens(name: str, person: bool) -> set[str]:
    return {t for t in normalize_name(name, person).tokens if t not in GENERIC_TOKENS and len(t) > 1}


def listed_token_sets(entries: list[ListEntry]) -> list[set[str]]:
    """Per listed name: its tokens, their folded spellings and the joins of
    adjacent tokens (so "Mohammadreza" counts as in "Mohammad Reza")."""
    out = []
    for e in entries:
        for n in e.names:
            toks = normalize_name(n.value, e.type == "person").tokens
            s = set(toks) | {fold_token(t) for t in toks}
            s |= {a + b for a, b in zip(toks, toks[1:], strict=False)}
            out.append(s)
    return out


def is_listed(candidate: str, person: bool, by_token: dict[str, list[int]], sets: list[set[str]]) -> bool:
    """True if every distinctive token of `candidate`, or a one-letter variant
    of it, is in one listed name: such a name is not a fair negative."""
    toks = distinctive_tokens(candidate, person)
    if not toks:
        return True

    def near(t: str, s: set[str]) -> bool:
        return t in s or fold_token(t) in s or any(
            len(t) >= 5 and abs(len(t) - len(x)) <= 1 and Levenshtein.distance(t, x) <= 1 for x in s)

    pools = [set(by_token.get(t, ())) | set(by_token.get(fold_token(t), ())) for t in toks]
    first = min(pools, key=len)
    if first:
        return any(all(near(t, sets[i]) for t in toks) for i in first)
    return False


def build(per_kind: int, seed: int) -> list[dict[str, str]]:
    entries_by_source, _ = parse_all()
    every = sorted((e for es in entries_by_source.values() for e in es), key=lambda e: e.key)
    rng = random.Random(seed)
    orgs = [e for e in every if e.type == "organization" and ok_name(e)]
    persons = [e for e in every if e.type == "person" and ok_name(e)]
    russian = [e for e in every if ok_name(e) and set(e.countries) & {"RU", "BY"}]
    rows: list[dict[str, str]] = []

    def add(kind: str, pool: list[ListEntry], fn: Callable[[str, random.Random], str | None]) -> None:
        made, tries = 0, 0
        seen: set[str] = set()
        while made < per_kind and tries < per_kind * 200:
            tries += 1
            e = rng.choice(pool)
            q = fn(e.name, rng)
            if not q or q in seen or q == e.name:
                continue
            seen.add(q)
            rows.append({"kind": kind, "query": q, "type": e.type, "country": "", "expected": e.key,
                         "listed_name": e.name})
            made += 1

    for kind, fn in ORG_KINDS.items():
        add(kind, russian if kind == "cyrillic" else orgs, fn)
    ru_persons = [e for e in persons if set(e.countries) & {"RU", "BY"}] or persons
    for kind, fn in PERSON_KINDS.items():
        add(kind, ru_persons if kind == "person_cyrillic" else persons, fn)
    with_alias = [e for e in every if ok_name(e) and any(n.kind == "alias" and len(n.value) > 5 for n in e.names)]
    made = 0
    while made < per_kind:
        e = rng.choice(with_alias)
        alias = rng.choice([n.value for n in e.names if n.kind == "alias" and len(n.value) > 5])
        rows.append({"kind": "alias", "query": alias.upper() if rng.random() < 0.5 else alias, "type": e.type,
                     "country": "", "expected": e.key, "listed_name": e.name})
        made += 1

    # Negatives.
    sets = listed_token_sets(every)
    by_token: dict[str, list[int]] = {}
    for i, s in enumerate(sets):
        for t in s:
            by_token.setdefault(t, []).append(i)
    pool_words = sorted({t for e in orgs for t in distinctive_tokens(e.name, False)
                         if t.isalpha() and len(t) >= 4 and distinctive_tokens(t, False) == {t}})
    made = 0
    while made < per_kind * 4:
        e = rng.choice(orgs)
        ws = words(e.name)
        changed = False
        for i, w in enumerate(ws):
            core = re.sub(r"\W", "", w).lower()
            if core and core not in GENERIC_TOKENS | LEGAL_FORM_TOKENS and len(core) > 2:
                ws[i] = rng.choice(pool_words).capitalize()
                changed = True
        q = " ".join(ws)
        if changed and not is_listed(q, False, by_token, sets):
            rows.append({"kind": "negative_firm", "query": q, "type": "organization", "country": "",
                         "expected": "", "listed_name": e.name})
            made += 1
    firsts = sorted(
        {p.name.split(",")[1].split()[0] for p in persons if "," in p.name and p.name.split(",")[1].split()}
    )
    lasts = sorted({p.name.split(",")[0].strip() for p in persons if "," in p.name})
    made = 0
    while made < per_kind * 4:
        q = f"{rng.choice(firsts)} {rng.choice(lasts)}".title()
        if not is_listed(q, True, by_token, sets):
            rows.append({"kind": "negative_person", "query": q, "type": "person", "country": "", "expected": "",
                         "listed_name": ""})
            made += 1
    return rows


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--per-kind", type=int, default=300)
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args()
    rows = build(args.per_kind, args.seed)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["kind", "query", "type", "country", "expected", "listed_name"])
        w.writeheader()
        w.writerows(rows)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"{len(rows)} cases written to {OUT}: {kinds}")


if __name__ == "__main__":
    main()
