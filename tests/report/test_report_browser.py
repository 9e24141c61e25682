"""The report pages in a real headless Chromium: nothing fails, every chart draws, the counts match.

Skipped only when Chromium is absent on a developer's machine; in CI
(``CI=true``, as ``.ci/run`` sets it) a missing Chromium is a failure, since
``.ci/run`` installs it.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import orjson
import pytest
from browser_helpers import Browser, chromium_path
from conftest import REPO, run_cli

CHARTS_JS = """Array.from(document.querySelectorAll('figure[data-chart]')).map(f => {
  const svg = f.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  return {key: f.dataset.chart, shapes: svg ? svg.querySelectorAll('rect, path, text').length : 0,
          title: svg ? (svg.querySelector('title') || {}).textContent || '' : '',
          width: box ? box.width : 0, height: box ? box.height : 0};
})"""
LEVELS_JS = """({
  table: Object.fromEntries(Array.from(document.querySelectorAll('table[data-table=levels] tbody tr')).map(
    r => [r.dataset.level, r.querySelector('td').textContent.replace(/,/g, '')])),
  tiles: Object.fromEntries(Array.from(document.querySelectorAll('[data-level-tile]')).map(
    t => [t.dataset.levelTile, t.querySelector('.n').textContent.replace(/,/g, '')])),
  errors: document.querySelector('[data-total=errors] .n').textContent.replace(/,/g, '')
})"""


@pytest.fixture(scope="module")
def browser() -> Browser:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Browser(executable) as opened:
        yield opened


def _results(tmp_path: Path) -> Path:
    tickets = REPO / "examples" / "tickets.jsonl"
    done = run_cli("classify", "-q", str(tickets))
    assert done.returncode == 1, done.stderr  # the example batch holds one error record
    path = tmp_path / "results.jsonl"
    path.write_bytes(done.stdout)
    return path


def test_batch_page_in_chromium(browser: Browser, tmp_path: Path) -> None:
    results = _results(tmp_path)
    page = tmp_path / "report.html"
    done = run_cli("report", str(results), "-o", str(page), "--now", "2026-11-26T12:00:00Z")
    assert done.returncode == 0, done.stderr

    check = browser.load(page)
    assert check.console_errors == []
    assert check.failed_requests == []
    assert check.requests == [page.resolve().as_uri()]

    charts = browser.evaluate(CHARTS_JS)
    # the results come from classify with the bundled text detectors: their flags get a chart too
    assert {c["key"] for c in charts} == {"levels", "declared", "deadlines", "rules", "ceilings", "basis", "errors",
                                          "flags"}
    for chart in charts:
        assert chart["shapes"] > 5 and chart["title"], chart
        assert chart["width"] > 100 and chart["height"] > 100, chart

    records = [orjson.loads(line) for line in results.read_bytes().splitlines() if line.strip()]
    expected = Counter(str(r["severity"]) for r in records if "error" not in r)
    shown = browser.evaluate(LEVELS_JS)
    assert {level: int(n) for level, n in shown["table"].items()} == expected
    assert {level: int(n) for level, n in shown["tiles"].items()} == expected
    assert int(shown["errors"]) == sum("error" in r for r in records)
    assert browser.evaluate("document.querySelectorAll('#fig-deadlines g.now path').length") == 1

    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_diff_page_in_chromium(browser: Browser, tmp_path: Path) -> None:
    head = tmp_path / "head"
    head.mkdir()
    for source in (REPO / "rules").glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "level-2.yaml":  # the first Level 2 rule becomes a Level 1 rule
            text = text.replace("level: 2", "level: 1", 1)
        (head / source.name).write_text(text, encoding="utf-8")
    page = tmp_path / "diff.html"
    done = run_cli("diff", "--base", str(REPO / "rules"), "--head", str(head), "--fixtures",
                   str(REPO / "fixtures"), "--format", "html")
    assert done.returncode == 0, done.stderr
    page.write_bytes(done.stdout)

    check = browser.load(page)
    assert check.console_errors == [] and check.failed_requests == []
    charts = browser.evaluate(CHARTS_JS)
    assert [c["key"] for c in charts] == ["transitions"] and charts[0]["shapes"] > 16
    moved = browser.evaluate("document.querySelectorAll('table[data-table=moved] tbody tr').length")
    changed = browser.evaluate("document.querySelector('[data-total=changed] .n').textContent")
    assert moved == int(changed) > 0
    browser.screenshot(tmp_path / "diff.png")


def test_the_checker_sees_failures(browser: Browser, tmp_path: Path) -> None:
    """The harness itself: a page with a console error and a blocked request must be caught."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                    '<script>console.error("broken on purpose")</script></body></html>', encoding="utf-8")
    check = browser.load(page)
    assert any("broken on purpose" in error for error in check.console_errors)
    assert any("127.0.0.1:9" in url for url in check.failed_requests)
