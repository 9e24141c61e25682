"""Find the parts of a ticket that are not the customer's prose.

A stack trace that says ``DataLossException`` or a log line ``ERROR ... corrupt
block`` is evidence for an engineer, not a statement by the customer; reading
their words as symptoms would set flags from whatever the software printed.
Masked spans are overwritten with ``|`` in the folded text (same length, so
offsets do not move); ``|`` is neither a word character nor a separator the
patterns cross, so nothing matches in or across a masked span.

Masked: fenced code blocks (```` ``` ````, ``~~~``), Jira ``{code}``,
``{noformat}``, ``{quote}`` and ``<pre>``/``<code>`` blocks; inline backquoted
text; stack-trace lines (``at pkg.Class.method(``, ``Caused by:``,
``Exception in thread``, Python's ``Traceback`` and ``File "...", line``); log
lines (a line that starts with a timestamp or a bracketed/plain log level);
e-mail style quoted lines (``> ...``); and double-quoted messages of at least
two words on one line (``"Connection lost: data may be corrupt"``).
"""

from __future__ import annotations

import re
from functools import cache

MASK_CHAR = "|"

_BLOCKS_SOURCE = (
    r"```.*?(?:```|\Z)"
    r"|~~~.*?(?:~~~|\Z)"
    r"|\{code(?::[^}\n]{0,200})?\}.*?(?:\{code\}|\Z)"
    r"|\{noformat\}.*?(?:\{noformat\}|\Z)"
    r"|\{quote\}.*?(?:\{quote\}|\Z)"
    r"|<pre\b.*?(?:</pre>|\Z)"
    r"|<code\b.*?(?:</code>|\Z)")

_LINES = re.compile(
    r"(?m)^[ \t]*(?:"
    r"at [\w$.<>]+\(.*"                                   # Java frame
    r"|\.\.\. \d+ more.*"
    r"|caused by:.*"
    r"|exception in thread.*"
    r"|traceback \(most recent call last\).*"
    r"|file \"[^\"\n]*\", line \d+.*"
    r"|(?:[\w$]+\.){2,}[\w$]*(?:exception|error)\b.*"     # java.io.IOException: ...
    r"|\[?\d{2,4}[-/.]\d{1,2}[-/.]\d{1,4}[ t]\d{1,2}:\d{2}.*"   # 2013-01-01 12:00:00 ...
    r"|\[?\d{1,2}:\d{2}:\d{2}[.,]?\d*\]?\s.*"               # 12:00:00,123 ...
    r"|(?:\[(?:error|warn|warning|info|debug|fatal|severe|trace)\]|(?:error|warn|warning|info|debug|fatal|severe|trace):)\s.*"
    r"|>.*"                                                # e-mail quoting
    # form fields of bug-tracker templates ("Issue Type: Bug", "OS version: ..."): labels, not prose
    r"|(?:issue type|type|kind|labels?|tags?|priority|severity|os|os version|version|vs ?code version"
    r"|extension version|browser|platform|component|product|status|resolution|affects versions?"
    r"|fix versions?)\s*:.*"
    r")$")

_INLINE_SOURCE = r"`[^`\n]{1,400}`|\"[^\"\n]{0,400}\s[^\"\n]{0,400}\""


@cache
def _blocks() -> re.Pattern[str]:
    """Compiled when a text first has one of their leading characters (start-up: most have none)."""
    return re.compile(_BLOCKS_SOURCE, re.DOTALL)


@cache
def _inline() -> re.Pattern[str]:
    """Compiled when a text first has a backquote or a double quote."""
    return re.compile(_INLINE_SOURCE)


def masked_spans(folded: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``folded`` that are not prose, in order, not overlapping."""
    # A block starts with ` ~ { or <, an inline span with ` or ": most texts have neither, and
    # a character test costs far less than a regex pass.
    spans = [m.span() for m in _blocks().finditer(folded)] \
        if "`" in folded or "~" in folded or "{" in folded or "<" in folded else []
    spans += [m.span() for m in _LINES.finditer(folded)]
    if "`" in folded or '"' in folded:
        spans += [m.span() for m in _inline().finditer(folded)]
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def apply_mask(folded: str, spans: list[tuple[int, int]]) -> str:
    """``folded`` with every span overwritten by ``|`` (same length)."""
    if not spans:
        return folded
    parts = []
    at = 0
    for start, end in spans:
        parts.append(folded[at:start])
        parts.append(MASK_CHAR * (end - start))
        at = end
    parts.append(folded[at:])
    return "".join(parts)
