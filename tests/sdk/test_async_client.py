"""The async SDK against a real server: the sync client's behaviour, awaited."""

from __future__ import annotations

import asyncio

import pytest
from promptvault_sdk import AsyncPromptvault, ServerUnavailable

from tests.sdk.conftest import (
    AsyncCountingTransport,
    World,
    eventually_async,
    make_world,
    server_env,
)
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient
from tests.support.server import started_server


async def _version(client: AsyncPromptvault, name: str) -> int | None:
    return (await client.get_prompt(name)).version


async def test_get_prompt_returns_the_active_version_and_caches_it(world: World) -> None:
    transport = AsyncCountingTransport()
    async with AsyncPromptvault(world.url, world.key, stream=False, transport=transport) as client:
        prompt = await client.get_prompt(world.asset.name)
        for _ in range(1000):
            await client.get_prompt(world.asset.name)

    assert (prompt.version, prompt.version_id) == (1, world.asset.version_ids[0])
    assert prompt.render(topic="refunds") == f"Body 1 of {world.asset.name}: refunds"
    assert transport.reads == [200]


async def test_a_stale_prompt_is_served_while_the_refresh_runs(world: World) -> None:
    transport = AsyncCountingTransport()
    async with AsyncPromptvault(
        world.url, world.key, cache_ttl=0.3, stream=False, transport=transport
    ) as client:
        await client.get_prompt(world.asset.name)
        await world.activate(2)
        await asyncio.sleep(0.35)
        served = [await _version(client, world.asset.name) for _ in range(50)]
        await eventually_async(lambda: _is_version(client, world.asset.name, 2))

    assert served == [1] * 50  # no await in between let the refresh answer
    assert transport.reads == [200, 200]


async def _is_version(client: AsyncPromptvault, name: str, number: int) -> bool:
    return await _version(client, name) == number


async def test_an_activation_drops_the_cached_prompt_within_a_second(world: World) -> None:
    async with AsyncPromptvault(world.url, world.key, cache_ttl=3600) as client:
        assert await _version(client, world.asset.name) == 1
        await eventually_async(lambda: client.stream_connects >= 1)
        invalidations = client.cache_stats.invalidations
        await world.activate(2)
        await eventually_async(lambda: _is_version(client, world.asset.name, 2))
        pushed = client.cache_stats.invalidations - invalidations

    assert pushed >= 1, "the TTL (an hour) let the new version in, not the stream's event"


async def test_a_stopped_server_serves_the_last_good_copy_or_the_fallback(
    own_database: ThrowawayDatabase,
) -> None:
    with started_server(server_env(own_database)) as server:
        async with GraphQLClient.for_url(server.url) as api:
            world = await make_world(api, server.url)
        async with AsyncPromptvault(world.url, world.key, cache_ttl=0.1, stream=False) as client:
            assert await _version(client, world.asset.name) == 1
            server.process.terminate()
            server.process.wait()
            await asyncio.sleep(0.15)
            stale = [await _version(client, world.asset.name) for _ in range(3)]
            fallback = await client.get_prompt("never-fetched", fallback="Hi {{ name }}")
            with pytest.raises(ServerUnavailable):
                await client.get_prompt("never-fetched")

    assert stale == [1, 1, 1]
    assert fallback.version is None and fallback.render(name="Ada") == "Hi Ada"
