"""Websocket protocol handlers that charge each operation a client starts to its tenant's GraphQL
rate limit, as HTTP requests are charged. An operation over the limit is refused with an error
message for its id, before any task or parsing is spent on it: a flood costs little."""

from __future__ import annotations

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import StartMessage

from app.api.context import Context
from app.api.errors import rate_limited


class RateLimitedTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws: each `subscribe` message is an operation."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and (wait := await self.context.rate_limit_wait()):
            error = rate_limited(wait).formatted
            await self.send_message({"id": message["id"], "type": "error", "payload": [error]})
            return
        await super().handle_subscribe(message)


class RateLimitedLegacyWS(BaseGraphQLWSHandler[Context, None]):
    """The legacy graphql-ws: each `start` message is an operation."""

    async def handle_start(self, message: StartMessage) -> None:
        if self.connection_acknowledged and (wait := await self.context.rate_limit_wait()):
            error = rate_limited(wait).formatted
            await self.send_message({"id": message["id"], "type": "error", "payload": error})
            return
        await super().handle_start(message)
