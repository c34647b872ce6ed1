"""The process's event bus, set by the server's lifespan, and publishing on commit.

Processes without a running bus (the CLI, the demo seeder) publish nothing: nobody in them
listens, and the replay buffer still records what SSE clients will resume from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from app.core.actor import Actor
from app.core.events import DomainEvent
from app.realtime.bus import EventBus, bus_for
from app.realtime.events import Event
from app.realtime.replay import record_streamed
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


async def publish(actor: Actor, event: DomainEvent, at: datetime) -> None:
    """The subscriber of every domain event, inside the transaction that made it: a streamed
    event takes the tenant's next replay-buffer seq, and the bus hands the event on once the
    transaction commits."""
    data = event.payload()
    stream_id = None
    if event.streamed:
        stream_id = (await record_streamed(actor.tenant_id, event.name, data)).seq
    if _bus is not None:
        await _bus.publish(
            Event(
                tenant_id=actor.tenant_id,
                kind=event.name,
                data=data,
                actor_id=actor.user_id,
                at=at,
                stream_id=stream_id,
            )
        )
