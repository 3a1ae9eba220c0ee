"""One normaliser for list names and query names.

Applied once to every list name when the index is built and to every query, so
both sides are compared in the same form:

1. Unicode NFKC, Han text segmented into known company words (mapped to their
   English canonical token) and distinctive runs (converted to pinyin), every
   other script transliterated to Latin (anyascii), accents removed.
2. Case folded; dotted initials joined ("L.L.C." -> "llc", "A.Ş." -> "as");
   all other punctuation becomes a space.
3. Tokens: stop words dropped, multi-word places and phrases joined, legal forms
   (Co., Ltd., LLC, OOO/ООО, JSC, АО, GmbH, 有限公司 ...) set aside, abbreviations
   mapped to one canonical token (Intl -> international, Tech -> technology).

The result keeps what was set aside so that a match can explain itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import OSA

from screening.vocabulary import (
    CHINESE_WORDS,
    GENERIC_TOKENS,
    JOINED_PHRASES,
    LEGAL_FORM_PHRASES,
    LEGAL_FORM_TOKENS,
    STOP_TOKENS,
    SYNONYMS,
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_DOTTED_INITIALS = re.compile(r"\b(?:[a-z]\.){1,}[a-z]\b\.?")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_MAX_CHINESE_WORD = max(len(w) for w in CHINESE_WORDS)
_LEGAL_MARK = "#legal"


@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name after normalisation.

    tokens: the compared tokens, in order (legal forms and stop words removed).
    legal: the legal-form tokens that were set aside.
    """

    original: str
    tokens: tuple[str, ...]
    legal: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        return "".join(self.tokens)

    def is_generic(self, token: str) -> bool:
        return token in GENERIC_TOKENS


def _han_to_latin(run: str) -> str:
    """Segment a run of Han characters: company words to canonical tokens,
    the rest to pinyin, one token per distinctive stretch."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.append("".join(lazy_pinyin("".join(pending))))
            pending.clear()

    i = 0
    while i < len(run):
        for size in range(min(_MAX_CHINESE_WORD, len(run) - i), 1, -1):
            word = run[i : i + size]
            canonical = CHINESE_WORDS.get(word)
            if canonical is not None:
                flush()
                out.append(" company " if canonical == _LEGAL_MARK else canonical)
                i += size
                break
        else:
            pending.append(run[i])
            i += 1
    flush()
    return " " + " ".join(out) + " "


def fold_text(text: str) -> str:
    """NFKC, scripts to Latin, accents off, case folded, punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text)
    if _HAN_RUN.search(text):
        text = _HAN_RUN.sub(lambda m: _han_to_latin(m.group(0)), text)
    text = text.replace("'", "").replace("\u2019", "").replace("`", "")
    text = anyascii(text).casefold()
    text = text.replace("'", "")
    text = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    return _NON_WORD.sub(" ", text).strip()


# Long legal-form and generic words, recognised with a typo ("Corporatiln",
# "Aktsimnernoe", "Uluslararaysi") so that a misspelt legal form is still set
# aside and a misspelt generic word still counts as generic. Only words of 8
# letters or more, one edit (two from 11 letters): short words are too close
# to distinctive names ("Limitex" is not "limited").
_CANON_MIN_LEN = 8
_CANON_WORDS: tuple[str, ...] = tuple(
    sorted(
        {w for w in LEGAL_FORM_TOKENS | GENERIC_TOKENS | set(SYNONYMS) if len(w) >= _CANON_MIN_LEN}
        | {w for p in LEGAL_FORM_PHRASES for w in p if len(w) >= _CANON_MIN_LEN}
    )
)
_KNOWN = frozenset(_CANON_WORDS) | LEGAL_FORM_TOKENS | GENERIC_TOKENS | frozenset(SYNONYMS)


@lru_cache(maxsize=200_000)
def _canonical(token: str) -> str:
    if token in _KNOWN:
        return token
    if len(token) >= 3:
        # Another transliteration of a known word ("kompani" for company,
        # "dzhsk" for JSC).
        same = _KNOWN_FOLDED.get(fold_token(token))
        if same is not None and (len(token) >= 5 or same in LEGAL_FORM_TOKENS):
            return same
    if len(token) < _CANON_MIN_LEN:
        return token
    limit = 2 if len(token) >= 10 else 1
    got = process.extractOne(token, _CANON_WORDS, scorer=OSA.distance, score_cutoff=limit)
    return str(got[0]) if got is not None else token


_JOINABLE = frozenset(w for w in _KNOWN if len(w) >= 6)


