"""Output formats of ``sevtriage diff``, in a registry.

Every writer has one function, ``write(diff, specs, out)``: the diff (any object
with the attributes of ``data.PolicyDiffData``), the two policy specs as the user
gave them, and the stream. The HTML page comes from ``sevtriage.report``, a layer
above this one: the CLI adds it to this registry (``cli/diff.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from sevtriage.output.diffs import writers
from sevtriage.output.diffs.data import PolicyDiffData

DiffWriter = Callable[[PolicyDiffData, tuple[str, str], TextIO], None]

DIFF_WRITERS: dict[str, DiffWriter] = {
    "text": writers.write_text,
    "json": writers.write_json,
    "markdown": writers.write_markdown,
}
