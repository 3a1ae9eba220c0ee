"""Results as plain JSON-ready dicts, the one shape the API, the batch worker
and the CLI all print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from screening.model import ListInfo, OwnerResult, PartyMatch, Reason, RuleHit, ScreeningResult, Snapshot


def match_dict(m: PartyMatch, lists: Sequence[ListInfo] = ()) -> dict[str, Any]:
    version = next((li.version for li in lists if li.source == m.entry.source), None)
    return {
        "entry_id": m.entry.entry_id,
        "source": m.entry.source,
        "list_name": m.entry.list_name,
        "name": m.entry.name,
        "matched_name": m.matched_name,
        "score": m.score,
        "type": m.entry.type,
        "programs": list(m.entry.programs),
        "countries": list(m.entry.countries),
        "citation": m.entry.citation,
        "url": m.entry.url,
        "list_version": version,
        "explanation": m.explanation.as_dict(),
        "decision": asdict(m.decision) if m.decision else None,
        "suppressed": bool(m.decision and m.decision.decision == "false_positive"),
    }


def owner_dict(o: OwnerResult, lists: Sequence[ListInfo]) -> dict[str, Any]:
    return {
        "name": o.name,
        "share": o.share,
        "path": list(o.path),
        "listed_by": list(o.listed_by),
        "matches": [match_dict(m, lists) for m in o.matches],
        "owners": [owner_dict(c, lists) for c in o.owners],
    }


def reason_dict(r: Reason) -> dict[str, Any]:
    return {
        "code": r.code,
        "severity": r.severity.value,
        "message": r.message,
        "party": r.party,
        "item": r.item,
        "source": r.source,
        "citation": r.citation,
        "regime": r.regime,
    }


def control_dict(h: RuleHit) -> dict[str, Any]:
    return {
        "rule_id": h.rule_id,
        "category": h.category,
        "title": h.title,
        "severity": h.severity.value,
        "citation": h.citation,
        "regime": h.regime,
        "evidence": list(h.evidence),
    }


def snapshot_dict(s: Snapshot) -> dict[str, Any]:
    return {
        "lists": [
            {"source": li.source, "version": li.version, "entries": li.entries, "sha256": li.sha256} for li in s.lists
        ],
        "rules_version": s.rules_version,
        "engine_version": s.engine_version,
    }


def result_dict(
    result: ScreeningResult, *, id: str, reference: str | None, screened_at: str
) -> dict[str, Any]:
    lists = result.snapshot.lists
    return {
        "id": id,
        "reference": reference,
        "verdict": result.verdict.value,
        "risk_score": result.risk_score,
        "summary": result.summary,
        "reasons": [reason_dict(r) for r in result.reasons],
        "parties": [
            {
                "index": p.index,
                "role": p.party.role,
                "name": p.party.name,
                "matches": [match_dict(m, lists) for m in p.matches],
                "owners": [owner_dict(o, lists) for o in p.owners],
            }
            for p in result.parties
        ],
        "items": [
            {
                "index": i.index,
                "description": i.item.description,
                "hs_code": i.hs_code,
                "controls": [control_dict(h) for h in i.controls],
                "dual_use_candidates": list(i.candidates),
            }
            for i in result.items
        ],
        "snapshot": snapshot_dict(result.snapshot),
        "screened_at": screened_at,
    }
