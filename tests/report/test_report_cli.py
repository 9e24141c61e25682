"""``sevtriage report``, ``classify --report`` and ``diff --format html`` from the command line."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import orjson
import pytest
from conftest import REPO, run_cli

EXAMPLES = REPO / "examples" / "tickets.jsonl"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?!#)[a-z]+:|@import|url\(\s*["']?(?!#|data:)|<script""", re.I)


@pytest.fixture(scope="module")
def classified(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example batch's results, as JSON Lines and as a JSON array (classified once)."""
    folder = tmp_path_factory.mktemp("results")
    paths = {}
    for form in ("jsonl", "json"):
        paths[form] = folder / f"results.{form}"
        paths[form].write_bytes(run_cli("classify", "-q", "--format", form, str(EXAMPLES)).stdout)
    return paths


def _level_rows(html: str) -> dict[int, int]:
    return {int(level): int(count) for level, count in re.findall(r'data-level="(\d+)" data-count="(\d+)"', html)}


def test_report_counts_match_the_results_and_loads_nothing(tmp_path: Path, classified: dict[str, Path]) -> None:
    results = classified["jsonl"]
    page = tmp_path / "report.html"
    done = run_cli("report", str(results), "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    records = [orjson.loads(line) for line in results.read_bytes().splitlines()]
    assert _level_rows(html) == Counter(r["severity"] for r in records if "error" not in r)
    assert EXTERNAL.search(html) is None
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert 'data-total="errors"><span class="n">1<' in html.replace(' style="--level: #000000"', "")
    assert "invalid_field" in html and "examples/tickets.jsonl:8" in html  # error code, file:line
    assert "sha256:" in html and str(results) in html  # policy hash, input file


def test_zero_examples_means_a_page_without_examples(tmp_path: Path, classified: dict[str, Path]) -> None:
    page = tmp_path / "report.html"
    done = run_cli("report", str(classified["jsonl"]), "--examples", "0", "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    records = [orjson.loads(line) for line in classified["jsonl"].read_bytes().splitlines()]
    assert _level_rows(html) == Counter(r["severity"] for r in records if "error" not in r)
    assert "examples/tickets.jsonl:8" not in html  # the one error's example is not shown


def test_a_json_array_and_stdin_give_the_same_counts(classified: dict[str, Path]) -> None:
    lines, array = classified["jsonl"], classified["json"]
    from_lines = run_cli("report", str(lines)).stdout.decode()
    from_array = run_cli("report", str(array)).stdout.decode()
    from_stdin = run_cli("report", "-", input=lines.read_bytes()).stdout.decode()
    assert _level_rows(from_lines) == _level_rows(from_array) == _level_rows(from_stdin) != {}


def test_classify_report_writes_the_page_beside_the_run(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    done = run_cli("classify", "-q", str(EXAMPLES), "--report", str(page))
    assert done.returncode == 1  # one error record, as without --report
    records = [orjson.loads(line) for line in done.stdout.splitlines()]
    html = page.read_text(encoding="utf-8")
    assert _level_rows(html) == Counter(r["severity"] for r in records if "error" not in r)
    assert "Ticket files" in html and "examples/tickets.jsonl" in html


def test_two_policies_are_refused_with_both_hashes(tmp_path: Path, classified: dict[str, Path]) -> None:
    results = classified["jsonl"]
    other = tmp_path / "other.jsonl"
    record = orjson.loads(results.read_bytes().splitlines()[0])
    first_hash = record["policy"]["hash"]
    record["policy"] = {**record["policy"], "hash": "sha256:0123456789abcdef"}
    other.write_bytes(orjson.dumps(record) + b"\n")
    page = tmp_path / "report.html"
    done = run_cli("report", str(results), str(other), "-o", str(page))
    assert done.returncode == 2
    message = done.stderr.decode()
    assert first_hash in message and "sha256:0123456789abcdef" in message and f"{other}:1" in message
    assert not page.exists()


def test_a_ticket_file_is_not_results(tmp_path: Path) -> None:
    done = run_cli("report", str(EXAMPLES), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert f"{EXAMPLES}:1:" in done.stderr.decode() and "classify it first" in done.stderr.decode()
    assert not (tmp_path / "r.html").exists()


def test_broken_json_names_file_and_line(tmp_path: Path, classified: dict[str, Path]) -> None:
    results = classified["jsonl"]
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(results.read_bytes() + b'{"id": "x", \n')
    done = run_cli("report", str(broken))
    assert done.returncode == 2 and f"{broken}:9: not valid JSON" in done.stderr.decode()


def test_the_page_does_not_grow_with_the_batch(tmp_path: Path, classified: dict[str, Path]) -> None:
    results = classified["jsonl"]
    lines = [line for line in results.read_bytes().splitlines() if b'"error"' not in line]
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_bytes(b"\n".join(lines * 10) + b"\n")
    large.write_bytes(b"\n".join(lines * 2000) + b"\n")
    small_page = run_cli("report", str(small), "--examples", "5").stdout
    large_page = run_cli("report", str(large), "--examples", "5").stdout
    assert len(large_page) < len(small_page) * 1.05
    assert len(re.findall(rb"<tr><td><code>", large_page)) <= 5 + 5  # earliest deadlines, errors: at most N


def test_diff_html(tmp_path: Path) -> None:
    done = run_cli("diff", "--base", str(REPO / "rules"), "--head", str(REPO / "rules"), str(EXAMPLES),
                   "--format", "html")
    assert done.returncode == 0, done.stderr
    html = done.stdout.decode()
    assert "Transition matrix" in html and "No ticket changed level." in html
    assert EXTERNAL.search(html) is None
    assert 'data-total="classified"><span class="n">7<' in html


def test_classify_report_with_workers_counts_every_record(tmp_path: Path) -> None:
    flags = ["service_stopped", "data_loss", "unstable", "error_message", "incorrect_behavior", "workaround_available"]
    tickets = tmp_path / "tickets.jsonl"
    with tickets.open("w", encoding="utf-8") as out:
        for n in range(3000):  # several chunks, so the workers classify them and send rendered text back
            symptoms = {flags[n % 6]: True, flags[(n // 6) % 6]: n % 4 != 0}
            out.write(orjson.dumps({"id": f"T-{n}", "created_at": "2026-11-26T08:00:00Z",
                                    "subject": "x" * 400, "symptoms": symptoms}).decode() + "\n")
        out.write('{"id": "broken", "symptoms": 1}\n')
    page = tmp_path / "page.html"
    done = run_cli("classify", "-q", "--jobs", "2", str(tickets), "--report", str(page))
    assert done.returncode == 1
    records = [orjson.loads(line) for line in done.stdout.splitlines()]
    html = page.read_text(encoding="utf-8")
    assert _level_rows(html) == Counter(r["severity"] for r in records if "error" not in r)
    assert 'data-total="records"><span class="n">3,001<' in html


def test_classify_report_that_cannot_be_written_is_refused_before_the_run(tmp_path: Path) -> None:
    """Found only after the batch, a missing folder cost the whole run (results printed, then exit 2)."""
    done = run_cli("classify", "-q", str(EXAMPLES), "--report", str(tmp_path / "missing" / "report.html"))
    assert done.returncode == 2 and done.stdout == b""
    assert "--report" in done.stderr.decode() and "does not exist" in done.stderr.decode()
    results = tmp_path / "results.html"
    done = run_cli("classify", "-q", str(EXAMPLES), "-o", str(results), "--report", str(results))
    assert done.returncode == 2 and not results.exists() and "--output" in done.stderr.decode()


def test_report_now_without_report_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("classify", "-q", "--report-now", "2026-11-26T12:00:00Z", str(EXAMPLES))
    assert done.returncode == 2 and done.stdout == b""
    assert b"--report-now needs --report" in done.stderr
