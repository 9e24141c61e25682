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
from sevtriage.engine.decision import Decision, decide, result_record
from sevtriage.engine.durable_matcher import DurableMatcher, EngineError
from sevtriage.policy.model import Policy
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.prepare import PreparedTicket, prepare_ticket
from sevtriage.tickets.records import InputRecord, error_record

BATCH_SIZE = 256


class Matcher(Protocol):
    def match_many(self, batch: list[dict[str, Any]]) -> list[set[str]]: ...


def is_error(record: dict[str, Any]) -> bool:
    return "error" in record


class Classified(NamedTuple):
    """One output record, with the decision that produced it (None for an error record)."""

    record: dict[str, Any]
    decision: Decision | None


class Classifier:
    """A policy, compiled once, ready to classify any number of tickets."""

    def __init__(self, policy: Policy, matcher: Matcher | None = None):
        self.policy = policy
        self.matcher: Matcher = matcher or DurableMatcher(compile_policy(policy))

    def prepare(self, ticket: Any) -> PreparedTicket:
        return prepare_ticket(ticket, self.policy.field_defaults)

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
        for record in records:
            record = record.decoded()
            if record.error is not None:
                pending.append((record, record.error))
            else:
                try:
                    pending.append((record, self.prepare(record.ticket)))
                except TicketError as error:
                    pending.append((record, error))
                except RecursionError:  # jsonschema's message for a value ~1,000 levels deep
                    pending.append((record, TicketError("invalid_json", "JSON nested too deeply")))
            if len(pending) >= BATCH_SIZE:
                yield from self._flush(pending)
                pending = []
        yield from self._flush(pending)

    def _flush(self, pending: list[tuple[InputRecord, PreparedTicket | TicketError]]) -> Iterator[Classified]:
        prepared = [item for _, item in pending if isinstance(item, PreparedTicket)]
        holding = self._match(prepared)
        answers = iter(holding)
        for record, item in pending:
            if isinstance(item, TicketError):
                yield Classified(error_record(record, item), None)
                continue
            ids = next(answers)
            try:
                if isinstance(ids, TicketError):
                    raise ids
                decision = decide(self.policy, item, ids)
                yield Classified(result_record(self.policy, item, decision), decision)
            except TicketError as error:  # valid by the contract, yet not decidable under this policy
                yield Classified(error_record(record, error), None)

    def _match(self, prepared: list[PreparedTicket]) -> list[set[str] | TicketError]:
        values = [p.values for p in prepared]
        try:
            return list(self.matcher.match_many(values))
        except EngineError:
            # Isolate the ticket that broke the engine; every other one still gets its result.
            out: list[set[str] | TicketError] = []
            for one in values:
                try:
                    out.append(self.matcher.match_many([one])[0])
                except EngineError as exc:
                    out.append(TicketError("engine_error", str(exc)))
            return out
