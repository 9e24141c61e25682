"""The parent process of ``sevtriage serve``: binds the socket, runs the workers, reloads, drains.

- Start: the policy is loaded and validated here (no ruleset is created in
  this process), the socket is bound once, and ``--workers`` processes are
  forked; each builds its own classifier.
- SIGHUP: the policy is loaded again and validated. If it fails, every problem
  is logged and the workers go on serving the old policy. If it loads, a new
  generation of workers is started with it; once every one of them is
  accepting connections, the old generation is sent SIGTERM and drains. A
  policy is never swapped inside a running worker: durable_rules wants one
  ruleset load per process. The listening socket stays open throughout, so
  no connection is refused during a reload.
- SIGTERM or SIGINT: the workers are sent SIGTERM, finish the requests in
  flight (up to ``--drain-timeout``), and the supervisor exits 0.
- A worker that dies unexpectedly is replaced (at most once a second).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import select
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sevtriage.policy.model import Policy
from sevtriage.problems import PolicyError
from sevtriage.serve import logs
from sevtriage.serve.settings import Settings
from sevtriage.serve.worker import run_worker
from sevtriage.tickets.mapping import Mapping

START_TIMEOUT = 60.0
_fork = multiprocessing.get_context("fork")


@dataclass
class Generation:
    """The workers serving one policy."""

    policy: Policy
    workers: list[BaseProcess] = field(default_factory=list)
    last_restart: float = 0.0


class Supervisor:
    def __init__(self, settings: Settings, policy: Policy, load: Callable[[], Policy],
                 mappings: dict[str, Mapping], sock: socket.socket):
        self.settings = settings
        self.load = load
        self.mappings = mappings
        self.sock = sock
        self.current = Generation(policy)
        self.draining: list[BaseProcess] = []
        self.pending_signals: list[int] = []
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        os.set_blocking(self.wake_r, False)

    # signals: recorded by the handler, acted on by the main loop

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.pending_signals.append(signum)
        with contextlib.suppress(BlockingIOError):  # the pipe is full: the loop wakes anyway
            os.write(self.wake_w, b"!")

    def _spawn(self, policy: Policy) -> tuple[BaseProcess, Connection]:
        receive, send = _fork.Pipe(duplex=False)
        process = _fork.Process(target=run_worker, args=(self.sock, policy, self.settings, self.mappings, send),
                                name="sevtriage-serve-worker", daemon=False)
        process.start()
        send.close()
        return process, receive

    def _start_generation(self, policy: Policy) -> Generation | None:
        """``--workers`` new processes serving ``policy``, or None (and none left) if one fails to start."""
        started = [self._spawn(policy) for _ in range(self.settings.workers)]
        deadline = time.monotonic() + START_TIMEOUT
        ok = True
        for _, receive in started:
            left = max(0.0, deadline - time.monotonic())
            try:
                ok = ok and receive.poll(left) and receive.recv() == "ready"
            except (EOFError, OSError):
                ok = False
            receive.close()
        if ok:
            return Generation(policy, [process for process, _ in started], time.monotonic())
        for process, _ in started:
            if process.is_alive():
                process.kill()
            process.join()
        return None

    def _reload(self) -> None:
        try:
            policy = self.load()
        except PolicyError as error:
            for problem in error.problems:
                logs.event("reload_problem", level=logging.ERROR, problem=str(problem))
            logs.event("reload_failed", level=logging.ERROR, problems=len(error.problems),
                       serving=self.current.policy.identity())
            return
        except Exception as error:  # an unreadable folder, a git error: the old policy keeps serving
            logs.event("reload_failed", level=logging.ERROR, problems=1, error=type(error).__name__,
                       serving=self.current.policy.identity())
            return
        generation = self._start_generation(policy)
        if generation is None:
            logs.event("reload_failed", level=logging.ERROR, problems=0, error="the new workers did not start",
                       serving=self.current.policy.identity())
            return
        old, self.current = self.current, generation
        for process in old.workers:
            self._terminate(process)
        self.draining.extend(old.workers)
        logs.event("reloaded", policy=policy.identity(), previous=old.policy.identity(),
                   workers=[p.pid for p in generation.workers])

    @staticmethod
    def _terminate(process: BaseProcess) -> None:
        if process.pid is not None and process.is_alive():
            os.kill(process.pid, signal.SIGTERM)

    def _reap(self) -> None:
        for process in list(self.draining):
            if not process.is_alive():
                process.join()
                self.draining.remove(process)
                logs.event("worker_drained", worker=process.pid, exit_code=process.exitcode)
        for index, process in enumerate(self.current.workers):
            if process.is_alive():
                continue
            process.join()
            if time.monotonic() - self.current.last_restart < 1.0:
                continue  # at most one replacement a second: a worker that cannot start must not spin
            logs.event("worker_died", level=logging.ERROR, worker=process.pid, exit_code=process.exitcode)
            self.current.last_restart = time.monotonic()
            replacement, receive = self._spawn(self.current.policy)
            self.current.workers[index] = replacement
            receive.close()

    def _drain_and_exit(self) -> None:
        everyone = self.current.workers + self.draining
        logs.event("draining", workers=[p.pid for p in everyone], timeout_s=self.settings.drain_timeout)
        for process in everyone:
            self._terminate(process)
        self.sock.close()
        deadline = time.monotonic() + self.settings.drain_timeout + 5.0
        for process in everyone:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                logs.event("worker_killed", worker=process.pid)
                process.kill()
                process.join()
        logs.event("stopped")

    def run(self) -> int:
        """Serve until SIGTERM or SIGINT; 0 once drained, 1 if the first workers could not start."""
        for handled in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            signal.signal(handled, self._on_signal)
        first = self._start_generation(self.current.policy)
        if first is None:
            logs.event("start_failed", error="the workers did not start")
            self.sock.close()
            return 1
        self.current = first
        host, port = self.sock.getsockname()[:2]
        logs.event("listening", host=host, port=port, workers=[p.pid for p in first.workers],
                   policy=first.policy.identity(), url=f"http://{host}:{port}")
        while True:
            with contextlib.suppress(InterruptedError):
                select.select([self.wake_r], [], [], 0.5)
            with contextlib.suppress(BlockingIOError):
                os.read(self.wake_r, 4096)
            while self.pending_signals:
                signum = self.pending_signals.pop(0)
                if signum == signal.SIGHUP:
                    logs.event("reload_requested")
                    self._reload()
                else:
                    self._drain_and_exit()
                    return 0
            self._reap()


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound once here and inherited by every worker."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given explicitly: asyncio sets TCP_NODELAY only on sockets whose proto is TCP, and
    # without it every keep-alive response waited ~40 ms for the client's delayed ACK (measured)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
