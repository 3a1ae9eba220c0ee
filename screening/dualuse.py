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


# A candidate is shown from this score; at most this many per item. Set by
# reading the candidates of the golden cases' items (tests/cases): below 0.35
# they were mostly single generic words ("module", "system").
MIN_SCORE = 0.35
MAX_CANDIDATES = 3


def _stem(word: str) -> str | None:
    """Russian words of six letters or more match any ending (тепловизионный,
    тепловизионная): compare their stems."""
    return word[:-2] if _CYRILLIC.search(word) and len(word) >= 6 else None


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
        # Keywords by their first word (or its stem), for a walk over the
        # description's words; Chinese keywords are found as substrings.
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._by_stem: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._cjk: list[str] = []
        for k in sorted(by_keyword):
            if _CJK.search(k):
                self._cjk.append(k)
                continue
            words = tuple(_WORD.findall(k))
            if not words:
                continue
            stem = _stem(words[0])
            if stem:
                self._by_stem[stem].append((k, words))
            else:
                self._by_first[words[0]].append((k, words))
        self._stem_lengths = sorted({len(s) for s in self._by_stem})
        # Words of multi-word keywords, for keywords met only in part
        # ("thermal imaging core" against "thermal imaging camera").
        self._by_word: dict[str, list[str]] = defaultdict(list)
        for k in sorted(by_keyword):
            words = tuple(_WORD.findall(k))
            if len(words) >= 2 and not _CJK.search(k):
                for w in set(words):
                    self._by_word[w].append(k)

    def _found(self, text: str, words: list[str]) -> list[str]:
        found: list[str] = [k for k in self._cjk if k in text]

        def same(w: str, kw: str) -> bool:
            stem = _stem(kw)
            return w.startswith(stem) if stem else w == kw

        for i, w in enumerate(words):
            options = list(self._by_first.get(w, ()))
            for n in self._stem_lengths:
                if len(w) >= n:
                    options.extend(self._by_stem.get(w[:n], ()))
            for k, kws in options:
                if len(kws) <= len(words) - i and all(same(words[i + j], kw) for j, kw in enumerate(kws)):
                    found.append(k)
        return found

    def search(self, description: str) -> list[Candidate]:
        if not self._by_keyword:
            return []
        text = fold(description)
        tokens = _WORD.findall(text)
        hits: dict[int, list[str]] = defaultdict(list)
        weight: dict[str, float] = {}
        for k in self._found(text, tokens):
            weight[k] = self._weight.get(k, 0.3)
            for i in self._by_keyword.get(k, ()):
                if k not in hits[i]:
                    hits[i].append(k)
        words = set(tokens)
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
