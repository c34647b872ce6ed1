"""`promptvault serve` runs the app under uvicorn on the configured port."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.cli import SHUTDOWN_GRACE_SECONDS
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.realtime import EventStream, api_key
from tests.support.server import (
    own_database_environment,
    running_server,
    sharing_session_database,
    started_server,
)


@pytest.fixture
def server(database: ThrowawayDatabase) -> Iterator[str]:
    with running_server(sharing_session_database()) as url:
        yield url


def test_serve_answers_health_graphql_and_graphiql(server: str) -> None:
    assert httpx.get(f"{server}/health").json() == {"status": "ok"}
    answer = httpx.post(f"{server}/graphql", json={"query": "{ me { id } }"}).json()
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    page = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert "Promptvault GraphiQL" in page.text


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--workers", "2"],
        env={**os.environ, "PROMPTVAULT_DATABASE_URL": f"sqlite://{tmp_path / 'one.db'}"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode != 0
    assert "PostgreSQL" in refused.stderr


async def test_serve_stops_on_sigterm_though_an_event_stream_is_open(
    own_database: ThrowawayDatabase,
) -> None:
    with started_server(own_database_environment(own_database)) as server:
        async with GraphQLClient.for_url(server.url) as api:
            _, key = await api_key(await TenantHandle.register(api), "RUNTIME_READ")
        async with EventStream.open(server.url, key):
            server.process.terminate()
            started = time.monotonic()
            await asyncio.to_thread(server.process.wait, 10)
            stopped_after = time.monotonic() - started

    assert stopped_after < SHUTDOWN_GRACE_SECONDS + 2
