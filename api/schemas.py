"""The HTTP contract: request and response schemas. The OpenAPI document is
generated from these; nothing about the API is written twice."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from screening.iso import COUNTRIES, CURRENCIES
from screening.model import PARTY_ROLES, REGIMES

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Text(fields.String):
    """A string without control characters, stripped; empty after stripping is
    refused when a minimum length is set."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(text):
            raise ValidationError("Must not contain control characters.")
        return text.strip()


class Country(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        code = super()._deserialize(value, attr, data, **kwargs)
        if code.upper() not in COUNTRIES:
            raise ValidationError(f"{code!r} is not an ISO 3166-1 alpha-2 country code.")
        return code.upper()


class Currency(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        code = super()._deserialize(value, attr, data, **kwargs)
        if code.upper() not in CURRENCIES:
            raise ValidationError(f"{code!r} is not an ISO 4217 currency code.")
        return code.upper()


def _hs_code(value: str) -> None:
    if not re.fullmatch(r"[0-9][0-9. ]*", value):
        raise ValidationError("HS code must be digits, optionally with dots and spaces.")
    digits = re.sub(r"\D", "", value)
    if not 4 <= len(digits) <= 10:
        raise ValidationError(f"HS code must have 4 to 10 digits, not {len(digits)}.")


# ------------------------------------------------------------------ requests


class IdentifierSchema(Schema):
    scheme = Text(required=True, validate=validate.Length(1, 50), metadata={"example": "IMO"})
    value = Text(required=True, validate=validate.Length(1, 100), metadata={"example": "9187629"})


class OwnerSchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 300))
    share = fields.Float(required=True, validate=validate.Range(min=0, max=100, min_inclusive=False),
                         allow_nan=False, metadata={"description": "Percent of the owned party held"})
    country = Country()
    type = fields.String(load_default="unknown", validate=validate.OneOf(["organization", "person", "unknown"]))
    owners = fields.List(fields.Nested(lambda: OwnerSchema()), validate=validate.Length(max=20),
                         metadata={"description": "Owners of this owner (at most 4 levels in all)"})

    @validates_schema
    def _depth(self, data: dict[str, Any], **kwargs: Any) -> None:
        if _depth(data) > 4:
            raise ValidationError("Ownership is nested more than 4 levels deep.", "owners")


def _depth(owner: dict[str, Any]) -> int:
    return 1 + max((_depth(o) for o in owner.get("owners") or ()), default=0)


class PartySchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(PARTY_ROLES))
    name = Text(required=True, validate=validate.Length(1, 300), metadata={"example": "Shanghai H Win Co., Ltd."})
    aliases = fields.List(Text(validate=validate.Length(1, 300)), validate=validate.Length(max=20))
    type = fields.String(load_default="unknown", validate=validate.OneOf(["organization", "person", "unknown"]))
    country = Country(metadata={"description": "ISO 3166-1 alpha-2", "example": "CN"})
    address = Text(validate=validate.Length(max=500))
    identifiers = fields.List(fields.Nested(IdentifierSchema), validate=validate.Length(max=20))
    owners = fields.List(fields.Nested(OwnerSchema), validate=validate.Length(max=20),
                         metadata={"description": "Direct owners with their share; screened too (50 % rules)"})

    @validates_schema
    def _shares(self, data: dict[str, Any], **kwargs: Any) -> None:
        if sum(o["share"] for o in data.get("owners") or ()) > 100.0001:
            raise ValidationError("Owners' shares add up to more than 100 %.", "owners")


class ItemSchema(Schema):
    description = Text(required=True, validate=validate.Length(1, 2000))
    hs_code = fields.String(validate=_hs_code, metadata={"example": "8806.22"})
    eccn = Text(validate=validate.Length(1, 20), metadata={"example": "6A003"})
    quantity = fields.Float(validate=validate.Range(min=0), allow_nan=False)
    unit = Text(validate=validate.Length(1, 20))
    value = fields.Float(validate=validate.Range(min=0), allow_nan=False)
    currency = Currency(metadata={"description": "ISO 4217", "example": "USD"})


