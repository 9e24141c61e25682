"""Worker processes that classify chunks, with the output kept in input order.

Processes, not threads: durable_rules never releases the GIL. Each worker
loads the policy's ruleset once (``setup``) and serves chunks until its inbox
closes. The reading process keeps at most ``depth`` chunks in flight per
worker and never runs more than ``ahead`` chunks (``jobs * depth * 4``) ahead
of the one it must write next, so memory stays flat whatever the input size,
and a slow chunk cannot make finished ones pile up without bound.

A worker that dies (a crash in the C engine, the OOM killer, a signal) costs
only the chunk it was classifying: its records become error records
(``on_death``), a fresh worker takes its place and gets the chunks that were
queued for the dead one. Workers ignore SIGINT: Ctrl-C is the reading
process's to handle, and it stops them.

The reading process hands chunks to a sender thread per worker, so its main
loop never blocks on a full pipe while the worker blocks sending a result back
(a deadlock); the thread waits on the pipe with the GIL released. A ``None``
sent last tells the worker to end. (A reader
thread in the worker instead was measured 10x slower: starved of the GIL by
the worker's own classifying thread.) A new worker closes its inherited copies
of the other workers' pipes, so that a worker's death breaks its pipes.

Results come back as a small pickled message followed by the rendered bytes,
raw; the reading process waits on one selector holding every worker's result
pipe and process end, registered once.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import queue
import selectors
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

State = TypeVar("State")
Chunk = list[Any]
Work = Callable[[Any, int, Chunk], Any]
OnDeath = Callable[[int, Chunk, str], Any]

_CONTEXT = multiprocessing.get_context("fork")  # the policy is already in memory: no reload
JOIN_SECONDS = 5.0
AHEAD_FACTOR = 4
RAW_MIN_BYTES = 4096
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process (/proc/sys/fs/pipe-max-size)


def _widen(connection: Connection) -> None:
    """A pipe that holds a whole chunk's result (~300 KB of JSON Lines for 700 tickets): the
    worker writes it in one go and classifies on, instead of waking the reading process for
    every 64 KB (the default size) and waiting for it to read each. Best effort: a system
    that refuses keeps the default."""
    with contextlib.suppress(OSError):
        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)


def _feed(outgoing: queue.SimpleQueue[Any], inbox: Connection) -> None:
    """The sender thread: blocks on the pipe so that the main loop never does."""
    try:
        while True:
            item = outgoing.get()
            inbox.send(item)  # None last: tells the worker to end
            if item is None:
                return
    except OSError:  # the worker died; the main loop sees it through its sentinel
        pass


def _next_task(inbox: Connection) -> Any:
    try:
        return inbox.recv()
    except (EOFError, OSError):
        return None


def _serve(setup: Callable[[], Any], work: Work, on_death: OnDeath, inbox: Connection,
           outbox: Connection, foreign: list[Connection]) -> None:
    """A worker's life: set up once, then one result per chunk received."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the reading process's handlers are not the worker's
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    for connection in foreign:
        connection.close()
    state = setup()
    while (task := _next_task(inbox)) is not None:
        number, chunk = task
        try:
            result = work(state, number, chunk)
        except Exception as exc:  # a bug must not cost the other chunks: report it in place
            result = on_death(number, chunk, f"the classifier failed: {type(exc).__name__}: {exc}")
        try:
            _send_result(outbox, result)
        except OSError:  # the reading process is gone (killed): nobody to tell, end quietly
            return
    outbox.close()


def _send_result(outbox: Connection, result: Any) -> None:
    """A result, its ``data`` bytes (rendered output) written raw after it: they are not
    pickled into the message, then copied out of it again and once more out of the
    pickle by the reading process, which reads them once (``_receive_result``)."""
    data = getattr(result, "data", None)
    if not isinstance(data, bytes) or len(data) < RAW_MIN_BYTES:
        outbox.send((0, result))
        return
    result.data = None
    outbox.send((len(data), result))
    view = memoryview(data)
    while view:
        view = view[os.write(outbox.fileno(), view):]


