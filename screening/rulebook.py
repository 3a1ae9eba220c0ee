"""The rulebook: rule packs, country groups, term lists and the verdict policy,
read from the YAML files in the rules directory and validated strictly.

Files in the rules directory:
  policy.yaml     thresholds, what a list match weighs, risk scoring
  countries.yaml  country groups (@embargoed, @russia_belarus, ...)
  terms.yaml      shared term lists ($drone_words, ...)
  *.yaml          rule packs: {pack, title, version, defaults?, rules: [...]}

Unknown keys are rejected everywhere, with the file, the rule id and the key.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from screening.conditions import Compiler, Condition, RuleError
from screening.dualuse import DualUseIndex, load_dual_use
from screening.match import MatchPolicy
from screening.model import REGIMES, Severity
from screening.ownership import OwnershipRule

SCOPES = ("item", "party", "shipment")
REASON_CODES: dict[str, str] = {
    "PARTY_LISTED": "A party matches a restricted-party list entry strongly.",
    "PARTY_POSSIBLE_MATCH": "A party resembles a list entry; a person must compare them.",
    "PARTY_RED_FLAG": "Something about a party (role, address, kind of business) is a known red flag.",
    "PARTY_REGION_EMBARGOED": "A party's address lies in an embargoed region (Crimea, Donetsk, Luhansk).",
    "PARTY_OWNED_BY_LISTED": "A party is owned (50 % or more, alone or together) by listed parties.",
    "PARTY_OWNER_LISTED": "An owner of a party is listed, below the ownership threshold.",
    "PARTY_MATCH_SUPPRESSED": "A match was reviewed before and decided a false positive; shown, not counted.",
    "ITEM_CONTROLLED": "An item is controlled (dual-use, military, or a sanctions annex) for this destination.",
    "ITEM_HIGH_PRIORITY": "An item is on a high-priority list (CHPL) or is a known diversion good.",
    "ITEM_DESCRIPTION_MISMATCH": "An item's description does not fit its declared HS code.",
    "ITEM_CLASSIFICATION": "An item falls under a control entry or annex (information for the officer).",
    "ITEM_HS_UNKNOWN": "A declared HS code is not in the HS 2022 nomenclature.",
    "DESTINATION_EMBARGOED": "The destination, a transit country or a party's country is under embargo.",
    "DESTINATION_RESTRICTED": "The destination is under broad sanctions (Russia, Belarus).",
    "ROUTE_DIVERSION_RISK": "High-priority goods route through a country known for diversion to Russia.",
    "END_USE_RED_FLAG": "The stated end use, or its absence, is a red flag for these goods.",
}

_RULE_KEYS = {
    "id",
    "scope",
    "category",
    "title",
    "regime",
    "citation",
    "severity",
    "code",
    "rationale",
    "tags",
    "when",
    "examples",
    "message",
}
_REQUIRED = ("id", "scope", "category", "title", "regime", "citation", "severity", "code", "rationale", "when")
_PACK_KEYS = {"pack", "title", "version", "description", "defaults", "rules"}
_SPECIAL = {"policy.yaml", "countries.yaml", "terms.yaml"}
NOMENCLATURE_FILE = "hs2022.csv"
DUAL_USE_FILE = "dual-use/entries.yaml"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    scope: str
    category: str
    title: str
    regime: tuple[str, ...]
    citation: str
    severity: Severity
    code: str
    rationale: str
    tags: tuple[str, ...]
    condition: Condition = field(compare=False, repr=False)
    uses_tags: bool = False
    message: str | None = None
    examples_match: tuple[Mapping[str, Any], ...] = ()
    examples_no_match: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class ListRule:
    """What a strong match to entries of one list weighs (policy.yaml: lists)."""

    source: str | None
    list_name: str | None
    severity: Severity
    citation: str | None


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    match: MatchPolicy
    list_rules: tuple[ListRule, ...]
    default_list_severity: Severity
    risk_base: Mapping[str, int]
    risk_step: int
    ownership: tuple[OwnershipRule, ...] = ()


@dataclass(frozen=True, slots=True)
class PackInfo:
    pack: str
    title: str
    version: str
    file: str
    rules: int


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    groups: Mapping[str, frozenset[str]]
    group_names: Mapping[str, str]
    terms: Mapping[str, tuple[str, ...]]
    policy: Policy
    packs: tuple[PackInfo, ...]
    version: str
    nomenclature: Mapping[str, str] = field(default_factory=dict)
    dual_use: DualUseIndex | None = None

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from exc


def _check_keys(obj: Any, allowed: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise RuleError(f"{where}: expected a mapping")
    extra = set(obj) - allowed
    if extra:
        raise RuleError(f"{where}: unknown key(s) {sorted(extra)} (allowed: {sorted(allowed)})")
    return obj


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise RuleError(f"{where}: severity must be block, review or info, not {value!r}") from None


def load_policy(data: Any, where: str = "policy.yaml") -> Policy:
    top = _check_keys(data, {"version", "party_matching", "lists", "risk_score", "ownership"}, where)
    pm = _check_keys(
        top.get("party_matching", {}),
        {
            "review_threshold",
            "block_threshold",
            "candidate_limit",
            "country_mismatch_penalty",
            "type_mismatch_penalty",
        },
        f"{where}: party_matching",
    )
    match = MatchPolicy(**{k: v for k, v in pm.items()})
    if not 0 < match.review_threshold <= match.block_threshold <= 1:
        raise RuleError(f"{where}: need 0 < review_threshold <= block_threshold <= 1")
    lists = _check_keys(top.get("lists", {}), {"default_severity", "rules"}, f"{where}: lists")
    list_rules = []
    for i, lr in enumerate(lists.get("rules", []) or []):
        lr = _check_keys(lr, {"source", "list_name", "severity", "citation"}, f"{where}: lists.rules[{i}]")
        list_rules.append(
            ListRule(
                source=lr.get("source"),
                list_name=lr.get("list_name"),
                severity=_severity(lr["severity"], f"{where}: lists.rules[{i}]"),
                citation=lr.get("citation"),
            )
        )
    risk = _check_keys(top.get("risk_score", {}), {"base", "step"}, f"{where}: risk_score")
    base = dict(risk.get("base", {"block": 90, "review": 50, "info": 10, "clear": 0}))
    if set(base) != {"block", "review", "info", "clear"}:
        raise RuleError(f"{where}: risk_score.base needs block, review, info and clear")
    ownership = []
    for i, o in enumerate(top.get("ownership", []) or []):
        w = f"{where}: ownership[{i}]"
        o = _check_keys(o, {"id", "title", "regime", "lists", "threshold", "strict", "citation", "in_force_from",
                            "in_force_until"}, w)
        for key in ("id", "title", "regime", "lists", "threshold", "citation"):
            if key not in o:
                raise RuleError(f"{w}: missing '{key}'")
        if not isinstance(o["lists"], list) or not o["lists"]:
            raise RuleError(f"{w}: lists must be a non-empty list of list-name substrings")
        if not 0 < float(o["threshold"]) <= 100:
            raise RuleError(f"{w}: threshold is a percentage, 0 < threshold <= 100")
        ownership.append(
            OwnershipRule(
                id=str(o["id"]),
                title=str(o["title"]),
                lists=tuple(str(x) for x in o["lists"]),
                threshold=float(o["threshold"]),
                strict=bool(o.get("strict", False)),
                citation=str(o["citation"]),
                regime=str(o["regime"]),
                in_force_from=str(o["in_force_from"]) if o.get("in_force_from") else None,
                in_force_until=str(o["in_force_until"]) if o.get("in_force_until") else None,
            )
        )
    return Policy(
        ownership=tuple(ownership),
        version=str(top.get("version", "0")),
        match=match,
        list_rules=tuple(list_rules),
        default_list_severity=_severity(lists.get("default_severity", "block"), f"{where}: lists"),
        risk_base=base,
        risk_step=int(risk.get("step", 2)),
    )


def _load_groups(data: Any, where: str) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    top = _check_keys(data, {"version", "groups"}, where)
    groups: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    for gid, g in (top.get("groups") or {}).items():
        g = _check_keys(g, {"title", "countries", "source"}, f"{where}: groups.{gid}")
        members = g.get("countries") or []
        if not isinstance(members, list) or not all(isinstance(c, str) and len(c) == 2 for c in members):
            raise RuleError(f"{where}: groups.{gid}.countries must be ISO alpha-2 codes")
        groups[str(gid)] = frozenset(members)
        names[str(gid)] = str(g.get("title", gid))
    return groups, names


def _load_terms(data: Any, where: str) -> dict[str, tuple[str, ...]]:
    top = _check_keys(data, {"version", "terms"}, where)
    out: dict[str, tuple[str, ...]] = {}
    for tid, terms in (top.get("terms") or {}).items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise RuleError(f"{where}: terms.{tid} must be a list of strings")
        out[str(tid)] = tuple(terms)
    return out


def _examples(value: Any, where: str) -> tuple[tuple[Mapping[str, Any], ...], tuple[Mapping[str, Any], ...]]:
    ex = _check_keys(value, {"match", "no_match"}, where)
    match = tuple(ex.get("match") or ())
    no_match = tuple(ex.get("no_match") or ())
    if not match or not no_match:
        raise RuleError(f"{where}: every rule needs at least one 'match' and one 'no_match' example")
    for e in (*match, *no_match):
        _check_keys(e, {"item", "items", "route", "parties", "end_use", "regimes", "note"}, where)
    return match, no_match


def _build_rule(raw: Any, pack: str, defaults: Mapping[str, Any], compiler: Compiler, where: str) -> Rule:
    rid = raw.get("id", "?") if isinstance(raw, Mapping) else "?"
    where = f"{where} rule {rid}"
    data = {**defaults, **_check_keys(raw, _RULE_KEYS, where)}
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise RuleError(f"{where}: missing {missing}")
    if data["scope"] not in SCOPES:
        raise RuleError(f"{where}: scope must be one of {SCOPES}")
    if data["code"] not in REASON_CODES:
        raise RuleError(f"{where}: code {data['code']!r} is not a documented reason code")
    regime = data["regime"]
    regimes = tuple(regime) if isinstance(regime, list) else (str(regime),)
    if not regimes or any(r not in REGIMES for r in regimes):
        raise RuleError(f"{where}: regime must be among {REGIMES}")
    for key in ("citation", "rationale", "title"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError(f"{where}: {key} must be a non-empty string")
    compiler.uses_tags = False
    condition = compiler.compile(data["when"], data["scope"], f"{where}: when")
    if "examples" not in data:
        raise RuleError(f"{where}: missing examples (match and no_match)")
    match, no_match = _examples(data["examples"], f"{where}: examples")
    tags = data.get("tags") or []
    if not isinstance(tags, list):
        raise RuleError(f"{where}: tags must be a list")
    return Rule(
        id=str(rid),
        pack=pack,
        scope=data["scope"],
        category=str(data["category"]),
        title=data["title"].strip(),
        regime=regimes,
        citation=data["citation"].strip(),
        severity=_severity(data["severity"], where),
        code=data["code"],
        rationale=" ".join(str(data["rationale"]).split()),
        tags=tuple(str(t) for t in tags),
        condition=condition,
        uses_tags=compiler.uses_tags,
        message=data.get("message"),
        examples_match=match,
        examples_no_match=no_match,
    )


def load_rulebook(rules_dir: str | Path) -> Rulebook:
    """Read and validate every file in `rules_dir`. Raises RuleError naming the
    file and rule at fault; never returns a partly loaded rulebook."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise RuleError(f"rules directory {root} does not exist")
    files = sorted(p for p in root.glob("*.yaml"))
    extra_files = [p for p in (root / NOMENCLATURE_FILE, root / DUAL_USE_FILE) if p.exists()]
    digest = hashlib.sha256()
    for p in files + extra_files:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    for needed in sorted(_SPECIAL):
        if not (root / needed).exists():
            raise RuleError(f"{root}: {needed} is missing")
    policy = load_policy(_load_yaml(root / "policy.yaml"))
    groups, group_names = _load_groups(_load_yaml(root / "countries.yaml"), "countries.yaml")
    terms = _load_terms(_load_yaml(root / "terms.yaml"), "terms.yaml")
    nomenclature = _load_nomenclature(root / NOMENCLATURE_FILE)
    dual_use = (
        load_dual_use(_load_yaml(root / DUAL_USE_FILE), DUAL_USE_FILE) if (root / DUAL_USE_FILE).exists() else None
    )
    compiler = Compiler(groups, terms, nomenclature)
    rules: list[Rule] = []
    packs: list[PackInfo] = []
    seen: dict[str, str] = {}
    for path in files:
        if path.name in _SPECIAL:
            continue
        data = _check_keys(_load_yaml(path), _PACK_KEYS, path.name)
        for key in ("pack", "title", "version", "rules"):
            if key not in data:
                raise RuleError(f"{path.name}: missing '{key}'")
        defaults = _check_keys(data.get("defaults") or {}, _RULE_KEYS - {"id", "when", "examples"}, path.name)
        raw_rules = data["rules"]
        if not isinstance(raw_rules, Sequence) or not raw_rules:
            raise RuleError(f"{path.name}: 'rules' must be a non-empty list")
        for raw in raw_rules:
            rule = _build_rule(raw, str(data["pack"]), defaults, compiler, path.name)
            if rule.id in seen:
                raise RuleError(f"{path.name}: rule id {rule.id} already used in {seen[rule.id]}")
            seen[rule.id] = path.name
            rules.append(rule)
        packs.append(PackInfo(str(data["pack"]), str(data["title"]), str(data["version"]), path.name, len(raw_rules)))
    version = f"{policy.version}+{digest.hexdigest()[:12]}"
    return Rulebook(
        rules=tuple(rules),
        groups=groups,
        group_names=group_names,
        terms=terms,
        policy=policy,
        packs=tuple(packs),
        version=version,
        nomenclature=nomenclature,
        dual_use=dual_use,
    )


def _load_nomenclature(path: Path) -> dict[str, str]:
    """HS 2022 codes (2, 4 and 6 digits) and their descriptions; {} without the file."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for i, row in enumerate(csv.DictReader(lines)):
        code = (row.get("hscode") or "").strip()
        if not code.isdigit() or len(code) not in (2, 4, 6):
            raise RuleError(f"{path.name}: row {i + 2}: bad hscode {code!r}")
        out[code] = (row.get("description") or "").strip()
    return out
