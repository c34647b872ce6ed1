"""The process's event bus, set by the server's lifespan, and publishing on commit.

Processes without a running bus (the CLI, the demo seeder) publish nothing: nobody in them
listens, and the replay buffer still records what SSE clients will resume from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.realtime.bus import EventBus, bus_for
from app.realtime.events import Event
from app.settings import Settings

_bus: EventBus | None = None


@asynccontextmanager
async def running_bus(settings: Settings) -> AsyncIterator[EventBus]:
    """The process's bus for the server's lifetime: started, used for publishing, stopped."""
    global _bus
    bus = bus_for(settings.database_url)
    await bus.start()
    _bus = bus
    try:
        yield bus
    finally:
        _bus = None
        await bus.stop()


async def publish_on_commit(event: Event) -> None:
    """Inside the transaction that made the event: the bus hands it on once that commits."""
    if _bus is not None:
        await _bus.publish(event)
