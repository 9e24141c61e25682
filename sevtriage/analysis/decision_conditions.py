"""The decision steps of ``engine.decision.decide``, written as conditions.

To ask "can rule R ever decide?" or "what is the smallest change that gives
Level 1?" exactly, the questions must be conditions the solver can search.
``decide`` takes the most severe matching rule (else the declared level, else
the default), then every holding ceiling raises the level to its maximum; so

    severity == L  <=>  before <= L
                        and no ceiling with max_level > L holds
                        and (before == L or a ceiling with max_level == L holds)

These builders only combine the policy's own rule and ceiling conditions with
predicates on ``declared_severity``; the tests check them against the real
classifier on every assignment of a small policy.
"""

from __future__ import annotations

from collections.abc import Callable

from sevtriage.policy.conditions import AllOf, AnyOf, Condition, Not, Predicate
from sevtriage.policy.model import Policy

DECLARED = "declared_severity"
TRUE: Condition = AllOf(())
FALSE: Condition = AnyOf(())


def constant(value: bool) -> Condition:
    return TRUE if value else FALSE


def any_rule(policy: Policy, keep: Callable[[int], bool] = lambda level: True) -> Condition:
    """Some rule whose level passes ``keep`` matches."""
    return AnyOf(tuple(r.condition for r in policy.rules if keep(r.level)))


def any_ceiling(policy: Policy, keep: Callable[[int], bool]) -> Condition:
    """Some ceiling whose max_level passes ``keep`` holds."""
    return AnyOf(tuple(c.condition for c in policy.ceilings if keep(c.max_level)))


def declared(op: str, level: int | None = None) -> Predicate:
    return Predicate(DECLARED, op, level)


def decision_predicates(policy: Policy) -> list[Predicate]:
    """The ``declared_severity`` predicates these builders use: the solver's domains need them."""
    levels = set(policy.levels) | {policy.default_level}
    return [declared("missing")] + [declared(op, n) for n in sorted(levels) for op in ("equals", "lte")]


def _no_rule_and(policy: Policy, declared_test: Condition, default_ok: bool) -> Condition:
    """No rule matches and the declared level (else the default) passes the test."""
    fallback = AnyOf((declared_test, AllOf((declared("missing"), constant(default_ok)))))
    return AllOf((Not(any_rule(policy)), fallback))


def before_at_most(policy: Policy, level: int) -> Condition:
    """The level before ceilings is ``level`` or more severe."""
    return AnyOf((any_rule(policy, lambda n: n <= level),
                  _no_rule_and(policy, declared("lte", level), policy.default_level <= level)))


def before_equals(policy: Policy, level: int) -> Condition:
    """The level before ceilings is exactly ``level``."""
    by_rules = AllOf((any_rule(policy, lambda n: n == level), Not(any_rule(policy, lambda n: n < level))))
    return AnyOf((by_rules, _no_rule_and(policy, declared("equals", level), policy.default_level == level)))


def severity_equals(policy: Policy, level: int) -> Condition:
    """The suggested level (after ceilings) is exactly ``level``."""
    return AllOf((
        before_at_most(policy, level),
        Not(any_ceiling(policy, lambda m: m > level)),
        AnyOf((before_equals(policy, level), any_ceiling(policy, lambda m: m == level))),
    ))


def rule_decides(policy: Policy, rule_condition: Condition, level: int) -> Condition:
    """The rule matches, no more severe rule does, and no ceiling takes the level lower."""
    return AllOf((rule_condition, Not(any_rule(policy, lambda n: n < level)),
                  Not(any_ceiling(policy, lambda m: m > level))))
