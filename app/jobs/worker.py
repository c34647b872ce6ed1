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
    def __init__(
        self,
        handlers: Mapping[str, Handler],
        *,
        poll_interval: float = 0.5,
        batch_size: int = 10,
        backoff_seconds: float = queue.BACKOFF_BASE_SECONDS,
        visibility_timeout: timedelta = queue.VISIBILITY_TIMEOUT,
    ) -> None:
        self.handlers = handlers
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.backoff_seconds = backoff_seconds
        self.visibility_timeout = visibility_timeout
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    @classmethod
    def for_settings(cls, handlers: Mapping[str, Handler], settings: Settings) -> Worker:
        return cls(
            handlers,
            backoff_seconds=settings.job_backoff_seconds,
            visibility_timeout=timedelta(seconds=settings.job_visibility_seconds),
        )

    async def run_once(self) -> int:
        """Claims one batch of due jobs and runs them concurrently; returns how many ran."""
        jobs = await queue.claim(
            self.name, limit=self.batch_size, visibility_timeout=self.visibility_timeout
        )
        await asyncio.gather(*(self._run(job) for job in jobs))
        return len(jobs)

    async def run_forever(self) -> None:
        while True:
            try:
                ran = await self.run_once()
            except Exception:
                logger.exception("job worker: claiming failed; retrying")
                ran = 0
            if ran == 0:
                await asyncio.sleep(self.poll_interval)

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
async def running_worker(worker: Worker) -> AsyncIterator[None]:
    task = asyncio.create_task(worker.run_forever())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
