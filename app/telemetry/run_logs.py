"""Prompt runs as execution logs: each run of a saved version, once it ends, is logged against
that version in the "playground" environment (its model, status, tokens, cost and latency; the
run's id as the request id). A draft's run has no version, and no log. main.py subscribes this to
RunFinished, so the log commits with the run's end."""

from __future__ import annotations

from datetime import datetime

from app.core.actor import Actor
from app.core.events import DomainEvent, RunFinished
from app.core.ids import split_id
from app.telemetry.models import ExecutionLog, ExecutionStatus

PLAYGROUND = "playground"


async def record_run_log(actor: Actor, event: DomainEvent, at: datetime) -> None:
    if not isinstance(event, RunFinished) or event.version_id is None:
        return
    _, version_id = split_id(event.version_id)
    await ExecutionLog.create(
        tenant_id=actor.tenant_id,
        version_id=version_id,
        environment=PLAYGROUND,
        request_id=event.run_id,
        latency_ms=event.latency_ms,
        input_tokens=event.input_tokens,
        output_tokens=event.output_tokens,
        cost=event.cost,
        model=event.model,
        status=ExecutionStatus.SUCCESS if event.status == "SUCCEEDED" else ExecutionStatus.ERROR,
        error=event.error,
    )
