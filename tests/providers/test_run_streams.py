"""A prompt run's answer over a real websocket subscription (promptRunOutput) on a real server
process: what exists so far, each piece, then done with the run; a subscriber to an ended run;
a cancel seen by the subscriber; who may follow a run. And a run whose server process dies is
ended FAILED by the next worker, not left RUNNING."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import ThrowawayDatabase
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.realtime import GraphQLSocket
from tests.support.registry import make_asset
from tests.support.runs import (
    CANCEL,
    PROMPT_RUN_OUTPUT,
    finished_run,
    output_reaches,
    run_until_ended,
    started_run,
)
from tests.support.server import isolated_server, own_database_environment, started_server

# A worker takes a run's job for abandoned once its lock is a second old (a live worker renews
# it four times as often).
FAST_RECLAIM = {"PROMPTVAULT_JOB_VISIBILITY_SECONDS": "1"}


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with isolated_server(database.dialect, tmp_path_factory.mktemp("runs")) as live:
        yield live.url


@pytest.fixture
async def remote_tenant(server: str) -> AsyncIterator[TenantHandle]:
    async with GraphQLClient.for_url(server) as client:
        yield await TenantHandle.register(client)


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai") as fake:
        yield fake


async def draft_run(tenant: TenantHandle, fake: FakeProvider) -> dict[str, Any]:
    connection = await create_connection(tenant, fake_input(fake))
    return await started_run(tenant, {"draft": {"body": "Hi"}, "connectionId": connection["id"]})


async def chunks_until_done(socket: GraphQLSocket) -> list[dict[str, Any]]:
    chunks = []
    while not chunks or not chunks[-1]["done"]:
        chunks.append((await socket.next_data())["promptRunOutput"])
    return chunks


async def test_a_run_streams_what_it_has_then_each_piece_then_its_end(
    server: str, remote_tenant: TenantHandle, fake: FakeProvider
) -> None:
    fake.answer = ["Hello", ", ", "world", ".", " Bye", "."]
    fake.hold(after_pieces=2)
    run = await draft_run(remote_tenant, fake)
    await output_reaches(remote_tenant, run["id"], "Hello, ")

    token = await remote_tenant.token_for("DEVELOPER")
    async with GraphQLSocket.signed_in(server, token) as socket:
        await socket.subscribe(PROMPT_RUN_OUTPUT, {"runId": run["id"]})
        so_far = (await socket.next_data())["promptRunOutput"]
        assert so_far == {"runId": run["id"], "delta": "Hello, ", "done": False, "run": None}
        fake.release()
        chunks = await chunks_until_done(socket)
    assert "".join(chunk["delta"] for chunk in chunks) == "world. Bye."
    assert all(chunk["run"] is None for chunk in chunks[:-1])
    last = chunks[-1]["run"]
    assert last["status"] == "SUCCEEDED" and last["output"] == "Hello, world. Bye."
    assert (last["inputTokens"], last["outputTokens"]) == (12, 4)


async def test_a_subscriber_to_an_ended_run_gets_its_whole_output_at_once(
    server: str, remote_tenant: TenantHandle, fake: FakeProvider
) -> None:
    run = await draft_run(remote_tenant, fake)
    await run_until_ended(remote_tenant, run["id"])
    async with GraphQLSocket.signed_in(server, remote_tenant.token) as socket:
        await socket.subscribe(PROMPT_RUN_OUTPUT, {"runId": run["id"]})
        [chunk] = await chunks_until_done(socket)
    assert chunk["delta"] == "Hello, world." and chunk["done"] is True
    assert chunk["run"]["status"] == "SUCCEEDED"


async def test_a_cancelled_run_ends_its_stream_failed(
    server: str, remote_tenant: TenantHandle, fake: FakeProvider
) -> None:
    fake.hold(after_pieces=1)
    run = await draft_run(remote_tenant, fake)
    async with GraphQLSocket.signed_in(server, remote_tenant.token) as socket:
        await socket.subscribe(PROMPT_RUN_OUTPUT, {"runId": run["id"]})
        first = (await socket.next_data())["promptRunOutput"]
        (await remote_tenant.gql(CANCEL, {"id": run["id"]})).ok()
        chunks = [first, *await chunks_until_done(socket)]
    assert "".join(chunk["delta"] for chunk in chunks) == "Hello"
    assert chunks[-1]["run"]["status"] == "FAILED" and chunks[-1]["run"]["error"] == "cancelled"
    fake.release()


async def test_only_the_tenants_readers_follow_a_run(
    server: str, remote_tenant: TenantHandle, fake: FakeProvider
) -> None:
    run = await draft_run(remote_tenant, fake)
    async with GraphQLClient.for_url(server) as client:
        stranger = await TenantHandle.register(client)
        for tenant, role, code in [
            (stranger, "ADMIN", "NOT_FOUND"),
            (remote_tenant, "VIEWER", "FORBIDDEN"),
        ]:
            token = await tenant.token_for(role)
            async with GraphQLSocket.signed_in(server, token) as socket:
                await socket.subscribe(PROMPT_RUN_OUTPUT, {"runId": run["id"]})
                refused = await socket.receive()
            assert refused["type"] in ("error", "next"), refused
            errors = (
                refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
            )
            assert errors[0]["extensions"]["code"] == code, errors
    token = await remote_tenant.token_for("REVIEWER")
    async with GraphQLSocket.signed_in(server, token) as socket:
        await socket.subscribe(PROMPT_RUN_OUTPUT, {"runId": run["id"]})
        assert (await chunks_until_done(socket))[-1]["done"] is True


async def test_a_run_whose_server_dies_is_failed_by_the_next_worker(
    own_database: ThrowawayDatabase, tmp_path: Path, fake: FakeProvider
) -> None:
    env = own_database_environment(own_database, FAST_RECLAIM)
    fake.hold(after_pieces=1)
    with started_server(env) as first:
        async with GraphQLClient.for_url(first.url) as client:
            tenant = await TenantHandle.register(client)
            asset = await make_asset(tenant)
            connection = await create_connection(tenant, fake_input(fake))
            input = {
                "versionId": asset.version_ids[0],
                "variables": {"topic": "tea"},
                "connectionId": connection["id"],
            }
            run = await started_run(tenant, input)
            await output_reaches(tenant, run["id"], "Hello")
        first.process.kill()  # no shutdown: the process is gone mid-run
        first.process.wait()
    fake.release()

    with started_server(env) as second:
        async with GraphQLClient.for_url(second.url) as client:
            tenant.api = client
            ended = await run_until_ended(tenant, run["id"], timeout=30)
            assert ended["status"] == "FAILED"
            assert ended["error"] == "the worker stopped before the run finished"
            assert ended["output"] == "Hello"
            # And runs go on.
            again = await finished_run(tenant, input)
            assert again["status"] == "SUCCEEDED"
