"""Execution logs through the SDK against a real server: queued without waiting, sent in
batches, none lost while the server stops and starts again, refusals counted."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import httpx
import pytest
from promptvault_sdk import AsyncPromptvault, Promptvault

from tests.sdk.conftest import World, eventually, eventually_async, make_world, sdk, server_env
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient
from tests.support.server import free_port, started_server


async def test_the_sync_client_loses_no_log_while_the_server_stops_and_starts_again(
    own_database: ThrowawayDatabase,
) -> None:
    port = free_port()
    env = server_env(own_database)
    with started_server(env, port=port) as first:
        async with GraphQLClient.for_url(first.url) as api:
            world = await make_world(api, first.url)
        client = Promptvault(world.url, world.key, stream=False)
        version_id = world.asset.version_ids[0]

        def log(numbers: range) -> None:
            for number in numbers:
                client.log_execution(
                    version_id=version_id, latency_ms=number, request_id=f"request-{number}"
                )

        log(range(0, 200))
        eventually(lambda: client.log_stats.sent >= 100)
        first.process.terminate()
        first.process.wait()
        log(range(200, 350))
        eventually(lambda: client.log_stats.failed_batches >= 1)  # waiting to be sent again
        stats = client.log_stats
        unsent = stats.queued - stats.sent - stats.dropped - stats.rejected
        with started_server(env, port=port) as second:
            log(range(350, 500))
            assert client.flush(timeout=30)
            client.close()
            async with GraphQLClient.for_url(second.url) as api:
                world.tenant.api = api
                stored = await world.request_ids(version_id)

    assert unsent >= 150
    assert sorted(stored) == sorted(f"request-{number}" for number in range(500))
    assert (client.log_stats.sent, client.log_stats.dropped) == (500, 0)
    assert client.log_stats.failed_batches >= 1


async def test_a_log_the_server_refuses_is_counted_and_the_rest_arrive(world: World) -> None:
    version_id = world.asset.version_ids[0]
    with sdk(world, stream=False) as client:
        for number in range(10):
            client.log_execution(
                version_id=version_id if number != 4 else world.asset.id,  # not a version
                latency_ms=10,
                request_id=f"request-{number}",
            )
        assert client.flush()
        stats = client.log_stats

    stored = await world.request_ids(version_id)
    assert sorted(stored) == sorted(f"request-{number}" for number in range(10) if number != 4)
    assert (stats.sent, stats.rejected) == (9, 1)


def _lose_the_answer(request: httpx.Request, response: httpx.Response) -> None:
    """The server has stored the batch and answered; the connection drops before the answer
    arrives."""
    response.close()
    raise httpx.ReadError("connection lost before the answer arrived", request=request)


class LosesTheFirstAnswer(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.batch_keys: list[str | None] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == "/v1/executions":
            self.batch_keys.append(request.headers.get("idempotency-key"))
            if len(self.batch_keys) == 1:
                _lose_the_answer(request, response)
        return response


class AsyncLosesTheFirstAnswer(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.batch_keys: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path == "/v1/executions":
            self.batch_keys.append(request.headers.get("idempotency-key"))
            if len(self.batch_keys) == 1:
                await response.aclose()
                _lose_the_answer(request, response)
        return response


async def test_a_batch_whose_answer_was_lost_is_stored_once(world: World) -> None:
    version_id = world.asset.version_ids[0]
    transport = LosesTheFirstAnswer()
    with sdk(world, stream=False, send_interval=3600, transport=transport) as client:
        for number in range(5):
            client.log_execution(version_id=version_id, latency_ms=1, request_id=f"r-{number}")
        assert client.flush()

    assert sorted(await world.request_ids(version_id)) == [f"r-{number}" for number in range(5)]
    first, again = transport.batch_keys
    assert first is not None and first == again


async def test_the_async_client_stores_a_batch_whose_answer_was_lost_once(world: World) -> None:
    version_id = world.asset.version_ids[0]
    transport = AsyncLosesTheFirstAnswer()
    client = AsyncPromptvault(
        world.url, world.key, stream=False, send_interval=3600, transport=transport
    )
    for number in range(5):
        await client.log_execution(version_id=version_id, latency_ms=1, request_id=f"r-{number}")
    assert await client.flush()
    await client.close()

    assert sorted(await world.request_ids(version_id)) == [f"r-{number}" for number in range(5)]
    first, again = transport.batch_keys
    assert first is not None and first == again


class RecordsSenders(httpx.HTTPTransport):
    """Records the thread that sends each request."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.threads.append(threading.get_ident())
        return super().handle_request(request)


