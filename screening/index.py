"""The in-memory name index: every name and alias of every loaded list entry,
normalised once, with a token index for candidate retrieval.

Retrieval never scans every name: a query's tokens (and their one-edit
neighbours, and the joins of adjacent tokens) are looked up in posting lists,
candidates are ranked by the weight of the tokens they share, and only the best
few are scored in full by the matcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from screening.model import ListEntry, ListInfo
from screening.normalize import NormalizedName, fold_token, normalize_identifier, normalize_name_uncached
from screening.vocabulary import GENERIC_TOKENS, PARTICLE_TOKENS

# Token weights. Set by hand so that generic words ("trading", "technology",
# city names) and initials count for less than distinctive words; checked
# against the labelled match/no-match cases in tests/unit/test_match.py.
GENERIC_WEIGHT = 0.25
INITIAL_WEIGHT = 0.5
PARTICLE_WEIGHT = 0.3

# Tokens shorter than this are only looked up exactly (no typo neighbours).
FUZZY_MIN_LEN = 5
# A typo neighbour must keep at least this normalised Levenshtein similarity.
FUZZY_MIN_SIMILARITY = 0.75


def token_weight(token: str) -> float:
    if token in GENERIC_TOKENS:
        return GENERIC_WEIGHT
    if len(token) == 1:
        return INITIAL_WEIGHT
    if token in PARTICLE_TOKENS:
        return PARTICLE_WEIGHT
    return 1.0


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


@dataclass(frozen=True, slots=True)
class NameRecord:
    entry: int
    value: str
    kind: str
    norm: NormalizedName


class NameIndex:
    """Names of a fixed set of list entries, ready to be searched."""

    def __init__(self, entries: Sequence[ListEntry], lists: Sequence[ListInfo] = ()) -> None:
        self.entries: tuple[ListEntry, ...] = tuple(entries)
        self.lists: tuple[ListInfo, ...] = tuple(lists)
        self.records: list[NameRecord] = []
        weights: list[float] = []
        postings: dict[str, list[int]] = defaultdict(list)
        identifiers: dict[str, list[int]] = defaultdict(list)
        words: set[str] = set()
        for e_idx, entry in enumerate(self.entries):
            person = entry.type == "person"
            seen: set[tuple[str, ...]] = set()
            for name in entry.names:
                norm = normalize_name_uncached(name.value, person)
                if not norm.tokens or norm.tokens in seen:
                    continue
                seen.add(norm.tokens)
                rec_id = len(self.records)
                self.records.append(NameRecord(e_idx, name.value, name.kind, norm))
                weights.append(sum(token_weight(t) for t in norm.tokens))
                for key in _index_keys(norm.tokens):
                    plist = postings[key]
                    if not plist or plist[-1] != rec_id:
                        plist.append(rec_id)
                for tok in norm.tokens:
                    if len(tok) >= FUZZY_MIN_LEN:
                        words.add(tok)
            for ident in entry.identifiers:
                key = normalize_identifier(ident.value)
                if len(key) >= 5:
                    identifiers[key].append(e_idx)
        self._weights = np.asarray(weights, dtype=np.float32)
        self._postings: dict[str, np.ndarray] = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        self._identifiers = {k: tuple(v) for k, v in identifiers.items()}
        # One-edit neighbourhoods of the words (not of the joined keys): each
        # deletion maps to the word, or to a tuple of words when several share it.
        deletes: dict[str, str | tuple[str, ...]] = {}
        for word in sorted(words):
            for i in range(len(word)):
                d = word[:i] + word[i + 1 :]
                got = deletes.get(d)
                if got is None:
                    deletes[d] = word
                elif isinstance(got, str):
                    if got != word:
                        deletes[d] = (got, word)
                elif word not in got:
                    deletes[d] = (*got, word)
        self._deletes = deletes

    def __len__(self) -> int:
        return len(self.records)

    # ------------------------------------------------------------------ lookup

    def expand(self, token: str) -> list[tuple[str, float]]:
        """Index tokens equal or one typo away from `token`, with similarity."""
        found: dict[str, float] = {}
        if token in self._postings:
            found[token] = 1.0
        if len(token) >= FUZZY_MIN_LEN:
            keys = _deletes(token)
            keys.add(token)
            for key in keys:
                got = self._deletes.get(key)
                # A word equal to a deletion of the query (an extra letter typed).
                if key != token and key in self._postings and key not in found and len(key) >= FUZZY_MIN_LEN:
                    got = (key,) if got is None else ((got, key) if isinstance(got, str) else (*got, key))
                if got is None:
                    continue
                for cand in (got,) if isinstance(got, str) else got:
                    if cand in found:
                        continue
                    sim = Levenshtein.normalized_similarity(token, cand)
                    if sim >= FUZZY_MIN_SIMILARITY:
                        found[cand] = sim
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))

    def candidates(self, norm: NormalizedName, limit: int) -> list[tuple[int, float]]:
        """(record id, shared weight) for the records sharing the most token
        weight with the query, best first.

        The shared weight is an upper bound of the token weight the query and
        the record can have in common: every looked-up token the record shares
        (by its similarity) plus every generic or particle query token, which is
        not looked up when the query has distinctive words. The matcher uses it
        to skip records that cannot reach the threshold.
        """
        tokens = norm.tokens
        if not tokens:
            return []
        # Generic words and name particles are not looked up when the query has
        # other words: they would bring thousands of names and decide nothing.
        minor = GENERIC_TOKENS | PARTICLE_TOKENS
        distinctive = any(t not in minor for t in tokens)
        lookups: list[tuple[str, float]] = []
        total = sum(token_weight(t) for t in tokens)
        skipped = 0.0
        for tok in tokens:
            if distinctive and tok in minor:
                skipped += token_weight(tok)
                continue
            lookups.append((tok, token_weight(tok)))
            folded = fold_token(tok)
            if folded != tok:
                lookups.append((folded, token_weight(tok)))
        for a, b in zip(tokens, tokens[1:], strict=False):
            lookups.append((a + b, token_weight(a) + token_weight(b)))
        if len(tokens) > 2:
            lookups.append((norm.compact, total))
        ids: list[np.ndarray] = []
        gains: list[np.ndarray] = []
        for tok, weight in lookups:
            for cand, sim in self.expand(tok):
                plist = self._postings[cand]
                ids.append(plist)
                gains.append(np.full(len(plist), weight * sim, dtype=np.float32))
        if not ids:
            return []
        all_ids = np.concatenate(ids)
        all_gains = np.concatenate(gains)
        # Shared weight per record (a record reached through two spellings of
        # one word counts twice: the bound stays an upper bound).
        uniq, inverse = np.unique(all_ids, return_inverse=True)
        acc = np.bincount(inverse, weights=all_gains).astype(np.float32)
        # Rank by a Dice-like overlap, so that among many names sharing the
        # query's words the ones with the fewest other words come first.
        rank = acc / (total + self._weights[uniq])
        if len(uniq) > limit:
            top = np.argpartition(-rank, limit - 1)[:limit]
        else:
            top = np.arange(len(uniq))
        order = top[np.lexsort((uniq[top], -rank[top]))]
        shared = acc[order] + skipped
        return [(int(r), float(b)) for r, b in zip(uniq[order], shared, strict=True)]

    def weight(self, rec: int) -> float:
        """Total token weight of a record's name."""
        return float(self._weights[rec])

    def by_identifier(self, values: Iterable[str]) -> list[int]:
        out: list[int] = []
        for value in values:
            for e_idx in self._identifiers.get(normalize_identifier(value), ()):
                if e_idx not in out:
                    out.append(e_idx)
        return out


def _index_keys(tokens: tuple[str, ...]) -> list[str]:
    keys = list(tokens)
    keys.extend(f for f in (fold_token(t) for t in tokens) if f not in tokens)
    keys.extend(a + b for a, b in zip(tokens, tokens[1:], strict=False))
    if len(tokens) > 2:
        keys.append("".join(tokens))
    return keys
