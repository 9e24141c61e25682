"""Tickets from a CSV export: a header row, RFC 4180 quoting, ``,`` or ``;``, UTF-8 with or without BOM.

Each data row becomes one record whose values are the cells by header name;
an empty cell is a missing value (not an empty string), so a column a
helpdesk leaves blank does not fail the contract. A record's ``line`` is the
physical line its row starts on, counting the newlines inside quoted cells,
so an error record points at the row a spreadsheet user sees. Rows stay text
here (``text_cells``); they are typed later, in the workers: by a mapping, or
(``contract_rows``) by the contract when the columns are named like its fields
(``declared_severity``, ``symptoms.data_loss``).

The delimiter is the one of ``,`` and ``;`` that the header line uses more
often outside quotes (Excel writes ``;`` where the decimal mark is a comma),
unless given.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from sevtriage.tickets.cell_types import typed_cell
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.records import InputRecord

DELIMITERS = (",", ";")


def detect_delimiter(header_line: str) -> str:
    """``,`` or ``;``: whichever the header uses more outside quotes (``,`` on a tie)."""
    counts = {delimiter: 0 for delimiter in DELIMITERS}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _header_problem(header: list[str]) -> str | None:
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            return f'the header (line 1) names the column "{name}" twice'
        seen.add(name)
    if not any(header):
        return "the header (line 1) names no column"
    return None


def read_csv(stream: BinaryIO, name: str | None, delimiter: str | None = None,
             max_bytes: int = 1024 * 1024, stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """One record per data row, in order; a row that cannot be read is an error record in its place."""
    stats = stats if stats is not None else ReadStats()
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _rows(text, name, delimiter, max_bytes, stats)
    finally:
        text.detach()  # the caller owns the byte stream (standard input must stay open)


def _rows(text: io.TextIOWrapper, name: str | None, delimiter: str | None, max_bytes: int,
          stats: ReadStats) -> Iterator[InputRecord]:
    first = text.readline()
    offset = 0  # blank lines before the header
    while first and not first.strip():
        offset += 1
        first = text.readline()
    stats.blank_lines += offset
    if not first:
        return
    stats.bytes_read += len(first.encode("utf-8", "surrogateescape"))
    import csv  # CSV input only (start-up)
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    reader = csv.reader(_counting(itertools.chain([first], text), stats),
                        delimiter=delimiter or detect_delimiter(first), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        yield InputRecord(name, offset + 1, error=TicketError("invalid_csv", f"the header cannot be read: {exc}"))
        return
    problem = _header_problem(header)
    end = reader.line_num
    while True:
        start = offset + end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputRecord(name, start, error=TicketError("invalid_csv", f"the row cannot be read as CSV: {exc}"))
            end = reader.line_num
            continue
        end = reader.line_num
        if not any(row):
            stats.blank_lines += end - (start - offset) + 1
            continue
        yield _record(name, start, header, row, problem, max_bytes)


def _counting(lines: Iterable[str], stats: ReadStats) -> Iterator[str]:
    first = True
    for line in lines:
        if not first:
            stats.bytes_read += len(line.encode("utf-8", "surrogateescape"))
        first = False
        yield line


def _record(name: str | None, line: int, header: list[str], row: list[str], problem: str | None,
            max_bytes: int) -> InputRecord:
    def error(code: str, message: str) -> InputRecord:
        return InputRecord(name, line, error=TicketError(code, message))

    if problem is not None:
        return error("invalid_csv", problem)
    extra = [cell for cell in row[len(header):] if cell]
    if extra:
        return error("invalid_csv", f"the row has {len(row)} cells, the header names {len(header)} columns")
    if sum(len(cell) for cell in row) > max_bytes:
        return error("ticket_too_large", f"the ticket is longer than {max_bytes} bytes (--max-ticket-bytes)")
    values: dict[str, Any] = {}
    not_utf8: str | None = None
    for column, cell in zip(header, row, strict=False):  # short rows: missing cells
        if column and cell != "":
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                not_utf8 = not_utf8 or column
                continue
            values[column] = cell
    if not_utf8 is not None:
        # The row's other cells are kept with the error, so that its record names the ticket when
        # the id's cell is readable (``contract_rows`` or the mapping's id expression reads it),
        # as every other error record of a readable row does.
        return InputRecord(name, line, ticket=values, text_cells=True,
                           error=TicketError("invalid_utf8", f'the cell of column "{not_utf8}" is not UTF-8'))
    return InputRecord(name, line, ticket=values, text_cells=True)


def contract_row(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row whose columns are named like contract fields, as a contract ticket.

    ``symptoms.data_loss`` nests under ``symptoms``; ``true``/``false`` and
    integers are typed where the contract wants them; other columns are kept
    as text (and warned about as unknown fields, as in JSON).
    """
    from sevtriage.tickets.mapping.model import mappable_fields  # CSV only (start-up)
    fields = mappable_fields()
    ticket: dict[str, Any] = {}
    for column, cell in row.items():
        value = typed_cell(fields.get(column), cell)
        if column.startswith("symptoms.") and column.count(".") == 1:
            symptoms = ticket.setdefault("symptoms", {})
            if isinstance(symptoms, dict):
                symptoms[column[9:]] = value
                continue
        ticket[column] = value
    return ticket


def contract_rows(records: Iterable[InputRecord], stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """Records with CSV rows read as contract tickets (no mapping); other records unchanged.

    (``stats``: the ``Intake`` signature; a row always holds one ticket.)"""
    for record in records:
        if record.text_cells and record.error is None:
            yield InputRecord(record.file, record.line, ticket=contract_row(record.ticket), item=record.item)
        else:
            yield record
