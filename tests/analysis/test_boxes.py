"""The box form of conditions (the lint pre-filter) against brute force and against the solver.

Three levels, each on random small policies (hypothesis):
- ``Boxes.dnf`` describes exactly the class assignments on which a condition holds;
- ``BoxIndex.covered`` says exactly whether a union of boxes contains a box;
- every lint check gives the same findings (messages, places and witnesses)
  with the pre-filter on and off, also when the box form gives up early
  (few boxes allowed, a tiny cover budget), so the solver fallbacks are used.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from lint_helpers import HEADER
from policy_strategies import conditions as random_conditions

from sevtriage.analysis import boxes as box_form
from sevtriage.analysis.boxes import Box, Boxes, BoxIndex
from sevtriage.analysis.decision_conditions import decision_predicates
from sevtriage.analysis.domains import field_values
from sevtriage.analysis.solver import Solver
from sevtriage.lint import LINT_CHECKS
from sevtriage.lint import analysis as lint_analysis
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf, Condition, Not, Predicate
from sevtriage.policy.loader import load_policy_texts
from sevtriage.policy.model import Policy

PREDICATES = [
    "{field: symptoms.crash_or_hang, is: true}", "{field: symptoms.crash_or_hang, is: false}",
    "{field: symptoms.crash_or_hang, missing: true}", "{field: symptoms.data_loss, is: true}",
    "{field: symptoms.unstable, is: true}", "{field: symptoms.unstable, exists: true}",
    "{field: environment, equals: staging}", "{field: environment, in: [production, development]}",
    "{field: technology, alias_of: mssql}", "{field: technology, equals: php}",
    "{field: declared_severity, lte: 2}", "{field: declared_severity, gt: 3}",
]


def conditions(depth: int = 2) -> st.SearchStrategy[str]:
    return random_conditions(PREDICATES, depth)


@st.composite
def policies(draw: st.DrawFn) -> str:
    """Up to 8 rules (several per level, so that covers of more than one rule happen) and 2 ceilings."""
    rules = draw(st.lists(st.tuples(st.integers(1, 4), conditions()), min_size=1, max_size=8))
    caps = draw(st.lists(st.tuples(st.integers(1, 4), conditions()), max_size=2))
    text = HEADER.replace("default: {level: 3}", f"default: {{level: {draw(st.integers(1, 4))}}}")
    text += "aliases: {technology: {mssql: [mssql, sql server]}}\nfield_defaults: {environment: production}\n"
    text += "rules:\n" + "".join(f"  - {{id: L{lv}-r{i}, level: {lv}, source: s, when: {c}}}\n"
                                 for i, (lv, c) in enumerate(rules))
    if caps:
        text += "ceilings:\n" + "".join(f"  - {{id: cap-{i}, max_level: {m}, when: {c}}}\n"
                                        for i, (m, c) in enumerate(caps))
    return text


def _load(text: str) -> Policy:
    return load_policy_texts([("policy.yaml", text)])


def _assignments(solver: Solver, fields: list[str]) -> list[dict[str, int]]:
    ranges = [range(len(solver.domains[name].values)) for name in fields]
    return [dict(zip(fields, combo, strict=True)) for combo in itertools.product(*ranges)]


def _truth(solver: Solver, condition: Condition, point: dict[str, int]) -> bool:
    if isinstance(condition, Predicate):
        return solver.truth_table(condition)[point[condition.field]]
    if isinstance(condition, Not):
        return not _truth(solver, condition.item, point)
    results = (_truth(solver, item, point) for item in condition.items)
    return all(results) if isinstance(condition, AllOf) else any(results)


def _inside(box: Box, point: dict[str, int]) -> bool:
    return all(mask >> point[name] & 1 for name, mask in box.items())


@settings(max_examples=examples(200))
@given(policies())
def test_boxes_are_exactly_the_assignments_that_satisfy(text: str) -> None:
    policy = _load(text)
    solver = Solver(policy, decision_predicates(policy))
    form = Boxes(solver)
    points = _assignments(solver, sorted(solver.domains))
    for item in policy.items():
        for positive in (True, False):
            boxes = form.dnf(item.condition, positive)
            assert boxes is not None
            for point in points:
                expected = _truth(solver, item.condition, point) == positive
                assert any(_inside(box, point) for box in boxes) == expected, (item.id, positive, point)


@settings(max_examples=examples(200))
@given(policies(), st.data())
def test_cover_search_agrees_with_enumeration(text: str, data: st.DataObject) -> None:
    policy = _load(text)
    solver = Solver(policy, decision_predicates(policy))
    form = Boxes(solver)
    per_item = [form.dnf(item.condition) for item in policy.items()]
    index = BoxIndex(form.full, per_item)
    points = _assignments(solver, sorted(solver.domains))
    chosen = data.draw(st.integers(0, (1 << len(per_item)) - 1))
    candidates = index.boxes_of(chosen)
    targets = [box for boxes in per_item if boxes for box in boxes] + [{}]
    for target in targets:
        mine = [p for p in points if _inside(target, p)]
        expected = all(any(_inside(box, p) for n, boxes in enumerate(per_item) if chosen >> n & 1
                           for box in boxes or []) for p in mine)
        assert index.covered(target, candidates) == expected


def _findings(policy: Policy, prefilter: bool) -> list[tuple[str, Any]]:
    analysis = Analysis(policy, prefilter=prefilter)
    return [(str(p), p.witness) for module in LINT_CHECKS for p in module.check(analysis)]


@pytest.mark.parametrize("max_boxes,budget", [(64, 5_000), (1, 2)])
@settings(max_examples=examples(200))
@given(text=policies())
def test_findings_are_the_same_with_and_without_the_prefilter(text: str, max_boxes: int, budget: int) -> None:
    policy = _load(text)
    exact = _findings(policy, prefilter=False)
    saved = box_form.MAX_BOXES, box_form.COVER_BUDGET, lint_analysis.COVER_BUDGET
    box_form.MAX_BOXES, box_form.COVER_BUDGET, lint_analysis.COVER_BUDGET = max_boxes, budget, budget
    try:
        fast = _findings(policy, prefilter=True)
    finally:
        box_form.MAX_BOXES, box_form.COVER_BUDGET, lint_analysis.COVER_BUDGET = saved
    assert fast == exact


@settings(max_examples=examples(200))
@given(policies())
def test_one_box_minimal_and_box_matching_agree_with_the_solver_and_the_evaluator(text: str) -> None:
    policy = _load(text)
    analysis = Analysis(policy)
    for item in policy.items():
        boxes = analysis.boxes.dnf(item.condition)
        if boxes is not None and len(boxes) == 1:
            assert analysis.minimal(item.condition) == analysis.solver.solve(item.condition), item.id
    solver = analysis.solver
    for point in _assignments(solver, sorted(solver.domains)):
        values: dict[str, Any] = {}
        for name, cls in point.items():
            values.update(field_values(name, solver.domains[name].values[cls], policy))
        assert analysis.matching(values) == analysis.reference.match(values)
