"""Build the explanation of one classified ticket.

The result and its ``Decision`` come from the ``Classifier`` (the engine): the
explanation reads that decision and works nothing out again (the tests
cross-check it against the reference evaluator). Nearest misses and
counterfactuals are added on top (``misses``, ``counterfactuals``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.decision import DECLARED, DEFAULT, Decision
from sevtriage.explain.counterfactuals import Counterfactuals
from sevtriage.explain.deadline import calendar_deadline
from sevtriage.explain.misses import nearest_misses, rule_summary
from sevtriage.policy.model import Ceiling, Rule
from sevtriage.tickets.prepare import PreparedTicket
from sevtriage.tickets.records import InputRecord


class Explainer:
    """Explains results of one classifier (one policy); reuse it for every ticket."""

    def __init__(self, classifier: Classifier):
        self.classifier = classifier
        self.policy = classifier.policy
        self.counterfactuals = Counterfactuals(classifier)

    def explain(self, ticket: Any, line: int = 1, file: str | None = None) -> dict[str, Any]:
        """Classify one ticket and return its result with an ``explanation`` (or its error record)."""
        result, decision = self.classifier.classify_one(ticket, line, file)
        if decision is None:
            return result
        return {**result, "explanation": self.explanation(ticket, result, decision)}

    def explanation(self, ticket: dict[str, Any], result: dict[str, Any], decision: Decision) -> dict[str, Any]:
        """The explanation object of a result, and its decision, the classifier gave for ``ticket``."""
        prepared = self.classifier.prepare(ticket)
        return {
            "decided_by": self._decider(decision.basis, decision.matched, decision.before_caps),
            "level_before_ceilings": decision.before_caps,
            "overridden": [rule_summary(r) for r in decision.matched[1:]],
            "ceilings": [self._ceiling(c, decision.before_caps, c in decision.applied)
                         for c in decision.holding_caps],
            "nearest_misses": self._misses(prepared, result["severity"], set(result["matched_rules"])),
            "counterfactuals": self.counterfactuals.for_ticket(ticket, result["severity"]),
            "respond_by": self._respond_by(prepared, result),
        }

    def _decider(self, basis: str, matched: list[Rule], level: int) -> dict[str, Any]:
        if matched:
            return {"kind": "rule", **rule_summary(matched[0])}
        if basis == DECLARED:
            return {"kind": DECLARED, "level": level}
        assert basis == DEFAULT
        return {"kind": DEFAULT, "level": level, "source": (self.policy.raw.get("default") or {}).get("source")}

    @staticmethod
    def _ceiling(ceiling: Ceiling, before: int, applied: bool) -> dict[str, Any]:
        return {"ceiling": ceiling.id, "max_level": ceiling.max_level, "applied": applied,
                "from_level": before, "to_level": max(before, ceiling.max_level),
                "source": ceiling.source, "at": ceiling.place(column=True)}

    def _misses(self, prepared: PreparedTicket, severity: int, matched: set[str]) -> list[dict[str, Any]]:
        return nearest_misses(self.policy, prepared.values, severity, matched)

    def _respond_by(self, prepared: PreparedTicket, result: dict[str, Any]) -> dict[str, Any]:
        target = result["response_target"]
        level = result["severity"]
        calendar = self.policy.calendars.get(result.get("clock") or "")
        extra: dict[str, Any] = {}
        if prepared.created_at_text is None:
            text = f"the ticket has no created_at, so respond_by is null (the Level {level} target is {target})"
        elif calendar is not None and prepared.created_at is not None:
            extra = calendar_deadline(calendar, self.policy.levels[level], prepared.created_at)
            text = f"{extra.pop('calculation')} = {result['respond_by']}"
        else:
            text = (f"created_at {prepared.created_at_text} + {target} (the Level {level} target) "
                    f"= {result['respond_by']}")
        if self.policy.calendars:
            extra.setdefault("clock", result.get("clock"))
        return {"created_at": prepared.created_at_text, "response_target": target,
                "respond_by": result["respond_by"], "text": text, **extra}


def classify_with_explanations(classifier: Classifier, records: Iterable[InputRecord]) -> Iterator[dict[str, Any]]:
    """``classifier.classify_records`` with an ``explanation`` added to every result.

    The classifier yields one record per input record, in order, so the inputs
    are remembered as they go by and paired with their results.
    """
    explainer = Explainer(classifier)
    pending: deque[InputRecord] = deque()

    def remember(items: Iterable[InputRecord]) -> Iterator[InputRecord]:
        for item in items:
            pending.append(item)
            yield item

    for result, decision in classifier.classify_decisions(remember(records)):
        record = pending.popleft()
        if decision is None:
            yield result
            continue
        explanation = explainer.explanation(record.ticket, result, decision)
        if record.mapped is not None:  # --map: where the fields it cites come from
            from sevtriage.explain.mapped import mapped_from
            mapping, trace = record.mapped
            explanation["mapped_from"] = mapped_from(mapping, trace, explanation)
        yield {**result, "explanation": explanation}
