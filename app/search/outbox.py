"""Index jobs, enqueued in the transaction of the registry change they follow: the change never
waits for Chroma, and a job that fails (Chroma down) runs again until the index has caught up."""

from __future__ import annotations

from app.jobs.queue import enqueue
from app.registry.models import Asset

INDEX_JOB = "search.index_asset"
# A Chroma outage must not bury the jobs: from the 2 s default base, retries reach the queue's
# one-hour cap after 12 attempts and then go on hourly for half a day.
INDEX_JOB_ATTEMPTS = 24


async def enqueue_indexing(asset: Asset) -> None:
    """The job reads the asset as it is when it runs, so jobs may run in any order."""
    await enqueue(
        tenant_id=asset.tenant_id,
        kind=INDEX_JOB,
        payload={"asset_id": str(asset.id)},
        max_attempts=INDEX_JOB_ATTEMPTS,
    )
