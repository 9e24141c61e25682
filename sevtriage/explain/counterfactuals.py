"""The smallest change to a ticket that gives each more severe level, verified.

For each level more severe than the ticket's, the solver finds the fewest
field changes (single fields first, then pairs, and so on: iterative
deepening, exact over the contract's domains) that make ``severity_equals``
hold. ``declared_severity`` is kept as filed: the point is which *facts*
would change the level, not what the customer could declare. Each answer is
applied to the ticket and classified again by the real classifier; only an
answer that really gives the level is returned.

The search is exponential in the worst case (tens of rules, each an any of
all-ofs over many flags), so each level's search expands at most
``SEARCH_BUDGET`` nodes: a count, not a clock, so the same ticket gets the
same explanation on every machine. The bundled policy needs at most 143 (every
ticket searched in bench/explain.py and the tests stays far below); when a
search is cut, the entry says so (``search_cut``, and in its text): the change
shown still gives the level (it is verified like every other), but a smaller
one may exist, and "no change found" no longer means that none exists.
"""

from __future__ import annotations

from typing import Any

from sevtriage.analysis.decision_conditions import (
    DECLARED,
    decision_predicates,
    severity_equals,
)
from sevtriage.analysis.domains import OTHER_STRING
from sevtriage.analysis.solver import Search, Solver
from sevtriage.analysis.witness import ticket_field, with_changes
from sevtriage.contract import MISSING
from sevtriage.engine.classifier import Classifier
from sevtriage.explain.misses import MISSING_TEXT
from sevtriage.tickets.json_codec import dumps_inline

#: Most search nodes one level's counterfactual may expand: the bundled policy needs at
#: most 143; bench/explain.py measures the CPU time it bounds (docs/explain.md).
SEARCH_BUDGET = 400
CUT_NOTE = f"search cut at {SEARCH_BUDGET} steps"


def _shown(value: Any) -> Any:
    return MISSING_TEXT if value is MISSING else value


def _words(field: str, value: Any) -> str:
    if value is MISSING:
        return f"{field} were absent"
    if value == OTHER_STRING:
        return f"{field} were another value (e.g. {dumps_inline(value, ascii_only=True)})"
    return f"{field} were {dumps_inline(value)}"


def _as_checked(value: Any) -> Any:
    """The value as the classifier reads it: JSON Schema counts ``2.0`` as the integer 2."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class Counterfactuals:
    """One solver per policy, reused for every ticket."""

    def __init__(self, classifier: Classifier, budget: int | None = SEARCH_BUDGET):
        self.classifier = classifier
        self.policy = classifier.policy
        self.solver = Solver(self.policy, decision_predicates(self.policy))
        self.budget = budget

    def for_ticket(self, ticket: dict[str, Any], severity: int) -> list[dict[str, Any]]:
        # The facts include the flags derived from the text: a change starts from them (and a
        # field given in the ticket, as a change is, is never changed by the text again).
        derived: dict[str, str] = {}
        if self.classifier.text_flags is not None:
            ticket, entries = self.classifier.text_flags.apply(ticket)
            for entry in entries:
                if entry["used"]:
                    derived.setdefault(entry["flag"], entry["text"])
        base = {f: _as_checked(ticket_field(ticket, f)) for f in self.solver.domains}
        out = []
        for level in sorted(n for n in self.policy.levels if n < severity):
            search = self.solver.search(severity_equals(self.policy, level), base=base,
                                        frozen=(DECLARED,), prefer_present=True, budget=self.budget)
            out.append(self._entry(ticket, level, search, derived))
        return out

    def _entry(self, ticket: dict[str, Any], level: int, search: Search,
               derived: dict[str, str]) -> dict[str, Any]:
        entry = self._change(ticket, level, search.found.values if search.found else None, derived)
        if search.cut:
            if entry["changes"] is None:
                entry["text"] = (f"no change found that gives Level {level} ({CUT_NOTE}: one may exist)")
            else:
                entry["text"] += f" ({CUT_NOTE}: a smaller change may exist)"
            entry["search_cut"] = True
        return entry

    def _change(self, ticket: dict[str, Any], level: int, changes: dict[str, Any] | None,
                derived: dict[str, str]) -> dict[str, Any]:
        if changes is None:
            return {"level": level, "changes": None,
                    "text": f"no change of the ticket's facts gives Level {level}"}
        changed = with_changes(ticket, changes)
        result = self.classifier.classify(changed)
        if result.get("severity") != level:
            raise AssertionError(f"counterfactual {changes!r} gives {result!r}, not Level {level}")

        def words(field: str, value: Any) -> str:
            told = f" (now read from the text: {dumps_inline(derived[field])})" if field in derived else ""
            return _words(field, value) + told

        return {
            "level": level,
            "changes": [{"field": f, "from": _shown(ticket_field(ticket, f)), "to": _shown(v)}
                        for f, v in changes.items()],
            "text": f"would be Level {level} if " + " and ".join(words(f, v) for f, v in changes.items()),
        }
