"""``sevtriage classify``: suggest a severity for each ticket of the inputs.

Reads and writes as it goes (memory does not grow with the input), in worker
processes with ``--jobs``; progress and a summary go to standard error.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sevtriage.batch.chunks import ClassifyRecords
from sevtriage.batch.progress import Progress, Tally, summary
from sevtriage.batch.run import classified_chunks
from sevtriage.batch.writer import OrderedWriter
from sevtriage.cli.intake_option import (
    check_csv_delimiter,
    input_options,
    load_mapping_or_exit,
    map_option,
    note_empty_payloads,
)
from sevtriage.cli.output_option import OutputFile
from sevtriage.cli.policy_option import load_or_exit, rules_option
from sevtriage.cli.report_option import MOMENT, check_report_now, check_report_path
from sevtriage.cli.streams_option import Stopped, exit_on_closed_pipe, require_stdout, stop_on_signals
from sevtriage.cli.text_flags_option import text_flags_option
from sevtriage.engine.classifier import Classifier
from sevtriage.output.files import check_output_not_an_input, open_output
from sevtriage.output.formatters import FORMATTERS
from sevtriage.tickets.inputs import (
    DEFAULT_MAX_TICKET_BYTES,
    MAX_TICKET_BYTES_LIMIT,
    ReadStats,
)
from sevtriage.tickets.intake import intake
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.sources import input_size, iter_raw_inputs
from sevtriage.wording import counted

if TYPE_CHECKING:
    from sevtriage.report.collect import RunCollector

EXIT_OK, EXIT_RECORD_ERRORS = 0, 1
MIN_JOBS_CAP = 4
# Formats whose records the workers can render to text themselves.
LINE_RENDERERS = {"jsonl": jsonl_line}


def _explaining() -> ClassifyRecords:
    """``classify_records`` with explanations; imported only when asked for (start-up time)."""
    from sevtriage.explain import classify_with_explanations
    return classify_with_explanations


def _collector(report_path: Path | None, now: int | None, files: tuple[str, ...],
               output_path: Path | None) -> RunCollector | None:
    """Folds the run's records for ``--report`` (imported only when asked for)."""
    if report_path is None:
        return None
    from sevtriage.report.batch import BatchSummary
    from sevtriage.report.collect import RunCollector
    summary = BatchSummary(now=now)
    summary.inputs.extend(files or ("<stdin>",))
    return RunCollector(summary, str(output_path) if output_path else "<stdout>")


def _write_report(collector: RunCollector, report_path: Path) -> None:
    from sevtriage.report.batch_page import render_batch_page
    with open_output(report_path) as out:
        render_batch_page(collector.summary, out, inputs_label="Ticket files")


def _worker_count(jobs: int | None, quiet: bool) -> int:
    """``--jobs``, or the CPUs; at most twice the CPUs (1,000 workers took 60 s and 10 GB to start)."""
    cpus = os.cpu_count() or 1
    limit = max(MIN_JOBS_CAP, 2 * cpus)
    if jobs is None:
        return cpus
    if jobs > limit:
        if not quiet:
            sys.stderr.write(f"sevtriage: --jobs {jobs} is more than this machine can use: "
                             f"{limit} workers (twice the {counted(cpus, 'CPU')}, and at least {MIN_JOBS_CAP})\n")
        return limit
    return jobs


@click.command("classify")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@rules_option
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="jsonl",
              show_default=True,
              help="jsonl: one result per line; json: one array; table: for people; csv: for spreadsheets.")
@click.option("--output", "-o", "output_path", type=OutputFile(),
              default=None, help="Write here instead of standard output: a regular file is replaced "
                                 "atomically when complete; a device or FIFO is written through.")
@click.option("--max-ticket-bytes", type=click.IntRange(min=2, max=MAX_TICKET_BYTES_LIMIT),
              default=DEFAULT_MAX_TICKET_BYTES,
              show_default=True, help="A longer ticket becomes an error record.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of CPUs; at most twice that]; 1 classifies in this process.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on standard error.")
