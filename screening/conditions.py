"""Rule conditions: compiled from the `when:` mapping of a rule into predicates.

A condition is a function of a Context that returns None when it does not hold,
or the list of evidence strings (what it saw) when it does. Every key of a
`when:` mapping must hold (AND); `any`, `all` and `not` combine.

Keys by the scope they apply to:

item      hs, hs_not, hs_missing, eccn, text_any, text_all, text_none, params,
          tagged, not_tagged, quantity_at_least
party     role, party_type, party_country, name_any, address_any, party_text_any
any       destination, origin, transit_any, route_any, party_in, end_use_any,
          end_use_none, end_use_missing, any_item_tagged, any_party_role
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from screening.model import Item, Party, Shipment
from screening.params import PARAM_NAMES, Param, extract_params

Evidence = list[str]


class RuleError(ValueError):
    """A rule file or rule is invalid; the message names the file, rule and key."""


def fold(text: str) -> str:
    """Text as rules compare it: NFKC, case folded, ё as е, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(text.split())


def hs_digits(code: str | None) -> str:
    return re.sub(r"\D", "", code or "")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def term_pattern(term: str) -> str:
    """Regex for one term: whole words, `*` at the end for a word prefix,
    `re:` for a raw regex; Chinese terms match anywhere."""
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    t = fold(term)
    prefix = t.endswith("*")
    t = t.rstrip("*")
    if "*" in t:
        raise RuleError(f"term {term!r}: '*' only at the end of a term (use re:... for other patterns)")
    if _CJK.search(t):
        return re.escape(t)
    body = r"[\s\-_/]*".join(re.escape(w) for w in t.split())
    tail = r"\w*" if prefix else r"(?!\w)"
    return rf"(?<!\w){body}{tail}"


