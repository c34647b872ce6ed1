"""Prometheus metrics: the process's one registry and every counter the domains count into.

Defined here, below every domain, so that whichever floor counts (the telemetry ingestion, the
runtime's cache and rate limits, the HTTP middleware) imports them downwards; the /metrics
exposition and the request middleware are the runtime's (runtime/metrics.py).

With several uvicorn workers, `promptvault serve` gives them one fresh PROMETHEUS_MULTIPROC_DIR:
prometheus-client then keeps each worker's figures in files there, and /metrics of any worker
adds up those of all (its multiprocess mode).
"""

from __future__ import annotations

import atexit
import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.multiprocess import mark_process_dead

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