class RouteSchema(Schema):
    origin = Country()
    destination = Country(required=True)
    transit = fields.List(Country(), validate=validate.Length(max=10))


class ShipmentSchema(Schema):
    reference = Text(validate=validate.Length(1, 100), metadata={"description": "Your own id, echoed back"})
    parties = fields.List(fields.Nested(PartySchema), required=True, validate=validate.Length(1, 50))
    items = fields.List(fields.Nested(ItemSchema), load_default=list, validate=validate.Length(0, 200))
    route = fields.Nested(RouteSchema)
    end_use = Text(validate=validate.Length(max=2000))
    regimes = fields.List(
        fields.String(validate=validate.OneOf(REGIMES)),
        validate=validate.Length(max=len(REGIMES)),
        metadata={"description": "Regimes to apply; all when absent"},
    )


class SearchArgsSchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 300))
    type = fields.String(load_default="unknown", validate=validate.OneOf(["organization", "person", "unknown"]))
    country = Country()
    source = fields.String(metadata={"description": "Only this list source id (e.g. us_ofac_sdn)"})
    threshold = fields.Float(validate=validate.Range(0, 1))
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))

    @validates_schema
    def _source(self, data: dict[str, Any], **kwargs: Any) -> None:
        src = data.get("source")
        if src is not None and not re.fullmatch(r"[a-z0-9_]{1,40}", src):
            raise ValidationError("Source ids are lower-case letters, digits and underscores.", "source")


# ------------------------------------------------------------------ responses


class ExplanationSchema(Schema):
    detail = fields.String()
    query_normalized = fields.String()
    candidate_normalized = fields.String()
    matched_tokens = fields.List(fields.Dict())
    unmatched_query_tokens = fields.List(fields.String())
    unmatched_candidate_tokens = fields.List(fields.String())
    name_score = fields.Float()
    penalties = fields.List(fields.Dict())
    bonuses = fields.List(fields.Dict())


class MatchSchema(Schema):
    entry_id = fields.String()
    source = fields.String()
    list_name = fields.String()
    name = fields.String(metadata={"description": "The entry's primary name"})
    matched_name = fields.String(metadata={"description": "The name or alias that matched"})
    score = fields.Float(metadata={"description": "0 to 1"})
    type = fields.String()
    programs = fields.List(fields.String())
    countries = fields.List(fields.String())
    citation = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    list_version = fields.String(allow_none=True)
    explanation = fields.Nested(ExplanationSchema)
    decision = fields.Dict(allow_none=True, metadata={"description": "An officer's decision on this match"})
    suppressed = fields.Boolean(metadata={"description": "True when decided a false positive"})


class ReasonSchema(Schema):
    code = fields.String()
    severity = fields.String(metadata={"enum": ["block", "review", "info"]})
    message = fields.String()
    party = fields.Integer(allow_none=True)
    item = fields.Integer(allow_none=True)
    source = fields.String(metadata={"description": "list:entry_id, or a rule id"})
    citation = fields.String()
    regime = fields.String(allow_none=True)


class OwnerResultSchema(Schema):
    name = fields.String()
    share = fields.Float()
    path = fields.List(fields.String())
    listed_by = fields.List(
        fields.String(), metadata={"description": "Ownership rules under which it counts as listed"}
    )
    matches = fields.List(fields.Nested(MatchSchema))
    owners = fields.List(fields.Nested(lambda: OwnerResultSchema()))


class PartyResultSchema(Schema):
    index = fields.Integer()
    role = fields.String()
    name = fields.String()
    matches = fields.List(fields.Nested(MatchSchema))
    owners = fields.List(fields.Nested(OwnerResultSchema))


