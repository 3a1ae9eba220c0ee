"""Party matching: score a party against the name index and explain each match.

The score is 0 to 1 and means the same for persons and organisations: the
weighted share of tokens that the query and the list name have in common, on
each side, combined as a harmonic mean (so a distinctive word missing on either
side costs), each shared token counted by its similarity. Legal
forms never count; generic words and initials count for less. A country or
type mismatch lowers the score by a fixed amount; a matching identifier makes a
match on its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from screening.index import NameIndex, NameRecord, token_weight
from screening.model import ListEntry, MatchExplanation, Party, PartyMatch
from screening.normalize import NormalizedName, fold_token, normalize_name
from screening.vocabulary import PARTICLE_TOKENS

# Two tokens are the same word if their normalised Levenshtein similarity is at
# least TOKEN_MIN_SIMILARITY (one edit in five letters), or LONG_TOKEN_MIN_SIMILARITY
# for words of LONG_TOKEN letters or more (two edits in eight). Shorter words must
# be equal. Set by the typo cases in tests/unit/test_match.py.
TOKEN_MIN_SIMILARITY = 0.8
LONG_TOKEN = 8
LONG_TOKEN_MIN_SIMILARITY = 0.75
FUZZY_TOKEN_MIN_LEN = 5
# An initial ("J") stands for a person's given name starting with that letter.
INITIAL_SIMILARITY = 0.9
# Two spellings of one transliteration (Aleksey / Alexey, Iurii / Yuriy).
FOLDED_SIMILARITY = 0.95
# For persons, a name part present on one side only (a middle name, a
# patronymic) counts this much of its weight once every part of the shorter
# name has been matched.
PERSON_EXTRA_PART_FACTOR = 0.25
# Whole-name similarity of the joined tokens, used when it is this high
# (catches odd splits such as "Hik Vision" / "Hikvision" in longer names).
COMPACT_MIN_SIMILARITY = 0.92
# Names of at most this many letters in one token (acronyms: SMIC, NUDT) and
# names the list itself marks as weak only match exactly.
SHORT_NAME_MAX = 4
# Allowance for the coverage bound used to skip hopeless candidates (joined
# words and similarity rounding can add a little coverage).
BOUND_SLACK = 0.05
JOIN_ALLOWANCE = 1.0


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """The knobs of party matching; values come from rules/policy.yaml."""

    review_threshold: float = 0.80
    block_threshold: float = 0.92
    candidate_limit: int = 40
    country_mismatch_penalty: float = 0.05
    type_mismatch_penalty: float = 0.05


def _token_similarity(a: str, b: str, person: bool) -> float:
    if a == b:
        return 1.0
    if person and (len(a) == 1 or len(b) == 1):
        short, long_ = (a, b) if len(a) == 1 else (b, a)
        return INITIAL_SIMILARITY if len(long_) > 1 and long_[0] == short else 0.0
    fa, fb = fold_token(a), fold_token(b)
    if fa == fb and min(len(a), len(b)) > 2:
        return FOLDED_SIMILARITY
    if min(len(a), len(b)) < FUZZY_TOKEN_MIN_LEN:
        return 0.0
    sim = max(OSA.normalized_similarity(a, b), OSA.normalized_similarity(fa, fb) - 0.02)
    cutoff = LONG_TOKEN_MIN_SIMILARITY if min(len(a), len(b)) >= LONG_TOKEN else TOKEN_MIN_SIMILARITY
    return sim if sim >= cutoff else 0.0


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    matched: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]
    how: str


def score_names(
    q: NormalizedName, c: NormalizedName, person: bool = False, memo: dict[tuple[str, str, bool], float] | None = None
) -> NameScore:
    """Align the tokens of two normalised names and score the alignment.

    `memo` caches token similarities across the candidates of one query."""
    qt, ct = q.tokens, c.tokens
    cache: dict[tuple[str, str, bool], float] = {} if memo is None else memo

    def token_similarity(a: str, b: str, person: bool) -> float:
        key = (a, b, person)
        got = cache.get(key)
        if got is None:
            got = cache[key] = _token_similarity(a, b, person)
        return got

    used_q: set[int] = set()
    used_c: set[int] = set()
    matched: list[tuple[str, str, float]] = []
    q_sim: dict[int, float] = {}
    c_sim: dict[int, float] = {}

    def assign(pairs: list[tuple[float, tuple[int, ...], tuple[int, ...]]]) -> None:
        # Greedy, best similarity first; ties in a fixed order (deterministic).
        pairs.sort(key=lambda p: (-p[0], -len(p[1]) - len(p[2]), p[1], p[2]))
        for s, qi, cj in pairs:
            if used_q.intersection(qi) or used_c.intersection(cj):
                continue
            used_q.update(qi)
            used_c.update(cj)
            for i in qi:
                q_sim[i] = s
            for j in cj:
                c_sim[j] = s
            matched.append((" ".join(qt[i] for i in qi), " ".join(ct[j] for j in cj), s))

    # Word against word: (similarity, query positions, candidate positions).
    direct: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            s = token_similarity(a, b, person)
            if s:
                direct.append((s, (i,), (j,)))
    assign(direct)
    # Then, among the words left over, words joined on one side and split on
    # the other ("Hik Vision" / "Hikvision").
    if len(used_q) < len(qt) and len(used_c) < len(ct):
        joins: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
        for i in range(len(qt) - 1):
            if i in used_q or i + 1 in used_q:
                continue
            joined = qt[i] + qt[i + 1]
            for j, b in enumerate(ct):
                if j not in used_c:
                    s = token_similarity(joined, b, False)
                    if s:
                        joins.append((s, (i, i + 1), (j,)))
        for j in range(len(ct) - 1):
            if j in used_c or j + 1 in used_c:
                continue
            joined = ct[j] + ct[j + 1]
            for i, a in enumerate(qt):
                if i not in used_q:
                    s = token_similarity(a, joined, False)
                    if s:
                        joins.append((s, (i,), (j, j + 1)))
        assign(joins)

    q_weights = [token_weight(t) for t in qt]
    c_weights = [token_weight(t) for t in ct]
    full = sum(1 for a, b, s in matched if s >= FOLDED_SIMILARITY and len(a) > 1 and len(b) > 1
               and a not in PARTICLE_TOKENS)
    if person and min(len(qt), len(ct)) >= 2 and full >= 2:
        # A missing middle name or patronymic costs little once every part of
        # the shorter name has been found, two of them in full (not initials
        # or particles such as "al").
        if len(used_q) == len(qt) and len(ct) > len(qt):
            c_weights = [w if j in used_c else w * PERSON_EXTRA_PART_FACTOR for j, w in enumerate(c_weights)]
        elif len(used_c) == len(ct) and len(qt) > len(ct):
            q_weights = [w if i in used_q else w * PERSON_EXTRA_PART_FACTOR for i, w in enumerate(q_weights)]
    q_cov = sum(w * q_sim.get(i, 0.0) for i, w in enumerate(q_weights)) / sum(q_weights)
    c_cov = sum(w * c_sim.get(j, 0.0) for j, w in enumerate(c_weights)) / sum(c_weights)
    score = 2 * q_cov * c_cov / (q_cov + c_cov) if q_cov + c_cov else 0.0
    how = "tokens"
    if len(qt) > 1 or len(ct) > 1:
        compact = Levenshtein.normalized_similarity(q.compact, c.compact)
        if compact >= COMPACT_MIN_SIMILARITY and compact > score:
            score, how = compact, "joined"
    return NameScore(
        score=score,
        matched=tuple(matched),
        unmatched_query=tuple(t for i, t in enumerate(qt) if i not in used_q),
        unmatched_candidate=tuple(t for j, t in enumerate(ct) if j not in used_c),
        how=how,
    )


def _bound(shared: float, q_total: float, c_total: float, person: bool) -> float:
    """The highest score a record can reach when it shares at most `shared`
    token weight with the query: the harmonic mean of the two sides' largest
    possible coverages. On the list side a word joined in the query may cover
    two of its words, so one word's weight (JOIN_ALLOWANCE) is added there; the
    person discount for unmatched name parts is taken at its most generous."""

    def cover(s: float, total: float) -> float:
        s = min(s, total)
        if s <= 0:
            return 0.0
        return s / (s + PERSON_EXTRA_PART_FACTOR * (total - s)) if person else s / total

    q, c = cover(shared, q_total), cover(shared + JOIN_ALLOWANCE, c_total)
    return 2 * q * c / (q + c) if q + c else 0.0


def _wanted(entry: ListEntry, sources: tuple[str, ...], regimes: tuple[str, ...]) -> bool:
    if sources and entry.source not in sources:
        return False
    return not regimes or entry.regime is None or entry.regime in regimes


def _exact_only(rec: NameRecord) -> bool:
    return rec.kind == "weak" or (len(rec.norm.tokens) == 1 and len(rec.norm.tokens[0]) <= SHORT_NAME_MAX)


class Matcher:
    """Scores parties and free names against one NameIndex.

    Results are cached per query (names as normalised, type, country,
    identifiers, filters): a matcher belongs to one snapshot, so a cached
    answer is the answer. `cache_size` 0 turns the cache off."""

    def __init__(self, index: NameIndex, policy: MatchPolicy | None = None, cache_size: int = 50_000) -> None:
        self.index = index
        self.policy = policy or MatchPolicy()
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[object, ...], list[PartyMatch]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def cache_key(
        self,
        names: tuple[str, ...],
        type_: str,
        country: str | None,
        identifiers: tuple[str, ...],
        sources: tuple[str, ...],
        regimes: tuple[str, ...],
        threshold: float | None,
        limit: int,
    ) -> tuple[object, ...]:
        person = type_ == "person"
        norm = tuple(normalize_name(n, person).tokens for n in names)
        return (norm, type_, country, identifiers, sources, regimes, threshold, limit)

    def match_party(self, party: Party, threshold: float | None = None, limit: int = 10) -> list[PartyMatch]:
        names = (party.name, *party.aliases)
        ids = tuple(i.value for i in party.identifiers)
        return self.match_names(
            names, type_=party.type, country=party.country, identifiers=ids, threshold=threshold, limit=limit
        )

    def match_names(
        self,
        names: tuple[str, ...],
        *,
        type_: str = "unknown",
        country: str | None = None,
        identifiers: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        regimes: tuple[str, ...] = (),
        threshold: float | None = None,
        limit: int = 10,
    ) -> list[PartyMatch]:
        if not self.cache_size:
            return self._match(names, type_, country, identifiers, sources, regimes, threshold, limit)
        key = self.cache_key(names, type_, country, identifiers, sources, regimes, threshold, limit)
        with self._lock:
            got = self._cache.get(key)
            if got is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                return list(got)
        found = self._match(names, type_, country, identifiers, sources, regimes, threshold, limit)
        with self._lock:
            self.misses += 1
            self._cache[key] = found
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return list(found)

    def _match(
        self,
        names: tuple[str, ...],
        type_: str,
        country: str | None,
        identifiers: tuple[str, ...],
        sources: tuple[str, ...],
        regimes: tuple[str, ...],
        threshold: float | None,
        limit: int,
    ) -> list[PartyMatch]:
        threshold = self.policy.review_threshold if threshold is None else threshold
        person = type_ == "person"
        # Records that cannot reach the threshold are skipped before scoring:
        # see _bound.
        need = threshold - BOUND_SLACK
        best: dict[int, PartyMatch] = {}
        memo: dict[tuple[str, str, bool], float] = {}
        # The same name often stands in several lists (an SDN entry and its CSL
        # copy): score each distinct normalised name once per query name.
        scored: dict[tuple[tuple[str, ...], bool], NameScore] = {}
        for name in names:
            q = normalize_name(name, person)
            if not q.tokens:
                continue
            scored.clear()
            total = sum(token_weight(t) for t in q.tokens)
            for rec_id, shared in self.index.candidates(q, self.policy.candidate_limit):
                rec = self.index.records[rec_id]
                entry = self.index.entries[rec.entry]
                if need > 0 and _bound(shared, total, self.index.weight(rec_id),
                                       person or entry.type == "person") < need:
                    continue
                if not _wanted(entry, sources, regimes):
                    continue
                m = self._score(q, rec, entry, type_, country, memo, threshold, scored)
                if m is None:
                    continue
                prev = best.get(rec.entry)
                if prev is None or m.score > prev.score:
                    best[rec.entry] = m
        for e_idx in self.index.by_identifier(identifiers):
            entry = self.index.entries[e_idx]
            if not _wanted(entry, sources, regimes):
                continue
            best[e_idx] = self._identifier_match(names[0], entry, identifiers)
        found = [m for m in best.values() if m.score >= threshold]
        found.sort(key=lambda m: (-m.score, m.entry.source, m.entry.entry_id))
        return found[:limit]

    # ---------------------------------------------------------------- internals

    def _score(
        self,
        q: NormalizedName,
        rec: NameRecord,
        entry: ListEntry,
        type_: str,
        country: str | None,
        memo: dict[tuple[str, str, bool], float] | None = None,
        threshold: float = 0.0,
        scored: dict[tuple[tuple[str, ...], bool], NameScore] | None = None,
    ) -> PartyMatch | None:
        person = type_ == "person" or entry.type == "person"
        if _exact_only(rec):
            if q.compact != rec.norm.compact:
                return None
            ns = NameScore(1.0, tuple((t, t, 1.0) for t in q.tokens), (), (), "exact")
        else:
            key = (rec.norm.tokens, person)
            got = scored.get(key) if scored is not None else None
            if got is None:
                got = score_names(q, rec.norm, person, memo)
                if scored is not None:
                    scored[key] = got
            ns = got
        if ns.score <= 0:
            return None
        penalties: list[tuple[str, float]] = []
        if country and entry.countries and country not in entry.countries:
            penalties.append(("country_mismatch", self.policy.country_mismatch_penalty))
        known = ("person", "organization")
        if type_ in known and entry.type in known and type_ != entry.type:
            penalties.append(("type_mismatch", self.policy.type_mismatch_penalty))
        score = max(0.0, ns.score - sum(p for _, p in penalties))
        if score < threshold:
            return None  # not reported: no explanation to build
        detail = _detail(rec, ns, penalties, country, entry)
        explanation = MatchExplanation(
            query_normalized=q.text,
            candidate_normalized=rec.norm.text,
            matched_tokens=ns.matched,
            unmatched_query_tokens=ns.unmatched_query,
            unmatched_candidate_tokens=ns.unmatched_candidate,
            name_score=ns.score,
            penalties=tuple(penalties),
            detail=detail,
        )
        return PartyMatch(entry=entry, matched_name=rec.value, score=round(score, 4), explanation=explanation)

    def _identifier_match(self, name: str, entry: ListEntry, identifiers: tuple[str, ...]) -> PartyMatch:
        explanation = MatchExplanation(
            query_normalized=normalize_name(name).text,
            candidate_normalized=normalize_name(entry.name).text,
            matched_tokens=(),
            unmatched_query_tokens=(),
            unmatched_candidate_tokens=(),
            name_score=0.0,
            bonuses=(("identifier_match", 1.0),),
            detail="identifier matches the list entry: "
            + ", ".join(f"{i.scheme} {i.value}" for i in entry.identifiers),
        )
        return PartyMatch(entry=entry, matched_name=entry.name, score=1.0, explanation=explanation)


def _detail(
    rec: NameRecord, ns: NameScore, penalties: list[tuple[str, float]], country: str | None, entry: ListEntry
) -> str:
    label = "name" if rec.kind == "primary" else f"{rec.kind} alias"
    parts = [f'{label} "{rec.value}" scored {ns.score:.2f}']
    if ns.how == "exact":
        parts.append("exact match (this name only matches exactly)")
    elif ns.how == "joined":
        parts.append("as joined words")
    else:
        parts.append(f"{len(ns.matched)} token(s) matched")
        if ns.unmatched_query:
            parts.append("query only: " + " ".join(ns.unmatched_query))
        if ns.unmatched_candidate:
            parts.append("list only: " + " ".join(ns.unmatched_candidate))
    for feature, amount in penalties:
        if feature == "country_mismatch":
            parts.append(f"country {country} not in {'/'.join(entry.countries)} (-{amount:.2f})")
        else:
            parts.append(f"{feature.replace('_', ' ')} (-{amount:.2f})")
    return "; ".join(parts)
