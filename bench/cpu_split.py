"""Run ``sevtriage`` (as its console script does) and record where its CPU time went.

    python bench/cpu_split.py SPLIT.json classify --jobs 2 tickets.jsonl

At exit, SPLIT.json gets ``{"parent": s, "workers": s}``: the CPU seconds (user +
system) of this process, which reads, hands out work and writes, and of its worker
processes, reaped before it exits. Forked workers leave by ``os._exit``, so only
the reading process writes the file. bench/run.py uses it for its ``classify``
variants, to show the parent's share of ``--jobs 2`` and its fixed costs.
"""

from __future__ import annotations

import atexit
import json
import resource
import sys


def _record(path: str) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"parent": own.ru_utime + own.ru_stime, "workers": workers.ru_utime + workers.ru_stime}, out)


def main() -> None:
    path = sys.argv[1]
    atexit.register(_record, path)
    sys.argv = ["sevtriage", *sys.argv[2:]]
    from sevtriage.cli.entry import main as sevtriage_main  # the console script's own entry point

    sys.exit(sevtriage_main())


if __name__ == "__main__":
    main()