def _receive_result(outbox: Connection) -> Any:
    size, result = outbox.recv()
    if size:
        parts = []
        while size:
            part = os.read(outbox.fileno(), size)
            if not part:  # the worker died while writing it
                raise EOFError
            parts.append(part)
            size -= len(part)
        result.data = parts[0] if len(parts) == 1 else b"".join(parts)
    return result


@dataclass
class _Worker:
    process: Any
    inbox: Connection
    outbox: Connection
    outgoing: queue.SimpleQueue[Any]
    sender: threading.Thread
    pending: dict[int, Chunk] = field(default_factory=dict)
    ending: bool = False  # told to end after its pending chunks (the input is all sent)
    watched: bool = False  # its pipe and its end are in the pool's selector

    def send(self, item: tuple[int, Chunk]) -> None:
        self.outgoing.put(item)  # the sender thread writes it to the pipe

    def end(self) -> None:
        """No more chunks: the worker ends once its pending ones are done (and its exit
        overlaps with the other workers' last chunks instead of following the last write)."""
        if not self.ending:
            self.ending = True
            self.outgoing.put(None)

    @property
    def finished(self) -> bool:
        return self.ending and not self.pending

    def stop(self, wait_seconds: float) -> None:
        """End the worker (``end`` first); its pipes are closed here, by the main thread, only
        once the sender thread has ended (a pipe closed under a running thread could have its
        descriptor number reused by the next worker's pipe, and closed by mistake)."""
        if wait_seconds <= 0:
            self.process.terminate()  # the sender, if blocked on the pipe, fails and ends
        self.end()
        self.process.join(wait_seconds)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(JOIN_SECONDS)
        self.sender.join(JOIN_SECONDS)
        self.inbox.close()
        self.outbox.close()


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process classifying this ticket was killed by {name}"
    return f"the worker process classifying this ticket exited (status {exitcode})"


