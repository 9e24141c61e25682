"""explain's counterfactual search is bounded by a step budget, and says when it was cut (issue 9, item 3).

The generated policy (bench/explain.py) is the shape that made the search slow (about 170 ms a ticket
unbounded): 40 rules, each any of three conditions, each condition all of three
symptom flags. Steps are counted here, independently of the solver's own counter,
by wrapping the two search functions: nothing is timed.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from differential_helpers import random_ticket
from jsonschema import Draft202012Validator
from lint_helpers import invoke_cli, json_lines

from sevtriage.analysis import solver as solver_module
from sevtriage.engine.classifier import Classifier
from sevtriage.explain import Explainer
from sevtriage.explain.counterfactuals import SEARCH_BUDGET, Counterfactuals
from sevtriage.policy.loader import load_policy
from sevtriage.regression.fixtures import load_fixtures
from sevtriage.resources import load_schema

REPO = Path(__file__).resolve().parents[2]
TICKET = {"id": "T1", "symptoms": {"error_message": True}}
TICKET_FLAGS = {"data_loss", "unstable", "error_message", "restart_required", "users_blocked", "crash_or_hang"}


def any_of_three_policy(folder: Path) -> Path:
    """bench/explain.py's generated policy (one generator for the bench and the tests)."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from explain import any_of_three_policy as write
    finally:
        sys.path.pop(0)
    return Path(write(folder))


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of nodes each ``Solver.search`` expanded, counted by the test."""
    counts: list[int] = []
    problem = solver_module._Problem
    cheapest, any_solution, search = problem.cheapest, problem.any_solution, solver_module.Solver.search

    def counted(original: Any, memo: str) -> Any:
        def wrapper(self: Any, node: Any) -> Any:
            if node[0] != solver_module._CONST and node not in getattr(self, memo):
                counts[-1] += 1
            return original(self, node)
        return wrapper

    def counted_search(self: Any, *args: Any, **kwargs: Any) -> Any:
        counts.append(0)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(problem, "cheapest", counted(cheapest, "_cheapest"))
    monkeypatch.setattr(problem, "any_solution", counted(any_solution, "_sat"))
    monkeypatch.setattr(solver_module.Solver, "search", counted_search)
    yield counts


def test_the_search_on_40_any_of_three_rules_is_cut_within_the_budget(tmp_path: Path, searches: list[int]) -> None:
    policy = load_policy(any_of_three_policy(tmp_path / "rules"))
    classifier = Classifier(policy)
    rng = random.Random(7)
    tickets = [TICKET] + [{"id": f"R{n}", "symptoms": {f: True for f in rng.sample(sorted(TICKET_FLAGS), 2)}} for n in range(4)]
    cut = 0
    for ticket in tickets:
        explained = Explainer(classifier).explain(ticket)
        for cf in explained["explanation"]["counterfactuals"]:
            if cf.get("search_cut"):
                cut += 1
                assert "search cut at" in cf["text"]
            if cf["changes"] is not None:  # shown, so it must really give the level
                changed = json.loads(json.dumps(ticket))
                for change in cf["changes"]:
                    changed["symptoms"][change["field"].removeprefix("symptoms.")] = change["to"]
                assert classifier.classify(changed)["severity"] == cf["level"], cf
    assert cut, "the generated policy needs more than the budget: some search must be cut"
    assert searches and max(searches) <= SEARCH_BUDGET, searches
    assert max(searches) > SEARCH_BUDGET // 2  # the count is real: the cut searches used their budget


def test_the_cli_says_when_the_search_was_cut(tmp_path: Path) -> None:
    rules = str(any_of_three_policy(tmp_path / "rules"))
    ticket = json.dumps(TICKET)
    text = invoke_cli("explain", "--rules", rules, input=ticket)
    assert "search cut at" in text.output and "a smaller change may exist" in text.output
    document = json.loads(invoke_cli("explain", "--rules", rules, "--format", "json", input=ticket).stdout)
    assert any(cf.get("search_cut") is True for cf in document[0]["explanation"]["counterfactuals"])
    Draft202012Validator(load_schema("explanation")).validate(document[0]["explanation"])  # the field is published
    batch = json_lines(invoke_cli("classify", "--rules", rules, "--explain", input=ticket).stdout)
    assert any(cf.get("search_cut") is True for cf in batch[0]["explanation"]["counterfactuals"])


def test_the_bundled_policy_is_never_cut_and_its_explanations_are_unchanged(searches: list[int]) -> None:
    """Bounded and unbounded searches give the same counterfactuals on every fixture and on random tickets."""
    classifier = Classifier(load_policy(REPO / "rules"))
    bounded, exact = Counterfactuals(classifier), Counterfactuals(classifier, budget=None)
    rng = random.Random(2026)
    tickets = [f.ticket for f in load_fixtures([REPO / "fixtures"])]
    tickets += [random_ticket(rng, n, rng.random()) for n in range(80)]
    for ticket in tickets:
        result = classifier.classify(ticket)
        if "severity" not in result:
            continue
        shown = bounded.for_ticket(ticket, result["severity"])
        assert not any("search_cut" in cf for cf in shown), ticket
        assert shown == exact.for_ticket(ticket, result["severity"]), ticket
    assert max(searches) < SEARCH_BUDGET // 2, max(searches)  # far from the budget, not just under it
