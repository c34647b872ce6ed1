"""Events cross server processes through PostgreSQL LISTEN/NOTIFY, and survive the loss of the
LISTEN connection."""

from __future__ import annotations

import asyncio
import dataclasses
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
from tests.support.registry import ACTIVATE, make_asset

# Rounds of simultaneous activations through two processes.
RACING_ROUNDS = 30
RACING_VERSIONS = 8
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


async def test_simultaneous_activations_through_two_processes_arrive_in_commit_order(
    server_pair: ServerPair, second_api: GraphQLClient
) -> None:
    tenant = await TenantHandle.register(second_api)
    activations = Activations(tenant, await make_asset(tenant, versions=RACING_VERSIONS))
    async with (
        GraphQLClient.for_url(server_pair.first) as first_api,
        GraphQLSocket.signed_in(server_pair.first, tenant.token) as socket,
    ):
        await socket.subscribe(ACTIVATIONS)
        events = [event["activations"] for event in await activations.until_received(socket)]
        through = [dataclasses.replace(tenant, api=api) for api in (first_api, second_api)]
        for _ in range(RACING_ROUNDS):
            # Every version at once, half through each process; the active one is a CONFLICT.
            await asyncio.gather(
                *(
                    through[index % 2].gql(
                        ACTIVATE, {"versionId": version_id, "environment": "development"}
                    )
                    for index, version_id in enumerate(activations.asset.version_ids)
                )
            )
        events += [event["activations"] for event in await socket.drain(quiet=1.0)]

    out_of_order = [
        (before["version"], after["previousVersion"])
        for before, after in zip(events, events[1:], strict=False)
        if after["previousVersion"] != before["version"]
    ]
    assert out_of_order == [], f"{len(out_of_order)} of {len(events)} events out of order"
