"""The verdict: reasons from list matches and rule hits, ordered, scored and
summarised. What each list match weighs comes from the policy (rules/policy.yaml)."""

from __future__ import annotations

from collections.abc import Sequence

from screening.model import ListEntry, PartyResult, Reason, RuleHit, Severity, Verdict
from screening.ownership import OwnershipRule, describe, listed_share
from screening.rulebook import Policy

_BAND_TOP = {"block": 100, "review": 89, "info": 49, "clear": 0}


def list_severity(entry: ListEntry, policy: Policy) -> tuple[Severity, str | None]:
    """Severity of a strong match to `entry`, and the policy's citation if any."""
    if entry.severity:
        return Severity(entry.severity), None
    for lr in policy.list_rules:
        if lr.source and lr.source != entry.source:
            continue
        if lr.list_name and lr.list_name.casefold() not in entry.list_name.casefold():
            continue
        return lr.severity, lr.citation
    return policy.default_list_severity, None


def party_reasons(parties: Sequence[PartyResult], policy: Policy) -> list[Reason]:
    out: list[Reason] = []
    for pr in parties:
        for m in pr.matches:
            strong = m.score >= policy.match.block_threshold
            severity, cite = list_severity(m.entry, policy)
            d = m.decision
            if d is not None and d.decision == "false_positive":
                out.append(
                    Reason(
                        code="PARTY_MATCH_SUPPRESSED",
                        severity=Severity.INFO,
                        message=(
                            f'Party {pr.index} ("{pr.party.name}") against "{m.matched_name}" on {m.entry.list_name} '
                            f"(score {m.score:.2f}) was decided a false positive by {d.decided_by} on "
                            f"{d.decided_at[:10]} (decision {d.id}: {d.reason})"
                        ),
                        source=m.entry.key,
                        citation=f"decision {d.id}",
                        party=pr.index,
                        regime=m.entry.regime,
                        score=m.score,
                    )
                )
                continue
            if d is not None and d.decision == "true_match":
                strong = True
            if not strong and severity is Severity.BLOCK:
                severity = Severity.REVIEW
            code = "PARTY_LISTED" if strong else "PARTY_POSSIBLE_MATCH"
            how = "matches" if strong else "resembles"
            out.append(
                Reason(
                    code=code,
                    severity=severity,
                    message=(
                        f'Party {pr.index} ({pr.party.role}, "{pr.party.name}") {how} "{m.matched_name}" '
                        f"on {m.entry.list_name} (entry {m.entry.entry_id}, score {m.score:.2f})"
                    ),
                    source=m.entry.key,
                    citation=m.entry.citation or cite or m.entry.list_name,
                    party=pr.index,
                    regime=m.entry.regime,
                    score=m.score,
                )
            )
    return out


def ownership_reasons(
    parties: Sequence[PartyResult], rules: Sequence[OwnershipRule], policy: Policy
) -> list[Reason]:
    out: list[Reason] = []
    for pr in parties:
        if not pr.owners:
            continue
        for rule in rules:
            share = listed_share(pr.owners, rule.id)
            if share <= 0:
                continue
            path = " + ".join(describe(o, rule, policy.match.block_threshold) for o in pr.owners
                              if rule.id in o.listed_by)
            reached = rule.reached(share)
            out.append(
                Reason(
                    code="PARTY_OWNED_BY_LISTED" if reached else "PARTY_OWNER_LISTED",
                    severity=Severity.BLOCK if reached else Severity.REVIEW,
                    message=(
                        f'Party {pr.index} ({pr.party.role}, "{pr.party.name}") is {share:g}% owned by listed '
                        f"parties ({rule.title}: {'at or above' if reached else 'below'} "
                        f"{'more than ' if rule.strict else ''}{rule.threshold:g}%): {path}"
                    ),
                    source=rule.id,
                    citation=rule.citation,
                    party=pr.index,
                    regime=rule.regime,
                )
            )
    return out


def hit_reasons(hits: Sequence[RuleHit]) -> list[Reason]:
    return [
        Reason(
            code=h.code,
            severity=h.severity,
            message=h.message,
            source=h.rule_id,
            citation=h.citation,
            party=h.party,
            item=h.item,
            regime=h.regime,
        )
        for h in hits
    ]


def order(reasons: list[Reason]) -> list[Reason]:
    def key(r: Reason) -> tuple[int, float, int, int, str, str]:
        return (
            -r.severity.rank,
            -(r.score or 0.0),
            -1 if r.party is None else r.party,
            -1 if r.item is None else r.item,
            r.code,
            r.source,
        )

    return sorted(reasons, key=key)


def decide(reasons: list[Reason], policy: Policy) -> tuple[Verdict, int]:
    severities = [r.severity for r in reasons]
    if Severity.BLOCK in severities:
        verdict, band = Verdict.BLOCK, "block"
    elif Severity.REVIEW in severities:
        verdict, band = Verdict.REVIEW, "review"
    elif severities:
        verdict, band = Verdict.CLEAR, "info"
    else:
        return Verdict.CLEAR, policy.risk_base["clear"]
    top = Severity(band) if band != "info" else Severity.INFO
    same = sum(1 for s in severities if s is top)
    lower = len(severities) - same
    score = policy.risk_base[band] + policy.risk_step * (same - 1) + lower
    return verdict, min(score, _BAND_TOP[band])


def summarise(verdict: Verdict, reasons: list[Reason], n_parties: int, n_items: int) -> str:
    counted = [r for r in reasons if r.severity is not Severity.INFO]
    if verdict is Verdict.CLEAR:
        note = f" ({len(reasons)} note(s) for information)" if reasons else ""
        return (
            f"Clear: none of {n_parties} part{'y' if n_parties == 1 else 'ies'} matched a list entry "
            f"and no rule stops the {n_items} item(s){note}."
        )
    top = counted[0]
    more = len(counted) - 1
    tail = f" (+{more} more reason{'s' if more != 1 else ''})" if more else ""
    word = "Blocked" if verdict is Verdict.BLOCK else "Review needed"
    return f"{word}: {top.message}{tail}."
