"""The replay buffer of streamed events: read in order to resume a stream, pruned by age."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID

from app.core.periodic import running_every
from app.realtime.models import StreamEvent
from app.settings import Settings

BATCH_SIZE = 500
PRUNE_INTERVAL_SECONDS = 60


async def events_after(tenant_id: UUID, kind: str, after: int) -> AsyncIterator[StreamEvent]:
    """The tenant's events of `kind` with an id above `after`, oldest first, a batch at a time."""
    while True:
        batch = (
            await StreamEvent.filter(tenant_id=tenant_id, kind=kind, id__gt=after)
            .order_by("id")
            .limit(BATCH_SIZE)
        )
        for row in batch:
            yield row
        if len(batch) < BATCH_SIZE:
            return
        after = batch[-1].id


async def prune(retention_seconds: float) -> int:
    cutoff = datetime.now(UTC) - timedelta(seconds=retention_seconds)
    return await StreamEvent.filter(created_at__lt=cutoff).delete()


@asynccontextmanager
async def pruning_replay_buffer(settings: Settings) -> AsyncIterator[None]:
    """Every process prunes once a minute; a delete that finds nothing costs one index probe."""
    chore = partial(prune, settings.stream_retention_seconds)
    async with running_every(PRUNE_INTERVAL_SECONDS, chore, name="replay buffer pruning"):
        yield
