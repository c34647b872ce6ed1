"""GraphQL object types of execution logs and of a version's statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, cast
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.ids import encode_id
from app.core.relay import Node
from app.registry.types import AssetVersionType, load_version
from app.telemetry import models, service
from app.telemetry.models import ExecutionStatus

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
    def values(figures: service.Figures) -> dict[str, Any]:
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
    def from_point(cls, point: service.StatsPoint) -> Self:
        return cls(at=point.at, **cls.values(point.figures))


@strawberry.type(name="VersionStats")
class VersionStatsType(FiguresType):
    series: list[StatsPointType]
    grain: str = strawberry.field(description="What one point of the series spans: hour or day.")

    @classmethod
    def from_stats(cls, found: service.VersionStats) -> Self:
        return cls(
            series=[StatsPointType.from_point(point) for point in found.series],
            grain=found.grain,
            **cls.values(found.figures),
        )
