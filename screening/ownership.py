"""Ownership rules: a party owned 50 % or more (alone or together) by listed
parties is treated as listed (OFAC 50 % rule; the EU and UK rules use "more than
50 %"; the BIS affiliates rule where in force). Owners may have owners: an owner
that is itself owned enough by listed parties counts as listed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from screening.model import Owner, OwnerResult, PartyMatch


@dataclass(frozen=True, slots=True)
class OwnershipRule:
    id: str
    title: str
    lists: tuple[str, ...]  # substrings of the list names whose entries count
    threshold: float  # percent
    strict: bool  # True: more than threshold; False: threshold or more
    citation: str
    regime: str = "US"
    in_force_from: str | None = None
    in_force_until: str | None = None

    def in_force(self, now: datetime) -> bool:
        day = now.strftime("%Y-%m-%d")
        if self.in_force_from and day < self.in_force_from:
            return False
        return not (self.in_force_until and day > self.in_force_until)

    def covers(self, m: PartyMatch, block_threshold: float) -> bool:
        if m.score < block_threshold:
            return False
        if m.decision is not None and m.decision.decision == "false_positive":
            return False
        name = m.entry.list_name.casefold()
        return any(s.casefold() in name for s in self.lists)

    def reached(self, share: float) -> bool:
        return share > self.threshold if self.strict else share >= self.threshold


MatchFn = Callable[[Owner], list[PartyMatch]]


def screen_owners(
    owners: Sequence[Owner],
    match: MatchFn,
    rules: Sequence[OwnershipRule],
    block_threshold: float,
    path: tuple[str, ...] = (),
) -> tuple[OwnerResult, ...]:
    out = []
    for o in owners:
        here = (*path, f'"{o.name}" {o.share:g}%')
        matches = tuple(match(o))
        children = screen_owners(o.owners, match, rules, block_threshold, here)
        listed = []
        for r in rules:
            if any(r.covers(m, block_threshold) for m in matches) or r.reached(listed_share(children, r.id)):
                listed.append(r.id)
        out.append(OwnerResult(o.name, o.share, here, matches, tuple(listed), children))
    return tuple(out)


def listed_share(owners: Sequence[OwnerResult], rule_id: str) -> float:
    return sum(o.share for o in owners if rule_id in o.listed_by)


def describe(o: OwnerResult, rule: OwnershipRule, block_threshold: float) -> str:
    """The path that makes `o` count as listed, in words."""
    direct = [m for m in o.matches if rule.covers(m, block_threshold)]
    if direct:
        m = direct[0]
        return f'"{o.name}" {o.share:g}% (listed: {m.entry.list_name} entry {m.entry.entry_id}, score {m.score:.2f})'
    inner = " + ".join(describe(c, rule, block_threshold) for c in o.owners if rule.id in c.listed_by)
    return f'"{o.name}" {o.share:g}% (itself owned {listed_share(o.owners, rule.id):g}% by listed parties: {inner})'
