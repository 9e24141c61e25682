"""Big integers are read exactly, and refused only where a contract field needs a small one (issue 9, item 9)."""

from __future__ import annotations

import pytest

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import MAX_INTEGER_DIGITS, decode_json


def test_integers_beyond_64_bits_are_exact():
    assert decode_json(b'{"x": 18446744073709551616}') == {"x": 2**64}
    assert decode_json(b'{"x": -9223372036854775809}') == {"x": -(2**63) - 1}
    assert decode_json(b'{"x": ' + b"9" * 5000 + b"}")["x"] % 10 == 9


def test_a_5000_digit_integer_in_an_unknown_field_does_not_spoil_the_ticket(classifier):
    ticket = decode_json(b'{"id": "a", "x": ' + b"9" * 5000 + b', "symptoms": {"unstable": true}}')
    assert classifier.classify(ticket)["severity"] == 2


def test_a_big_integer_in_a_contract_field_is_that_field_s_error(classifier):
    result = classifier.classify(decode_json(b'{"id": "a", "declared_severity": 18446744073709551616}'))
    assert result["error"]["code"] == "invalid_field"
    assert "18446744073709551616 is greater than the maximum of 4" in result["error"]["message"]


@pytest.mark.parametrize("raw", [b'{"x": ' + b"9" * (MAX_INTEGER_DIGITS + 1) + b"}",
                                 b'{"x": 1e99999999999999999999}', b'{"x": NaN, "y": 12345678901234567890}'])
def test_what_is_still_refused(raw):
    with pytest.raises(TicketError):
        decode_json(raw)