class ControlSchema(Schema):
    rule_id = fields.String()
    category = fields.String()
    title = fields.String()
    severity = fields.String()
    citation = fields.String()
    regime = fields.String()
    evidence = fields.List(fields.String())


class DualUseCandidateSchema(Schema):
    code = fields.String(metadata={"description": "EU dual-use (Annex I) entry"})
    title = fields.String()
    regime = fields.String()
    score = fields.Float()
    matched_keywords = fields.List(fields.String())
    parameters = fields.String(allow_none=True)


class ItemResultSchema(Schema):
    index = fields.Integer()
    description = fields.String()
    hs_code = fields.String(allow_none=True)
    controls = fields.List(fields.Nested(ControlSchema))
    dual_use_candidates = fields.List(
        fields.Nested(DualUseCandidateSchema),
        metadata={"description": "Dual-use list entries the description resembles (decision support only)"},
    )


class ListRefSchema(Schema):
    source = fields.String()
    version = fields.String()
    entries = fields.Integer()
    sha256 = fields.String()


class SnapshotSchema(Schema):
    lists = fields.List(fields.Nested(ListRefSchema))
    rules_version = fields.String()
    engine_version = fields.String()


class ScreeningResponseSchema(Schema):
    id = fields.String()
    reference = fields.String(allow_none=True)
    verdict = fields.String(metadata={"enum": ["clear", "review", "block"]})
    risk_score = fields.Integer(metadata={"description": "0 to 100"})
    summary = fields.String()
    reasons = fields.List(fields.Nested(ReasonSchema))
    parties = fields.List(fields.Nested(PartyResultSchema))
    items = fields.List(fields.Nested(ItemResultSchema))
    snapshot = fields.Nested(SnapshotSchema)
    screened_at = fields.String(metadata={"description": "UTC, ISO 8601"})


class SearchResponseSchema(Schema):
    matches = fields.List(fields.Nested(MatchSchema))
    snapshot = fields.Nested(SnapshotSchema)


class UpdateAttemptSchema(Schema):
    at = fields.String()
    outcome = fields.String(metadata={"enum": ["activated", "unchanged", "failed"]})
    message = fields.String()
    sha256 = fields.String()
    entries = fields.Integer()
    version = fields.String()
    warnings = fields.Integer()


class ListInfoSchema(Schema):
    source = fields.String()
    name = fields.String()
    publisher = fields.String()
    version = fields.String()
    entries = fields.Integer()
    sha256 = fields.String()
    loaded_at = fields.String()
    url = fields.String(allow_none=True)
    last_update = fields.Nested(UpdateAttemptSchema, allow_none=True)


class ListsResponseSchema(Schema):
    generation = fields.String(allow_none=True, metadata={"description": "Snapshot generation in use"})
    lists = fields.List(fields.Nested(ListInfoSchema))
    load_errors = fields.List(fields.String(), metadata={"description": "Snapshots that could not be read"})


class RuleInfoSchema(Schema):
    id = fields.String()
    pack = fields.String()
    scope = fields.String()
    category = fields.String()
    title = fields.String()
    regime = fields.List(fields.String())
    citation = fields.String()
    severity = fields.String()
    code = fields.String()
    rationale = fields.String()
    tags = fields.List(fields.String())


class PackInfoSchema(Schema):
    pack = fields.String()
    title = fields.String()
    version = fields.String()
    file = fields.String()
    rules = fields.Integer()


class RulesResponseSchema(Schema):
    rules_version = fields.String()
    packs = fields.List(fields.Nested(PackInfoSchema))
    reason_codes = fields.Dict(keys=fields.String(), values=fields.String())
    rules = fields.List(fields.Nested(RuleInfoSchema))


class HealthSchema(Schema):
    status = fields.String()


class ReadySchema(Schema):
    status = fields.String()
    lists = fields.Integer()
    entries = fields.Integer()
    rules = fields.Integer()
    rules_version = fields.String()


_SHIPMENT = ShipmentSchema()


