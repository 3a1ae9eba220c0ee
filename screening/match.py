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

    # Candidate pairs: (similarity, query token positions, candidate token positions).
    pairs: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            s = token_similarity(a, b, person)
            if s:
                pairs.append((s, (i,), (j,)))
    # Words joined on one side and split on the other ("Hik Vision" / "Hikvision").
    for i in range(len(qt) - 1):
        joined = qt[i] + qt[i + 1]
        for j, b in enumerate(ct):
            s = token_similarity(joined, b, False)
            if s:
                pairs.append((s, (i, i + 1), (j,)))
    for j in range(len(ct) - 1):
        joined = ct[j] + ct[j + 1]
        for i, a in enumerate(qt):
            s = token_similarity(a, joined, False)
            if s:
                pairs.append((s, (i,), (j, j + 1)))
    pairs.sort(key=lambda p: (-p[0], -len(p[1]) - len(p[2]), p[1], p[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    matched: list[tuple[str, str, float]] = []
    q_sim: dict[int, float] = {}
    c_sim: dict[int, float] = {}
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


def _wanted(entry: ListEntry, sources: tuple[str, ...], regimes: tuple[str, ...]) -> bool:
    if sources and entry.source not in sources:
        return False
    return not regimes or entry.regime is None or entry.regime in regimes


def _exact_only(rec: NameRecord) -> bool:
    return rec.kind == "weak" or (len(rec.norm.tokens) == 1 and len(rec.norm.tokens[0]) <= SHORT_NAME_MAX)


class Matcher:
    """Scores parties and free names against one NameIndex."""

    def __init__(self, index: NameIndex, policy: MatchPolicy | None = None) -> None:
        self.index = index
        self.policy = policy or MatchPolicy()

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
        threshold = self.policy.review_threshold if threshold is None else threshold
        person = type_ == "person"
        # A record covering at most a share `b` of the query cannot score above
        # 2b/(b+1) (the harmonic mean with a full list-side coverage); skip
        # records that cannot reach the threshold. Persons are exempt: a missing
        # middle name on the query side is discounted after alignment.
        need = threshold / (2 - threshold) - BOUND_SLACK if threshold > 0 else 0.0
        best: dict[int, PartyMatch] = {}
        memo: dict[tuple[str, str, bool], float] = {}
        for name in names:
            q = normalize_name(name, person)
            if not q.tokens:
                continue
            for rec_id, bound in self.index.candidates(q, self.policy.candidate_limit):
                rec = self.index.records[rec_id]
                entry = self.index.entries[rec.entry]
                if bound < need and not person and entry.type != "person":
                    continue
                if not _wanted(entry, sources, regimes):
                    continue
                m = self._score(q, rec, entry, type_, country, memo)
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
    ) -> PartyMatch | None:
        person = type_ == "person" or entry.type == "person"
        if _exact_only(rec):
            if q.compact != rec.norm.compact:
                return None
            ns = NameScore(1.0, tuple((t, t, 1.0) for t in q.tokens), (), (), "exact")
        else:
            ns = score_names(q, rec.norm, person, memo)
        if ns.score <= 0:
            return None
        penalties: list[tuple[str, float]] = []
        if country and entry.countries and country not in entry.countries:
            penalties.append(("country_mismatch", self.policy.country_mismatch_penalty))
        known = ("person", "organization")
        if type_ in known and entry.type in known and type_ != entry.type:
            penalties.append(("type_mismatch", self.policy.type_mismatch_penalty))
        score = max(0.0, ns.score - sum(p for _, p in penalties))
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
