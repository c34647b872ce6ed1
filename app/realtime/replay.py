"""The replay buffer of streamed events: numbered per tenant, read in order to resume a stream,
pruned by age."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any
from uuid import UUID

from tortoise import connections

from app.core.periodic import pruning_rows_older_than
from app.realtime.models import StreamEvent
from app.settings import Settings

BATCH_SIZE = 500
# One statement, atomic on both databases, even for a tenant's first event.
NEXT_SEQ = """
INSERT INTO stream_sequence (tenant_id, last_seq) VALUES ({tenant}, 1)
ON CONFLICT (tenant_id) DO UPDATE SET last_seq = stream_sequence.last_seq + 1
RETURNING last_seq
"""


async def record_streamed(tenant_id: UUID, kind: str, data: dict[str, Any]) -> StreamEvent:
    """Adds an event under the tenant's next seq. Call inside the change's transaction: the
    tenant's counter row stays locked until it commits, so seqs follow commit order."""
    connection = connections.get("default")
    tenant = "$1" if connection.schema_generator.DIALECT == "postgres" else "?"
    [row] = await connection.execute_query_dict(NEXT_SEQ.format(tenant=tenant), [str(tenant_id)])
    return await StreamEvent.create(tenant_id=tenant_id, seq=row["last_seq"], kind=kind, data=data)


async def events_after(tenant_id: UUID, kind: str, after: int) -> AsyncIterator[StreamEvent]:
    """The tenant's events of `kind` with a seq above `after`, oldest first, a batch at a time."""
    while True:
        batch = (
            await StreamEvent.filter(tenant_id=tenant_id, kind=kind, seq__gt=after)
            .order_by("seq")
            .limit(BATCH_SIZE)
        )
        for row in batch:
            yield row
        if len(batch) < BATCH_SIZE:
            return
        after = batch[-1].seq


def pruning_replay_buffer(settings: Settings) -> AbstractAsyncContextManager[None]:
    return pruning_rows_older_than(
        StreamEvent, settings.stream_retention_seconds, name="replay buffer pruning"
    )
