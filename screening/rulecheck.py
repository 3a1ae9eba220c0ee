"""Run every rule's examples: each `match` example must make the rule hit,
each `no_match` example must not. Used by `tradescreen rules check` and the
test suite."""

from __future__ import annotations

from dataclasses import dataclass

from screening.build import shipment_from
from screening.rulebook import Rulebook
from screening.rules import evaluate


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    rule_id: str
    expected: str
    example: dict[str, object]
    hits: tuple[str, ...]

    def __str__(self) -> str:
        got = ", ".join(self.hits) or "no rule"
        return f"{self.rule_id}: example expected to {self.expected} but did not ({self.example}); hits: {got}"


def check_examples(rulebook: Rulebook) -> tuple[int, list[ExampleFailure]]:
    """(number of examples run, failures)."""
    failures: list[ExampleFailure] = []
    run = 0
    for rule in rulebook.rules:
        for expected, examples in (("match", rule.examples_match), ("not match", rule.examples_no_match)):
            for ex in examples:
                run += 1
                hits = evaluate(shipment_from(ex), rulebook, ex.get("regimes") or ())
                ids = tuple(dict.fromkeys(h.rule_id for h in hits))
                if (rule.id in ids) != (expected == "match"):
                    failures.append(ExampleFailure(rule.id, expected, dict(ex), ids))
    return run, failures

