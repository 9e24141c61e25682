"""Classify tickets: validate, match (durable_rules), decide, and build the result.

One classifier serves every command. Tickets are validated before the engine
sees them; records that are already errors (bad JSON, a line too long) pass
through in place, so every input record yields exactly one output record, in
input order. Matching is done in batches against one long-lived session.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, Protocol

from sevtriage.engine.compiler import compile_policy
from sevtriage.engine.decision import Decider, Decision
from sevtriage.engine.durable_matcher import DurableMatcher, EngineError
from sevtriage.engine.projection import Projection, build_projection
from sevtriage.engine.ticket_facts import build_ticket_facts
from sevtriage.policy.model import Policy
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json
from sevtriage.tickets.prepare import PreparedTicket, prepare_ticket
from sevtriage.tickets.records import InputRecord, error_record
from sevtriage.tickets.textflags import TextFlags

BATCH_SIZE = 256
Fact = dict[str, Any]


class Matcher(Protocol):
    def match_many(self, batch: list[dict[str, Any]]) -> list[set[str]]: ...


def is_error(record: dict[str, Any]) -> bool:
    return "error" in record


class Classified(NamedTuple):
    """One output record, with the decision that produced it (None for an error record)."""

    record: dict[str, Any]
    decision: Decision | None


class Classifier:
    """A policy, compiled once, ready to classify any number of tickets.

    Per ticket, the common case is one pass (``ticket_facts``: check, flatten
    and project together), the engine's matches for a whole batch, then the
    decision and the result (``Decider``). A ticket that pass cannot vouch for
    goes through ``prepare_ticket``, which gives the exact error record.
    """

    def __init__(self, policy: Policy, matcher: Matcher | None = None, text_flags: bool = True):
        self.policy = policy
        if matcher is None:
            matcher = DurableMatcher(compile_policy(policy))
        self.matcher: Matcher = matcher
        durable = matcher if isinstance(matcher, DurableMatcher) else None
        self._projection: Projection = durable.compiled.projection if durable else build_projection(policy)
        self._facts = build_ticket_facts(policy, self._projection)
        self._match_facts = durable.match_facts if durable else None
        self.decider = Decider(policy)
        # Flags from the ticket's words, when the policy has detectors (docs/text-flags.md).
        self.text_flags = TextFlags(policy.text) if text_flags and policy.text is not None else None

    def prepare(self, ticket: Any) -> PreparedTicket:
        """Derive the text flags (if any), then check the contract and flatten: only flags,
        never text, go on to the engine."""
        if self.text_flags is None:
            return prepare_ticket(ticket, self.policy.field_defaults)
        ticket, derived = self.text_flags.apply(ticket)
        prepared = prepare_ticket(ticket, self.policy.field_defaults)
        prepared.derived_flags = derived
        return prepared

    def _prepare(self, ticket: Any) -> tuple[PreparedTicket, Fact]:
        """The ticket checked, flattened and projected; raises TicketError. The text flags
        come first: the contract check and the engine see only the flags they set."""
        derived = None
        if self.text_flags is not None:
            ticket, derived = self.text_flags.apply(ticket)
        if self._facts is not None:
            done = self._facts(ticket)
            if done is not None:
                done[0].derived_flags = derived
                return done
        try:
            prepared = prepare_ticket(ticket, self.policy.field_defaults)
        except RecursionError:  # jsonschema's message for a value ~1,000 levels deep
            raise TicketError("invalid_json", "JSON nested too deeply") from None
        prepared.derived_flags = derived
        return prepared, self._projection.fact(prepared.values)

    def classify(self, ticket: Any, line: int = 1, file: str | None = None) -> dict[str, Any]:
        """One ticket (decoded JSON) to one result or error record."""
        return self.classify_one(ticket, line, file).record

    def classify_one(self, ticket: Any, line: int = 1, file: str | None = None) -> Classified:
        """One ticket (decoded JSON) to its record and decision."""
        return next(self.classify_decisions([InputRecord(file, line, ticket)]))

    def classify_records(self, records: Iterable[InputRecord]) -> Iterator[dict[str, Any]]:
        """Results in input order, one per record, matching in batches as it goes."""
        for classified in self.classify_decisions(records):
            yield classified.record

    def classify_decisions(self, records: Iterable[InputRecord]) -> Iterator[Classified]:
        """``classify_records`` with each result's ``Decision`` (None for an error record)."""
        pending: list[tuple[InputRecord, PreparedTicket | TicketError]] = []
        facts: list[Fact] = []
        prepare = self._prepare
        for record in records:
            if record.raw is not None:
                try:
                    record = InputRecord(record.file, record.line, ticket=decode_json(record.raw))
                except TicketError as error:
                    record = InputRecord(record.file, record.line, error=error)
            if record.error is not None:
                pending.append((record, record.error))
            else:
                try:
                    prepared, fact = prepare(record.ticket)
                except TicketError as error:
                    pending.append((record, error))
                else:
                    pending.append((record, prepared))
                    facts.append(fact)
            if len(pending) >= BATCH_SIZE:
                yield from self._flush(pending, facts)
                pending, facts = [], []
        yield from self._flush(pending, facts)

    def _flush(self, pending: list[tuple[InputRecord, PreparedTicket | TicketError]],
               facts: list[Fact]) -> Iterator[Classified]:
        answers = iter(self._match(pending, facts))
        decider = self.decider
        for record, item in pending:
            if isinstance(item, TicketError):
                yield Classified(error_record(record, item), None)
                continue
            ids = next(answers)
            try:
                if isinstance(ids, TicketError):
                    raise ids
                decision = decider.decide(item, ids)
                yield Classified(decider.result_record(item, decision), decision)
            except TicketError as error:  # valid by the contract, yet not decidable under this policy
                yield Classified(error_record(record, error), None)

    def _match(self, pending: list[tuple[InputRecord, PreparedTicket | TicketError]],
               facts: list[Fact]) -> list[set[str] | TicketError]:
        if self._match_facts is None:
            values = [item.values for _, item in pending if isinstance(item, PreparedTicket)]
            return list(self.matcher.match_many(values))
        try:
            return list(self._match_facts(facts))
        except EngineError:
            # Isolate the ticket that broke the engine; every other one still gets its result.
            out: list[set[str] | TicketError] = []
            for one in facts:
                try:
                    out.append(self._match_facts([one])[0])
                except EngineError as exc:
                    out.append(TicketError("engine_error", str(exc)))
            return out
