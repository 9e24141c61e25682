"""Every durable_rules crash mode of ``shared/notes/durable-rules.md``, reproduced and guarded.

Each test first shows the raw trigger misbehaving (in a child process, where it
may segfault or hang), then that the same situation through our compiler and
``DurableMatcher`` is refused early or simply works. Without the guard, the
second half would crash or fail like the first.
"""

from __future__ import annotations

import json

import durable_rules_engine as dre
import pytest
from batch_helpers import hangs, policy_with, rules_yaml, run_python

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.compiler import GUARD, compile_policy
from sevtriage.engine.durable_matcher import SESSION, DurableMatcher
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy
from sevtriage.problems import PolicyError
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.records import InputRecord

BUNDLED = bundled_policy_path()
SEGFAULT = -11


def _bundled_classifier_code(tickets: list[dict], extra: str = "") -> str:
    return f"""
        import json, sys, threading
        from sevtriage.engine.classifier import Classifier
        from sevtriage.tickets.records import InputRecord
        from sevtriage.policy.loader import load_policy
        from sevtriage.resources import bundled_policy_path
        {extra}
        classifier = Classifier(load_policy(bundled_policy_path()))
        tickets = {tickets!r}
        out = list(classifier.classify_records(InputRecord(None, n, t) for n, t in enumerate(tickets)))
        print(json.dumps({{"severities": [r.get("severity") for r in out],
                          "threads": threading.active_count(),
                          "host_loaded": "durable.engine" in sys.modules}}))
    """


# -- background timer threads of engine.Host -----------------------------------------------

def test_host_starts_timer_threads_but_our_matcher_runs_on_the_callers_thread_only():
    raw = run_python("""
        import threading
        from durable.engine import Host
        Host()
        print(threading.active_count())
    """)
    assert raw.returncode == 0 and int(raw.stdout) > 1  # the trigger: Host's timers race the caller
    ours = run_python(_bundled_classifier_code([{"id": "a", "symptoms": {"data_loss": True}}]))
    result = json.loads(ours.stdout)
    assert result == {"severities": [1], "threads": 1, "host_loaded": False}


# -- delete_state on a session where nothing fired -------------------------------------------

DELETE_STATE_TRIGGER = """
    import json
    import durable_rules_engine as dre
    h = dre.create_ruleset("t", json.dumps({"r1": {"all": [{"m": {"data_loss": True}}]}}))
    dre.assert_fact(h, json.dumps({"id": "a", "sid": "s1", "data_loss": False}))
    dre.delete_state(h, "s1")
    print("survived")
"""


def test_delete_state_after_no_match_segfaults_but_our_path_never_deletes_state():
    dirty_heap = {"MALLOC_PERTURB_": "165"}
    raw = run_python(DELETE_STATE_TRIGGER, env=dirty_heap)
    assert raw.returncode == SEGFAULT
    # Tickets no rule matches, many batches, the same dirty heap: our path survives.
    tickets = [{"id": f"n{i}", "request_type": "incident"} for i in range(600)]
    ours = run_python(_bundled_classifier_code(tickets), env=dirty_heap)
    assert ours.returncode == 0, ours.stderr
    assert json.loads(ours.stdout)["severities"] == [3] * 600


def test_matcher_never_calls_delete_state_or_update_state(monkeypatch):
    def forbidden(*args):
        raise AssertionError("called a durable_rules function the wrapper must never call")

    for name in ("delete_state", "update_state", "start_timer", "cancel_timer", "assert_event"):
        monkeypatch.setattr(dre, name, forbidden)
    classifier = Classifier(load_policy(BUNDLED))
    results = [classifier.classify({"id": f"t{i}"}) for i in range(3)]
    assert [r["severity"] for r in results] == [3, 3, 3]


# -- a $nex-only condition matching the engine's own session-state fact ---------------------

