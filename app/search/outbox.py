"""Index jobs, enqueued in the transaction of the registry change they follow: the change never
waits for Chroma, and a job that fails (Chroma down) runs again until the index has caught up."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.core.actor import Actor
from app.core.events import AssetArchived, AssetCreated, AssetUpdated, DomainEvent, VersionCreated
from app.core.ids import decode_id
from app.jobs.models import Job, JobStatus
from app.jobs.queue import enqueue

INDEX_JOB = "search.index_asset"
# A Chroma outage must not bury the jobs: from the 2 s default base, retries reach the queue's
# one-hour cap after 12 attempts and then go on hourly for half a day.
INDEX_JOB_ATTEMPTS = 24
# Changes that come in a burst (an asset, then its first versions) share one job.
INDEX_DELAY = timedelta(seconds=1)
# The events after which an asset's passages change.
INDEXED_CHANGES = (AssetCreated, AssetUpdated, AssetArchived, VersionCreated)


async def enqueue_indexing(actor: Actor, event: DomainEvent, at: datetime) -> None:
    """The subscriber of INDEXED_CHANGES. The job reads the asset as it is when it runs, so one
    still queued covers this change too. Locking it keeps a worker from claiming it before this
    transaction commits: PostgreSQL workers skip locked jobs, and SQLite runs one writing
    transaction at a time."""
    assert isinstance(event, INDEXED_CHANGES)
    payload = {"asset_id": str(decode_id(event.asset_id, "Asset"))}
    queued = Job.filter(
        tenant_id=actor.tenant_id, kind=INDEX_JOB, status=JobStatus.QUEUED, payload=payload
    )
    if await queued.select_for_update().first() is not None:
        return
    await enqueue(
        tenant_id=actor.tenant_id,
        kind=INDEX_JOB,
        payload=payload,
        delay=INDEX_DELAY,
        max_attempts=INDEX_JOB_ATTEMPTS,
    )