def validate_shipment(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """Validate one shipment body (batch rows use the same rules as POST
    /v1/screenings): (clean body, []) or (None, [{field, message}])."""
    from api.problems import flatten_errors

    try:
        loaded: dict[str, Any] = _SHIPMENT.load(data)
        return loaded, []
    except ValidationError as exc:
        return None, flatten_errors(exc.messages)


# ------------------------------------------------------------------ jobs


class JobCountsSchema(Schema):
    total = fields.Integer(metadata={"description": "Result lines the job will produce (input rows)"})
    done = fields.Integer()
    clear = fields.Integer()
    review = fields.Integer()
    block = fields.Integer()
    errors = fields.Integer(metadata={"description": "Rows that could not be screened (invalid)"})


class JobChunksSchema(Schema):
    total = fields.Integer()
    done = fields.Integer()


class JobInputSchema(Schema):
    format = fields.String()
    sha256 = fields.String()
    rows = fields.Integer()


class JobSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"enum": ["queued", "running", "done", "failed", "cancelled"]})
    counts = fields.Nested(JobCountsSchema)
    chunks = fields.Nested(JobChunksSchema)
    created_at = fields.String()
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    expires_at = fields.String(metadata={"description": "Results are kept until then"})
    input = fields.Nested(JobInputSchema)
    snapshots = fields.List(fields.String(), metadata={"description": "List-and-rules snapshot ids used"})
    error = fields.String(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class ResultsArgsSchema(Schema):
    format = fields.String(validate=validate.OneOf(["jsonl", "csv"]))


# ------------------------------------------------------------------ audit, decisions, alerts


class RerunSchema(Schema):
    screening_id = fields.String()
    previous = fields.Nested(ScreeningResponseSchema)
    current = fields.Nested(ScreeningResponseSchema)
    changes = fields.Dict(metadata={"description": "verdict_changed, reasons_added, reasons_removed, lists_changed"})


class AuditArgsSchema(Schema):
    from_ = fields.DateTime(required=True, data_key="from", metadata={"description": "UTC, ISO 8601, inclusive"})
    to = fields.DateTime(required=True, metadata={"description": "UTC, ISO 8601, exclusive"})

    @validates_schema
    def _order(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["from_"] >= data["to"]:
            raise ValidationError("'from' must be before 'to'.", "from")


class DecisionPartySchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 300))
    type = fields.String(load_default="unknown", validate=validate.OneOf(["organization", "person", "unknown"]))
    country = Country()


class DecisionInSchema(Schema):
    party = fields.Nested(DecisionPartySchema, required=True)
    source = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,40}$"))
    entry_id = Text(required=True, validate=validate.Length(1, 100))
    decision = fields.String(required=True, validate=validate.OneOf(["false_positive", "true_match"]))
    reason = Text(required=True, validate=validate.Length(3, 2000))
    decided_by = Text(required=True, validate=validate.Length(1, 200))
    expires_at = fields.DateTime(metadata={"description": "UTC; the decision lapses then"})


class DecisionSchema(Schema):
    id = fields.String()
    party_identity = fields.String()
    entry_key = fields.String()
    entry_fingerprint = fields.String()
    decision = fields.String()
    reason = fields.String()
    decided_by = fields.String()
    decided_at = fields.String()
    expires_at = fields.String(allow_none=True)
    party = fields.Dict()
    superseded_by = fields.String(allow_none=True)


class AlertsArgsSchema(Schema):
    since = fields.DateTime(metadata={"description": "UTC; alerts created since then"})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class AlertSchema(Schema):
    id = fields.String()
    created_at = fields.String()
    party = fields.Dict()
    screening_ids = fields.List(fields.String())
    entry_key = fields.String()
    match = fields.Dict()
    list_update = fields.String()
    delivered_at = fields.String(allow_none=True)
    delivery_attempts = fields.Integer()


class AlertsSchema(Schema):
    alerts = fields.List(fields.Nested(AlertSchema))
