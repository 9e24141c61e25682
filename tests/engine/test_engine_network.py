"""The model of durable_rules' network (``limits.Network``) against the engine itself.

The split of a policy into rulesets rests on per-node counts of the network rete.c
builds: the tests of one node (512 slots), its list of "missing" tests and any-group
links (128 slots, error 107 past it), and the stack of assert's walk (64 nodes, error
303). These tests build rulesets right at those limits and check that the engine
fails exactly where the model says a ruleset no longer fits, and that the policies
which failed on the old total-of-tests bound (create_ruleset error 107, error 303 at
assert) are now split and classified like the reference evaluator classifies them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from batch_helpers import policy_with, run_python
from differential_helpers import random_policy_yaml, random_ticket

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.compiler import CATCH_ALL, GUARD, compile_policy
from sevtriage.engine.durable_matcher import CAP
from sevtriage.engine.limits import LIMIT_NODE_LINKS, LIMIT_STACK, Network, group_count, network
from sevtriage.engine.projection import Projection
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy, load_policy_texts
from sevtriage.problems import PolicyError
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.records import InputRecord


def _projection(keys: int) -> Projection:
    projection = Projection()
    projection.base_keys = {f"f{i}": f"k{i}" for i in range(keys)}
    projection.kinds = {f"f{i}": "boolean" for i in range(keys)}
    return projection


def _any_rules(count: int) -> dict[str, Any]:
    """``count`` rules ``k0 or k<i>``: every one links its any-group from the shared node ``k0``."""
    rules: dict[str, Any] = {f"r{i}": {"all": [{"m": {"$and": [GUARD, {"$or": [{"k0": True}, {f"k{i + 1}": True}]}]}}]}
                             for i in range(count)}
    rules[CATCH_ALL] = {"all": [{"m": GUARD}]}
    return rules


def _engine_says(rules: dict[str, Any], fact: dict[str, Any]) -> str:
    """"ok" if the engine creates the ruleset and asserts ``fact``, else its error; in a child
    process (past a list's 128 slots rete.c reads and writes beyond it)."""
    definition = json.dumps({name: {**rule, "cap": CAP} for name, rule in rules.items()})
    payload = json.dumps([{"id": 1, "sid": "s", "t": 1, **fact}])
    child = run_python(f"""
        import durable_rules_engine as dre
        try:
            handle = dre.create_ruleset("network", {definition!r})
            result, state = dre.assert_facts(handle, {payload!r})
            message = dre.start_action_for_state(handle, state)[1] if result == 0 else None
            while message:
                message = dre.complete_and_start_action(handle, state)
            dre.retract_facts(handle, {payload!r})
            print("ok")
        except Exception as exc:
            print(exc)
    """)
    return child.stdout.strip() or f"exit {child.returncode}"


def test_the_stack_bound_is_where_the_engine_fails():
    """Each of ``n`` rules links an any-group from node ``k0``; a fact with every key true
    (walked last key first) puts ``2n`` nodes on the stack: fine at 32, error 303 at 33."""
    projection = _projection(40)
    for count, fails in ((32, False), (33, True)):
        rules = _any_rules(count)
        assert network(rules, projection).depth == 2 * count
        assert (network(rules, projection).depth > LIMIT_STACK) is fails
        said = _engine_says(rules, {f"k{j}": True for j in range(count, -1, -1)})
        assert ("303" in said) if fails else said == "ok"


def test_the_list_bound_is_beyond_the_engines():
    """Any-groups linked from one node: 127 are created; 140 fail (error 107). The model counts
    them, and keeps a margin below the 128 slots (``LIMIT_NODE_LINKS``)."""
    projection = _projection(150)
    for count, fails in ((127, False), (140, True)):
        rules = _any_rules(count)
        assert network(rules, projection).widest_links == count > LIMIT_NODE_LINKS
        said = _engine_says(rules, {"k1": True})  # k0 missing: the walk never reaches the links
        assert ("107" in said) if fails else said == "ok"


def test_shared_tests_are_one_node_and_identical_rules_share_every_node():
    network_ = Network(_projection(4))
    for _ in range(3):
        network_.add({"$and": [GUARD, {"k1": True}, {"k2": True}]})
    network_.add({"$and": [GUARD, {"k1": True}, {"k3": 1}]})
    network_.add({"$and": [GUARD, {"k1": True}, {"k3": True}]})  # ``1`` and ``true``: two nodes
    assert network_.widest_tests == 3  # under k1: k2, k3 = 1, k3 = true
    assert network_.size == 1 + 1 + 1 + 3  # root, guard, k1, and those three


def _write_any_policy(folder: Path, count: int) -> Path:
    """The bundled policy with ``count`` rules ``data_loss or <another test>``."""
    target = folder / f"any-{count}"
    target.mkdir()
    bundled = Path(bundled_policy_path())
    for source in bundled.iterdir():
        if source.is_file():
            (target / source.name).write_bytes(source.read_bytes())
    others = [{"field": "phase", "equals": "implementation"}, {"field": "symptoms.unstable", "is": True},
              {"field": "environment", "equals": "staging"}]
    rules = [{"id": f"GX-{n:04d}", "level": 3, "source": "generated",
              "when": {"any": [{"field": "symptoms.data_loss", "is": True}, others[n % 3]]}} for n in range(count)]
    (target / "generated.yaml").write_text(yaml.safe_dump({"rules": rules}, sort_keys=False), encoding="utf-8")
    return target


def test_many_any_groups_on_one_test_are_split_and_classified(tmp_path):
    """140 rules ``data_loss or ...``: the old bound put them in one ruleset, which
    create_ruleset refused (error 107); each ruleset now stays within the list and the
    stack, and every ticket is classified as the reference evaluator classifies it."""
    policy = load_policy(str(_write_any_policy(tmp_path, 140)))
    compiled = compile_policy(policy)
    shards = compiled.shards()
    assert len(shards) > 1
    for shard in shards:
        built = network(shard, compiled.projection)
        assert built.widest_links <= LIMIT_NODE_LINKS and built.depth <= LIMIT_STACK
    rng = random.Random(12)
    tickets = [random_ticket(rng, n, present=0.6) for n in range(300)]
    tickets += [{"id": "all", "symptoms": {"data_loss": True, "unstable": True}, "phase": "implementation",
                 "environment": "staging"}]
    records = [InputRecord(None, n + 1, ticket=t) for n, t in enumerate(tickets)]
    engine = list(Classifier(policy, text_flags=False).classify_records(records))
    oracle = list(Classifier(policy, ReferenceMatcher(policy), text_flags=False).classify_records(records))
    assert engine == oracle
    assert not any("error" in record for record in engine)
    assert len(engine[-1]["matched_rules"]) > 140


@pytest.mark.parametrize("seed", range(3))
def test_random_policies_of_300_rules_fit_their_rulesets(seed):
    """Every ruleset of a random 300-rule policy is created and takes any ticket without an
    engine error (the differential tests compare their answers with the reference)."""
    rng = random.Random(8000 + seed)
    policy = load_policy_texts([(f"random-{seed}.yaml", random_policy_yaml(rng, rules_count=300))])
    tickets = [random_ticket(rng, n, present=rng.choice([0.5, 0.9, 1.0])) for n in range(150)]
    records = [InputRecord(None, n + 1, ticket=t) for n, t in enumerate(tickets)]
    engine = list(Classifier(policy, text_flags=False, memo=False).classify_records(records))
    oracle = list(Classifier(policy, ReferenceMatcher(policy), text_flags=False).classify_records(records))
    assert engine == oracle


def test_all_and_any_groups_of_a_rule_are_counted_as_the_engine_counts_them():
    """Every all/any group takes two of a rule's 32 expression places: 15 groups (the ticket
    guard's included) are created, 16 fail (error 113), however they nest. The limit check
    refuses the 16 at the rule, which the old check (15 all-groups directly in one any) let
    through to a traceback from create_ruleset."""
    def pattern(count: int, nested: bool) -> dict[str, Any]:
        if not nested:
            return {"$and": [GUARD, {"$or": [{"$and": [{"k1": i}, {"k2": i}]} for i in range(count - 2)]}]}
        inner: dict[str, Any] = {"k0": 1}
        for i in range((count - 1) // 2):
            inner = {"$or": [{"$and": [{"k1": i}, inner]}, {"k2": i}]}
        return {"$and": [GUARD, inner]}

    for nested in (False, True):
        for count, fails in ((15, False), (16 + nested, True)):
            rules = {"r": {"all": [{"m": pattern(count, nested)}]}}
            assert group_count(rules["r"]["all"][0]["m"]) == count
            said = _engine_says(rules, {"k0": 1})
            assert ("113" in said) if fails else said == "ok"
    body = ("rules:\n  - {id: L1-r, level: 1, source: s, when: {any: [" + ", ".join(
        f"{{all: [{{field: declared_severity, gte: {i}}}, {{field: phase, equals: "
        f"{'operation' if i % 2 else 'implementation'}}}]}}" for i in range(14)) + "]}}\n")
    with pytest.raises(PolicyError) as caught:
        compile_policy(policy_with(body))
    assert "error 113" in str(caught.value.problems[0]) and "16 all/any groups" in str(caught.value.problems[0])
