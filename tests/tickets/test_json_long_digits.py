"""The long-digit-run test of the JSON codec is exactly the regex it replaced (``\\d{19,}`` on bytes)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sevtriage.tickets.json_codec import decode_json, has_long_digit_run

_REGEX = re.compile(rb"\d{19,}")
# Mostly digits, so that runs of every length around 19 are common; plus the bytes next to them.
_BYTES = st.lists(st.sampled_from(b"0123456789" * 6 + b"/:.-e \x00\xff\xd9\xb9"), max_size=80).map(bytes)


@given(_BYTES)
def test_same_answer_as_the_regex(raw: bytes) -> None:
    assert has_long_digit_run(raw) == (_REGEX.search(raw) is not None)


def test_edges() -> None:
    assert not has_long_digit_run(b'{"x": ' + b"9" * 18 + b'}')  # 18 digits
    assert has_long_digit_run(b"1234567890123456789")  # 19
    assert not has_long_digit_run("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩".encode())  # Arabic-Indic digits are not ASCII digits
    assert decode_json(b'{"n": 123456789012345678901234567890}') == {"n": 123456789012345678901234567890}
