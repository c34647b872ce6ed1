"""The event bus: one interface, two backends. In process for the embedded default; PostgreSQL
LISTEN/NOTIFY when the database is PostgreSQL, so that events cross workers and machines.

Publishers call `publish` inside the transaction that made the event: subscribers hear it once
that transaction commits, never if it rolls back, and in the order of commits. Subscribers get a
bounded queue of their tenant's events; a subscriber too slow to keep up loses the oldest events,
never blocks the publisher. A listener to every tenant's events (the runtime cache, which must
not lose one) is called synchronously instead, and told when events may have been missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from itertools import count
from typing import Protocol
from uuid import UUID

import asyncpg
from tortoise import connections

from app.core.transactions import on_commit
from app.realtime.events import Event

logger = logging.getLogger("promptvault.bus")

CHANNEL = "promptvault_events"
SUBSCRIBER_QUEUE_SIZE = 1000
RECONNECT_DELAYS = (0.5, 1, 2, 5)


class AllEventsListener(Protocol):
    """Hears every tenant's events in this process, in the bus's own task: it must be quick."""

    def on_event(self, event: Event) -> None: ...

    def on_gap(self) -> None:
        """Events may have been missed (the LISTEN connection was lost, or is back)."""


class EventBus(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def publish(self, event: Event) -> None: ...
    def subscribe(self, tenant_id: UUID) -> AbstractAsyncContextManager[asyncio.Queue[Event]]: ...
    def subscribe_all(self, listener: AllEventsListener) -> AbstractContextManager[None]: ...
    @property
    def subscriber_count(self) -> int: ...


class _Fanout:
    """Hands each event to the queues of its tenant's subscribers in this process."""

    def __init__(self) -> None:
        self._queues: dict[UUID, set[asyncio.Queue[Event]]] = {}
        self._all_listeners: list[AllEventsListener] = []

    @property
    def subscriber_count(self) -> int:
        return sum(len(queues) for queues in self._queues.values())

    def deliver(self, event: Event) -> None:
        self._tell_all(event)
        for queue in self._queues.get(event.tenant_id, ()):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    def _tell_all(self, event: Event) -> None:
        for listener in self._all_listeners:
            try:
                listener.on_event(event)
            except Exception:
                logger.exception("a listener to all events failed")

    def _tell_gap(self) -> None:
        for listener in self._all_listeners:
            try:
                listener.on_gap()
            except Exception:
                logger.exception("a listener to all events failed")

    @contextmanager
    def subscribe_all(self, listener: AllEventsListener) -> Iterator[None]:
        self._all_listeners.append(listener)
        try:
            yield
        finally:
            self._all_listeners.remove(listener)

    @asynccontextmanager
    async def subscribe(self, tenant_id: UUID) -> AsyncIterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=SUBSCRIBER_QUEUE_SIZE)
        self._queues.setdefault(tenant_id, set()).add(queue)
        try:
            yield queue
        finally:
            self._queues[tenant_id].discard(queue)
            if not self._queues[tenant_id]:
                del self._queues[tenant_id]


class InProcessBus(_Fanout):
    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def publish(self, event: Event) -> None:
        async def deliver() -> None:
            self.deliver(event)

        on_commit(deliver)


class PostgresBus(_Fanout):
    """NOTIFY in the publishing transaction; one LISTEN connection per process feeds the local
    subscribers. A lost connection is re-established and listening resumes, without restarting
    the server."""

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._listener: asyncpg.Connection | None = None
        self._lost = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._listen()
        self._supervisor = asyncio.create_task(self._reconnect_when_lost())

    async def stop(self) -> None:
        if self._supervisor:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()

    async def publish(self, event: Event) -> None:
        # On the transaction's own connection: PostgreSQL sends a NOTIFY when its transaction
        # commits, in commit order across all connections. A NOTIFY sent after commit, from
        # another connection, could overtake that of a transaction that committed just before.
        transaction = connections.get("default")
        await transaction.execute_query("SELECT pg_notify($1, $2)", [CHANNEL, event.to_json()])

        # This process's listeners to all events hear it once it commits, before the publisher
        # goes on (so a read right after an activation, in the process that made it, sees it);
        # they hear it again through LISTEN, which they must take calmly.
        async def tell_this_process() -> None:
            self._tell_all(event)

        on_commit(tell_this_process)

    async def _listen(self) -> None:
        self._lost.clear()
        self._listener = await asyncpg.connect(self._dsn)
        self._listener.add_termination_listener(lambda _connection: self._on_lost())
        await self._listener.add_listener(CHANNEL, self._on_notification)
        self._tell_gap()  # what was published while nobody listened is unknown

    def _on_lost(self) -> None:
        self._lost.set()
        self._tell_gap()

    def _on_notification(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            self.deliver(Event.from_json(payload))
        except (ValueError, KeyError):
            logger.exception("dropped a malformed event")

    async def _reconnect_when_lost(self) -> None:
        while True:
            await self._lost.wait()
            logger.warning("event bus: the LISTEN connection was lost; reconnecting")
            for attempt in count():
                await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
                try:
                    await self._listen()
                    logger.info("event bus: listening again")
                    break
                except (OSError, asyncpg.PostgresError):
                    continue


def bus_for(database_url: str) -> InProcessBus | PostgresBus:
    if database_url.startswith(("postgres://", "postgresql://")):
        return PostgresBus(database_url)
    return InProcessBus()