class WorkerPool(Generic[State]):
    """``jobs`` worker processes mapping chunks to results, yielded in input order."""

    def __init__(self, jobs: int, setup: Callable[[], State], work: Work, on_death: OnDeath,
                 depth: int = 2, ahead: int | None = None):
        self.jobs = jobs
        self.setup = setup
        self.work = work
        self.on_death = on_death
        self.depth = depth
        # Chunks sent but not yet yielded. Results come back out of order, and a worker that
        # is a little behind (descheduled, or given a slower chunk) must not stall the others
        # at once: measured with 2 workers, ``jobs * depth`` left each worker idle ~20% of the run.
        self.ahead = ahead if ahead is not None else jobs * depth * AHEAD_FACTOR
        self.restarts = 0
        self._workers: list[_Worker] = []
        # Every worker's result pipe and process end, registered once (not a new poll set for each
        # wait: that cost the reading process a third of its CPU time per chunk).
        self._selector: selectors.BaseSelector | None = None

    def _start(self, index: int) -> _Worker:
        """A new worker, which will be ``self._workers[index]``."""
        inbox_read, inbox_write = _CONTEXT.Pipe(duplex=False)
        outbox_read, outbox_write = _CONTEXT.Pipe(duplex=False)
        _widen(inbox_write)
        _widen(outbox_write)
        foreign = [inbox_write, outbox_read]
        for other in self._workers:
            foreign += [other.inbox, other.outbox]
        process = _CONTEXT.Process(target=_serve, daemon=True, name="sevtriage-worker",
                                   args=(self.setup, self.work, self.on_death, inbox_read, outbox_write,
                                         foreign))
        process.start()
        inbox_read.close()
        outbox_write.close()
        outgoing: queue.SimpleQueue[Any] = queue.SimpleQueue()
        sender = threading.Thread(target=_feed, args=(outgoing, inbox_write), daemon=True,
                                  name="sevtriage-feed")
        sender.start()
        worker = _Worker(process, inbox_write, outbox_read, outgoing, sender)
        if self._selector is not None:
            self._selector.register(worker.outbox, selectors.EVENT_READ, (index, False))
            self._selector.register(worker.process.sentinel, selectors.EVENT_READ, (index, True))
            worker.watched = True
        return worker

    def _unwatch(self, worker: _Worker) -> None:
        if self._selector is not None and worker.watched:
            self._selector.unregister(worker.outbox)
            self._selector.unregister(worker.process.sentinel)
            worker.watched = False

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Any]:
        """Results of ``work`` for each chunk, in the order of ``chunks``."""
        source = iter(chunks)
        done: dict[int, Any] = {}
        sent = written = 0
        exhausted = False
        self._workers = []
        self._selector = selectors.DefaultSelector()
        for index in range(self.jobs):
            self._workers.append(self._start(index))
        try:
            while True:
                for index in range(len(self._workers)):
                    while (not exhausted and len(self._workers[index].pending) < self.depth
                           and sent - written < self.ahead):
                        chunk = next(source, None)
                        if chunk is None:
                            exhausted = True
                            break
                        self._workers[index].pending[sent] = chunk
                        self._workers[index].send((sent, chunk))
                        sent += 1
                while written in done:
                    yield done.pop(written)
                    written += 1
                if exhausted and written == sent:
                    return
                if any(worker.pending for worker in self._workers):
                    self._collect(done)  # else: room to send more was just made
        except BaseException:  # Ctrl-C, a closed pipe, the caller stopping early: do not wait
            self.close(wait_seconds=0)
            raise
        finally:
            self.close()

    def _collect(self, done: dict[int, Any]) -> None:
        """Wait for a result or a worker's end, and take in what is ready: one result from
        each worker whose pipe has one, every result left from a worker that ended."""
        assert self._selector is not None
        ended: dict[int, bool] = {}
        for key, _ in self._selector.select():
            index, exited = key.data
            ended[index] = ended.get(index, False) or exited
        for index in sorted(ended):
            worker = self._workers[index]
            alive = True
            try:
                if not ended[index]:
                    self._take(worker, done)  # one is there (or the end of the pipe: a death)
                while ended[index] and worker.outbox.poll():  # its last results first
                    self._take(worker, done)
            except (EOFError, OSError):
                alive = False
            if worker.finished:  # ended as told: nothing more to take from it
                self._unwatch(worker)
            elif not alive or ended[index]:
                self._replace(index, done)

    @staticmethod
    def _take(worker: _Worker, done: dict[int, Any]) -> None:
        result = _receive_result(worker.outbox)
        number = next(iter(worker.pending))  # chunks are served in order
        del worker.pending[number]
        done[number] = result

    def _replace(self, index: int, done: dict[int, Any]) -> None:
        """A dead worker: its current chunk becomes errors, its queued ones go to the new worker."""
        worker = self._workers[index]
        worker.process.join(JOIN_SECONDS)
        reason = _death_reason(worker.process.exitcode)
        queued = list(worker.pending.items())
        worker.pending.clear()
        ending = worker.ending  # (``stop`` sets it)
        self._unwatch(worker)  # before its pipes are closed
        worker.stop(0)
        self.restarts += 1
        self._workers[index] = fresh = self._start(index)
        if queued:
            number, chunk = queued[0]  # chunks are served in order: the first was being classified
            done[number] = self.on_death(number, chunk, reason)
        for number, chunk in queued[1:]:
            fresh.pending[number] = chunk
            fresh.send((number, chunk))
        if ending:
            fresh.end()

    def close(self, wait_seconds: float = JOIN_SECONDS) -> None:
        """Stop every worker: let them finish when asked nicely, terminate otherwise."""
        workers, self._workers = self._workers, []
        for worker in workers:
            self._unwatch(worker)
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        for worker in workers:  # all told first: they end together, not one after the other
            if wait_seconds <= 0:
                worker.process.terminate()
            worker.end()
        for worker in workers:
            worker.stop(wait_seconds)