def test_raw_nex_branch_fires_on_the_state_fact_but_compiled_missing_conditions_do_not():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("o", json.dumps({"r": {"all": [{"m": {"$or": [
            {"severity": "high"}, {"$nex": {"assignee": 1}}]}}]}}))
        res, off = dre.assert_fact(h, json.dumps({"sid": "s", "severity": "low", "assignee": "bob"}))
        action = dre.start_action_for_state(h, off)
        print(action and action[1])
    """)
    assert '"$s":1' in raw.stdout  # fired for the state fact, not for the ticket
    policy = policy_with(rules_yaml([
        "{field: server_role, missing: true}",
        "{any: [{field: symptoms.data_loss, is: true}, {not: {field: phase, exists: true}}]}",
        "{not: {field: symptoms.unstable, exists: true}}",
    ]))
    classifier = Classifier(policy)
    ticket = {"id": "x", "server_role": "primary", "phase": "operation", "symptoms": {"unstable": False}}
    assert classifier.classify(ticket)["matched_rules"] == []  # nothing may fire for the state fact
    assert classifier.classify({"id": "y"})["matched_rules"] == ["R0", "R1", "R2"]


def test_every_compiled_rule_tests_the_ticket_guard_at_its_top_level():
    policy = load_policy(BUNDLED)
    compiled = compile_policy(policy)
    for name, rule in compiled.ruleset.items():
        pattern = rule["all"][0]["m"]
        assert pattern == GUARD or GUARD in pattern["$and"], name
        assert "run" not in rule  # no Python action: nothing for the engine to swallow


# -- the 1,024 live sessions limit, and 32-bit sid collisions ---------------------------------

def test_1024_sessions_fail_but_our_matcher_uses_one_session_for_any_number_of_tickets(monkeypatch):
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("x", json.dumps({"r": {"all": [{"m": {"$ex": {"t": 1}}}]}}))
        try:
            for i in range(1100):
                dre.assert_fact(h, json.dumps({"sid": "s%d" % i, "t": 1}))
            print("no limit")
        except BaseException as exc:
            print("failed at", i, type(exc).__name__)
    """)
    assert raw.stdout.startswith("failed at 1024")
    sids: set[str] = set()
    real_assert = dre.assert_facts

    def spy(handle, payload):
        sids.update(fact["sid"] for fact in json.loads(payload))
        return real_assert(handle, payload)

    monkeypatch.setattr(dre, "assert_facts", spy)
    classifier = Classifier(load_policy(BUNDLED))
    records = (InputRecord(None, n, {"id": f"T-{n}"}) for n in range(3000))
    assert sum(1 for _ in classifier.classify_records(records)) == 3000
    assert sids == {SESSION}


def test_colliding_sids_share_a_session_but_colliding_ticket_ids_are_classified_apart():
    pair = ("T-369108", "T-1668000")  # same 32-bit FNV-1a hash (durable-repros/t05_sid_collision.py)
    raw = run_python(f"""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("c", json.dumps({{"r": {{"all": [{{"m": {{"$ex": {{"t": 1}}}}}}]}}}}))
        print(dre.assert_fact(h, json.dumps({{"sid": {pair[0]!r}, "t": 1}}))[1],
              dre.assert_fact(h, json.dumps({{"sid": {pair[1]!r}, "t": 2}}))[1])
    """)
    first, second = raw.stdout.split()
    assert first == second  # one session for two sids
    classifier = Classifier(load_policy(BUNDLED))
    out = list(classifier.classify_records([
        InputRecord(None, 1, {"id": pair[0], "symptoms": {"data_loss": True}}),
        InputRecord(None, 2, {"id": pair[1], "request_type": "advice"}),
    ]))
    assert [(r["id"], r["severity"]) for r in out] == [(pair[0], 1), (pair[1], 4)]


# -- hard limits, refused by the compiler with a message that names a rule ----------------------

def _limit_error(policy_yaml: str) -> str:
    with pytest.raises(PolicyError) as caught:
        compile_policy(policy_with(policy_yaml))
    return "\n".join(str(p) for p in caught.value.problems)


