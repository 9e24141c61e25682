"""What every lint check shares: the loaded policy and one exact solver over it.

Checks ask the same questions more than once (is this condition satisfiable?
which ticket shows it?), so answers are memoised per condition for the run.
"""

from __future__ import annotations

from typing import Any

from sevtriage.analysis.decision_conditions import decision_predicates, rule_decides
from sevtriage.analysis.solver import Assignment, Solver
from sevtriage.analysis.witness import witness_ticket
from sevtriage.engine.reference import holds
from sevtriage.policy.conditions import Condition
from sevtriage.policy.model import Ceiling, Policy, Rule
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.prepare import prepare_ticket


class Analysis:
    """A policy under analysis: satisfiability and minimal witnesses, memoised."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.solver = Solver(policy, decision_predicates(policy))
        self._answers: dict[Condition, Assignment | None] = {}

    def minimal(self, condition: Condition) -> Assignment | None:
        """The assignment with the fewest fields set that makes ``condition`` true."""
        if condition not in self._answers:
            self._answers[condition] = self.solver.solve(condition)
        return self._answers[condition]

    def satisfiable(self, condition: Condition) -> bool:
        if condition in self._answers:
            return self._answers[condition] is not None
        return self.solver.satisfiable(condition)

    def witness(self, condition: Condition, ticket_id: str) -> dict[str, Any] | None:
        """A minimal contract v1 ticket for which ``condition`` holds, or None.

        The solver's answer has the fewest fields that differ from its base; a field
        can still be set there to a value it does not need (one the condition also
        accepts when the field is absent), so each field is then dropped while the
        condition still holds on the ticket: no field of a witness can be removed."""
        found = self.minimal(condition)
        if found is None:
            return None
        values = dict(found.values)
        if self._holds(condition, values, ticket_id):
            for name in sorted(values):
                fewer = {k: v for k, v in values.items() if k != name}
                if self._holds(condition, fewer, ticket_id):
                    values = fewer
        return witness_ticket(values, ticket_id)

    def _holds(self, condition: Condition, values: dict[str, Any], ticket_id: str) -> bool:
        """Whether ``condition`` holds on the ticket these field values make (as classify reads it)."""
        try:
            prepared = prepare_ticket(witness_ticket(values, ticket_id), self.policy.field_defaults)
        except TicketError:
            return False
        return holds(condition, prepared.values, self.policy)

    def live_rules(self) -> list[Rule]:
        """The rules whose condition can be true (the others are ``never-true`` findings)."""
        return [r for r in self.policy.rules if self.satisfiable(r.condition)]

    def can_decide(self, rule: Rule) -> bool:
        """Whether some ticket gets its level from ``rule`` (it matches, nothing overrides it)."""
        return self.satisfiable(rule_decides(self.policy, rule.condition, rule.level))

    def live_ceilings(self) -> list[Ceiling]:
        return [c for c in self.policy.ceilings if self.satisfiable(c.condition)]

