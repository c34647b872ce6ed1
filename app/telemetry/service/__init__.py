"""Telemetry's logic, one module per concept: execution logs recorded and listed (logs), one log as
a client reports it and its checks (records), the idempotency keys of batches (batch_keys),
per-version statistics (stats) and the platform's count of executions (counts). Callers import
from here."""

from app.telemetry.service.batch_keys import pruning_batch_keys
from app.telemetry.service.counts import executions_since
from app.telemetry.service.logs import (
    list_execution_logs,
    record_execution_batch,
    record_executions,
    require_log_writer,
)
from app.telemetry.service.records import ExecutionRecord, parse_batch
from app.telemetry.service.stats import (
    Figures,
    StatsPoint,
    VersionStats,
    log_figures,
    version_stats,
)

__all__ = [
    "ExecutionRecord",
    "Figures",
    "StatsPoint",
    "VersionStats",
    "executions_since",
    "list_execution_logs",
    "log_figures",
    "parse_batch",
    "pruning_batch_keys",
    "record_execution_batch",
    "record_executions",
    "require_log_writer",
    "version_stats",
]