class AsyncRecordsSenders(httpx.AsyncHTTPTransport):
    """Records the task that sends each request."""

    def __init__(self) -> None:
        super().__init__()
        self.tasks: list[asyncio.Task[object] | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.tasks.append(asyncio.current_task())
        return await super().handle_async_request(request)


async def test_log_execution_never_waits_for_a_server_that_is_down(world: World) -> None:
    transport = RecordsSenders()
    client = Promptvault(
        "http://127.0.0.1:9", world.key, stream=False, max_queued=100, transport=transport
    )
    for number in range(150):
        client.log_execution(version_id=world.asset.version_ids[0], latency_ms=number)
    sent_by_the_caller = threading.get_ident() in transport.threads
    client.close(timeout=0.2)

    assert not sent_by_the_caller, "log_execution waited for the server"
    assert client.log_stats.dropped == 50


async def test_the_async_client_loses_no_log_while_the_server_stops_and_starts_again(
    own_database: ThrowawayDatabase,
) -> None:
    port = free_port()
    env = server_env(own_database)
    with started_server(env, port=port) as first:
        async with GraphQLClient.for_url(first.url) as api:
            world = await make_world(api, first.url)
        transport = AsyncRecordsSenders()
        client = AsyncPromptvault(world.url, world.key, stream=False, transport=transport)
        version_id = world.asset.version_ids[0]

        async def log(numbers: range) -> None:
            for number in numbers:
                await client.log_execution(
                    version_id=version_id, latency_ms=number, request_id=f"request-{number}"
                )

        await log(range(0, 200))
        await eventually_async(lambda: client.log_stats.sent >= 100)
        first.process.terminate()
        await asyncio.to_thread(first.process.wait)
        requests = len(transport.tasks)
        await log(range(200, 350))
        sent_by_the_caller = asyncio.current_task() in transport.tasks[requests:]
        await eventually_async(lambda: client.log_stats.failed_batches >= 1)
        with started_server(env, port=port) as second:
            await log(range(350, 500))
            assert await client.flush(timeout=30)
            await client.close()
            async with GraphQLClient.for_url(second.url) as api:
                world.tenant.api = api
                stored = await world.request_ids(version_id)

    assert not sent_by_the_caller, "log_execution waited for the server"
    assert sorted(stored) == sorted(f"request-{number}" for number in range(500))
    assert (client.log_stats.sent, client.log_stats.dropped) == (500, 0)
    assert client.log_stats.failed_batches >= 1


EXITING_PROGRAM = """
import asyncio, sys
from promptvault_sdk import AsyncPromptvault, Promptvault

url, key, version_id, kind = sys.argv[1:]
if kind == "sync":
    client = Promptvault(url, key, stream=False, send_interval=3600)
    for number in range(50):
        client.log_execution(version_id=version_id, latency_ms=1, request_id=f"{kind}-{number}")
else:
    async def main() -> None:
        client = AsyncPromptvault(url, key, stream=False, send_interval=3600)
        for number in range(50):
            await client.log_execution(
                version_id=version_id, latency_ms=1, request_id=f"{kind}-{number}"
            )
    asyncio.run(main())
"""


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_what_is_queued_is_sent_when_the_program_exits_without_close(
    world: World, kind: str
) -> None:
    version_id = world.asset.version_ids[0]
    program = [sys.executable, "-c", EXITING_PROGRAM, world.url, world.key, version_id, kind]
    await asyncio.to_thread(subprocess.run, program, check=True, timeout=30)

    stored = await world.request_ids(version_id)
    assert sorted(stored) == sorted(f"{kind}-{number}" for number in range(50))


FORKING_PROGRAM = """
import os, sys
from promptvault_sdk import Promptvault

url, key, version_id, name = sys.argv[1:]
client = Promptvault(url, key)  # a server's master process, before it forks its workers
client.get_prompt(name)
client.log_execution(version_id=version_id, latency_ms=1, request_id="parent-0")
pid = os.fork()
who = "child" if pid == 0 else "parent"
assert client.get_prompt(name).version == 1
for number in range(1, 20):
    client.log_execution(version_id=version_id, latency_ms=1, request_id=f"{who}-{number}")
assert client.flush(timeout=10)
client.close()
if pid == 0:
    os._exit(0)
assert os.waitpid(pid, 0)[1] == 0
"""


async def test_a_forked_child_reads_and_sends_its_own_logs(world: World) -> None:
    version_id = world.asset.version_ids[0]
    program = [
        *(sys.executable, "-c", FORKING_PROGRAM),
        *(world.url, world.key, version_id, world.asset.name),
    ]
    await asyncio.to_thread(subprocess.run, program, check=True, timeout=30)

    stored = await world.request_ids(version_id)
    expected = [f"{who}-{number}" for who in ("parent", "child") for number in range(1, 20)]
    assert sorted(stored) == sorted(["parent-0", *expected])
