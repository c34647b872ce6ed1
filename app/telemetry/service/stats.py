"""Per-version statistics of execution logs, computed in the database, never row by row here.

PostgreSQL has percentile_cont. SQLite has none, so it ranks each group's latencies with window
functions and interpolates between the two ranks around p * (n - 1) exactly as percentile_cont
does (lo + (hi - lo) * fraction, in doubles): both databases give the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise import connections

from app.core.actor import Actor
from app.registry.service import get_version
from app.telemetry.service.records import MAX_COST, MAX_LATENCY_MS, MAX_TOKENS

PERCENTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
# A series spanning more than this is bucketed by day rather than by hour.
HOURLY_SPAN = timedelta(days=2)
GRAINS = ("hour", "day")


@dataclass(frozen=True)
class Figures:
    count: int
    error_rate: float
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    p99_latency_ms: float | None
    input_tokens: int
    output_tokens: int
    cost: float
    first_at: datetime | None = None


@dataclass(frozen=True)
class StatsPoint:
    at: datetime
    figures: Figures


@dataclass(frozen=True)
class VersionStats:
    figures: Figures
    series: list[StatsPoint]
    grain: str


@dataclass(frozen=True)
class _Filter:
    tenant_id: UUID
    version_id: UUID
    environment: str | None
    since: datetime | None


def _is_postgres() -> bool:
    return bool(connections.get("default").schema_generator.DIALECT == "postgres")


def _where(logs: _Filter, postgres: bool) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters, in the dialect's placeholder style."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, value: Any) -> None:
        params.append(value)
        clauses.append(clause.format(f"${len(params)}" if postgres else "?"))

    add("tenant_id = {}", logs.tenant_id if postgres else str(logs.tenant_id))
    add("version_id = {}", logs.version_id if postgres else str(logs.version_id))
    if logs.environment is not None:
        add("environment = {}", logs.environment)
    if logs.since is not None:
        since = _datetime(logs.since)
        # SQLite keeps datetimes as text in this form, which then compares in time order.
        add("created_at >= {}", since if postgres else since.isoformat(sep=" "))
    return " AND ".join(clauses), params


def _bucket(grain: str | None, postgres: bool) -> str:
    if grain is None:
        return "0"
    assert grain in GRAINS
    if postgres:
        return f"date_trunc('{grain}', created_at AT TIME ZONE 'UTC')"
    return (
        "strftime('%Y-%m-%d %H:00:00', created_at)"
        if grain == "hour"
        else ("strftime('%Y-%m-%d 00:00:00', created_at)")
    )


def _sqlite_percentile(p: float) -> str:
    position = f"({p!r} * (n - 1))"
    lo = f"CAST({position} AS INTEGER)"
    hi = f"({lo} + ({position} > {lo}))"
    low_value = f"MAX(CASE WHEN rn = {lo} THEN latency_ms END)"
    high_value = f"MAX(CASE WHEN rn = {hi} THEN latency_ms END)"
    return f"({low_value} + ({high_value} - {low_value}) * MAX({position} - {lo}))"


def _capped(column: str, bound: float, postgres: bool) -> str:
    """The column, at most the bound that ingestion now sets: two logs of cost 1e308 stored
    before it would sum to infinity."""
    return f"{'LEAST' if postgres else 'min'}({column}, {bound!r})"


def _aggregate_sql(grain: str | None, where: str, postgres: bool) -> str:
    """One row per bucket (one bucket in all without a grain), oldest first."""
    totals = (
        "count(*) AS count, "
        "sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors, "
        f"coalesce(sum({_capped('input_tokens', MAX_TOKENS, postgres)}), 0) AS input_tokens, "
        f"coalesce(sum({_capped('output_tokens', MAX_TOKENS, postgres)}), 0) AS output_tokens, "
        f"coalesce(sum({_capped('cost', MAX_COST, postgres)}), 0) AS cost, "
        "min(created_at) AS first_at"
    )
    latency = _capped("latency_ms", MAX_LATENCY_MS, postgres)
    if postgres:
        percentiles = ", ".join(
            f"percentile_cont({p!r}) WITHIN GROUP (ORDER BY {latency}) AS {name}"
            for name, p in PERCENTILES.items()
        )
        return (
            f"SELECT {_bucket(grain, postgres)} AS bucket, {totals}, {percentiles} "
            f"FROM execution_log WHERE {where} GROUP BY bucket ORDER BY bucket"
        )
    percentiles = ", ".join(f"{_sqlite_percentile(p)} AS {name}" for name, p in PERCENTILES.items())
    return (
        "WITH logs AS ("
        f"SELECT {_bucket(grain, postgres)} AS bucket, {latency} AS latency_ms, status, "
        f"input_tokens, output_tokens, cost, created_at FROM execution_log WHERE {where}"
        "), ranked AS ("
        "SELECT *, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY latency_ms) - 1 AS rn, "
        "COUNT(*) OVER (PARTITION BY bucket) AS n FROM logs"
        f") SELECT bucket, {totals}, {percentiles} FROM ranked GROUP BY bucket ORDER BY bucket"
    )


def _datetime(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _figures(row: dict[str, Any]) -> Figures:
    count = int(row["count"])
    return Figures(
        count=count,
        error_rate=int(row["errors"] or 0) / count if count else 0.0,
        p50_latency_ms=_optional_float(row["p50"]),
        p95_latency_ms=_optional_float(row["p95"]),
        p99_latency_ms=_optional_float(row["p99"]),
        input_tokens=int(row["input_tokens"]),
        output_tokens=int(row["output_tokens"]),
        cost=float(row["cost"]),
        first_at=_datetime(row["first_at"]) if row["first_at"] is not None else None,
    )


NO_LOGS = Figures(
    count=0,
    error_rate=0.0,
    p50_latency_ms=None,
    p95_latency_ms=None,
    p99_latency_ms=None,
    input_tokens=0,
    output_tokens=0,
    cost=0.0,
)


async def _rows(logs: _Filter, grain: str | None) -> list[dict[str, Any]]:
    postgres = _is_postgres()
    where, params = _where(logs, postgres)
    connection = connections.get("default")
    rows: list[dict[str, Any]] = await connection.execute_query_dict(
        _aggregate_sql(grain, where, postgres), params
    )
    return rows


async def log_figures(
    *,
    tenant_id: UUID,
    version_id: UUID,
    environment: str | None = None,
    since: datetime | None = None,
) -> Figures:
    """Count, error rate, latency percentiles and totals of a version's logs."""
    rows = await _rows(_Filter(tenant_id, version_id, environment, since), None)
    return _figures(rows[0]) if rows else NO_LOGS


def grain_for(since: datetime | None, first_at: datetime | None, now: datetime) -> str:
    start = since or first_at or now
    return "hour" if now - start <= HOURLY_SPAN else "day"


async def version_stats(actor: Actor, *, version_id: UUID, since: datetime | None) -> VersionStats:
    """The version's figures since `since` (or ever), and a series by hour, or by day when the
    span passes two days."""
    await get_version(actor, version_id)
    logs = _Filter(actor.tenant_id, version_id, None, since)
    totals = await _rows(logs, None)
    figures = _figures(totals[0]) if totals else NO_LOGS
    grain = grain_for(since, figures.first_at, datetime.now(UTC))
    series = (
        [
            StatsPoint(at=_datetime(row["bucket"]), figures=_figures(row))
            for row in await _rows(logs, grain)
        ]
        if figures.count
        else []
    )
    return VersionStats(figures=figures, series=series, grain=grain)
