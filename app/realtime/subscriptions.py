"""The tenant's events for one GraphQL subscription, for as long as its credential holds, within
the cap on the subscriptions that one user or API key holds at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection
from typing import Protocol

from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket, WebSocketState
from strawberry.types import Info

from app.core.actor import Actor
from app.realtime.events import Event
from app.realtime.feed import CredentialRevoked, tenant_feed
from app.realtime.state import RealtimeState

CLOSE_REVOKED = 4401


class SubscriberContext(Protocol):
    """What a subscription reads of the GraphQL context (app/api/context.py builds it)."""

    request: HTTPConnection

    @property
    def actor(self) -> Actor: ...

    @property
    def realtime(self) -> RealtimeState: ...

    def clear_loaders(self) -> None: ...


async def tenant_events(
    info: Info[SubscriberContext, None], kinds: Collection[str]
) -> AsyncIterator[Event]:
    context = info.context
    realtime = context.realtime
    try:
        with realtime.open_subscriptions.holding(context.actor):
            async with tenant_feed(realtime.bus, realtime.credentials, context.actor) as feed:
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
