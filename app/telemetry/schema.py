"""GraphQL of execution logs: recording them (ExecutionInput), listing them, and a version's
statistics; the TelemetryQuery and TelemetryMutation that api/schema.py merges."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.field_permissions import CanWriteLogs, IsAuthenticated
from app.core.ids import decode_id
from app.core.relay import Connection
from app.telemetry import models, service
from app.telemetry.models import ExecutionStatus
from app.telemetry.service import ExecutionRecord
from app.telemetry.types import ExecutionLogType, VersionStatsType


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
        found = await service.version_stats(
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