def test_more_than_64_conditions_true_at_once_fail_at_assert_but_are_split_or_refused_at_compile():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("p", json.dumps({"r%d" % i: {"all": [{"m": {"$gte": {"score": i}}}]}
                                                for i in range(65)}))
        try:
            dre.assert_fact(h, json.dumps({"sid": "s", "score": 1000}))
            print("ok")
        except Exception as exc:
            print(exc)
    """)
    assert "303" in raw.stdout
    # One rule that alone has 65 tests true at once: refused, at the rule.
    message = _limit_error(rules_yaml(["{any: [" + ", ".join(f"{{field: declared_severity, gte: {-i}}}"
                                                             for i in range(65)) + "]}"]))
    assert "engine-limit" in message and "rules.yaml:" in message and "303" in message
    # 65 rules true at once: split over two rulesets, each within the limit, and classified.
    policy = policy_with(rules_yaml([f"{{field: declared_severity, gte: {-i}}}" for i in range(65)]))
    assert [len(shard) for shard in compile_policy(policy).shards()] == [64, 3]  # each with its catch-all
    assert Classifier(policy).classify({"id": "t", "declared_severity": 2})["matched_rules"] == \
        [f"R{i}" for i in range(65)]


def test_513_children_under_one_node_hang_but_such_policies_are_refused_at_compile():
    assert hangs("""
        import json
        import durable_rules_engine as dre
        def kw(i): return "kw" + "".join(chr(97 + int(c)) for c in str(i))
        dre.create_ruleset("c", json.dumps({"r%d" % i: {"all": [{"m": {"$mt": {"text": ".*%s.*" % kw(i)}}}]}
                                            for i in range(513)}))
    """, timeout=5)
    # 520 distinct tests in one rule (identical ones would be compiled once).
    condition = "{any: [" + ", ".join(f"{{field: declared_severity, lt: {i}}}" for i in range(520)) + "]}"
    message = _limit_error(rules_yaml([condition]))
    assert "hangs past 512" in message
    # The same tests in two rules: one ruleset each.
    conditions = ["{any: [" + ", ".join(f"{{field: declared_severity, lt: {i}}}" for i in range(start, start + 30))
                  + "]}" for start in (0, 460)]
    policy = policy_with(rules_yaml(conditions * 9))
    assert all(sum(1 for _ in shard) <= 241 for shard in compile_policy(policy).shards())


def test_256_rules_behind_one_condition_segfault_but_policies_that_large_are_split():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("b", json.dumps({"r%d" % i: {"all": [{"m": {"severity": "high"}}]}
                                                for i in range(256)}))
        dre.assert_fact(h, json.dumps({"sid": "s", "severity": "high"}))
    """)
    assert raw.returncode == SEGFAULT
    # Every compiled rule starts with the guard: 255 rules + the catch-all would be the trigger.
    # Such a policy is split over rulesets of at most 240 rules, and classifies correctly.
    policy = policy_with(rules_yaml(["{field: symptoms.data_loss, is: true}"] * 255))
    shards = compile_policy(policy).shards()
    assert len(shards) == 2 and all(len(shard) - 1 <= 240 for shard in shards)
    result = Classifier(policy).classify({"id": "t", "symptoms": {"data_loss": True}})
    assert result["matched_rules"] == [f"R{i}" for i in range(255)]


def test_15_all_groups_in_one_any_fail_to_create_but_are_refused_at_compile():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        try:
            dre.create_ruleset("a", json.dumps({"r": {"all": [{"m": {"$or": [
                {"$and": [{"a": i}, {"b": i}]} for i in range(15)]}}]}}))
            print("ok")
        except Exception as exc:
            print(exc)
    """)
    assert "113" in raw.stdout
    # 15 distinct groups (identical ones would be compiled once).
    groups = ", ".join(f"{{all: [{{field: declared_severity, gte: {i}}}, "
                       f"{{field: phase, equals: {'operation' if i % 2 else 'implementation'}}}]}}"
                       for i in range(15))
    assert "error 113" in _limit_error(rules_yaml([f"{{any: [{groups}]}}"]))


def test_254_properties_in_a_fact_fail_but_the_fact_holds_only_the_fields_rules_read():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("p", json.dumps({"r": {"all": [{"m": {"$ex": {"t": 1}}}]}}))
        fact = {"sid": "s", "t": 1, **{"f%d" % i: i for i in range(260)}}
        try:
            dre.assert_fact(h, json.dumps(fact))
            print("ok")
        except Exception as exc:
            print(exc)
    """)
    assert "302" in raw.stdout
    # A ticket with 300 unknown fields and long text: the engine sees a handful of keys.
    matcher = DurableMatcher(compile_policy(load_policy(BUNDLED)))
    ticket = {"id": "wide", "description": "x" * 100_000, **{f"custom_{i}": i for i in range(300)}}
    classifier = Classifier(load_policy(BUNDLED), matcher)
    fact = json.loads(matcher._fact_json(1, classifier.prepare(ticket).values))
    assert len(fact) < 20
    assert classifier.classify(ticket)["severity"] == 3


# -- engine errors: the ruleset is discarded and recreated -----------------------------------

