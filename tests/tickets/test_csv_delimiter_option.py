"""``--csv-delimiter`` when no input is read as CSV: a usage error, not silently ignored (u4 F-low-5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

CSV = "id;symptoms.data_loss\nT-1;true\n"


@pytest.mark.parametrize("command", [["classify", "-q"], ["explain"], ["map", "zendesk"],
                                     ["diff", "--base", "rules", "--head", "rules"]])
def test_a_delimiter_without_csv_input_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    named_txt = tmp_path / "t.txt"
    named_txt.write_text(CSV, encoding="utf-8")
    done = run_cli(*command, "--csv-delimiter", ";", named_txt, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert "--csv-delimiter applies to CSV input only" in done.stderr


def test_a_delimiter_with_csv_input_is_used(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(CSV, encoding="utf-8")
    (tmp_path / "t.csv").write_text(CSV, encoding="utf-8")
    for args in (["--input-format", "csv", tmp_path / "t.txt"], [tmp_path / "t.csv"]):
        done = run_cli("classify", "-q", "--csv-delimiter", ";", *args, text=True)
        assert done.returncode == 0, done.stderr
        assert '"severity":1' in done.stdout