class TermSet:
    """A compiled list of terms; finds which of them occur in a text."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = tuple(terms)
        self._seen: dict[str, str | None] = {}
        try:
            self._regex = re.compile("|".join(term_pattern(t) for t in terms))
            self._each = [re.compile(term_pattern(t)) for t in terms]
        except re.error as exc:
            raise RuleError(f"bad term pattern in {list(terms)}: {exc}") from exc

    def first(self, text: str) -> str | None:
        # The same term list is read by several rules over the same text (an
        # item's description): remember the last answers.
        try:
            return self._seen[text]
        except KeyError:
            pass
        m = self._regex.search(text)
        found = m.group(0) if m else None
        if len(self._seen) > 512:
            self._seen.clear()
        self._seen[text] = found
        return found

    def all_present(self, text: str) -> list[str] | None:
        found = []
        for rx in self._each:
            m = rx.search(text)
            if not m:
                return None
            found.append(m.group(0))
        return found


@dataclass
class Facts:
    """What the rules look at, computed once per shipment."""

    shipment: Shipment
    groups: Mapping[str, frozenset[str]]
    item_text: list[str] = field(default_factory=list)
    item_hs: list[str] = field(default_factory=list)
    item_params: list[dict[str, list[Param]]] = field(default_factory=list)
    # item index -> tag -> evidence of the rule that set it
    item_tags: list[dict[str, str]] = field(default_factory=list)
    end_use: str = ""

    @classmethod
    def of(cls, shipment: Shipment, groups: Mapping[str, frozenset[str]]) -> Facts:
        f = cls(shipment=shipment, groups=groups)
        for item in shipment.items:
            f.item_text.append(fold(item.description))
            f.item_hs.append(hs_digits(item.hs_code))
            f.item_params.append(extract_params(item.description))
            f.item_tags.append({})
        f.end_use = fold(shipment.end_use or "")
        return f


@dataclass(frozen=True, slots=True)
class Context:
    facts: Facts
    item: int | None = None
    party: int | None = None

    @property
    def the_item(self) -> Item:
        assert self.item is not None
        return self.facts.shipment.items[self.item]

    @property
    def the_party(self) -> Party:
        assert self.party is not None
        return self.facts.shipment.parties[self.party]


Condition = Callable[[Context], Evidence | None]

ITEM_KEYS = {
    "hs",
    "hs_unknown",
    "hs_not",
    "hs_missing",
    "eccn",
    "text_any",
    "text_all",
    "text_none",
    "params",
    "tagged",
    "not_tagged",
    "quantity_at_least",
}
PARTY_KEYS = {"role", "party_type", "party_country", "name_any", "address_any", "party_text_any"}
SHIPMENT_KEYS = {
    "destination",
    "origin",
    "transit_any",
    "route_any",
    "party_in",
    "end_use_any",
    "end_use_none",
    "end_use_missing",
    "any_item_tagged",
    "any_party_role",
}
COMBINATORS = {"any", "all", "not"}

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
}

# Roles whose country counts as where the goods end up.
RECEIVING_ROLES = ("buyer", "consignee", "intermediate_consignee", "end_user")


class Compiler:
    """Turns `when:` mappings into Conditions, resolving @country-groups and
    $term-lists, and rejecting keys that do not fit the rule's scope."""

    def __init__(
        self,
        groups: Mapping[str, frozenset[str]],
        terms: Mapping[str, Sequence[str]],
        nomenclature: Mapping[str, str] | None = None,
    ) -> None:
        self.groups = groups
        self.terms = terms
        self.nomenclature = nomenclature or {}
        self.uses_tags = False
        self._termsets: dict[tuple[str, ...], TermSet] = {}

    def compile(self, when: Any, scope: str, where: str) -> Condition:
        if not isinstance(when, Mapping) or not when:
            raise RuleError(f"{where}: 'when' must be a non-empty mapping")
        parts: list[Condition] = []
        for key, value in when.items():
            parts.append(self._key(str(key), value, scope, f"{where}.{key}"))

        def all_of(ctx: Context) -> Evidence | None:
            ev: Evidence = []
            for cond in parts:
                got = cond(ctx)
                if got is None:
                    return None
                ev.extend(got)
            return ev

        return all_of

    # ------------------------------------------------------------ helpers

    def countries(self, value: Any, where: str) -> frozenset[str]:
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: expected a list of ISO codes or @groups")
        out: set[str] = set()
        for v in value:
            v = str(v)
            if v.startswith("@"):
                if v[1:] not in self.groups:
                    raise RuleError(f"{where}: unknown country group {v}")
                out |= self.groups[v[1:]]
            elif re.fullmatch(r"[A-Z]{2}", v):
                out.add(v)
            else:
                raise RuleError(f"{where}: {v!r} is not an ISO 3166-1 alpha-2 code or @group")
        return frozenset(out)

    def termset(self, value: Any, where: str) -> TermSet:
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: expected a non-empty list of terms")
        terms: list[str] = []
        for v in value:
            v = str(v)
            if v.startswith("$"):
                if v[1:] not in self.terms:
                    raise RuleError(f"{where}: unknown term list {v}")
                terms.extend(self.terms[v[1:]])
            else:
                terms.append(v)
        key = tuple(terms)
        if key not in self._termsets:
            self._termsets[key] = TermSet(terms)
        return self._termsets[key]

    @staticmethod
    def strings(value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str | int) for v in value):
            raise RuleError(f"{where}: expected a non-empty list of strings")
        return tuple(str(v) for v in value)

    # ------------------------------------------------------------ keys

    def _key(self, key: str, value: Any, scope: str, where: str) -> Condition:
        if key in COMBINATORS:
            return self._combinator(key, value, scope, where)
        if key in ITEM_KEYS and scope != "item":
            raise RuleError(f"{where}: key '{key}' only applies to rules with scope: item")
        if key in PARTY_KEYS and scope != "party":
            raise RuleError(f"{where}: key '{key}' only applies to rules with scope: party")
        method = getattr(self, f"_k_{key}", None)
        if method is None:
            allowed = sorted(ITEM_KEYS | PARTY_KEYS | SHIPMENT_KEYS | COMBINATORS)
            raise RuleError(f"{where}: unknown condition key '{key}' (allowed: {', '.join(allowed)})")
        cond: Condition = method(value, where)
        return cond

    def _combinator(self, key: str, value: Any, scope: str, where: str) -> Condition:
        if key == "not":
            inner = self.compile(value, scope, where)
            return lambda ctx: [] if inner(ctx) is None else None
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: expected a list of conditions")
        subs = [self.compile(v, scope, f"{where}[{i}]") for i, v in enumerate(value)]
        if key == "any":

            def any_of(ctx: Context) -> Evidence | None:
                for cond in subs:
                    got = cond(ctx)
                    if got is not None:
                        return got
                return None

            return any_of

        def all_of(ctx: Context) -> Evidence | None:
            ev: Evidence = []
            for cond in subs:
                got = cond(ctx)
                if got is None:
                    return None
                ev.extend(got)
            return ev

        return all_of

    # item keys

    def _k_hs(self, value: Any, where: str) -> Condition:
        prefixes = tuple(hs_digits(p) for p in self.strings(value, where))
        if any(len(p) < 2 for p in prefixes):
            raise RuleError(f"{where}: HS prefixes need at least 2 digits")

        names = self.nomenclature

        def cond(ctx: Context) -> Evidence | None:
            code = ctx.facts.item_hs[ctx.item or 0]
            for p in prefixes:
                if code.startswith(p):
                    named = names.get(p[:6])
                    return [f"HS {ctx.the_item.hs_code} is under {_fmt_hs(p)}" + (f" ({named})" if named else "")]
            return None

        return cond

    def _k_hs_unknown(self, value: Any, where: str) -> Condition:
        if value is not True:
            raise RuleError(f"{where}: hs_unknown takes true")
        if not self.nomenclature:
            raise RuleError(f"{where}: hs_unknown needs the HS nomenclature (rules/hs2022.csv)")
        names = self.nomenclature

        def cond(ctx: Context) -> Evidence | None:
            code = ctx.facts.item_hs[ctx.item or 0]
            if not code:
                return None
            six = code[:6] if len(code) >= 6 else code[:4]
            if six in names:
                return None
            heading = names.get(code[:4])
            where_ = f"heading {code[:4]} is {heading}" if heading else f"no heading {code[:4]} either"
            return [f"HS {ctx.the_item.hs_code} is not in the HS 2022 nomenclature ({where_})"]

        return cond

    def _k_hs_not(self, value: Any, where: str) -> Condition:
        inner = self._k_hs(value, where)
        return lambda ctx: [] if inner(ctx) is None else None

    def _k_hs_missing(self, value: Any, where: str) -> Condition:
        want = bool(value)
        return lambda ctx: ([] if (not ctx.facts.item_hs[ctx.item or 0]) == want else None)

    def _k_eccn(self, value: Any, where: str) -> Condition:
        prefixes = tuple(p.upper() for p in self.strings(value, where))

        def cond(ctx: Context) -> Evidence | None:
            eccn = (ctx.the_item.eccn or "").upper().replace(" ", "")
            for p in prefixes:
                if eccn.startswith(p):
                    return [f"declared control code {ctx.the_item.eccn}"]
            return None

        return cond

    def _k_text_any(self, value: Any, where: str) -> Condition:
        ts = self.termset(value, where)

        def cond(ctx: Context) -> Evidence | None:
            hit = ts.first(ctx.facts.item_text[ctx.item or 0])
            return [f'description says "{hit}"'] if hit else None

        return cond

    def _k_text_all(self, value: Any, where: str) -> Condition:
        ts = self.termset(value, where)

        def cond(ctx: Context) -> Evidence | None:
            hits = ts.all_present(ctx.facts.item_text[ctx.item or 0])
            return [f'description says "{h}"' for h in hits] if hits else None

        return cond

    def _k_text_none(self, value: Any, where: str) -> Condition:
        ts = self.termset(value, where)
        return lambda ctx: None if ts.first(ctx.facts.item_text[ctx.item or 0]) else []

    def _k_params(self, value: Any, where: str) -> Condition:
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: expected a list of {{name, op, value}}")
        checks: list[tuple[str, str, float]] = []
        for i, p in enumerate(value):
            if not isinstance(p, Mapping) or set(p) != {"name", "op", "value"}:
                raise RuleError(f"{where}[{i}]: each parameter test needs exactly name, op and value")
            if p["name"] not in PARAM_NAMES:
                raise RuleError(f"{where}[{i}]: unknown parameter {p['name']!r} (known: {sorted(PARAM_NAMES)})")
            if p["op"] not in _OPS:
                raise RuleError(f"{where}[{i}]: op must be one of {sorted(_OPS)}")
            if not isinstance(p["value"], int | float):
                raise RuleError(f"{where}[{i}]: value must be a number")
            checks.append((str(p["name"]), str(p["op"]), float(p["value"])))

        def cond(ctx: Context) -> Evidence | None:
            params = ctx.facts.item_params[ctx.item or 0]
            ev: Evidence = []
            for name, op, limit in checks:
                found = [p for p in params.get(name, []) if _OPS[op](p.value, limit)]
                if not found:
                    return None
                ev.append(f'{name.replace("_", " ")} {found[0].value:g} {op} {limit:g} (read from "{found[0].text}")')
            return ev

        return cond

    def _k_tagged(self, value: Any, where: str) -> Condition:
        tags = self.strings(value, where)
        self.uses_tags = True

        def cond(ctx: Context) -> Evidence | None:
            have = ctx.facts.item_tags[ctx.item or 0]
            for t in tags:
                if t in have:
                    return [have[t]]
            return None

        return cond

    def _k_not_tagged(self, value: Any, where: str) -> Condition:
        inner = self._k_tagged(value, where)
        return lambda ctx: [] if inner(ctx) is None else None

    def _k_quantity_at_least(self, value: Any, where: str) -> Condition:
        if not isinstance(value, int | float):
            raise RuleError(f"{where}: expected a number")
        limit = float(value)

        def cond(ctx: Context) -> Evidence | None:
            q = ctx.the_item.quantity
            return [f"quantity {q:g} >= {limit:g}"] if q is not None and q >= limit else None

        return cond

    # party keys

    def _k_role(self, value: Any, where: str) -> Condition:
        roles = self.strings(value, where)
        return lambda ctx: [f"role {ctx.the_party.role}"] if ctx.the_party.role in roles else None

    def _k_party_type(self, value: Any, where: str) -> Condition:
        types = self.strings(value, where)
        return lambda ctx: [] if ctx.the_party.type in types else None

    def _k_party_country(self, value: Any, where: str) -> Condition:
        cs = self.countries(value, where)
        return lambda ctx: [f"country {ctx.the_party.country}"] if ctx.the_party.country in cs else None

    def _party_text(self, value: Any, where: str, fields: str, label: str) -> Condition:
        ts = self.termset(value, where)

        def cond(ctx: Context) -> Evidence | None:
            p = ctx.the_party
            texts = {"name": [p.name, *p.aliases], "address": [p.address or ""]}
            for f in fields.split():
                for t in texts[f]:
                    hit = ts.first(fold(t))
                    if hit:
                        return [f'{label if label else f} says "{hit}"']
            return None

        return cond

    def _k_name_any(self, value: Any, where: str) -> Condition:
        return self._party_text(value, where, "name", "name")

    def _k_address_any(self, value: Any, where: str) -> Condition:
        return self._party_text(value, where, "address", "address")

    def _k_party_text_any(self, value: Any, where: str) -> Condition:
        return self._party_text(value, where, "name address", "")

    # shipment keys

    def _k_destination(self, value: Any, where: str) -> Condition:
        cs = self.countries(value, where)

        def cond(ctx: Context) -> Evidence | None:
            r = ctx.facts.shipment.route
            return [f"destination {r.destination}"] if r and r.destination in cs else None

        return cond

    def _k_origin(self, value: Any, where: str) -> Condition:
        cs = self.countries(value, where)

        def cond(ctx: Context) -> Evidence | None:
            r = ctx.facts.shipment.route
            return [f"origin {r.origin}"] if r and r.origin in cs else None

        return cond

    def _k_transit_any(self, value: Any, where: str) -> Condition:
        cs = self.countries(value, where)

        def cond(ctx: Context) -> Evidence | None:
            r = ctx.facts.shipment.route
            for c in r.transit if r else ():
                if c in cs:
                    return [f"transit through {c}"]
            return None

        return cond

    def _k_route_any(self, value: Any, where: str) -> Condition:
        cs = self.countries(value, where)

        def cond(ctx: Context) -> Evidence | None:
            s = ctx.facts.shipment
            if s.route and s.route.destination in cs:
                return [f"destination {s.route.destination}"]
            for c in s.route.transit if s.route else ():
                if c in cs:
                    return [f"transit through {c}"]
            for i, p in enumerate(s.parties):
                if p.role in RECEIVING_ROLES and p.country in cs:
                    return [f"party {i} ({p.role}) in {p.country}"]
            return None

        return cond

    def _k_party_in(self, value: Any, where: str) -> Condition:
        if not isinstance(value, Mapping) or "countries" not in value or set(value) - {"roles", "countries"}:
            raise RuleError(f"{where}: expected {{countries: [...], roles: [...]}}")
        cs = self.countries(value["countries"], f"{where}.countries")
        roles = self.strings(value["roles"], f"{where}.roles") if "roles" in value else None

        def cond(ctx: Context) -> Evidence | None:
            for i, p in enumerate(ctx.facts.shipment.parties):
                if (roles is None or p.role in roles) and p.country in cs:
                    return [f"party {i} ({p.role}) in {p.country}"]
            return None

        return cond

    def _k_end_use_any(self, value: Any, where: str) -> Condition:
        ts = self.termset(value, where)

        def cond(ctx: Context) -> Evidence | None:
            hit = ts.first(ctx.facts.end_use)
            return [f'stated end use says "{hit}"'] if hit else None

        return cond

    def _k_end_use_none(self, value: Any, where: str) -> Condition:
        ts = self.termset(value, where)
        return lambda ctx: None if ts.first(ctx.facts.end_use) else []

    def _k_end_use_missing(self, value: Any, where: str) -> Condition:
        want = bool(value)
        return lambda ctx: (["no end use stated"] if want else []) if (not ctx.facts.end_use) == want else None

    def _k_any_item_tagged(self, value: Any, where: str) -> Condition:
        tags = self.strings(value, where)
        self.uses_tags = True

        def cond(ctx: Context) -> Evidence | None:
            for i, have in enumerate(ctx.facts.item_tags):
                for t in tags:
                    if t in have:
                        return [f"item {i}: {have[t]}"]
            return None

        return cond

    def _k_any_party_role(self, value: Any, where: str) -> Condition:
        roles = self.strings(value, where)

        def cond(ctx: Context) -> Evidence | None:
            for i, p in enumerate(ctx.facts.shipment.parties):
                if p.role in roles:
                    return [f"party {i} is {p.role}"]
            return None

        return cond


def _fmt_hs(p: str) -> str:
    return p if len(p) <= 4 else f"{p[:4]}.{p[4:6]}" + (f".{p[6:]}" if len(p) > 6 else "")