@click.option("--explain", is_flag=True, help="Add an \"explanation\" to each result (as sevtriage explain).")
@click.option("--report", "report_path", type=OutputFile(), default=None,
              help="Also write an HTML page about this batch here (as sevtriage report).")
@click.option("--report-now", type=MOMENT, default=None,
              help="With --report: draw a \"now\" line on the deadlines (RFC 3339).")
@map_option
@input_options
@text_flags_option
def classify_command(files: tuple[str, ...], rules_path: str | None, output_format: str,
                     output_path: Path | None, max_ticket_bytes: int, jobs: int | None,
                     quiet: bool, explain: bool, report_path: Path | None, report_now: int | None,
                     map_spec: str | None, input_format: str, csv_delimiter: str | None,
                     no_text_flags: bool) -> None:
    """Suggest the initial severity of each ticket in FILES (JSON, JSON array, JSON Lines or CSV).

    Reads standard input when FILES is empty or "-". Exit status: 0 when every
    ticket was classified, 1 when some records are errors (all others are still
    written), 2 for a usage or policy error or an output that cannot be
    written, 130 when interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP), 141 when the reader of the output
    went away (| head).
    """
    check_output_not_an_input(output_path, files, "--output")
    check_output_not_an_input(report_path, files, "--report")
    check_report_now(report_path, report_now)
    check_csv_delimiter(files, input_format, csv_delimiter)
    if output_path is None:
        require_stdout()
    if report_path is not None:
        check_report_path(report_path, output_path)
    classifier = Classifier(load_or_exit(rules_path),  # engine limits are checked at load
                            text_flags=not no_text_flags)
    mapping = load_mapping_or_exit(map_spec)
    stats, tally = ReadStats(), Tally()
    progress = Progress(sys.stderr, input_size(files), enabled=not quiet and sys.stderr.isatty())
    render = LINE_RENDERERS.get(output_format)
    collector = _collector(report_path, report_now, files, output_path)
    clear_first = output_path is None and sys.stdout.isatty()
    stopped_by: int | None = None  # the signal that interrupted the run
    writer: OrderedWriter | None = None
    try:
        with stop_on_signals(), open_output(output_path) as out:
            writer = OrderedWriter(out, None if render else FORMATTERS[output_format](out), render, tally)
            workers = _worker_count(jobs, quiet)
            # Workers read the JSON Lines of a regular file themselves, in byte ranges (not with --map).
            records = iter_raw_inputs(files, max_ticket_bytes, stats, input_format, csv_delimiter,
                                      ranges=workers > 1 and mapping is None)
            classify = _explaining() if explain else None  # runs in the workers
            for chunk in classified_chunks(classifier, records, workers, render, classify,
                                           intake(mapping, traced=explain)):
                if clear_first:
                    progress.clear()  # results and the progress line share the terminal
                writer.write(chunk)
                note_empty_payloads(chunk.empty_payloads)  # counted by the writer
                tally.empty_payloads += note_empty_payloads(stats.empty_payloads)  # found by the reader
                if collector is not None:
                    collector.add_items(chunk.records())
                progress.update(tally, tally.input_bytes)  # what is written, not what is read ahead
            writer.close()
    except (KeyboardInterrupt, Stopped) as stop:
        stopped_by = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
        if output_path is None and writer is not None:
            with contextlib.suppress(OSError, ValueError):  # the reader may be gone too
                writer.close()  # what was written stays valid: a JSON array gets its "]"
    except BrokenPipeError:
        exit_on_closed_pipe()
    finally:
        progress.clear()
    tally.blank_lines += stats.blank_lines
    tally.empty_payloads += note_empty_payloads(stats.empty_payloads)
    if not quiet:
        names = {number: level.name for number, level in classifier.policy.levels.items()}
        sys.stderr.write(summary(tally, names, stopped_by is not None) + f"  {classifier.policy.used()}\n")
    if stopped_by is not None:
        sys.exit(128 + stopped_by)
    if collector is not None and report_path is not None:
        _write_report(collector, report_path)
    sys.exit(EXIT_RECORD_ERRORS if tally.errors else EXIT_OK)
