"""Prometheus metrics: one registry per process, and the middleware that counts requests.

Other domains increment the counters defined here; the telemetry ingestion, for one, calls
`EXECUTIONS_INGESTED.inc(n)` once a batch of n execution logs has committed.

With several uvicorn workers, `promptvault serve` gives them one fresh PROMETHEUS_MULTIPROC_DIR:
prometheus-client then keeps each worker's figures in files there, and /metrics of any worker
adds up those of all (its multiprocess mode).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# prometheus-client reads it when first imported: set before the workers start.
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

REGISTRY = CollectorRegistry(auto_describe=True)

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)

HTTP_REQUESTS = Counter(
    "promptvault_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "promptvault_http_request_duration_seconds",
    "Time from a request's arrival to its response headers, by route template and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
RUNTIME_CACHE_HITS = Counter(
    "promptvault_runtime_cache_hits",
    "Runtime reads answered from the in-process cache.",
    registry=REGISTRY,
)
RUNTIME_CACHE_MISSES = Counter(
    "promptvault_runtime_cache_misses",
    "Runtime reads that had to read the database.",
    registry=REGISTRY,
)
RUNTIME_CACHE_INVALIDATIONS = Counter(
    "promptvault_runtime_cache_invalidations",
    "Cached prompts dropped by activation and rollout events.",
    registry=REGISTRY,
)
RUNTIME_CACHE_ENTRIES = Gauge(
    "promptvault_runtime_cache_entries",
    "Prompts held by the runtime caches of the server's running workers.",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "promptvault_rate_limited",
    "Requests refused by a tenant's rate limit, by surface (runtime, graphql).",
    ["surface"],
    registry=REGISTRY,
)
# Incremented by the execution-log ingestion (POST /v1/executions, recordExecution(s)) once a
# batch has committed: inc(len(batch)).
EXECUTIONS_INGESTED = Counter(
    "promptvault_executions_ingested",
    "Execution logs stored.",
    registry=REGISTRY,
)
EXECUTION_BATCHES_REJECTED = Counter(
    "promptvault_execution_batches_rejected",
    "Execution-log batches refused whole (a bad item, or over a limit).",
    registry=REGISTRY,
)

if MULTIPROCESS_DIR in os.environ:
    # A worker that stops takes its live gauges (its cache's size) out of the sums.
    atexit.register(lambda: mark_process_dead(os.getpid()))  # type: ignore[no-untyped-call]


@contextmanager
def metrics_shared_by_workers() -> Iterator[None]:
    """For the worker processes started within: a fresh directory where each keeps its figures,
    so that no count of an earlier server is added to theirs; removed at the end."""
    directory = tempfile.mkdtemp(prefix="promptvault-metrics-")
    os.environ[MULTIPROCESS_DIR] = directory
    try:
        yield
    finally:
        del os.environ[MULTIPROCESS_DIR]
        shutil.rmtree(directory, ignore_errors=True)


def exposition() -> bytes:
    """Prometheus text of every worker that shares this one's PROMETHEUS_MULTIPROC_DIR, else of
    this process."""
    if MULTIPROCESS_DIR not in os.environ:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


UNMATCHED_ROUTE = "unmatched"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _route_label(scope: Scope) -> str:
    # The router records the route it matched; its template keeps the label set small, where the
    # raw path would make one series per prompt name.
    route: BaseRoute | None = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED_ROUTE


class MetricsMiddleware:
    """Counts every HTTP request by route and status and times it to its response headers
    (which keeps a long Server-Sent Events stream out of the latency figures)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Label lookups take a lock and build a tuple; the children are cached here instead.
        self._counters: dict[tuple[str, str, int], Counter] = {}
        self._timers: dict[tuple[str, str], Histogram] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answered = False

        async def timed_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.start":
                answered = True
                self._observe(scope, message["status"], time.perf_counter() - started)
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        except BaseException:
            if not answered:  # the server answers 500, or the client went away
                self._observe(scope, 500, time.perf_counter() - started)
            raise

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = _route_label(scope)
        method: str = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
        counter = self._counters.get((route, method, status))
        if counter is None:
            counter = HTTP_REQUESTS.labels(route, method, str(status))
            self._counters[(route, method, status)] = counter
        counter.inc()
        timer = self._timers.get((route, method))
        if timer is None:
            timer = HTTP_LATENCY.labels(route, method)
            self._timers[(route, method)] = timer
        timer.observe(seconds)
