"""The sync SDK against a real server: reads, the cache, the stream, outages and logs."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from promptvault_sdk import Promptvault, ServerUnavailable

from tests.sdk.conftest import CountingTransport, World, eventually, make_world, sdk, server_env
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient
from tests.support.registry import ACTIVATE, make_asset
from tests.support.server import free_port, started_server


async def test_get_prompt_returns_the_active_version_and_renders_it(world: World) -> None:
    with sdk(world, stream=False) as client:
        prompt = client.get_prompt(world.asset.name)
        staging = client.get_prompt(world.asset.name, "staging", fallback="Hello")

    assert (prompt.name, prompt.version, prompt.version_id) == (
        world.asset.name,
        1,
        world.asset.version_ids[0],
    )
    assert prompt.render(topic="refunds") == f"Body 1 of {world.asset.name}: refunds"
    assert isinstance(prompt.variables, dict) and isinstance(prompt.model_config, dict)
    assert (staging.version, staging.body) == (None, "Hello")  # nothing active in staging


async def test_cached_reads_make_no_http_call(world: World) -> None:
    transport = CountingTransport()
    with sdk(world, stream=False, transport=transport) as client:
        for _ in range(1000):
            client.get_prompt(world.asset.name)
        hits = client.cache_stats.hits

    assert transport.reads == [200]
    assert hits == 999


async def test_a_stale_prompt_is_served_at_once_while_one_refresh_runs(world: World) -> None:
    transport = CountingTransport()
    with sdk(world, stream=False, cache_ttl=0.3, transport=transport) as client:
        assert client.get_prompt(world.asset.name).version == 1
        await world.activate(2)
        time.sleep(0.35)
        transport.hold()  # the refresh waits at the server's door until released
        served = [client.get_prompt(world.asset.name).version for _ in range(100)]
        eventually(lambda: transport.held == 1)
        served_while_held = client.get_prompt(world.asset.name).version
        refreshes_held = transport.held
        transport.release()
        eventually(lambda: client.get_prompt(world.asset.name).version == 2)
        time.sleep(0.35)  # stale again, unchanged: the refresh gets 304 and keeps the entry
        client.get_prompt(world.asset.name)
        eventually(lambda: client.cache_stats.not_modified == 1)

    assert served == [1] * 100
    assert (served_while_held, refreshes_held) == (1, 1), "stale reads waited for the refresh"
    assert transport.reads == [200, 200, 304]


async def test_an_activation_drops_the_cached_prompt_within_a_second(world: World) -> None:
    with sdk(world, cache_ttl=3600) as client:
        assert client.get_prompt(world.asset.name).version == 1
        eventually(lambda: client.stream_connects >= 1)
        invalidations = client.cache_stats.invalidations
        await world.activate(2)
        eventually(lambda: client.get_prompt(world.asset.name).version == 2)
        fetches = client.cache_stats.fetches
        pushed = client.cache_stats.invalidations - invalidations

    assert pushed >= 1, "the TTL (an hour) let the new version in, not the stream's event"
    assert fetches == 2


async def test_the_stream_reconnects_and_replays_what_it_missed_while_away(
    own_database: ThrowawayDatabase,
) -> None:
    """Activated through another server while the client's server is down: once back, the
    client resumes with Last-Event-ID and drops that prompt only."""
    port = free_port()
    env = server_env(own_database)
    with started_server(env, port=port) as first:
        async with GraphQLClient.for_url(first.url) as api:
            world = await make_world(api, first.url)
            other = await make_asset(world.tenant, versions=1)
            activate = {"versionId": other.version_ids[0], "environment": "production"}
            (await world.tenant.gql(ACTIVATE, activate)).ok()
        client = Promptvault(world.url, world.key, cache_ttl=3600)
        eventually(lambda: client.stream_connects == 1)
        client.get_prompt(other.name)
        async with GraphQLClient.for_url(first.url) as api:
            world.tenant.api = api
            await world.activate(2)
        eventually(lambda: client.get_prompt(world.asset.name).version == 2, 1)
        first.process.terminate()
        first.process.wait()
    with started_server(env) as elsewhere:
        async with GraphQLClient.for_url(elsewhere.url) as api:
            world.tenant.api = api
            await world.activate(1)
    with started_server(env, port=port):
        eventually(lambda: client.stream_connects == 2, timeout=10)
        eventually(lambda: client.get_prompt(world.asset.name).version == 1, 1)
        stats = client.cache_stats
        from_the_cache = stats.hits + stats.stale_served
        client.get_prompt(other.name)  # a dropped prompt would be asked for before answering
        other_kept = stats.hits + stats.stale_served == from_the_cache + 1
        client.close()

    assert other_kept, "the reconnection dropped more than the missed activation"


async def test_a_stopped_server_serves_the_last_good_copy_or_the_fallback(
    own_database: ThrowawayDatabase,
) -> None:
    with started_server(server_env(own_database)) as server:
        async with GraphQLClient.for_url(server.url) as api:
            world = await make_world(api, server.url)
        with sdk(world, stream=False, cache_ttl=0.1) as client:
            assert client.get_prompt(world.asset.name).version == 1
            server.process.terminate()
            server.process.wait()
            time.sleep(0.15)
            stale = [client.get_prompt(world.asset.name) for _ in range(3)]
            fallback = client.get_prompt("never-fetched", fallback="Hi {{ name }}")
            with pytest.raises(ServerUnavailable):
                client.get_prompt("never-fetched")

    assert [prompt.version for prompt in stale] == [1, 1, 1]
    assert (fallback.version, fallback.version_id) == (None, None)
    assert fallback.render(name="Ada") == "Hi Ada"


START_ROLLOUT = """
mutation Start($versionId: ID!) {
  activateVersion(versionId: $versionId, environment: "production", rollout: {share: 0.5}) { id }
}
"""
PROMOTE = """
mutation Promote($assetId: ID!) {
  promoteRollout(assetId: $assetId, environment: "production") { id }
}
"""


async def test_a_key_keeps_its_canary_side_until_the_rollout_is_promoted(world: World) -> None:
    (await world.tenant.gql(START_ROLLOUT, {"versionId": world.asset.version_ids[1]})).ok()
    keys = [f"user-{number}" for number in range(40)]
    headers = {"authorization": f"Bearer {world.key}"}
    path = f"{world.url}/v1/prompts/{world.asset.name}"
    with sdk(world, cache_ttl=3600) as client:
        eventually(lambda: client.stream_connects >= 1)
        sides = {key: client.get_prompt(world.asset.name, key=key).version for key in keys}
        again = {key: client.get_prompt(world.asset.name, key=key).version for key in keys}
        served = {
            key: httpx.get(path, params={"key": key}, headers=headers).json()["version"]
            for key in keys
        }
        (await world.tenant.gql(PROMOTE, {"assetId": world.asset.id})).ok()
        eventually(
            lambda: {client.get_prompt(world.asset.name, key=key).version for key in keys} == {2},
            timeout=1,
        )

    assert sides == again == served
    assert set(sides.values()) == {1, 2}


async def test_threads_share_one_client(world: World) -> None:
    version_id = world.asset.version_ids[0]
    stop = threading.Event()
    with sdk(world, cache_ttl=3600) as client:
        eventually(lambda: client.stream_connects >= 1)
        client.get_prompt(world.asset.name)

        def work(thread: int) -> tuple[list[int | None], int]:
            seen, logged = [], 0
            while not stop.is_set():
                seen.append(client.get_prompt(world.asset.name).version)
                if len(seen) % 1000 == 0:
                    request_id = f"thread-{thread}-{logged}"
                    client.log_execution(version_id=version_id, latency_ms=1, request_id=request_id)
                    logged += 1
            return seen, logged

        with ThreadPoolExecutor(8) as pool:
            running = [pool.submit(work, thread) for thread in range(8)]
            time.sleep(0.2)
            await world.activate(2)
            eventually(lambda: client.get_prompt(world.asset.name).version == 2, timeout=1)
            time.sleep(0.2)
            stop.set()
            results = [future.result() for future in running]
        assert client.flush()
        fetches, dropped = client.cache_stats.fetches, client.log_stats.dropped

    for seen, _ in results:  # each thread saw version 1, then version 2, never back
        assert seen[0] == 1 and seen[-1] == 2
        assert seen == sorted(seen)
    assert fetches <= 4, "concurrent misses of one prompt each fetched it"
    logged = sum(count for _, count in results)
    assert len(await world.request_ids(version_id)) == logged > 0
    assert dropped == 0
