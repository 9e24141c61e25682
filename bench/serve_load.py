"""Load test of ``sevtriage serve`` on the loopback interface: bounded in requests and in time.

    python bench/serve_load.py                         # the README's figures (100,000 requests)
    python bench/serve_load.py --requests 3000 --rate-seconds 3 --batches 5   # a quick look

Starts ``sevtriage serve --port 0`` on 127.0.0.1 (and sends nothing anywhere
else), then measures, with a small asyncio HTTP/1.1 keep-alive client running
in this process (on the same machine: it competes with the server for CPU):

1. closed loop, one ticket per request, 1, 8 and 64 concurrent clients
   (``--requests`` in all, split 20/40/40 %): requests/s, p50/p99 latency, errors;
2. open loop at a fixed rate (``--rate`` requests/s of one ticket for
   ``--rate-seconds``): p50/p99 latency measured from each request's scheduled
   send time, so a stall is not hidden by the client waiting for it;
3. batches: ``--batches`` requests of ``--batch-size`` tickets each, one at a
   time, against the CLI classifying the same tickets from a file
   (``--cli-repeat`` copies of them, so that its start-up time weighs little):
   ``classify --jobs 1`` (one process, as one request is served by one worker)
   and ``--jobs 2``; rounds interleaved.

An error is any exception, any status other than 200, or a body that is not
one result line per ticket sent. Every synthetic ticket is valid.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import tickets  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
HOST = "127.0.0.1"  # loopback only, whatever the options
KEEP_ALIVE_REUSE = 4.0  # seconds: below the server's keep-alive timeout (5 s)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self, label: str) -> str:
        count = len(self.latencies) + self.errors
        ordered = sorted(self.latencies)
        p50 = ordered[len(ordered) // 2] * 1000 if ordered else float("nan")
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else float("nan")
        kinds = f" {self.error_kinds}" if self.errors else ""
        return (f"  {label:<26} {count:>7,} requests  {count / self.elapsed:>8,.0f} req/s  "
                f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  errors {self.errors}{kinds}")


def request_bytes(body: bytes) -> bytes:
    return (b"POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.last_used = 0.0

    async def send(self, payload: bytes) -> tuple[int, bytes]:
        # As HTTP client libraries do, a connection the server has closed, or is about to close
        # (idle for nearly its keep-alive timeout, 5 s), is not reused: a request written into it
        # would be lost without ever reaching the server.
        stale = time.monotonic() - self.last_used > KEEP_ALIVE_REUSE
        if self.reader is not None and (self.reader.at_eof() or stale):
            self.close()
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port, limit=1 << 24)
        self.last_used = time.monotonic()
        self.writer.write(payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length)
        self.last_used = time.monotonic()
        if close:
            self.close()
        return int(status_line.split()[1]), body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _one(connection: Connection, payload: bytes, expected_lines: int, outcome: Outcome,
               started: float) -> None:
    try:
        status, body = await connection.send(payload)
    except (OSError, asyncio.IncompleteReadError, ConnectionError) as error:
        connection.close()
        outcome.error(type(error).__name__)
        return
    if status != 200:
        outcome.error(f"status {status}")
    elif body.count(b"\n") != expected_lines or not body.startswith(b'{"id":') or b'"error":{' in body:
        outcome.error("unexpected body")
    else:
        outcome.latencies.append(time.perf_counter() - started)


async def closed_loop(port: int, payloads: list[bytes], clients: int, requests: int,
                      max_seconds: float) -> Outcome:
    """``clients`` connections, each sending its next request when the last is answered."""
    outcome = Outcome()
    counter = iter(range(requests))
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        connection = Connection(port)
        for number in counter:
            if time.perf_counter() > deadline:
                break
            await _one(connection, payloads[number % len(payloads)], 1, outcome, time.perf_counter())
        connection.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    outcome.elapsed = time.perf_counter() - start
    return outcome


async def open_loop(port: int, payloads: list[bytes], rate: float, seconds: float) -> Outcome:
    """Requests sent on a fixed schedule; latency counted from the scheduled time."""
    outcome = Outcome()
    idle: list[Connection] = []
    tasks: list[asyncio.Task[None]] = []

    async def fire(payload: bytes, scheduled: float) -> None:
        connection = idle.pop() if idle else Connection(port)
        await _one(connection, payload, 1, outcome, scheduled)
        idle.append(connection)

    start = time.perf_counter()
    total = int(rate * seconds)
    for number in range(total):
        scheduled = start + number / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(payloads[number % len(payloads)], scheduled)))
    await asyncio.gather(*tasks)
    outcome.elapsed = time.perf_counter() - start
    for connection in idle:
        connection.close()
    return outcome


async def batches(port: int, payload: bytes, size: int, count: int) -> Outcome:
    outcome = Outcome()
    connection = Connection(port)
    start = time.perf_counter()
    for _ in range(count):
        await _one(connection, payload, size, outcome, time.perf_counter())
    outcome.elapsed = time.perf_counter() - start
    connection.close()
    return outcome


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def drain(stream: IO[bytes]) -> None:
    for _ in stream:
        pass


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], int, list[int]]:
    process = subprocess.Popen([SEVTRIAGE, "serve", "--host", HOST, "--port", "0", "--workers", str(workers),
                                "--max-tickets", "100000"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    for line in process.stderr:
        record = json.loads(line)
        if record.get("event") == "listening":
            # keep draining the log so the server never blocks on a full pipe
            threading.Thread(target=drain, args=(process.stderr,), daemon=True).start()
            return process, int(record["port"]), list(record["workers"])
    raise SystemExit("the server did not start")


def cli_rate(path: Path, jobs: int, count: int) -> tuple[float, float]:
    """(tickets per wall second, tickets per CPU second of the CLI's processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([SEVTRIAGE, "classify", "-q", "--jobs", str(jobs), str(path)], stdout=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return count / wall, count / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=100_000, help="closed-loop requests in all")
    parser.add_argument("--max-seconds", type=float, default=120, help="time bound of each closed-loop phase")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--rate-seconds", type=float, default=20)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--cli-repeat", type=int, default=50, help="copies of the batch in the CLI's file")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the batch comparison")
    args = parser.parse_args()

    singles = [json.dumps(t, ensure_ascii=False).encode() + b"\n" for t in tickets(2000, seed=7)]
    payloads = [request_bytes(body) for body in singles]
    batch_tickets = list(tickets(args.batch_size, seed=11))
    batch_body = b"".join(json.dumps(t, ensure_ascii=False).encode() + b"\n" for t in batch_tickets)
    batch_payload = request_bytes(batch_body)
    folder = Path(tempfile.mkdtemp(prefix="serve-load-"))
    cli_file = folder / "batches.jsonl"
    cli_file.write_bytes(batch_body * args.cli_repeat)

    process, port, workers = start_server(args.workers)
    print(f"sevtriage serve --workers {args.workers} on {HOST}:{port}; {os.cpu_count()} CPUs shared with "
          f"this client; one ticket = {sum(map(len, singles)) / len(singles):,.0f} bytes on average")
    total_errors = 0
    try:
        asyncio.run(closed_loop(port, payloads, 8, 500, 30))  # warm-up, not counted
        print("closed loop, one ticket per request:")
        shares = {1: 0.2, 8: 0.4, 64: 0.4}
        for clients, share in shares.items():
            outcome = asyncio.run(closed_loop(port, payloads, clients, int(args.requests * share),
                                              args.max_seconds))
            total_errors += outcome.errors
            print(outcome.summary(f"{clients} concurrent client{'s' if clients > 1 else ''}"))
        print(f"open loop, {args.rate:g} requests/s of one ticket for {args.rate_seconds:g} s:")
        outcome = asyncio.run(open_loop(port, payloads, args.rate, args.rate_seconds))
        total_errors += outcome.errors
        print(outcome.summary(f"{args.rate:g} req/s"))

        print(f"batches of {args.batch_size:,} tickets ({args.batches} requests a round, {args.rounds} rounds, "
              f"interleaved with the CLI on {args.cli_repeat} copies of the same tickets in one file):")
        names = ("serve, one request at a time", "classify --jobs 1", "classify --jobs 2")
        rates: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for _ in range(args.rounds):
            cpu = cpu_seconds(workers)
            outcome = asyncio.run(batches(port, batch_payload, args.batch_size, args.batches))
            cpu = cpu_seconds(workers) - cpu
            total_errors += outcome.errors
            done = args.batch_size * len(outcome.latencies)
            rates[names[0]].append((done / outcome.elapsed, done / cpu if cpu else float("nan")))
            for jobs in (1, 2):
                rates[f"classify --jobs {jobs}"].append(cli_rate(cli_file, jobs, args.batch_size * args.cli_repeat))
        wall = {name: statistics.median(r[0] for r in values) for name, values in rates.items()}
        cpu_rate = {name: statistics.median(r[1] for r in values) for name, values in rates.items()}
        for name in names:
            print(f"  {name:<30} {wall[name]:>9,.0f} tickets/s wall, {cpu_rate[name]:>9,.0f} tickets/CPU-s (medians)")
        for jobs in (1, 2):
            other = f"classify --jobs {jobs}"
            print(f"  serve / {other}: {wall[names[0]] / wall[other]:.2f}x wall, "
                  f"{cpu_rate[names[0]] / cpu_rate[other]:.2f}x CPU")
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(60)
    print(f"errors in all: {total_errors}; server exit status after SIGTERM: {status}")


if __name__ == "__main__":
    main()
