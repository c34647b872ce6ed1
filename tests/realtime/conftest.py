"""Real server processes for the live-update tests: one on a database of its own, and two
sharing a PostgreSQL database, with short heartbeat and re-check intervals."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from tests.support.databases import ThrowawayDatabase, migrated_database, require_postgres
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.server import isolated_server, own_database_environment, running_server

FAST_REALTIME = {
    "PROMPTVAULT_SSE_HEARTBEAT_SECONDS": "0.5",
    "PROMPTVAULT_SUBSCRIPTION_RECHECK_SECONDS": "0.5",
}


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("realtime")
    with isolated_server(database.dialect, directory, FAST_REALTIME) as live:
        yield live.url


@pytest.fixture(scope="module")
async def remote(server: str) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_url(server) as client:
        yield client


@pytest.fixture
async def remote_tenant(remote: GraphQLClient) -> TenantHandle:
    return await TenantHandle.register(remote)


@pytest.fixture
async def other_remote_tenant(remote: GraphQLClient) -> TenantHandle:
    return await TenantHandle.register(remote)


@dataclass(frozen=True)
class ServerPair:
    database: ThrowawayDatabase
    first: str
    second: str


@pytest.fixture(scope="module")
def server_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPair]:
    """Two server processes on one PostgreSQL database, whatever PROMPTVAULT_TEST_DB is."""
    require_postgres()
    with (
        migrated_database("postgres", tmp_path_factory.mktemp("pair")) as database,
        ExitStack() as servers,
    ):
        env = own_database_environment(database, FAST_REALTIME)
        first = servers.enter_context(running_server(env))
        second = servers.enter_context(running_server(env))
        yield ServerPair(database=database, first=first, second=second)
