"""A text field longer than the detectors read (``TEXT_LIMIT``): read up to a word boundary
before the limit, and the result says so. Shorter fields are read whole, with no warning."""

from __future__ import annotations

from sevtriage.tickets.textflags import TEXT_LIMIT, read_part

PHRASE = "the server does not respond, the application crashed. "


def _ticket(description: str) -> dict:
    return {"id": "T-LIMIT", "subject": "billing", "description": description}


def test_a_field_up_to_the_limit_is_read_whole_without_warning(classifier):
    text = (PHRASE * (TEXT_LIMIT // len(PHRASE) + 1))[:TEXT_LIMIT]
    assert read_part(text) == text
    result = classifier.classify(_ticket(text))
    assert not [w for w in result["warnings"] if w.startswith("text flags:")]
    assert max(e["end"] for e in result["derived_flags"]) > TEXT_LIMIT - len(PHRASE)


def test_a_longer_field_is_read_to_a_word_boundary_and_the_result_says_so(classifier):
    text = PHRASE * (TEXT_LIMIT // len(PHRASE) + 50)
    part = read_part(text)
    assert len(part) <= TEXT_LIMIT and text.startswith(part) and text[len(part)] == " "
    result = classifier.classify(_ticket(text))
    assert f"text flags: description read only up to character {len(part):,} of {len(text):,} " \
           f"(detectors read at most {TEXT_LIMIT:,} per field)" in result["warnings"]
    assert result["derived_flags"] and max(e["end"] for e in result["derived_flags"]) <= len(part)
    # the evidence of the part read is the evidence of that part alone
    alone = classifier.classify(_ticket(part))
    assert result["derived_flags"] == alone["derived_flags"]
    assert result["severity"] == alone["severity"]


def test_without_a_space_the_limit_itself_is_the_cut():
    text = "x" * (TEXT_LIMIT + 10)
    assert read_part(text) == "x" * TEXT_LIMIT
