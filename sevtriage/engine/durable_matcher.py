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
  facts retracted: the session is empty again between batches;
* each fact carries its own integer ``id`` (placed first, so the engine echoes
  it at a fixed position) and only engine-encoded values (``projection``);
* after any engine error the ruleset is abandoned and a fresh one created
  under a new name before the next batch: a ruleset is never reused after an
  error.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import durable_rules_engine as dre
import orjson

from sevtriage.engine.compiler import CATCH_ALL, CompiledPolicy
from sevtriage.engine.projection import GUARD_KEY

SESSION = "s"
_ACTION = re.compile(r'^\{"([A-Za-z0-9_]+)":\{"m":\{"id": ?(\d+),')
_RULESET_NUMBERS = itertools.count(1)


class EngineError(RuntimeError):
    """durable_rules failed on a batch; the ruleset that failed is discarded."""


class DurableMatcher:
    """Asserts projected tickets and reports which rules and ceilings fired."""

    def __init__(self, compiled: CompiledPolicy):
        self.compiled = compiled
        self._definition = compiled.definition_json()
        self._handle: int | None = None
        self._handle = self._create()

    def _create(self) -> int:
        name = f"sevtriage{next(_RULESET_NUMBERS)}"
        handle: int = dre.create_ruleset(name, self._definition)
        return handle

    def _fact_json(self, number: int, values: dict[str, Any]) -> str:
        # Only booleans and small integers (projection): orjson writes them as json would.
        fact = {"id": number, "sid": SESSION, GUARD_KEY: 1}
        fact.update(self.compiled.projection.fact(values))
        return orjson.dumps(fact).decode()

    def match_many(self, batch: list[dict[str, Any]]) -> list[set[str]]:
        """The policy ids that hold for each flattened ticket of ``batch``, in order."""
        if not batch:
            return []
        found: list[set[str]] = [set() for _ in batch]
        payload = "[" + ",".join(self._fact_json(i + 1, v) for i, v in enumerate(batch)) + "]"
        if self._handle is None:
            self._handle = self._create()
        handle = self._handle
        try:
            result, state = dre.assert_facts(handle, payload)
            if result == 0:
                action = dre.start_action_for_state(handle, state)
                message = action and action[1]
                while message:
                    self._record(message, found)
                    message = dre.complete_and_start_action(handle, state)
            dre.retract_facts(handle, payload)
        except Exception as exc:
            self._handle = None  # never reuse a ruleset after an engine error
            raise EngineError(f"durable_rules failed: {exc}") from exc
        names = self.compiled.names
        return [{names[n] for n in fired if n != CATCH_ALL} for fired in found]

    def match(self, values: dict[str, Any]) -> set[str]:
        return self.match_many([values])[0]

    @staticmethod
    def _record(message: str, found: list[set[str]]) -> None:
        parsed = _ACTION.match(message)
        if parsed is None:
            raise EngineError(f"unexpected action from durable_rules: {message[:200]!r}")
        found[int(parsed.group(2)) - 1].add(parsed.group(1))
