"""Runs jobs: inside the server by default, or as `promptvault worker` in processes of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import timedelta

from app.jobs import queue
from app.jobs.models import Job
from app.settings import Settings

logger = logging.getLogger("promptvault.jobs")

Handler = Callable[[Job], Awaitable[None]]


class Worker:
    """Keeps up to `concurrency` jobs running, and claims another as soon as one ends: a slow job
    holds its own slot, never a whole batch. It claims only the kinds it has handlers for, so
    that workers with other handlers make lanes of their own (prompt runs, which wait on a
    model for minutes, have one: main.py), and a job of a kind that no worker of this version
    knows waits for one that does."""

    def __init__(
        self,
        handlers: Mapping[str, Handler],
        *,
        poll_interval: float = 0.5,
        concurrency: int = queue.CONCURRENCY,
        tenant_concurrency: int = queue.TENANT_CONCURRENCY,
        backoff_seconds: float = queue.BACKOFF_BASE_SECONDS,
        visibility_timeout: timedelta = queue.VISIBILITY_TIMEOUT,
    ) -> None:
        self.handlers = handlers
        self.poll_interval = poll_interval
        self.concurrency = concurrency
        self.tenant_concurrency = tenant_concurrency
        self.backoff_seconds = backoff_seconds
        self.visibility_timeout = visibility_timeout
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    @classmethod
    def for_settings(cls, handlers: Mapping[str, Handler], settings: Settings) -> Worker:
        return cls(
            handlers,
            concurrency=settings.job_concurrency,
            tenant_concurrency=settings.job_tenant_concurrency,
            backoff_seconds=settings.job_backoff_seconds,
            visibility_timeout=timedelta(seconds=settings.job_visibility_seconds),
        )

    async def run_forever(self) -> None:
        running: set[asyncio.Task[None]] = set()
        queued = queue.woken_on_enqueue()
        try:
            while True:
                queued.clear()
                free = self.concurrency - len(running)
                if free > 0:
                    running.update(
                        asyncio.create_task(self._run(job)) for job in await self._claim(free)
                    )
                # Wakes when a job ends (to refill its slot), when this process queues one, or
                # to poll for jobs that other processes queued.
                waiting = asyncio.create_task(queued.wait())
                await asyncio.wait(
                    {*running, waiting},
                    timeout=self.poll_interval,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                waiting.cancel()
                running = {task for task in running if not task.done()}
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def _claim(self, limit: int) -> list[Job]:
        try:
            return await queue.claim(
                self.name,
                limit=limit,
                tenant_limit=self.tenant_concurrency,
                visibility_timeout=self.visibility_timeout,
                kinds=frozenset(self.handlers),
            )
        except Exception:
            logger.exception("job worker: claiming failed; retrying")
            return []

    async def _run(self, job: Job) -> None:
        handler = self.handlers.get(job.kind)
        if handler is None:
            await self._fail(job, f"no handler for job kind '{job.kind}'")
            return
        try:
            await handler(job)
        except Exception as error:
            logger.warning("job %s (%s) failed: %s", job.id, job.kind, error)
            await self._fail(job, f"{type(error).__name__}: {error}")
        else:
            await queue.succeed(job)

    async def _fail(self, job: Job, error: str) -> None:
        await queue.fail(job, error, backoff_seconds=self.backoff_seconds)


@contextlib.asynccontextmanager
async def running_worker(*workers: Worker) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(worker.run_forever()) for worker in workers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
