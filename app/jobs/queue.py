"""The job queue: enqueue in the caller's transaction (and discard there, when what a job was
for is gone); workers claim, run, retry and bury.

PostgreSQL workers claim with FOR UPDATE SKIP LOCKED, so any number of them, in any process, take
disjoint jobs. SQLite serves one process, whose single worker claims inside a write transaction.
A job whose worker died mid-run (its lock older than the visibility timeout) is claimed again.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import Counter
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from app.core.transactions import atomic, in_atomic, on_commit
from app.jobs.models import Job, JobStatus

# The defaults of PROMPTVAULT_JOB_VISIBILITY_SECONDS, PROMPTVAULT_JOB_BACKOFF_SECONDS,
# PROMPTVAULT_JOB_CONCURRENCY and PROMPTVAULT_JOB_TENANT_CONCURRENCY.
VISIBILITY_TIMEOUT = timedelta(seconds=60)
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 3600.0
CONCURRENCY = 10
TENANT_CONCURRENCY = 5
CLAIMABLE = (JobStatus.QUEUED, JobStatus.FAILED)

# The workers of this process, woken when a job is queued for now, so that it does not wait for
# their next poll (a prompt run's first piece would). Workers in other processes still poll.
_idle_workers: weakref.WeakSet[asyncio.Event] = weakref.WeakSet()


def woken_on_enqueue() -> asyncio.Event:
    """An event set whenever this process queues a job to run now; the worker clears it."""
    event = asyncio.Event()
    _idle_workers.add(event)
    return event


async def _wake_workers() -> None:
    for event in list(_idle_workers):
        event.set()


async def enqueue(
    *,
    tenant_id: UUID,
    kind: str,
    payload: dict[str, Any],
    delay: timedelta = timedelta(0),
    max_attempts: int = 8,
) -> Job:
    job = await Job.create(
        tenant_id=tenant_id,
        kind=kind,
        payload=payload,
        max_attempts=max_attempts,
        run_after=datetime.now(UTC) + delay,
    )
    if not delay:
        # Inside a transaction the job is claimable only once it commits.
        if in_atomic():
            on_commit(_wake_workers)
        else:
            await _wake_workers()
    return job


async def discard(job_ids: list[UUID]) -> None:
    """Deletes these jobs, whatever their state; rows that hang on a job go with it (cascade)."""
    await Job.filter(id__in=job_ids).delete()


def backoff(attempts: int, *, base_seconds: float = BACKOFF_BASE_SECONDS) -> timedelta:
    return timedelta(seconds=min(base_seconds * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS))


def _of_kinds(query: QuerySet[Job], kinds: Collection[str] | None) -> QuerySet[Job]:
    return query if kinds is None else query.filter(kind__in=list(kinds))


async def _running_per_tenant(stale: datetime, kinds: Collection[str] | None) -> Counter[UUID]:
    """How many jobs (of these kinds) each tenant has running now (abandoned ones aside), across
    all workers."""
    rows = (
        await _of_kinds(Job.filter(status=JobStatus.RUNNING, locked_at__gte=stale), kinds)
        .annotate(count=Count("id"))
        .group_by("tenant_id")
        .values_list("tenant_id", "count")
    )
    return Counter({tenant_id: count for tenant_id, count in rows})


async def claim(
    worker: str,
    *,
    limit: int = CONCURRENCY,
    tenant_limit: int = TENANT_CONCURRENCY,
    visibility_timeout: timedelta = VISIBILITY_TIMEOUT,
    kinds: Collection[str] | None = None,
) -> list[Job]:
    """Marks up to `limit` due jobs RUNNING for this worker and returns them, oldest first, but
    none of a tenant that already has `tenant_limit` jobs running: one tenant's backlog of slow
    jobs must not take every slot while other tenants' jobs wait. With `kinds`, only jobs of
    those kinds, and only they count towards the tenant's limit (a lane of its own)."""
    postgres = connections.get("default").schema_generator.DIALECT == "postgres"
    now = datetime.now(UTC)
    stale = now - visibility_timeout
    claimed: list[UUID] = []
    async with atomic():
        running = await _running_per_tenant(stale, kinds)
        ready = _of_kinds(Job.filter(status__in=CLAIMABLE, run_after__lte=now), kinds)
        abandoned = _of_kinds(Job.filter(status=JobStatus.RUNNING, locked_at__lt=stale), kinds)
        for due in (ready, abandoned):
            # Each round takes the oldest jobs of tenants below their limit; a tenant that
            # reaches it is left out of the next round, which then reaches younger jobs.
            while len(claimed) < limit:
                full = [tenant for tenant, count in running.items() if count >= tenant_limit]
                query = due.exclude(tenant_id__in=full) if full else due
                query = query.order_by("run_after").limit(limit - len(claimed))
                if postgres:
                    query = query.select_for_update(skip_locked=True)
                taken = []
                for job in await query.only("id", "tenant_id"):
                    if running[job.tenant_id] < tenant_limit:
                        running[job.tenant_id] += 1
                        taken.append(job.id)
                if not taken:
                    break
                await Job.filter(id__in=taken).update(
                    status=JobStatus.RUNNING,
                    locked_at=now,
                    locked_by=worker,
                    attempts=F("attempts") + 1,
                )
                claimed += taken
    return await Job.filter(id__in=claimed) if claimed else []


async def renew(job: Job) -> bool:
    """Keeps the job's lock fresh while a long run still holds it, so that no worker takes it for
    abandoned; False when the job is no longer this run's."""
    return await _owned(job).update(locked_at=datetime.now(UTC)) > 0


async def succeed(job: Job) -> None:
    await _owned(job).update(
        status=JobStatus.SUCCEEDED, finished_at=datetime.now(UTC), error=None, locked_at=None
    )


async def fail(job: Job, error: str, *, backoff_seconds: float = BACKOFF_BASE_SECONDS) -> None:
    """Schedules another run with exponential backoff, or buries the job after max_attempts."""
    now = datetime.now(UTC)
    if job.attempts >= job.max_attempts:
        await _owned(job).update(
            status=JobStatus.DEAD, error=error[:4000], finished_at=now, locked_at=None
        )
        return
    await _owned(job).update(
        status=JobStatus.FAILED,
        error=error[:4000],
        run_after=now + backoff(job.attempts, base_seconds=backoff_seconds),
        locked_at=None,
    )


def _owned(job: Job) -> QuerySet[Job]:
    """The job while this run still holds it: a run that outlived the visibility timeout, whose
    job another worker has claimed since, must not overwrite that worker's outcome."""
    return Job.filter(id=job.id, status=JobStatus.RUNNING, locked_by=job.locked_by)
