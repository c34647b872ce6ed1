"""A subscriber's view of the bus: its tenant's events, for as long as its credential holds.
GraphQL subscriptions and the SSE stream both read events through a feed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.core.actor import Actor
from app.realtime.bus import EventBus
from app.realtime.credentials import CredentialWatch
from app.realtime.events import Event


class CredentialRevoked(Exception):
    """The subscriber's session or API key no longer authenticates."""


class Feed:
    def __init__(self, queue: asyncio.Queue[Event], revoked: asyncio.Event) -> None:
        self._queue = queue
        self._revoked = revoked
        self._revocation = asyncio.ensure_future(revoked.wait())
        # Kept across calls that time out, so that no event is lost to a cancelled get().
        self._getter: asyncio.Future[Event] | None = None

    async def next(self, timeout: float | None = None) -> Event | None:
        """The next event, or None if `timeout` seconds pass first. Raises CredentialRevoked
        rather than hand an event to a credential that no longer holds."""
        if self._getter is None and not self._queue.empty():
            event = self._queue.get_nowait()
        else:
            if self._getter is None:
                self._getter = asyncio.ensure_future(self._queue.get())
            await asyncio.wait(
                (self._getter, self._revocation),
                timeout=timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if not self._getter.done():
                self._raise_if_revoked()
                return None
            event = self._getter.result()
            self._getter = None
        self._raise_if_revoked()
        return event

    def _raise_if_revoked(self) -> None:
        if self._revoked.is_set():
            raise CredentialRevoked

    def close(self) -> None:
        self._revocation.cancel()
        if self._getter is not None:
            self._getter.cancel()


@asynccontextmanager
async def tenant_feed(
    bus: EventBus, credentials: CredentialWatch, actor: Actor
) -> AsyncIterator[Feed]:
    async with bus.subscribe(actor.tenant_id) as queue, credentials.watching(actor) as revoked:
        feed = Feed(queue, revoked)
        try:
            yield feed
        finally:
            feed.close()
