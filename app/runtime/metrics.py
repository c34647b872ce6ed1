"""The /metrics side of Prometheus: the exposition (of this process, or added up over the
workers that share a PROMETHEUS_MULTIPROC_DIR), the directory `promptvault serve` gives its
workers, and the middleware that counts requests. The registry and the counters are in
core/metrics.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.metrics import HTTP_LATENCY, HTTP_REQUESTS, MULTIPROCESS_DIR, REGISTRY


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
