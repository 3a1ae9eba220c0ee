"""screen(): one shipment in, one verdict with its reasons out.

The API, the batch worker and the CLI all call this function with the same
index and rulebook; it knows nothing of HTTP or storage.
"""

from __future__ import annotations

from collections.abc import Iterable

from screening import __version__
from screening.conditions import hs_digits
from screening.index import NameIndex
from screening.match import Matcher
from screening.model import ItemResult, PartyResult, ScreeningResult, Shipment, Snapshot
from screening.rulebook import Rulebook
from screening.rules import evaluate
from screening.verdict import decide, hit_reasons, order, party_reasons, summarise

MATCHES_PER_PARTY = 10


def screen(
    shipment: Shipment,
    *,
    index: NameIndex,
    rulebook: Rulebook,
    regimes: Iterable[str] = (),
    matcher: Matcher | None = None,
) -> ScreeningResult:
    regimes = tuple(regimes) or shipment.regimes
    matcher = matcher or Matcher(index, rulebook.policy.match)
    parties = tuple(
        PartyResult(
            index=i,
            party=p,
            matches=tuple(
                matcher.match_names(
                    (p.name, *p.aliases),
                    type_=p.type,
                    country=p.country,
                    identifiers=tuple(x.value for x in p.identifiers),
                    regimes=regimes,
                    limit=MATCHES_PER_PARTY,
                )
            ),
        )
        for i, p in enumerate(shipment.parties)
    )
    hits = evaluate(shipment, rulebook, regimes)
    items = tuple(
        ItemResult(
            index=i,
            item=item,
            hs_code=_fmt_hs(item.hs_code),
            controls=tuple(h for h in hits if h.item == i),
        )
        for i, item in enumerate(shipment.items)
    )
    reasons = order(party_reasons(parties, rulebook.policy) + hit_reasons(hits))
    verdict, risk = decide(reasons, rulebook.policy)
    return ScreeningResult(
        verdict=verdict,
        risk_score=risk,
        summary=summarise(verdict, reasons, len(shipment.parties), len(shipment.items)),
        reasons=tuple(reasons),
        parties=parties,
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
