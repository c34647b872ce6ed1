"""The runtime read across server processes on one PostgreSQL: an activation made through one
process changes what another serves at once; and while the database is away, /ready says so and
the runtime read serves the last good copy."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from tests.support.databases import ThrowawayDatabase, migrated_database, require_postgres
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.runtime import LivePrompt, RuntimeReader
from tests.support.server import own_database_environment, running_server

PROPAGATION_SECONDS = 1.0
# Cached prompts expire quickly here, so that a read during the outage must go to the database.
SHORT_CACHE = {"PROMPTVAULT_RUNTIME_CACHE_SECONDS": "0.3", "PROMPTVAULT_READY_TIMEOUT_SECONDS": "1"}


@dataclass(frozen=True)
class Servers:
    database: ThrowawayDatabase
    urls: list[str]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Two server processes on a PostgreSQL database of their own."""
    require_postgres()
    with (
        migrated_database("postgres", tmp_path_factory.mktemp("runtime")) as database,
        ExitStack() as stack,
    ):
        env = own_database_environment(database, SHORT_CACHE)
        urls = [stack.enter_context(running_server(env)) for _ in range(2)]
        yield Servers(database=database, urls=urls)


@asynccontextmanager
async def _client(url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        yield client


async def test_an_activation_through_one_process_changes_what_another_serves_at_once(
    servers: Servers,
) -> None:
    first, second = servers.urls
    async with GraphQLClient.for_url(first) as api, _client(second) as http:
        tenant = await TenantHandle.register(api)
        live = await LivePrompt.create(tenant)
        reader = RuntimeReader(http, live.secret)
        for _ in range(3):  # cached in the second process
            assert (await reader.read(live.asset.name)).json()["version"] == 1
        await live.activate(2)
        activated_at = time.monotonic()
        while (await reader.read(live.asset.name)).json()["version"] != 2:
            assert time.monotonic() - activated_at < PROPAGATION_SECONDS, "still version 1"
            await asyncio.sleep(0.01)


async def _set_connections(database: ThrowawayDatabase, *, allowed: bool) -> None:
    name = database.url.rpartition("/")[2]
    admin_url = database.url.rpartition("/")[0] + "/postgres"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed)}')
        if not allowed:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                name,
            )
    finally:
        await admin.close()


async def test_without_its_database_a_server_is_not_ready_but_serves_the_last_good_copy(
    servers: Servers,
) -> None:
    url = servers.urls[0]
    async with GraphQLClient.for_url(url) as api, _client(url) as http:
        tenant = await TenantHandle.register(api)
        live = await LivePrompt.create(tenant)
        reader = RuntimeReader(http, live.secret)
        served = await reader.read(live.asset.name)
        assert (await http.get("/ready")).status_code == 200
        await _set_connections(servers.database, allowed=False)
        try:
            unready = await http.get("/ready")
            assert unready.status_code == 503
            assert unready.json() == {"status": "unavailable", "database": "unreachable"}
            await asyncio.sleep(0.5)  # the cached copy is past its age
            during = await reader.read(live.asset.name)
            assert during.status_code == 200
            assert during.json() == served.json()
        finally:
            await _set_connections(servers.database, allowed=True)
        deadline = time.monotonic() + 10
        while (await http.get("/ready")).status_code != 200:
            assert time.monotonic() < deadline, "not ready again"
            await asyncio.sleep(0.2)
        assert (await reader.read(live.asset.name)).status_code == 200
