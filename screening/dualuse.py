"""Dual-use list search: an item's description against the summaries of the
EU dual-use list entries (rules/dual-use/entries.yaml), giving candidate
control entries with scores. Decision support shown with the item, never a
verdict on its own."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from screening.conditions import fold

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def keyword_pattern(keyword: str) -> str:
    """Whole words; Russian words of six letters or more match any ending
    (тепловизионный, тепловизионная); Chinese matches anywhere."""
    if _CJK.search(keyword):
        return re.escape(keyword)
    parts = []
    for w in keyword.split():
        if _CYRILLIC.search(w) and len(w) >= 6:
            parts.append(re.escape(w[:-2]) + r"\w*")
        else:
            parts.append(re.escape(w))
    body = r"[\s\-_/]*".join(parts)
    tail = "" if parts and parts[-1].endswith(r"\w*") else r"(?!\w)"
    return rf"(?<!\w){body}{tail}"

# A candidate is shown from this score; at most this many per item. Set by
# reading the candidates of the golden cases' items (tests/cases): below 0.35
# they were mostly single generic words ("module", "system").
MIN_SCORE = 0.35
MAX_CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class DualUseEntry:
    code: str
    title: str
    regime: str
    keywords: tuple[str, ...]
    parameters: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    code: str
    title: str
    regime: str
    score: float
    matched: tuple[str, ...]
    parameters: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "regime": self.regime,
            "score": self.score,
            "matched_keywords": list(self.matched),
            "parameters": self.parameters,
        }


class DualUseIndex:
    def __init__(self, entries: Sequence[DualUseEntry], version: str = "") -> None:
        self.entries = tuple(entries)
        self.version = version
        by_keyword: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(self.entries):
            for k in e.keywords:
                by_keyword[fold(k)].append(i)
        self._by_keyword = dict(by_keyword)
        # Rarer keywords say more: weight by inverse entry frequency.
        n = max(len(self.entries), 1)
        self._weight = {
            k: min(0.9, (0.3 + 0.15 * len(k.split())) * (1 + math.log(n / len(ids)) / math.log(n + 1)))
            for k, ids in by_keyword.items()
        }
        keys = sorted(by_keyword, key=lambda k: (-len(k), k))
        self._keys = keys
        self._regex = re.compile("|".join(f"({keyword_pattern(k)})" for k in keys)) if keys else None
        # Words of multi-word keywords, for keywords met only in part
        # ("thermal imaging core" against "thermal imaging camera").
        self._by_word: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            words = _WORD.findall(k)
            if len(words) >= 2 and not _CJK.search(k):
                for w in set(words):
                    self._by_word[w].append(k)

    def search(self, description: str) -> list[Candidate]:
        if self._regex is None:
            return []
        text = fold(description)
        hits: dict[int, list[str]] = defaultdict(list)
        weight: dict[str, float] = {}
        for m in self._regex.finditer(text):
            k = self._keys[(m.lastindex or 1) - 1]
            weight[k] = self._weight.get(k, 0.3)
            for i in self._by_keyword.get(k, ()):
                if k not in hits[i]:
                    hits[i].append(k)
        words = set(_WORD.findall(text))
        seen: set[str] = set()
        for w in words:
            for k in self._by_word.get(w, ()):
                if k in weight or k in seen:
                    continue
                seen.add(k)
                kw = set(_WORD.findall(k))
                share = len(kw & words) / len(kw)
                if len(kw & words) >= 2 and share >= 0.6:
                    weight[k] = self._weight.get(k, 0.3) * share * 0.7
                    for i in self._by_keyword.get(k, ()):
                        if k not in hits[i]:
                            hits[i].append(k)
        out = []
        for i, ks in hits.items():
            miss = 1.0
            for k in ks:
                miss *= 1 - weight[k]
            score = round(1 - miss, 3)
            if score >= MIN_SCORE:
                e = self.entries[i]
                out.append(Candidate(e.code, e.title, e.regime, score, tuple(ks), e.parameters))
        out.sort(key=lambda c: (-c.score, c.code))
        return out[:MAX_CANDIDATES]


def load_dual_use(doc: Mapping[str, Any], where: str) -> DualUseIndex:
    from screening.conditions import RuleError

    entries = []
    seen: set[str] = set()
    for i, e in enumerate(doc.get("entries") or []):
        if not isinstance(e, Mapping) or not e.get("code") or not e.get("title"):
            raise RuleError(f"{where}: entries[{i}] needs code and title")
        extra = set(e) - {"code", "title", "category", "regime", "keywords", "parameters"}
        if extra:
            raise RuleError(f"{where}: entries[{i}] ({e['code']}): unknown key(s) {sorted(extra)}")
        if e["code"] in seen:
            raise RuleError(f"{where}: duplicate code {e['code']}")
        seen.add(e["code"])
        entries.append(DualUseEntry(str(e["code"]), str(e["title"]), str(e.get("regime", "")),
                                    tuple(str(k) for k in e.get("keywords") or ()), e.get("parameters")))
    return DualUseIndex(entries, str(doc.get("version", "")))
