"""Clients of the live-update endpoints over real sockets: a graphql-transport-ws subscriber and
a Server-Sent Events reader; and activations that cycle through an asset's versions."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, AssetHandle

ACTIVATIONS = """
subscription Activations($assetName: String, $environment: String) {
  activations(assetName: $assetName, environment: $environment) {
    asset { name } environment version { number } previousVersion { number }
    actor { email } at
  }
}
"""
NOTIFICATIONS = "subscription { notifications { kind message targetId at } }"
CREATE_API_KEY = """
mutation CreateKey($scopes: [ApiKeyScope!]!) {
  createApiKey(name: "live", scopes: $scopes) { secret apiKey { id } }
}
"""
WAIT_SECONDS = 5.0


async def api_key(tenant: TenantHandle, *scopes: str) -> tuple[str, str]:
    """A new API key of the tenant with these scopes (RUNTIME_READ, ...): its id and secret."""
    created = (await tenant.gql(CREATE_API_KEY, {"scopes": list(scopes)})).ok()["createApiKey"]
    return created["apiKey"]["id"], created["secret"]


def websocket_url(url: str) -> str:
    return url.replace("http://", "ws://", 1) + "/graphql"


class GraphQLSocket:
    """A graphql-transport-ws client: connection_init, subscribe, and what the server sends."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self._ids = 0

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        url: str,
        *,
        payload: dict[str, Any] | None = None,
        protocol: str = "graphql-transport-ws",
        origin: str | None = None,
    ) -> AsyncIterator[GraphQLSocket]:
        async with connect(
            websocket_url(url),
            subprotocols=[protocol],  # type: ignore[list-item]
            origin=origin,  # type: ignore[arg-type]
            proxy=None,
            open_timeout=WAIT_SECONDS,
            close_timeout=1,
        ) as connection:
            socket = cls(connection)
            await socket.send({"type": "connection_init", "payload": payload or {}})
            yield socket

    @classmethod
    @asynccontextmanager
    async def signed_in(cls, url: str, token: str) -> AsyncIterator[GraphQLSocket]:
        async with cls.open(url, payload={"authorization": f"Bearer {token}"}) as socket:
            assert (await socket.receive())["type"] == "connection_ack"
            yield socket

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(
            await asyncio.wait_for(self.connection.recv(), timeout)
        )
        return message

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> None:
        self._ids += 1
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": str(self._ids), "type": "subscribe", "payload": payload})

    async def next_data(self, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """The data of the next result; fails on anything else."""
        message = await self.receive(timeout)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message["payload"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def drain(self, quiet: float = 0.3) -> list[dict[str, Any]]:
        """Every result that arrives until `quiet` seconds pass without one."""
        drained = []
        while True:
            try:
                drained.append(await self.next_data(timeout=quiet))
            except TimeoutError:
                return drained

    async def close_code(self, timeout: float = WAIT_SECONDS) -> int | None:
        """Waits for the server to close the socket; skips messages until then."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await self.connection.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


@dataclass
class Activations:
    """Activates an asset's versions in turn, so that each activation is a change."""

    tenant: TenantHandle
    asset: AssetHandle
    environment: str = "development"
    count: int = 0

    async def next(self) -> int:
        """Activates the next version; returns its number."""
        index = self.count % len(self.asset.version_ids)
        self.count += 1
        result = await self.tenant.gql(
            ACTIVATE, {"versionId": self.asset.version_ids[index], "environment": self.environment}
        )
        result.ok()
        return index + 1

    async def until_received(self, socket: GraphQLSocket) -> list[dict[str, Any]]:
        """Activates until the socket receives an event: its subscription is live on the server
        once it does. Returns every event it received meanwhile."""
        for _ in range(10):
            await self.next()
            try:
                first = await socket.next_data(timeout=0.5)
            except TimeoutError:
                continue
            return [first, *await socket.drain()]
        raise AssertionError("the subscription received nothing")


@dataclass
class SseMessage:
    event: str | None = None
    id: int | None = None
    data: dict[str, Any] | None = None
    comment: str | None = None


@dataclass
class EventStream:
    """Reads Server-Sent Events: one SseMessage per blank-line-terminated block."""

    lines: AsyncIterator[str]
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    async def next(self, timeout: float = WAIT_SECONDS) -> SseMessage:
        message = SseMessage()
        async with asyncio.timeout(timeout):
            async for line in self.lines:
                if not line:
                    return message
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "":
                    message.comment = value
                elif name == "event":
                    message.event = value
                elif name == "id":
                    message.id = int(value)
                elif name == "data":
                    message.data = json.loads(value)
        raise AssertionError("the stream ended")

    async def until_end(self, timeout: float = WAIT_SECONDS) -> None:
        """Reads on until the server ends the stream."""
        async with asyncio.timeout(timeout):
            async for _ in self.lines:
                pass

    async def next_event(self, timeout: float = WAIT_SECONDS) -> SseMessage:
        """The next event, skipping comments."""
        while (message := await self.next(timeout)).comment is not None:
            pass
        return message

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        url: str,
        token: str | None,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> AsyncIterator[EventStream]:
        """Opens GET /v1/stream; once the stream is live (its first comment read), yields it."""
        all_headers = {"authorization": f"Bearer {token}"} if token else {}
        all_headers.update(headers or {})
        async with (
            httpx.AsyncClient(base_url=url, timeout=WAIT_SECONDS) as http,
            http.stream("GET", "/v1/stream", headers=all_headers, params=params) as response,
        ):
            if response.status_code != 200:
                await response.aread()
                yield cls(
                    lines=response.aiter_lines(), status=response.status_code, body=response.json()
                )
                return
            stream = cls(lines=response.aiter_lines(), status=200)
            assert (await stream.next()).comment == "connected"
            yield stream
