"""A real server for the SDK's tests, a tenant on it with an API key that reads prompts and
writes logs, and an asset whose version 1 is active in production."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from promptvault_sdk import Promptvault

from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import ACTIVATE, AssetHandle, make_asset
from tests.support.server import isolated_server, own_database_environment

# A keepalive every half second: a stream that a stopped server left is seen dead sooner.
FAST_STREAM = {"PROMPTVAULT_SSE_HEARTBEAT_SECONDS": "0.5"}
LOGS = """
query Logs($versionId: ID!, $after: String) {
  executionLogs(versionId: $versionId, first: 100, after: $after) {
    edges { node { requestId } } pageInfo { hasNextPage endCursor }
  }
}
"""


@dataclass
class World:
    url: str
    tenant: TenantHandle
    key: str  # an API key with RUNTIME_READ and LOGS_WRITE
    asset: AssetHandle  # two approved versions, the first active in production

    async def activate(self, number: int, environment: str = "production") -> None:
        version_id = self.asset.version_ids[number - 1]
        variables = {"versionId": version_id, "environment": environment}
        (await self.tenant.gql(ACTIVATE, variables)).ok()

    async def request_ids(self, version_id: str) -> list[str]:
        """The request ids of every log of the version, through GraphQL executionLogs."""
        found: list[str] = []
        after = None
        while True:
            variables = {"versionId": version_id, "after": after}
            page = (await self.tenant.gql(LOGS, variables)).ok()["executionLogs"]
            found += [edge["node"]["requestId"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]


async def make_world(api: GraphQLClient, url: str) -> World:
    tenant = await TenantHandle.register(api)
    _, key = await api_key(tenant, "RUNTIME_READ", "LOGS_WRITE")
    asset = await make_asset(tenant, versions=2)
    world = World(url=url, tenant=tenant, key=key, asset=asset)
    await world.activate(1)
    return world


def server_env(database: ThrowawayDatabase) -> dict[str, str]:
    return own_database_environment(database, FAST_STREAM)


@pytest.fixture(scope="module")
def sdk_server(
    database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("sdk-server")
    with isolated_server(database.dialect, directory, FAST_STREAM) as server:
        yield server.url


@pytest.fixture(scope="module")
async def sdk_api(sdk_server: str) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_url(sdk_server) as client:
        yield client


@pytest.fixture
async def world(sdk_api: GraphQLClient, sdk_server: str) -> World:
    return await make_world(sdk_api, sdk_server)


def is_prompt_read(request: httpx.Request) -> bool:
    return request.url.path.startswith("/v1/prompts/")


class CountingTransport(httpx.HTTPTransport):
    """Records every request the client sends and the status of its answer; between `hold()`
    and `release()`, prompt reads wait at the door (counted in `held`)."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[int] = []  # statuses of prompt reads
        self.held = 0
        self._open = threading.Event()
        self._open.set()

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if is_prompt_read(request) and not self._open.is_set():
            self.held += 1
            self._open.wait(timeout=10)
        response = super().handle_request(request)
        if is_prompt_read(request):
            self.reads.append(response.status_code)
        return response


class AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.reads: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if is_prompt_read(request):
            self.reads.append(response.status_code)
        return response


def eventually(check: Callable[[], Any], timeout: float = 5.0, step: float = 0.02) -> None:
    """Polls until `check()` is true."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not true within {timeout} s")
        time.sleep(step)


async def eventually_async(
    check: Callable[[], Awaitable[bool] | bool], timeout: float = 5.0, step: float = 0.02
) -> None:
    """Polls until `check()` (or what it awaits) is true."""
    start = time.monotonic()
    while True:
        outcome = check()
        if outcome if isinstance(outcome, bool) else await outcome:
            return
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(step)


@contextmanager
def sdk(world: World, **options: object) -> Iterator[Promptvault]:
    """A sync client of the world's server with its API key, closed at the end."""
    client = Promptvault(world.url, world.key, **options)  # type: ignore[arg-type]
    try:
        yield client
    finally:
        client.close(timeout=5)
