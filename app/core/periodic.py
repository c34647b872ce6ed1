"""Background chores of the server process, run every few seconds for its lifetime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from functools import partial

from tortoise.models import Model

logger = logging.getLogger("promptvault.periodic")

PRUNE_INTERVAL_SECONDS = 60


@contextlib.asynccontextmanager
async def running_every(
    seconds: float, chore: Callable[[], Awaitable[object]], *, name: str
) -> AsyncIterator[None]:
    """Runs `chore` now and then every `seconds` until the block exits; a failure is logged and
    the chore runs again at its next turn."""

    async def loop() -> None:
        while True:
            try:
                await chore()
            except Exception:
                logger.exception("%s failed; trying again in %s s", name, seconds)
            await asyncio.sleep(seconds)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def delete_rows_older_than(model: type[Model], seconds: float) -> int:
    """Deletes the model's rows created more than `seconds` ago; how many."""
    cutoff = datetime.now(UTC) - timedelta(seconds=seconds)
    return await model.filter(created_at__lt=cutoff).delete()


def pruning_rows_older_than(
    model: type[Model], seconds: float, *, name: str
) -> AbstractAsyncContextManager[None]:
    """Every process prunes once a minute; a delete that finds nothing costs one index probe on
    `created_at`."""
    return running_every(
        PRUNE_INTERVAL_SECONDS, partial(delete_rows_older_than, model, seconds), name=name
    )
