"""One worker process's serving state: the policy, its classifier thread, limits and metrics.

durable_rules sessions must never be touched by two threads, and its C calls
hold the GIL anyway: the classifier is built and used on one dedicated thread
(a one-thread executor), and the event loop hands it work. The loop stays free
to accept connections, read bodies and answer ``/healthz`` while a batch runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sevtriage.engine.classifier import Classifier
from sevtriage.policy.model import Policy
from sevtriage.serve.metrics import Metrics
from sevtriage.serve.settings import Settings
from sevtriage.tickets.mapping import Mapping

T = TypeVar("T")


class ServeState:
    def __init__(self, policy: Policy, settings: Settings, mappings: dict[str, Mapping] | None = None):
        self.policy = policy
        self.settings = settings
        self.metrics = Metrics()
        self.mappings: dict[str, Mapping] = mappings or {}
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classifier")
        # built on the thread that will use it: no other thread ever touches its session
        self.classifier: Classifier = self._thread.submit(Classifier, policy).result()
        self.ready = True

    async def classify(self, work: Callable[[Classifier], T]) -> T:
        """Run ``work(classifier)`` on the classifier's own thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, work, self.classifier)

    def policy_document(self) -> dict[str, Any]:
        levels = [{"severity": level.number, "name": level.name, "title": level.title,
                   "response_target": level.response_target}
                  for level in sorted(self.policy.levels.values(), key=lambda level: level.number)]
        return {**self.policy.identity(), "levels": levels, "default_level": self.policy.default_level}

    def close(self) -> None:
        self._thread.shutdown(wait=True)
