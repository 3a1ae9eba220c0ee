"""Rule evaluation: run every rule of the rulebook over one shipment.

Rules that set tags run first; rules that read tags (`tagged`,
`any_item_tagged`) run after them, so that "an item tagged chpl going through a
diversion-risk country" can be written as data.
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.conditions import Context, Facts
from screening.model import RuleHit, Shipment
from screening.rulebook import Rule, Rulebook

_APPLICABLE: dict[tuple[int, tuple[str, ...]], tuple[Rulebook, list[Rule]]] = {}


def applicable(rulebook: Rulebook, regimes: Iterable[str] = ()) -> list[Rule]:
    """The rules of the requested regimes, taggers first, tag readers after
    (stable order). Computed once per rulebook and regime set."""
    key = (id(rulebook), tuple(sorted(set(regimes))))
    got = _APPLICABLE.get(key)
    if got is None or got[0] is not rulebook:
        wanted = set(regimes)
        rules = [r for r in rulebook.rules if not wanted or wanted.intersection(r.regime)]
        if len(_APPLICABLE) > 64:
            _APPLICABLE.clear()
        got = _APPLICABLE[key] = (rulebook, [r for r in rules if not r.uses_tags] + [r for r in rules if r.uses_tags])
    return got[1]


def _regime(rule: Rule, regimes: Iterable[str]) -> str:
    wanted = set(regimes)
    shown = [r for r in rule.regime if not wanted or r in wanted]
    return "/".join(shown)


def _message(rule: Rule, evidence: list[str], subject: str) -> str:
    said = "; ".join(dict.fromkeys(e for e in evidence if e))
    if rule.message:
        text = rule.message.format(evidence=said, title=rule.title)
    else:
        text = rule.title + (f" ({said})" if said else "")
    return f"{subject}: {text}" if subject else text


def evaluate(shipment: Shipment, rulebook: Rulebook, regimes: Iterable[str] = ()) -> list[RuleHit]:
    """Every rule hit for this shipment, in rule order then subject order."""
    regimes = tuple(regimes)
    facts = Facts.of(shipment, rulebook.groups)
    hits: list[RuleHit] = []
    n_items = len(shipment.items)
    for rule in applicable(rulebook, regimes):
        subjects: list[tuple[Context, int | None, int | None]]
        if rule.scope == "item":
            if not n_items:
                continue
            subjects = [(Context(facts, item=i), i, None) for i in range(n_items)]
        elif rule.scope == "party":
            subjects = [(Context(facts, party=i), None, i) for i in range(len(shipment.parties))]
        else:
            subjects = [(Context(facts), None, None)]
        for ctx, item, party in subjects:
            evidence = rule.condition(ctx)
            if evidence is None:
                continue
            if item is not None:
                subject = f"Item {item}"
                said = evidence[0] if evidence else rule.title
                for tag in rule.tags:
                    facts.item_tags[item].setdefault(tag, f"{rule.id}: {said}")
            elif party is not None:
                p = shipment.parties[party]
                subject = f'Party {party} ({p.role}, "{p.name}")'
            else:
                subject = ""
            hits.append(
                RuleHit(
                    rule_id=rule.id,
                    category=rule.category,
                    title=rule.title,
                    severity=rule.severity,
                    citation=rule.citation,
                    regime=_regime(rule, regimes),
                    code=rule.code,
                    evidence=tuple(dict.fromkeys(evidence)),
                    item=item,
                    party=party,
                    message=_message(rule, evidence, subject),
                    tags=rule.tags,
                )
            )
    return hits
