"""Text from a CSV cell typed by the contract: ``true`` a boolean, ``2`` an integer.

A CSV file has no types: every cell is text. A cell headed by a contract field
(``symptoms.data_loss``), or a value a mapping reads from a CSV row, takes the
contract's type when its text is unambiguous (``true``/``false`` in any case,
an integer written in digits). Anything else is left as text, so that the
contract check rejects it with the field's name, as it would in JSON: never a
guess.
"""

from __future__ import annotations

import re
from typing import Any

from sevtriage.contract import BOOLEAN, INTEGER, FieldSpec

_INTEGER = re.compile(r"^[+-]?\d+$")
_BOOLEANS = {"true": True, "false": False}


def typed_cell(spec: FieldSpec | None, text: Any) -> Any:
    """``text`` as the value of the field ``spec`` describes (unchanged when not unambiguous)."""
    if spec is None or not isinstance(text, str):
        return text
    if spec.kind == BOOLEAN:
        return _BOOLEANS.get(text.strip().lower(), text)
    if spec.kind == INTEGER and _INTEGER.match(text.strip()):
        return int(text.strip())
    return text