def _rejoin(tokens: list[str]) -> list[str]:
    """Rejoin a known long word split in two ("obshche stvo", "liabi lity")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in _JOINABLE and tokens[i] not in _KNOWN:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


_SINGLE_LETTER_LEGAL = {"sa", "cv", "llc", "srl", "jsc", "ooo", "ao", "oao", "zao", "ag", "bv", "nv", "plc", "ltd",
                        "ev", "sas"}
# Legal forms written onto the end of the name ("ZvezdaLimited" read as one word).
_LEGAL_SUFFIXES = ("limited", "company", "corporation", "incorporated", "gmbh")


def _split_legal_suffix(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        for suffix in _LEGAL_SUFFIXES:
            if t.endswith(suffix) and len(t) - len(suffix) >= 4 and t not in _KNOWN:
                out.extend([t[: -len(suffix)], suffix])
                break
        else:
            out.append(t)
    return out


def _join_initials(tokens: list[str]) -> list[str]:
    """Runs of single letters that spell a legal form ("S A", "L L C") become that form."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if len(tokens[i]) == 1:
            j = i
            while j < len(tokens) and len(tokens[j]) == 1:
                j += 1
            run = "".join(tokens[i:j])
            if j - i >= 2 and run in _SINGLE_LETTER_LEGAL:
                out.append(run)
                i = j
                continue
            if j - i >= 2 and run[:2] in _SINGLE_LETTER_LEGAL and run[2:] in _SINGLE_LETTER_LEGAL:
                out.extend([run[:2], run[2:]])
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out


_FOLD_PAIRS = (("shch", "sh"), ("dzh", "j"), ("dj", "j"), ("kh", "h"), ("ks", "x"), ("ck", "k"), ("ph", "f"),
               ("w", "v"), ("yo", "e"), ("ye", "e"), ("y", "i"), ("ii", "i"), ("ou", "u"))


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """A spelling-insensitive form for comparing transliterations: Aleksey and
    Alexey, Yuriy and Iurii, Komp and Comp fold alike."""
    t = token.replace("ch", "\x00")
    for a, b in _FOLD_PAIRS:
        t = t.replace(a, b)
    t = t.replace("c", "k").replace("\x00", "ch")
    out: list[str] = []
    for ch in t:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


_KNOWN_FOLDED: dict[str, str] = {}
for _w in sorted(_KNOWN, key=lambda w: (-len(w), w)):
    if len(_w) >= 5 or (len(_w) >= 3 and _w in LEGAL_FORM_TOKENS):
        _KNOWN_FOLDED.setdefault(fold_token(_w), _w)


def _join_phrases(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            joined = JOINED_PHRASES.get((tokens[i], tokens[i + 1]))
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return out


_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _p in LEGAL_FORM_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_p[0], []).append(_p)


def _split_legal(tokens: list[str], keep_legal: bool) -> tuple[list[str], list[str]]:
    kept: list[str] = []
    legal: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in _PHRASES_BY_FIRST.get(tokens[i], ()):
            n = len(phrase)
            if tuple(tokens[i : i + n]) == phrase:
                legal.extend(phrase)
                i += n
                break
        else:
            tok = tokens[i]
            if not keep_legal and tok in LEGAL_FORM_TOKENS:
                legal.append(tok)
            else:
                kept.append(tok)
            i += 1
    return kept, legal


@lru_cache(maxsize=65_536)
def normalize_name(text: str, person: bool = False) -> NormalizedName:
    """Normalise one party or list name (cached: queries repeat).

    person=True keeps single tokens that look like legal forms ("Ao", "Sa" are
    also given names); multi-word legal phrases are still removed.
    """
    return normalize_name_uncached(text, person)


def normalize_name_uncached(text: str, person: bool = False) -> NormalizedName:
    """Normalise one party or list name.

    person=True keeps single tokens that look like legal forms ("Ao", "Sa" are
    also given names); multi-word legal phrases are still removed.
    """
    folded = fold_text(text)
    raw = [t for t in folded.split() if t not in STOP_TOKENS]
    raw = _split_legal_suffix(_rejoin(_join_initials(raw)))
    raw = [SYNONYMS.get(t, t) for t in (_canonical(t) for t in _join_phrases(raw))]
    kept, legal = _split_legal(raw, keep_legal=person)
    tokens = tuple(kept)
    if not tokens and legal:
        # A name made only of legal-form words ("Company Limited"): keep them, a
        # name must never normalise to nothing.
        tokens, legal = tuple(legal), []
    return NormalizedName(original=text, tokens=tokens, legal=tuple(legal))


def normalize_identifier(value: str) -> str:
    """Identifiers (IMO numbers, registration numbers) compared without spaces,
    punctuation or case; a leading scheme word such as "IMO" is dropped."""
    folded = fold_text(value)
    folded = re.sub(r"^(imo|inn|ogrn|uscc|reg|no|number)\s+", "", folded)
    return folded.replace(" ", "")
