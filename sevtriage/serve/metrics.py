"""Prometheus metrics, summed over every worker process (prometheus-client's multiprocess mode).

Each worker writes its counts to files in a folder the supervisor creates
(``PROMETHEUS_MULTIPROC_DIR``, set before prometheus-client is imported), and
``/metrics`` in any worker adds up the files of all of them, those of workers
replaced by a reload included: a scrape sees the server's totals, not one
process's. Route labels are route templates, never raw paths, so a scan of
random URLs cannot grow the label set.
"""

from __future__ import annotations

import os

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    """The server's counters and histogram; one instance per worker process."""

    def __init__(self) -> None:
        if not os.environ.get(MULTIPROC_ENV):
            raise RuntimeError(f"{MULTIPROC_ENV} must be set before the workers start")
        from prometheus_client import Counter, Histogram

        self.requests = Counter("sevtriage_http_requests", "HTTP requests, by route, method and status.",
                                ["route", "method", "status"], registry=None)
        self.latency = Histogram("sevtriage_http_request_duration_seconds",
                                 "Time from the request's arrival to the end of its response, by route.",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=None)
        self.tickets = Counter("sevtriage_tickets", "Tickets classified, by level name.", ["level"],
                               registry=None)
        self.error_records = Counter("sevtriage_error_records", "Error records returned, by code.", ["code"],
                                     registry=None)
        self.webhook_rejections = Counter("sevtriage_webhook_rejections",
                                          "Webhook calls refused with 401, by webhook.", ["webhook"],
                                          registry=None)

    def count_records(self, levels: dict[str, int], errors: dict[str, int]) -> None:
        for level, count in levels.items():
            self.tickets.labels(level).inc(count)
        for code, count in errors.items():
            self.error_records.labels(code).inc(count)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    @staticmethod
    def exposition() -> bytes:
        """The text format, summed over every process that wrote to the folder."""
        from prometheus_client import CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
