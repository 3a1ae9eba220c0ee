"""The domain model: what goes into a screening and what comes out.

Plain frozen dataclasses; no web framework, no storage. The API turns JSON into
these through its schemas, the batch worker and the CLI build them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding weighs. Ordered: block > review > info."""

    BLOCK = "block"
    REVIEW = "review"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.BLOCK: 3, Severity.REVIEW: 2, Severity.INFO: 1}


class Verdict(StrEnum):
    CLEAR = "clear"
    REVIEW = "review"
    BLOCK = "block"


PARTY_ROLES = (
    "exporter",
    "buyer",
    "consignee",
    "intermediate_consignee",
    "end_user",
    "freight_forwarder",
    "notify_party",
    "bank",
    "other",
)
PARTY_TYPES = ("organization", "person", "vessel", "aircraft", "unknown")
REGIMES = ("EU", "US", "UK", "UN", "INTERNAL")


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Identifier:
    scheme: str
    value: str


@dataclass(frozen=True, slots=True)
class Owner:
    """A direct owner of a party, with its share in percent; owners may have owners."""

    name: str
    share: float
    country: str | None = None
    type: str = "unknown"
    owners: tuple[Owner, ...] = ()


@dataclass(frozen=True, slots=True)
class Party:
    role: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = "unknown"
    country: str | None = None
    address: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    owners: tuple[Owner, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    description: str
    hs_code: str | None = None
    eccn: str | None = None
    quantity: float | None = None
    unit: str | None = None
    value: float | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    destination: str
    origin: str | None = None
    transit: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Shipment:
    parties: tuple[Party, ...]
    items: tuple[Item, ...] = ()
    route: Route | None = None
    end_use: str | None = None
    reference: str | None = None
    # Regimes to apply (EU, US, UK, UN, INTERNAL); empty means all.
    regimes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True, slots=True)
class EntryName:
    """One name of a list entry as the list gives it.

    kind: "primary", "alias" (a good-quality a.k.a./f.k.a.) or "weak" (the list
    itself calls it low quality, or it is a short acronym): weak names only match
    exactly.
    """

    value: str
    kind: str = "alias"


@dataclass(frozen=True, slots=True)
class ListEntry:
    """The common entry model every list parser produces.

    `source` is the fixed source id (us_ofac_sdn, sample, internal, ...), `entry_id`
    the id the publication itself gives (OFAC ent_num, CSL _id, ...). `raw` keeps
    the record as read, for a compliance officer to check against.
    """

    source: str
    entry_id: str
    list_name: str
    names: tuple[EntryName, ...]
    type: str = "unknown"
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    citation: str | None = None
    regime: str | None = None
    url: str | None = None
    remarks: str | None = None
    # Severity the list itself asks for on a strong match (internal lists may say
    # "review"); None lets the policy decide by list.
    severity: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        for n in self.names:
            if n.kind == "primary":
                return n.value
        return self.names[0].value if self.names else ""

    @property
    def key(self) -> str:
        return f"{self.source}:{self.entry_id}"


@dataclass(frozen=True, slots=True)
class ListInfo:
    """What a loaded list is: shown in GET /v1/lists and in every response."""

    source: str
    name: str
    publisher: str
    version: str
    entries: int
    sha256: str
    loaded_at: str
    url: str | None = None


# --------------------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    query_normalized: str
    candidate_normalized: str
    matched_tokens: tuple[tuple[str, str, float], ...]
    unmatched_query_tokens: tuple[str, ...]
    unmatched_candidate_tokens: tuple[str, ...]
    name_score: float
    penalties: tuple[tuple[str, float], ...] = ()
    bonuses: tuple[tuple[str, float], ...] = ()
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": self.detail,
            "query_normalized": self.query_normalized,
            "candidate_normalized": self.candidate_normalized,
            "matched_tokens": [
                {"query": q, "candidate": c, "similarity": round(s, 3)} for q, c, s in self.matched_tokens
            ],
            "unmatched_query_tokens": list(self.unmatched_query_tokens),
            "unmatched_candidate_tokens": list(self.unmatched_candidate_tokens),
            "name_score": round(self.name_score, 4),
            "penalties": [{"feature": f, "amount": round(a, 4)} for f, a in self.penalties],
            "bonuses": [{"feature": f, "amount": round(a, 4)} for f, a in self.bonuses],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """A compliance officer's decision on one party against one list entry.

    Keyed to the party's normalised identity and to the entry's content
    fingerprint: when the entry changes, the decision no longer applies."""

    id: str
    party_identity: str
    entry_key: str
    entry_fingerprint: str
    decision: str  # "false_positive" | "true_match"
    reason: str
    decided_by: str
    decided_at: str
    expires_at: str | None = None


@dataclass(frozen=True, slots=True)
class PartyMatch:
    entry: ListEntry
    matched_name: str
    score: float
    explanation: MatchExplanation
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired, with the evidence that made it fire."""

    rule_id: str
    category: str
    title: str
    severity: Severity
    citation: str
    regime: str
    code: str
    evidence: tuple[str, ...]
    item: int | None = None
    party: int | None = None
    message: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    severity: Severity
    message: str
    source: str
    citation: str
    party: int | None = None
    item: int | None = None
    regime: str | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class OwnerResult:
    """One owner in a party's ownership tree, with its matches and whether it
    counts as a listed (blocked) party for an ownership rule."""

    name: str
    share: float
    path: tuple[str, ...]
    matches: tuple[PartyMatch, ...]
    listed_by: tuple[str, ...]  # ownership rule ids under which this owner counts as listed
    owners: tuple[OwnerResult, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyResult:
    index: int
    party: Party
    matches: tuple[PartyMatch, ...]
    owners: tuple[OwnerResult, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemResult:
    index: int
    item: Item
    hs_code: str | None
    controls: tuple[RuleHit, ...]
    candidates: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    lists: tuple[ListInfo, ...]
    rules_version: str
    engine_version: str


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    verdict: Verdict
    risk_score: int
    summary: str
    reasons: tuple[Reason, ...]
    parties: tuple[PartyResult, ...]
    items: tuple[ItemResult, ...]
    shipment_findings: tuple[RuleHit, ...]
    snapshot: Snapshot
