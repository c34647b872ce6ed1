"""Events cross server processes through PostgreSQL LISTEN/NOTIFY, and survive the loss of the
LISTEN connection."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.realtime.conftest import ServerPair
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.realtime import (
    ACTIVATIONS,
    Activations,
    GraphQLSocket,
)
from tests.support.registry import make_asset

LISTENERS = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"
)


@pytest.fixture(scope="module")
async def second_api(server_pair: ServerPair) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_url(server_pair.second) as client:
        yield client


async def _listeners(database_url: str) -> list[int]:
    connection = await asyncpg.connect(database_url)
    try:
        return [row["pid"] for row in await connection.fetch(LISTENERS)]
    finally:
        await connection.close()


async def test_a_subscriber_on_one_process_receives_an_activation_made_through_another(
    server_pair: ServerPair, second_api: GraphQLClient
) -> None:
    tenant = await TenantHandle.register(second_api)
    activations = Activations(tenant, await make_asset(tenant, versions=3))
    async with GraphQLSocket.signed_in(server_pair.first, tenant.token) as socket:
        await socket.subscribe(ACTIVATIONS)
        await activations.until_received(socket)
        version = await activations.next()
        event = (await socket.next_data())["activations"]
    assert event["asset"] == {"name": activations.asset.name}
    assert event["version"] == {"number": version}


async def test_listening_resumes_after_the_listen_connection_is_killed(
    server_pair: ServerPair, second_api: GraphQLClient
) -> None:
    tenant = await TenantHandle.register(second_api)
    activations = Activations(tenant, await make_asset(tenant, versions=3))
    async with GraphQLSocket.signed_in(server_pair.first, tenant.token) as socket:
        await socket.subscribe(ACTIVATIONS)
        await activations.until_received(socket)
        killed = await _listeners(server_pair.database.url)
        assert len(killed) == 2  # one per server process
        admin = await asyncpg.connect(server_pair.database.url)
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])",
                killed,
            )
        finally:
            await admin.close()
        deadline = time.monotonic() + 10
        while len(set(await _listeners(server_pair.database.url)) - set(killed)) < 2:
            assert time.monotonic() < deadline, "the servers did not listen again"
            await asyncio.sleep(0.2)
        version = await activations.next()
        event = (await socket.next_data())["activations"]
    assert event["version"] == {"number": version}
