"""GraphQL of execution logs: recording them, listing them, and a version's statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, cast
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.field_permissions import CanWriteLogs, IsAuthenticated
from app.core.ids import decode_id, encode_id
from app.core.relay import Connection, Node
from app.registry.types import AssetVersionType, load_version
from app.telemetry import models, service, stats
from app.telemetry.models import ExecutionStatus
from app.telemetry.records import ExecutionRecord

# The contract's token totals are GraphQL Ints, of 32 bits: a larger total (a few thousand calls
# of a million tokens) shows as this maximum rather than failing the whole answer.
GRAPHQL_INT_MAX = 2**31 - 1

# strawberry.enum registers the domain enum itself as the GraphQL enum.
strawberry.enum(ExecutionStatus, name="ExecutionStatus")


@strawberry.type(name="ExecutionLog")
class ExecutionLogType(Node):
    environment: str
    request_id: str | None
    latency_ms: float
    input_tokens: int
    output_tokens: int
    cost: float
    model: str | None
    status: ExecutionStatus
    error: str | None
    inputs: JSON | None
    output: str | None
    truncated: bool = strawberry.field(
        description="True when inputs, output or error were cut to the tenant's size limit."
    )
    created_at: datetime
    version_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, log: models.ExecutionLog) -> Self:
        return cls(
            id=encode_id("ExecutionLog", log.id),
            environment=log.environment,
            request_id=log.request_id,
            latency_ms=log.latency_ms,
            input_tokens=log.input_tokens,
            output_tokens=log.output_tokens,
            cost=log.cost,
            model=log.model,
            status=log.status,
            error=log.error,
            inputs=cast(JSON, log.inputs),
            output=log.output,
            truncated=log.truncated,
            created_at=log.created_at,
            version_id=log.version_id,
        )

    @strawberry.field
    async def version(self, info: Info) -> AssetVersionType:
        return await load_version(info, self.version_id)


@strawberry.type
class FiguresType:
    """The figures of a set of logs: a version's statistics, and each point of their series."""

    count: int
    error_rate: float
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    p99_latency_ms: float | None
    input_tokens: int
    output_tokens: int
    cost: float

    @staticmethod
    def values(figures: stats.Figures) -> dict[str, Any]:
        return {
            "count": figures.count,
            "error_rate": figures.error_rate,
            "p50_latency_ms": figures.p50_latency_ms,
            "p95_latency_ms": figures.p95_latency_ms,
            "p99_latency_ms": figures.p99_latency_ms,
            "input_tokens": min(figures.input_tokens, GRAPHQL_INT_MAX),
            "output_tokens": min(figures.output_tokens, GRAPHQL_INT_MAX),
            "cost": figures.cost,
        }


@strawberry.type(name="StatsPoint")
class StatsPointType(FiguresType):
    at: datetime

    @classmethod
    def from_point(cls, point: stats.StatsPoint) -> Self:
        return cls(at=point.at, **cls.values(point.figures))


@strawberry.type(name="VersionStats")
class VersionStatsType(FiguresType):
    series: list[StatsPointType]
    grain: str = strawberry.field(description="What one point of the series spans: hour or day.")

    @classmethod
    def from_stats(cls, found: stats.VersionStats) -> Self:
        return cls(
            series=[StatsPointType.from_point(point) for point in found.series],
            grain=found.grain,
            **cls.values(found.figures),
        )


@strawberry.input
class ExecutionInput:
    version_id: strawberry.ID
    latency_ms: float
    environment: str = "production"
    request_id: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0
    model: str | None = None
    status: ExecutionStatus = ExecutionStatus.SUCCESS
    error: str | None = None
    inputs: JSON | None = None
    output: str | None = None

    def to_record(self) -> ExecutionRecord:
        return ExecutionRecord(
            version_id=str(self.version_id),
            latency_ms=self.latency_ms,
            environment=self.environment,
            request_id=self.request_id,
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cost=self.cost,
            model=self.model,
            status=self.status,
            error=self.error,
            inputs=self.inputs,
            output=self.output,
        )


async def _record(info: Info, input: ExecutionInput) -> models.ExecutionLog:
    [log] = await service.record_executions(
        info.context.actor,
        [input.to_record()],
        default_payload_chars=info.context.settings.max_log_payload_chars,
    )
    return log


@strawberry.type
class TelemetryQuery:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def execution_logs(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        version_id: strawberry.ID | None = None,
        request_id: str | None = None,
    ) -> Connection[ExecutionLogType]:
        page = await service.list_execution_logs(
            info.context.actor,
            version_id=decode_id(version_id, "AssetVersion") if version_id else None,
            request_id=request_id,
            first=first,
            after=after,
        )
        return Connection.from_page(page, ExecutionLogType.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def version_stats(
        self, info: Info, version_id: strawberry.ID, since: datetime | None = None
    ) -> VersionStatsType:
        found = await stats.version_stats(
            info.context.actor, version_id=decode_id(version_id, "AssetVersion"), since=since
        )
        return VersionStatsType.from_stats(found)


@strawberry.type
class TelemetryMutation:
    @strawberry.mutation(permission_classes=[CanWriteLogs])
    async def record_execution(self, info: Info, input: ExecutionInput) -> ExecutionLogType:
        return ExecutionLogType.from_model(await _record(info, input))

    @strawberry.mutation(
        permission_classes=[CanWriteLogs],
        description=(
            "Records every log or none; a bad one refuses the batch, naming its index. A batch "
            "sent again under the same idempotencyKey is stored once and answers the same count."
        ),
    )
    async def record_executions(
        self, info: Info, inputs: list[ExecutionInput], idempotency_key: str | None = None
    ) -> int:
        return await service.record_execution_batch(
            info.context.actor,
            [item.to_record() for item in inputs],
            default_payload_chars=info.context.settings.max_log_payload_chars,
            idempotency_key=idempotency_key,
        )
