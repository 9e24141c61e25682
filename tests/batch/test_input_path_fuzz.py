"""Random bytes, BOMs, encodings, line ends and sizes through the whole ``classify`` input path (issue 9).

Every input record yields exactly one output record, in order, with no
traceback: from a file and from standard input, with one job and with two.
Inputs are JSON Lines (a ``.jsonl`` file; on standard input the first record
is a valid ticket, so the first line decides JSON Lines), so the records are
known: every line that is not blank.
"""

from __future__ import annotations

import codecs
import json
import subprocess

from batch_helpers import SEVTRIAGE
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

MAX_BYTES = 300

garbage = st.binary(min_size=0, max_size=2 * MAX_BYTES).map(lambda b: b.replace(b"\n", b" "))
valid = st.builds(lambda text: {"subject": text}, st.text(max_size=50))
oversized = st.integers(MAX_BYTES + 1, 3 * MAX_BYTES).map(lambda n: b"{\"id\": \"" + b"x" * n + b"\"}")
lines = st.lists(st.one_of(valid, garbage, oversized, st.sampled_from([b"", b"  ", b"\t\r"])),
                 min_size=1, max_size=40)


def _input(first: dict, items: list, bom: bool, crlf: bool) -> tuple[bytes, list[int]]:
    """The bytes, and the line numbers of the records (non-blank lines)."""
    end = b"\r\n" if crlf else b"\n"
    out, records = [], []
    for number, item in enumerate([first, *items], start=1):
        raw = json.dumps({"id": f"L{number}", **item}).encode() if isinstance(item, dict) else item
        out.append(raw)
        if raw.rstrip(b"\r\n").strip():
            records.append(number)
    data = end.join(out) + end
    return (b"\xef\xbb\xbf" + data if bom else data), records


@settings(max_examples=examples(100))
@given(items=lines, bom=st.booleans(), crlf=st.booleans(), stdin=st.booleans(),
       jobs=st.sampled_from(["1", "2"]), repeat=st.sampled_from([1, 40]),
       encoding=st.sampled_from([None, "utf-16", "utf-32", "utf-16-be"]))
def test_every_record_gives_one_output_record_in_order(tmp_path_factory, items, bom, crlf, stdin, jobs, repeat,
                                                       encoding):
    # repeated 40 times, the input spans several chunks: with --jobs 2 the worker processes split it
    payload, expected = _input({"declared_severity": 2}, items * repeat, bom, crlf)
    if encoding is not None:  # the same characters (bytes read as Latin-1) in UTF-16/32, with a BOM
        mark = codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b""
        payload = mark + payload.decode("latin-1").encode(encoding)
    args = [SEVTRIAGE, "classify", "-q", "--jobs", jobs, "--max-ticket-bytes", str(MAX_BYTES)]
    if stdin:
        done = subprocess.run([*args, "-"], input=payload, capture_output=True, timeout=120)
    else:
        path = tmp_path_factory.mktemp("fuzz") / "input.jsonl"
        path.write_bytes(payload)
        done = subprocess.run([*args, str(path)], capture_output=True, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")[-3000:]
    assert done.returncode in (0, 1)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    lines_out = [r["line"] if "error" in r else int(r["id"][1:]) for r in records]
    assert lines_out == expected