def _poisoned_matcher() -> DurableMatcher:
    """The bundled ruleset plus 65 rules true together whenever ``phase`` is present.

    Built behind the compiler's back, to make the engine fail (error 303) on
    some tickets and not on others.
    """
    compiled = compile_policy(load_policy(BUNDLED))
    key = compiled.projection.base_keys["phase"]
    for i in range(65):
        compiled.ruleset[f"x{i}"] = {"all": [{"m": {"$and": [GUARD, {"$gte": {key: -1 - i}}]}}]}
        compiled.names[f"x{i}"] = f"x{i}"
    compiled.shards = lambda: [compiled.ruleset]  # type: ignore[method-assign]  # behind the splitter's back too
    return DurableMatcher(compiled)


def test_an_engine_error_costs_only_its_ticket_and_the_ruleset_is_never_reused():
    matcher = _poisoned_matcher()
    first_handle = matcher._handle
    classifier = Classifier(load_policy(BUNDLED), matcher)
    records = [InputRecord(None, 1, {"id": "ok-1", "symptoms": {"data_loss": True}}),
               InputRecord(None, 2, {"id": "boom", "phase": "operation"}),
               InputRecord(None, 3, {"id": "ok-2", "request_type": "advice"})]
    out = list(classifier.classify_records(records))
    assert [r.get("severity") for r in out] == [1, None, 4]
    assert out[1]["error"]["code"] == "engine_error" and "303" in out[1]["error"]["message"]
    assert matcher._handle != first_handle  # a fresh ruleset after the error
    assert classifier.classify({"id": "later", "symptoms": {"unstable": True}})["severity"] == 2


# -- two policies (two rulesets) in one process ------------------------------------------------

def test_two_policies_in_one_process_classify_independently_and_correctly():
    bundled = load_policy(BUNDLED)
    other = policy_with(rules_yaml(["{field: symptoms.data_loss, is: true}"], level=4))
    first, second = Classifier(bundled), Classifier(other)
    oracle_first = Classifier(bundled, ReferenceMatcher(bundled))
    tickets = [{"id": f"t{i}", "symptoms": {"data_loss": i % 2 == 0, "unstable": i % 3 == 0}}
               for i in range(300)]
    for ticket in tickets:  # interleaved, one session of each ruleset live at once
        assert first.classify(ticket) == oracle_first.classify(ticket)
        assert second.classify(ticket)["severity"] == (4 if ticket["symptoms"]["data_loss"] else 3)


def test_the_ruleset_definition_is_not_mutated_by_creating_the_engine():
    compiled = compile_policy(load_policy(BUNDLED))
    before = compiled.definition_json()
    DurableMatcher(compiled)
    DurableMatcher(compiled)
    assert compiled.definition_json() == before


# -- coercions: 1, 1.0 and "true" never decide a level ---------------------------------------

def test_raw_engine_treats_1_and_true_alike():
    raw = run_python("""
        import json
        import durable_rules_engine as dre
        h = dre.create_ruleset("k", json.dumps({"r": {"all": [{"m": {"data_loss": True}}]}}))
        fired = []
        for value in (1, 1.0, "true"):
            res, off = dre.assert_fact(h, json.dumps({"sid": "s", "data_loss": value}))
            fired.append(res == 0)
        print(json.dumps(fired))
    """)
    assert json.loads(raw.stdout) == [True, True, True]


@pytest.mark.parametrize("value", [1, 1.0, "true", 0, "1"])
def test_non_boolean_flags_become_error_records_never_a_level(value):
    classifier = Classifier(load_policy(BUNDLED))
    result = classifier.classify({"id": "c", "symptoms": {"data_loss": value}})
    assert result["error"]["code"] == "invalid_field"
    assert result["error"]["path"] == "/symptoms/data_loss"


def test_an_integral_float_level_is_read_as_the_integer_by_engine_and_reference_alike():
    policy = policy_with(rules_yaml(["{field: declared_severity, equals: 2}"], level=1))
    engine, oracle = Classifier(policy), Classifier(policy, ReferenceMatcher(policy))
    ticket = {"id": "f", "declared_severity": 2.0}
    assert engine.classify(ticket) == oracle.classify(ticket)
    assert engine.classify(ticket)["matched_rules"] == ["R0"]
    assert engine.classify(ticket)["declared_severity"] == 2
