"""A CSV row with a cell that is not UTF-8 is an error record with its line and, when its id cell
is readable, its id: as every other error record of a row whose cells could be read (an
``invalid_field``, a ``mapping_error``). A row whose cells cannot be matched to the header
(``invalid_csv``) names no id: its cells may be shifted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAPPING = """\
name: export
id: '"Ticket ID"'
fields:
  subject: Subject
  declared_severity: {from: Priority, table: {low: 4, high: 2}}
"""


def _records(output: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines()]


def test_contract_columns(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(b'id,subject,declared_severity\nT-1,ok,2\nT-2,"bad \xff\ncell",3\n"T-\xfe3",x,1\n'
                       b'T-4,ok,9\nT-5,a,b,c\n')
    result = run_cli("classify", "-q", "--no-text-flags", str(export))
    assert result.returncode == 1
    got = [(r["id"], r.get("line"), r.get("error", {}).get("code")) for r in _records(result.stdout)]
    assert got == [("T-1", None, None), ("T-2", 3, "invalid_utf8"), (None, 5, "invalid_utf8"),
                   ("T-4", 6, "invalid_field"), (None, 7, "invalid_csv")]
    assert _records(result.stdout)[1]["error"]["message"] == 'the cell of column "subject" is not UTF-8'


def test_with_a_mapping_the_id_comes_from_its_id_expression(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    mapping = tmp_path / "export.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_bytes(b"Ticket ID;Subject;Priority;id\n7;ok;low;x\n8;\"bad \xff\";high;y\n")
    for command in (["classify", "-q", "--no-text-flags", "--map", str(mapping)], ["map", str(mapping)]):
        result = run_cli(*command, str(export))
        assert result.returncode == 1, result.stderr
        records = _records(result.stdout)
        assert records[1] == {"id": "8", "line": 3, "file": str(export), "error": {
            "code": "invalid_utf8", "message": 'the cell of column "Subject" is not UTF-8', "path": ""}}
