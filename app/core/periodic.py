"""Background chores of the server process, run every few seconds for its lifetime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

logger = logging.getLogger("promptvault.periodic")


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
