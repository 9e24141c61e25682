"""One worker process: the policy's classifier on its own thread, and a uvicorn server.

Started by the supervisor with ``fork``: it inherits the listening socket and
the policy the supervisor validated, builds its own classifier (one ruleset
load per process, as durable_rules needs), serves until SIGTERM, then lets the
requests in flight finish (uvicorn's graceful shutdown, bounded by
``drain_timeout``) and exits 0. SIGHUP is the supervisor's business: ignored here.
"""

from __future__ import annotations

import signal
import socket
import sys
from multiprocessing.connection import Connection
from typing import Any

import uvicorn

from sevtriage.policy.model import Policy
from sevtriage.serve import logs
from sevtriage.serve.app import build_app
from sevtriage.serve.protocol import with_header_timeout
from sevtriage.serve.settings import Settings
from sevtriage.serve.state import ServeState
from sevtriage.tickets.mapping import Mapping


class _Server(uvicorn.Server):
    """Tells the supervisor when it is accepting connections."""

    def __init__(self, config: uvicorn.Config, ready: Connection):
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._ready.send("ready")
            self._ready.close()


def _ignore(signum: int, frame: Any) -> None:
    """After uvicorn's shutdown it re-raises the signal it caught: it should not kill us now."""


def run_worker(sock: socket.socket, policy: Policy, settings: Settings, mappings: dict[str, Mapping],
               ready: Connection) -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _ignore)
    signal.signal(signal.SIGINT, _ignore)
    logs.setup()
    state = ServeState(policy, settings, mappings)
    config = uvicorn.Config(
        build_app(state), http=with_header_timeout(settings.header_timeout), ws="none", lifespan="off",
        log_config=None, access_log=False, server_header=False, date_header=True,
        timeout_keep_alive=int(max(1, settings.keep_alive)), timeout_graceful_shutdown=int(settings.drain_timeout),
        limit_concurrency=settings.max_connections,
    )
    _Server(config, ready).run(sockets=[sock])
    state.close()
    logs.event("worker_stopped", policy=policy.identity())
    sys.exit(0)
