"""The explanation for people: a few indented lines per ticket."""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.tickets.json_codec import dumps_inline
from sevtriage.tickets.textflags import evidence_line

MAX_MISSES_SHOWN = 5
# C0 and C1 controls and DEL: a ticket's id or text must not drive the terminal (ESC sequences).
_CONTROL = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}


def clean(value: Any) -> Any:
    """``value`` with every control character in its strings made a space, as the table does."""
    if isinstance(value, str):
        return value.translate(_CONTROL)
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def render(record: dict[str, Any]) -> str:
    """A few lines for people; every string from the ticket is cleaned of control characters."""
    record = clean(record)
    if "error" in record:
        error = record["error"]
        where = f" at {error['path']}" if error.get("path") else ""
        return f"{record.get('id') or '-'} (line {record['line']}): error {error['code']}{where}: {error['message']}\n"
    e = record["explanation"]
    lines = [f"{record['id']}: Level {record['severity']} ({record['level_name']}), basis: {record['basis']}"]
    decider = e["decided_by"]
    if decider["kind"] == "rule":
        lines.append(f"  decided by {decider['rule']} (Level {decider['level']}, {decider['at']})")
        if decider.get("source"):
            lines.append(f"    source: {decider['source']}")
    elif decider["kind"] == "declared":
        lines.append(f"  no rule matched: the declared Level {decider['level']} is the basis")
    else:
        lines.append(f"  no rule matched and no level was declared: the default Level {decider['level']}")
    derived = record.get("derived_flags") or []
    for entry in derived:
        if entry.get("decisive"):
            lines.append(f"    words: {evidence_line(entry)}")
    others = [entry for entry in derived if not entry.get("decisive")]
    if others:
        lines.append("  other words read from the text:")
        lines.extend(f"    {evidence_line(entry)}" for entry in others)
    for rule in e["overridden"]:
        lines.append(f"  also matched, overridden: {rule['rule']} (Level {rule['level']})")
    for cap in e["ceilings"]:
        if cap["applied"]:
            lines.append(f"  ceiling {cap['ceiling']} (at most Level {cap['max_level']}): "
                         f"Level {cap['from_level']} -> Level {cap['to_level']}")
        else:
            lines.append(f"  ceiling {cap['ceiling']} holds (at most Level {cap['max_level']}) "
                         f"but changes nothing: the level is already Level {cap['from_level']}")
    if e["nearest_misses"]:
        lines.append("  nearest misses (more severe rules that did not match):")
        for miss in e["nearest_misses"][:MAX_MISSES_SHOWN]:
            why = "; ".join(f"{f['condition']}: expected {_show(f['expected'])}, had {_show(f['actual'])}"
                            for f in miss["failed"])
            lines.append(f"    {miss['rule']} (Level {miss['level']}): {why}")
        hidden = len(e["nearest_misses"]) - MAX_MISSES_SHOWN
        if hidden > 0:
            lines.append(f"    ... and {hidden} more (--format json shows all)")
    for change in e["counterfactuals"]:
        lines.append(f"  {change['text']}")
    lines.append(f"  respond_by: {e['respond_by']['text']}")
    lines.extend(_mapped_from(e))
    return "\n".join(lines) + "\n"


def _mapped_from(e: dict[str, Any]) -> list[str]:
    """With --map: the source expression of each field cited in the lines above (explain/mapped.py)."""
    mapped = e.get("mapped_from")
    if not mapped:
        return []
    shown = {f["field"] for miss in e["nearest_misses"][:MAX_MISSES_SHOWN] for f in miss["failed"]}
    shown |= {c["field"] for change in e["counterfactuals"] for c in change.get("changes") or []}
    shown |= {"created_at", "declared_severity"}
    fields = [(field, entry) for field, entry in mapped["fields"].items() if field in shown]
    if not fields:
        return []
    lines = [f"  where these fields come from (mapping {mapped['mapping']}):"]
    for field, entry in fields:
        if entry is None:
            lines.append(f"    {field}: not read by the mapping")
        elif entry["source"] is None:
            lines.append(f"    {field} <- {entry['expression']}: nothing for this ticket (missing)")
        else:
            table = f", through the table {entry['table']}" if entry.get("table") else ""
            lines.append(f"    {field} <- {entry['expression']}: {_show_source(entry['source'])}{table}")
    return lines


def _show_source(value: Any) -> str:
    text = dumps_inline(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return dumps_inline(value)


class TextFormatter:
    """Same interface as the classify formatters: ``write(record)``, ``close()``."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(("\n" if self.count else "") + render(record))
        self.count += 1

    def close(self) -> None:
        pass
