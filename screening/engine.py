"""screen(): one shipment in, one verdict with its reasons out.

The API, the batch worker and the CLI all call this function with the same
index and rulebook; it knows nothing of HTTP or storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from screening import __version__
from screening.conditions import hs_digits
from screening.decisions import DecisionBook, attach, party_identity
from screening.index import NameIndex
from screening.match import Matcher
from screening.model import ItemResult, Owner, PartyMatch, PartyResult, ScreeningResult, Shipment, Snapshot
from screening.ownership import screen_owners
from screening.rulebook import Rulebook
from screening.rules import evaluate
from screening.verdict import decide, hit_reasons, order, ownership_reasons, party_reasons, summarise

MATCHES_PER_PARTY = 10


def screen(
    shipment: Shipment,
    *,
    index: NameIndex,
    rulebook: Rulebook,
    regimes: Iterable[str] = (),
    matcher: Matcher | None = None,
    decisions: DecisionBook | None = None,
    now: datetime | None = None,
) -> ScreeningResult:
    """Screen a whole shipment. `decisions` (officers' decisions on earlier
    matches) and `now` (for decision expiry and ownership rules in force) are
    optional; the same inputs give the same result."""
    regimes = tuple(regimes) or shipment.regimes
    matcher = matcher or Matcher(index, rulebook.policy.match)
    now = now or datetime.now(UTC)
    policy = rulebook.policy
    own_rules = [
        r for r in policy.ownership if r.in_force(now) and (not regimes or r.regime in regimes)
    ]

    def match_owner(o: Owner) -> list[PartyMatch]:
        found = matcher.match_names((o.name,), type_=o.type, country=o.country, regimes=regimes,
                                    limit=MATCHES_PER_PARTY)
        return attach(found, party_identity(o.name, o.type, o.country), decisions, now)

    parties = []
    for i, p in enumerate(shipment.parties):
        found = matcher.match_names(
            (p.name, *p.aliases),
            type_=p.type,
            country=p.country,
            identifiers=tuple(x.value for x in p.identifiers),
            regimes=regimes,
            limit=MATCHES_PER_PARTY,
        )
        matches = attach(found, party_identity(p.name, p.type, p.country), decisions, now)
        owners = screen_owners(p.owners, match_owner, own_rules, policy.match.block_threshold) if p.owners else ()
        parties.append(PartyResult(index=i, party=p, matches=tuple(matches), owners=owners))
    hits = evaluate(shipment, rulebook, regimes)
    items = tuple(
        ItemResult(
            index=i,
            item=item,
            hs_code=_fmt_hs(item.hs_code),
            controls=tuple(h for h in hits if h.item == i),
            candidates=tuple(c.as_dict() for c in rulebook.dual_use.search(item.description))
            if rulebook.dual_use
            else (),
        )
        for i, item in enumerate(shipment.items)
    )
    reasons = order(
        party_reasons(parties, policy) + ownership_reasons(parties, own_rules, policy) + hit_reasons(hits)
    )
    verdict, risk = decide(reasons, policy)
    return ScreeningResult(
        verdict=verdict,
        risk_score=risk,
        summary=summarise(verdict, reasons, len(shipment.parties), len(shipment.items)),
        reasons=tuple(reasons),
        parties=tuple(parties),
        items=items,
        shipment_findings=tuple(h for h in hits if h.item is None),
        snapshot=Snapshot(lists=index.lists, rules_version=rulebook.version, engine_version=__version__),
    )


def _fmt_hs(code: str | None) -> str | None:
    digits = hs_digits(code)
    if not digits:
        return None
    out = digits[:4]
    if len(digits) > 4:
        out += "." + digits[4:6]
    if len(digits) > 6:
        out += "." + digits[6:]
    return out
