"""The durable_rules C engine, driven the one way measured to be safe and fast.

``../shared/notes/durable-rules.md`` records the traps; this wrapper avoids each:

* no ``Host``, no ``post``, no timers, no ``update_state``: the C module is
  called directly, so no background thread races the caller;
* one long-lived session per ruleset (sid ``s``): never near the 1,024-session
  limit, no 32-bit sid collisions, and never ``delete_state`` at all (it frees
  uninitialised memory when nothing fired);
* every rule carries the ticket-only guard and a catch-all rule exists
  (``compiler``), so every asserted ticket fires and nothing matches the
  session-state fact;
* a batch of facts is asserted at once, every action drained, then the same
  facts retracted: the session is empty again between batches; each rule has
  ``cap`` set, so it fires once per batch with all its matching facts;
* a policy larger than one ruleset can hold is split over several
  (``CompiledPolicy.shards``), each with its own guard and catch-all; every
  batch goes to each and the matches are merged;
* each fact carries its own integer ``id`` (placed first, so the engine echoes
  it at a fixed position) and only engine-encoded values (``projection``);
* after any engine error the ruleset is abandoned and a fresh one created
  under a new name before the next batch: a ruleset is never reused after an
  error;
* the engine's answer for a fact is remembered (``memo``), keyed on the fact's
  exact encoding: a fact met again is not asserted again (see ``match_facts``).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, cast

import durable_rules_engine as dre
import orjson

from sevtriage.engine.compiler import CATCH_ALL, CompiledPolicy
from sevtriage.engine.projection import GUARD_KEY

SESSION = "s"
# The memo of answers per fact: two generations of at most this many facts each (about
# 200 bytes a fact): a fact met again moves to the young one, the old one is dropped
# when the young one is full. Bounded memory, and the facts met often stay.
MEMO_GENERATION = 8192
# What every fact carries after its ``id``: the session and the ticket-only guard.
_FACT_TAIL = orjson.dumps({"sid": SESSION, GUARD_KEY: 1})[1:-1]
# Every rule hands its matches over in one action of up to CAP facts (``cap``), so
# draining a batch costs one call per rule that fired instead of one per match.
CAP = 1024
_MATCH = re.compile(r'\{"m":\{"id": ?(\d+),')
_RULE = re.compile(r'^\{"([A-Za-z0-9_]+)":\[')
_RULESET_NUMBERS = itertools.count(1)

Fact = dict[str, Any]


class EngineError(RuntimeError):
    """durable_rules failed on a batch; the ruleset that failed is discarded."""


class DurableMatcher:
    """Asserts projected tickets and reports which rules and ceilings fired."""

    def __init__(self, compiled: CompiledPolicy, memo: bool = True):
        self.compiled = compiled
        self.memo = memo
        self._young: dict[bytes, frozenset[str]] = {}
        self._old: dict[bytes, frozenset[str]] = {}
        self._interned: dict[frozenset[str], frozenset[str]] = {}
        self._definitions = [json.dumps({name: {**rule, "cap": CAP} for name, rule in shard.items()},
                                        ensure_ascii=False, sort_keys=True)
                             for shard in compiled.shards()]
        self._handles: list[int] | None = None
        self._handles = self._create()

    @property
    def _handle(self) -> tuple[int, ...] | None:
        """The live rulesets (None after an engine error, until the next batch)."""
        return tuple(self._handles) if self._handles is not None else None

    def _create(self) -> list[int]:
        return [dre.create_ruleset(f"sevtriage{next(_RULESET_NUMBERS)}", definition)
                for definition in self._definitions]

    def _fact_json(self, number: int, values: dict[str, Any]) -> str:
        # Only booleans and small integers (projection): orjson writes them as json would.
        return self._encode(number, self.compiled.projection.fact(values))

    @staticmethod
    def _encode(number: int, fact: Fact) -> str:
        return orjson.dumps({"id": number, "sid": SESSION, GUARD_KEY: 1, **fact}).decode()

    def match_many(self, batch: list[dict[str, Any]]) -> list[frozenset[str]]:
        """The policy ids that hold for each flattened ticket of ``batch``, in order."""
        fact = self.compiled.projection.fact
        return self.match_facts([fact(values) for values in batch])

    def match_facts(self, facts: list[Fact]) -> list[frozenset[str]]:
        """The policy ids that hold for each engine fact (``Projection.fact``) of ``facts``.

        With ``memo`` (the default), each fact is keyed on its exact encoding, the
        same bytes the engine is sent (keys sorted): a fact whose answer is
        remembered is not asserted again, and a fact met twice in a batch is asserted
        once. This is exact: every engine rule is one pattern over one fact, and the
        session holds no fact between batches (each batch is retracted), so the
        rules that fire for a fact depend on that fact alone. durable_rules still
        evaluates every distinct fact; only its repeats are answered from memory.
        Without ``memo`` every fact of the batch is asserted (``_assert_all``)."""
        if not facts:
            return []
        if not self.memo:
            return [frozenset(ids) for ids in self._assert_all(facts)]
        keys = [orjson.dumps(fact, option=orjson.OPT_SORT_KEYS) for fact in facts]
        young = self._young
        found: list[frozenset[str] | None] = [young.get(key) for key in keys]
        new: dict[bytes, int] = {}  # each distinct fact not remembered -> its index in the payload
        old = self._old
        for index, known in enumerate(found):
            if known is None:
                key = keys[index]
                known = old.get(key)
                if known is not None:  # met again: into the young generation
                    found[index] = self._remember(key, known)
                elif key not in new:
                    new[key] = len(new)
        if new:
            answers = self._assert_all_encoded(list(new))
            for index, known in enumerate(found):
                if known is None:
                    found[index] = answers[new[keys[index]]]
        return cast(list[frozenset[str]], found)  # every None was filled

    def _remember(self, key: bytes, ids: frozenset[str]) -> frozenset[str]:
        """Keep ``ids`` as the answer for fact ``key`` in the young generation."""
        young = self._young
        if len(young) >= MEMO_GENERATION:
            self._old, self._young, self._interned = young, {}, {}
            young = self._young
        ids = self._interned.setdefault(ids, ids)  # one object per distinct answer
        # A copy of the key: orjson's bytes keep a 4 KB allocation (measured: 16,384 keys took
        # 64 MB), the copy only its length.
        young[bytes(memoryview(key))] = ids
        return ids

    def _assert_all_encoded(self, keys: list[bytes]) -> list[frozenset[str]]:
        """Assert each encoded fact (sorted keys, as ``match_facts`` keys them) once, remember the answers."""
        tail = _FACT_TAIL
        payload = b"[" + b",".join(b'{"id":%d,%s%s%s' % (number, tail, b"," if len(key) > 2 else b"", key[1:])
                                   for number, key in enumerate(keys, 1)) + b"]"
        found = self._run(payload.decode(), len(keys))
        return [self._remember(key, frozenset(ids)) for key, ids in zip(keys, found, strict=True)]

    def _assert_all(self, facts: list[Fact]) -> list[set[str]]:
        """Assert every fact of ``facts`` (no memo)."""
        # One encoding for the batch: the same text as each fact's ``_encode`` joined in a list.
        payload = orjson.dumps([{"id": number, "sid": SESSION, GUARD_KEY: 1, **fact}
                                for number, fact in enumerate(facts, 1)]).decode()
        return self._run(payload, len(facts))

    def _run(self, payload: str, count: int) -> list[set[str]]:
        """The ids that hold for each of the ``count`` facts of ``payload``, from every ruleset."""
        found: list[set[str]] = [set() for _ in range(count)]
        if self._handles is None:
            self._handles = self._create()
        try:
            for handle in self._handles:
                self._drain(handle, payload, found, self.compiled.names)
        except Exception as exc:
            self._handles = None  # never reuse a ruleset after an engine error
            raise EngineError(f"durable_rules failed: {exc}") from exc
        return found

    def match(self, values: dict[str, Any]) -> frozenset[str]:
        return self.match_many([values])[0]

    @staticmethod
    def _drain(handle: int, payload: str, found: list[set[str]], names: dict[str, str]) -> None:
        """Assert the batch, collect every action (one per rule, up to CAP facts), retract.

        Each action names its rule once for all its facts: the policy id is looked up
        there, per rule and batch, not per ticket; the catch-all's action is only drained."""
        result, state = dre.assert_facts(handle, payload)
        if result == 0:
            action = dre.start_action_for_state(handle, state)
            message = action and action[1]
            while message:
                rule = _RULE.match(message)
                if rule is None:
                    raise EngineError(f"unexpected action from durable_rules: {message[:200]!r}")
                name = rule.group(1)
                if name != CATCH_ALL:
                    policy_id = names[name]
                    for number in _MATCH.findall(message):
                        found[int(number) - 1].add(policy_id)
                message = dre.complete_and_start_action(handle, state)
        dre.retract_facts(handle, payload)
