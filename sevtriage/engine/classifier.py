"""Classify tickets: validate, match (durable_rules), decide, and build the result.

One classifier serves every command. Tickets are validated before the engine
sees them; records that are already errors (bad JSON, a line too long) pass
through in place, so every input record yields exactly one output record, in
input order. Matching is done in batches against one long-lived session.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Set
from typing import Any, NamedTuple, Protocol

from sevtriage.engine.compiler import compile_policy
from sevtriage.engine.decision import Decider, Decision
from sevtriage.engine.durable_matcher import DurableMatcher, EngineError
from sevtriage.engine.projection import Projection, build_projection
from sevtriage.engine.ticket_facts import build_ticket_facts
from sevtriage.policy.model import Policy
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json, decode_json_unscanned, has_long_digit_run, jsonl_line
from sevtriage.tickets.prepare import PreparedTicket, prepare_ticket
from sevtriage.tickets.records import InputRecord, error_record
from sevtriage.tickets.textflags import TextFlags

BATCH_SIZE = 256
Fact = dict[str, Any]
# A line of a block of JSON Lines: (file, line number, its JSON bytes), classified without an InputRecord.
RawLine = tuple[str | None, int, bytes]
Source = InputRecord | RawLine
# A source in a batch: the source, its decoded ticket (or None), its PreparedTicket or its TicketError.
Pending = tuple[Source, Any, Any]


class Matcher(Protocol):
    def match_many(self, batch: list[dict[str, Any]]) -> Sequence[Set[str]]: ...


def is_error(record: dict[str, Any]) -> bool:
    return "error" in record


class _Inexact(Exception):
    """The ticket's JSON has an integer of 19+ digits: it must be read again, exactly."""


