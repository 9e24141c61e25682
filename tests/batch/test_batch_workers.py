"""Worker processes: order kept, bounded work in flight, a dead worker costs only its chunk."""

from __future__ import annotations

import faulthandler
import os
import signal
from pathlib import Path

import pytest

from sevtriage.batch.chunks import chunked, classify_chunk, failed_chunk
from sevtriage.batch.seen_ids import SeenIds, id_key
from sevtriage.batch.workers import WorkerPool
from sevtriage.engine.classifier import Classifier
from sevtriage.policy.loader import load_policy
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.records import InputRecord


def _records(count: int) -> list[InputRecord]:
    return [InputRecord(None, n + 1, raw=b'{"id": "T-%d", "symptoms": {"unstable": %s}}'
                        % (n, b"true" if n % 2 else b"false")) for n in range(count)]


def _pool(death_line: int | None, how: str = "exit", child_stderr: Path | None = None) -> WorkerPool:
    policy = load_policy(bundled_policy_path())

    def work(classifier, number, chunk):
        if any(r.line == death_line for r in chunk):
            if how == "exit":
                os._exit(3)
            if child_stderr is not None:  # the dying child's report goes here, not into the test run's output
                report = open(child_stderr, "a")  # noqa: SIM115 (open until the process dies)
                os.dup2(report.fileno(), 2)
                if faulthandler.is_enabled():  # pytest's, on its own copy of stderr: moved to the file
                    faulthandler.enable(file=report)
            os.kill(os.getpid(), signal.SIGSEGV)  # what a crash in the C engine looks like
        return classify_chunk(classifier, number, chunk, jsonl_line)

    return WorkerPool(2, setup=lambda: Classifier(policy), work=work,
                      on_death=lambda n, chunk, why: failed_chunk(n, chunk, why, jsonl_line))


@pytest.mark.parametrize("how, cause", [("exit", "exited (status 3)"), ("signal", "killed by SIGSEGV")])
@pytest.mark.parametrize("death_line", [700, 1950])  # 1950: in the last chunk, once workers are told to end
def test_a_dead_worker_turns_only_its_chunk_into_engine_errors_and_is_replaced(how, cause, death_line, tmp_path):
    child_stderr = tmp_path / "child-stderr.txt"
    pool = _pool(death_line=death_line, how=how, child_stderr=child_stderr)
    outputs = list(pool.map(chunked(_records(2000), 100)))
    assert [o.number for o in outputs] == list(range(20))
    lines = [line for o in outputs for line in o.records()]
    assert len(lines) == 2000
    errors = [n for n, line in enumerate(lines, start=1) if '"engine_error"' in line]
    first = (death_line - 1) // 100 * 100 + 1
    assert errors == list(range(first, first + 100))  # exactly the chunk holding the line
    assert cause in lines[first + 50]
    assert all('"severity"' in line for n, line in enumerate(lines, start=1) if n not in errors)
    assert pool.restarts == 1
    if how == "signal" and faulthandler.is_enabled():  # pytest's faulthandler, inherited by the fork
        assert "Fatal Python error: Segmentation fault" in child_stderr.read_text(errors="replace")


def test_workers_keep_input_order_and_agree_with_one_process():
    policy = load_policy(bundled_policy_path())
    local = Classifier(policy)
    expected = [line for n, chunk in enumerate(chunked(_records(3000), 64))
                for line in classify_chunk(local, n, chunk, jsonl_line).records()]
    got = [line for o in _pool(None).map(chunked(_records(3000), 64)) for line in o.records()]
    assert got == expected


def test_seen_ids_remembers_every_id_through_growth():
    seen = SeenIds(capacity=8)
    keys = [id_key(f"T-{n}") for n in range(5000)]
    assert not any(seen.add(k) for k in keys)
    assert all(seen.add(k) for k in keys)
    assert len(seen) == 5000


def test_a_full_window_of_finished_chunks_never_stalls_the_pool():
    # Regression: when every chunk in flight had finished, the pool waited for
    # results instead of sending more, and hung (seen about once in 30 runs).
    policy = load_policy(bundled_policy_path())
    for _ in range(15):
        pool = WorkerPool(2, setup=lambda: Classifier(policy),
                          work=lambda own, n, chunk: classify_chunk(own, n, chunk, jsonl_line),
                          on_death=lambda n, chunk, why: failed_chunk(n, chunk, why, jsonl_line), depth=1)
        assert sum(len(o.records()) for o in pool.map(chunked(_records(400), 10))) == 400


def test_add_many_reports_exactly_the_repeats_in_order():
    seen = SeenIds(capacity=4)
    keys = [id_key(f"T-{n % 300}") if n % 7 else None for n in range(1000)]
    expected = []
    reference = SeenIds(capacity=4)
    for position, key in enumerate(keys):
        if key is not None and reference.add(key):
            expected.append(position)
    assert seen.add_many(keys) == expected


def _tagged(classifier, records):
    """A caller's own step after classification (as ``--explain`` adds explanations)."""
    for record, result in zip(records, classifier.classify_records(records)):
        yield {**result, "seen_ticket": isinstance(record.ticket, dict)}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_callers_classify_step_runs_on_decoded_tickets_in_or_out_of_process(jobs):
    from sevtriage.batch.run import classified_chunks

    classifier = Classifier(load_policy(bundled_policy_path()))
    outputs = classified_chunks(classifier, _records(1500), jobs, jsonl_line, classify=_tagged)
    lines = [line for output in outputs for line in output.records()]
    assert len(lines) == 1500 and all('"seen_ticket":true' in line for line in lines)
