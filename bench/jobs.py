"""Issue 4's queue figure: jobs per second through the durable job queue.

N webhook deliveries (a real job kind: a signed POST each) to a receiver on 127.0.0.1 are enqueued
as emit() enqueues them, then running workers drain the queue: on SQLite with one worker, on
PostgreSQL with one and with two workers claiming side by side (FOR UPDATE SKIP LOCKED).

Run: .venv/bin/python bench/jobs.py [--jobs N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from contextlib import AsyncExitStack
from datetime import UTC, datetime

from _dialects import run_for_each_dialect  # noqa: I001

from app.core.actor import Actor
from app.core.database import open_database
from app.core.transactions import atomic
from app.identity.service import create_tenant
from app.jobs import queue
from app.jobs.models import Job, JobStatus
from app.jobs.worker import Worker, running_worker
from app.main import JOB_HANDLERS
from app.webhooks.outbox import enqueue_deliveries
from app.webhooks.service import create_webhook
from tests.support.receiver import Receiver, running_receiver

ENQUEUE_BATCH = 200
# The receiver is on 127.0.0.1: webhooks reach it only when private addresses are allowed.
os.environ["PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE"] = "true"


async def _enqueue(jobs: int, receiver: Receiver) -> None:
    tenant = await create_tenant(name=f"Jobs bench {time.time_ns()}")
    actor = Actor.system(tenant.id)
    await create_webhook(actor, url=receiver.url, events=["asset.created"], allow_private=True)
    for start in range(0, jobs, ENQUEUE_BATCH):
        async with atomic():
            for index in range(start, min(start + ENQUEUE_BATCH, jobs)):
                await enqueue_deliveries(
                    tenant_id=tenant.id,
                    tenant_slug=tenant.slug,
                    event="asset.created",
                    data={"name": f"asset-{index}"},
                    at=datetime.now(UTC),
                )


async def _drain(workers: int, jobs: int) -> None:
    """Runs `workers` workers until `jobs` jobs have succeeded."""
    async with AsyncExitStack() as stack:
        for _ in range(workers):
            # The bench's jobs are one tenant's: let it take every slot of every worker.
            worker = Worker(JOB_HANDLERS, tenant_concurrency=workers * queue.CONCURRENCY)
            await stack.enter_async_context(running_worker(worker))
        while await Job.filter(status=JobStatus.SUCCEEDED).count() < jobs:
            await asyncio.sleep(0.05)


async def _jobs_per_second(workers: int, jobs: int) -> float:
    with running_receiver() as receiver:
        await _enqueue(jobs, receiver)
        started = time.perf_counter()
        await _drain(workers, jobs)
        elapsed = time.perf_counter() - started
        delivered = len(receiver.requests)
    succeeded = await Job.filter(status=JobStatus.SUCCEEDED).count()
    assert delivered == succeeded == jobs, (delivered, succeeded, jobs)
    await Job.all().delete()  # the next run starts from an empty queue
    return jobs / elapsed


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    counts = [1] if dialect == "sqlite" else [1, 2]
    async with open_database(database_url):
        for workers in counts:
            rate = await _jobs_per_second(workers, args.jobs)
            label = f"{args.jobs} webhook deliveries, {workers} worker(s)"
            print(f"[{dialect}] {label}: {rate:,.0f} jobs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2000)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