class ResultLines(NamedTuple):
    """``Classifier.result_lines``: each record's line, severity (None: an error record) and id."""

    lines: list[str]
    severities: list[int | None]
    ids: list[Any]


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

    def __init__(self, policy: Policy, matcher: Matcher | None = None, text_flags: bool = True,
                 memo: bool = True):
        self.policy = policy
        if matcher is None:  # ``memo``: remember the engine's answer per distinct fact (DurableMatcher)
            matcher = DurableMatcher(compile_policy(policy), memo=memo)
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
        limits = self.text_flags.limit_warnings(ticket)
        ticket, derived = self.text_flags.apply(ticket)
        prepared = prepare_ticket(ticket, self.policy.field_defaults)
        prepared.derived_flags = derived
        if limits:
            prepared.warnings = [*prepared.warnings, *limits]
        return prepared

    def _prepare(self, ticket: Any, unscanned: bytes | None = None) -> tuple[PreparedTicket, Fact]:
        """The ticket checked, flattened and projected; raises TicketError. The text flags
        come first: the contract check and the engine see only the flags they set.

        ``unscanned``: the JSON ``ticket`` was read from by ``decode_json_unscanned``. A
        ticket the one-pass preparer vouches for without unknown fields is read exactly;
        any other is scanned for long integers, and ``_Inexact`` raised if it has one."""
        derived = None
        limits: list[str] = []
        if self.text_flags is not None:
            limits = self.text_flags.limit_warnings(ticket)  # a text longer than detectors read
            ticket, derived = self.text_flags.apply(ticket)
        if self._facts is not None:
            done = self._facts(ticket)
            if done is not None and (unscanned is None or not done[0].warnings):
                done[0].derived_flags = derived
                if limits:
                    done[0].warnings = [*done[0].warnings, *limits]
                return done
        if unscanned is not None and has_long_digit_run(unscanned):
            raise _Inexact
        try:
            prepared = prepare_ticket(ticket, self.policy.field_defaults)
        except RecursionError:  # jsonschema's message for a value ~1,000 levels deep
            raise TicketError("invalid_json", "JSON nested too deeply") from None
        prepared.derived_flags = derived
        if limits:
            prepared.warnings = [*prepared.warnings, *limits]
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
        decide, result_record = self.decider.decide, self.decider.result_record
        for batch, holdings in self._batches(records):
            for (source, ticket, prepared), holding in zip(batch, holdings):  # noqa: B905 (one list each)
                if holding is not None:
                    try:
                        decision = decide(prepared, holding)
                        yield Classified(result_record(prepared, decision), decision)
                        continue
                    except TicketError as error:  # valid by the contract, yet not decidable under this policy
                        prepared = error
                yield Classified(error_record(_as_record(source, ticket), prepared), None)

    def result_lines(self, sources: Iterable[Source]) -> ResultLines:
        """Each source's output record as one JSON Lines line, in order: the same text as
        ``jsonl_line`` of each of ``classify_records``' records, through ``Decider.result_line``
        (no result dict per ticket). A source is an ``InputRecord`` or, for a line of a
        block, a ``RawLine`` (file, line number, JSON bytes): no record object per line."""
        out = ResultLines([], [], [])
        lines, severities, ids = out
        result_line = self.decider.result_line
        for batch, holdings in self._batches(sources):
            for (source, ticket, prepared), holding in zip(batch, holdings):  # noqa: B905 (one list each)
                if holding is not None:
                    try:
                        line, decision = result_line(prepared, holding)
                    except TicketError as error:
                        prepared = error
                    else:
                        lines.append(line)
                        severities.append(decision.severity)
                        ids.append(prepared.id)
                        continue
                record = error_record(_as_record(source, ticket), prepared)
                lines.append(jsonl_line(record))
                severities.append(None)
                ids.append(record["id"])
        return out

    def _batches(self, sources: Iterable[Source]) -> Iterator[tuple[list[Pending], list[Set[str] | None]]]:
        """The sources decoded, prepared and matched, a batch at a time, in order: each
        (source, decoded ticket, PreparedTicket) with the ids that hold for it, or
        (source, decoded ticket or None, TicketError) with None. Per batch, not per
        ticket: the consumers loop over a batch without a generator step per ticket."""
        batch: list[Pending] = []
        prepared_ones: list[PreparedTicket] = []
        facts: list[Fact] = []
        positions: list[int] = []  # where in ``batch`` each prepared ticket is
        prepare = self._prepare
        for source in sources:
            ticket: Any = None
            try:
                if isinstance(source, tuple):  # a line of a block: read without the long-integer scan
                    ticket = decode_json_unscanned(source[2])
                    try:
                        prepared, fact = prepare(ticket, source[2])
                    except _Inexact:  # it has an integer orjson may not read exactly: read it again
                        ticket = None
                        ticket = decode_json(source[2])
                        prepared, fact = prepare(ticket)
                else:
                    if source.raw is not None:
                        try:
                            source = InputRecord(source.file, source.line, ticket=decode_json(source.raw))
                        except TicketError as error:
                            source = InputRecord(source.file, source.line, error=error)
                    if source.error is not None:
                        raise source.error
                    ticket = source.ticket
                    prepared, fact = prepare(ticket)
            except TicketError as error:
                batch.append((source, ticket, error))
            else:
                positions.append(len(batch))
                batch.append((source, ticket, prepared))
                prepared_ones.append(prepared)
                facts.append(fact)
            if len(batch) >= BATCH_SIZE:
                yield batch, self._holdings(batch, positions, prepared_ones, facts)
                batch, prepared_ones, facts, positions = [], [], [], []
        if batch:
            yield batch, self._holdings(batch, positions, prepared_ones, facts)

    def _holdings(self, batch: list[Pending], positions: list[int], prepared: list[PreparedTicket],
                  facts: list[Fact]) -> list[Set[str] | None]:
        """The ids that hold for each prepared ticket of ``batch`` (None elsewhere); a ticket
        the engine failed on gets its TicketError in ``batch`` instead."""
        holdings: list[Set[str] | None] = [None] * len(batch)
        for position, ids in zip(positions, self._match(prepared, facts), strict=True):
            if isinstance(ids, TicketError):
                batch[position] = (batch[position][0], batch[position][1], ids)
            else:
                holdings[position] = ids
        return holdings

    def _match(self, prepared: list[PreparedTicket], facts: list[Fact]) -> list[Set[str] | TicketError]:
        if self._match_facts is None:
            return list(self.matcher.match_many([item.values for item in prepared]))
        try:
            return list(self._match_facts(facts))
        except EngineError:
            # Isolate the ticket that broke the engine; every other one still gets its result.
            out: list[Set[str] | TicketError] = []
            for one in facts:
                try:
                    out.append(self._match_facts([one])[0])
                except EngineError as exc:
                    out.append(TicketError("engine_error", str(exc)))
            return out


def _as_record(source: Source, ticket: Any) -> InputRecord:
    """The record an error record is built from: a raw line's, with its decoded ticket if any."""
    if isinstance(source, tuple):
        return InputRecord(source[0], source[1], ticket=ticket)
    return source
