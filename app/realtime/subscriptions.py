"""The tenant's events for one GraphQL subscription, for as long as its credential holds, and
the cap on the subscriptions that one user or API key holds at once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Collection, Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket, WebSocketState
from strawberry.types import Info

from app.core.actor import Actor
from app.core.errors import RateLimited
from app.realtime.bus import EventBus
from app.realtime.credentials import CredentialWatch
from app.realtime.events import Event
from app.realtime.feed import CredentialRevoked, tenant_feed
from app.realtime.snapshots import ActivationSnapshots

CLOSE_REVOKED = 4401


class SubscriberContext(Protocol):
    """What a subscription reads of the GraphQL context (app/api/context.py builds it)."""

    request: HTTPConnection
    bus: EventBus
    credentials: CredentialWatch
    activation_snapshots: ActivationSnapshots
    open_subscriptions: OpenSubscriptions

    @property
    def actor(self) -> Actor: ...

    def clear_loaders(self) -> None: ...


class OpenSubscriptions:
    """The subscriptions open in this process, per user or API key: each event is delivered to
    every one of them, so their number is what an activation costs."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: Counter[UUID] = Counter()

    @contextmanager
    def holding(self, actor: Actor) -> Iterator[None]:
        holder = actor.api_key_id or actor.user_id
        if holder is None:  # the system actor subscribes to nothing over GraphQL
            yield
            return
        if self._open[holder] >= self.per_user:
            raise RateLimited(
                f"at most {self.per_user} subscriptions are open at once for one user or API "
                "key; complete one first"
            )
        self._open[holder] += 1
        try:
            yield
        finally:
            self._open[holder] -= 1
            if not self._open[holder]:
                del self._open[holder]


async def tenant_events(
    info: Info[SubscriberContext, None], kinds: Collection[str]
) -> AsyncIterator[Event]:
    context = info.context
    try:
        with context.open_subscriptions.holding(context.actor):
            async with tenant_feed(context.bus, context.credentials, context.actor) as feed:
                while True:
                    event = await feed.next()
                    if event is not None and event.kind in kinds:
                        context.clear_loaders()
                        yield event
    except CredentialRevoked:
        await _close_revoked(context.request)


async def _close_revoked(connection: object) -> None:
    if not isinstance(connection, WebSocket):
        return  # a subscription over HTTP: ending the stream ends the response
    # Several subscriptions of one socket see the revocation; the first to get here closes it.
    if connection.application_state != WebSocketState.DISCONNECTED:
        await connection.close(CLOSE_REVOKED, "the session or API key no longer authenticates")
    # Strawberry cancels this operation once the socket is closed. Returning first would make it
    # send "complete" on a closed socket.
    await asyncio.Event().wait()
