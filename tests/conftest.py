"""Fixtures: a real database built by `promptvault migrate` (SQLite or PostgreSQL, chosen by
PROMPTVAULT_TEST_DB), the app with its lifespan, a GraphQL client, and fresh tenants per test."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support.databases import (
    ThrowawayDatabase,
    migrated_database,
    postgres_database,
    sqlite_database,
)

TEST_DB = os.environ.get("PROMPTVAULT_TEST_DB", "sqlite")
DATA_DIR = Path(tempfile.mkdtemp(prefix="promptvault-test-"))

os.environ.update(
    {
        "PROMPTVAULT_DATA_DIR": str(DATA_DIR),
        "PROMPTVAULT_SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "PROMPTVAULT_BCRYPT_ROUNDS": "4",
        # Login throttling: the default thresholds, short delays. Every test client but those of
        # tests/identity/test_login_throttling.py signs in from 127.0.0.1, and only failures count
        # against an address: the whole suite fails far fewer than LOCK_AFTER logins from it. It
        # signs in and registers far more often than a person, though: no rate per address.
        "PROMPTVAULT_LOGIN_SLOW_AFTER": "3",
        "PROMPTVAULT_LOGIN_LOCK_AFTER": "10",
        "PROMPTVAULT_LOGIN_MAX_DELAY_SECONDS": "0.05",
        "PROMPTVAULT_SIGN_INS_PER_MINUTE": "1000000",
        # Webhooks deliver to receivers that tests run on 127.0.0.1, and retry within moments.
        "PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE": "true",
        "PROMPTVAULT_JOB_BACKOFF_SECONDS": "0.05",
        # A running canary is judged every 0.5 s, an idle one down to every 5 s.
        "PROMPTVAULT_ROLLOUT_GUARD_SECONDS": "0.5",
        # Per-tenant rate limits: the suite's tenants set up and read at machine speed, far over
        # the defaults; tests/runtime/test_rate_limits.py gives its own tenants low limits.
        "PROMPTVAULT_RUNTIME_RATE_PER_SECOND": "1000000",
        "PROMPTVAULT_RUNTIME_BURST": "1000000",
        "PROMPTVAULT_GRAPHQL_RATE_PER_SECOND": "1000000",
        "PROMPTVAULT_GRAPHQL_BURST": "1000000",
        # The search model (5 s of CPU, 500 MB) loads at a process's first search or index job,
        # not at each of the suite's many server starts; a search waits for it.
        # tests/search/test_first_start.py tests the warm-up and the short wait.
        "PROMPTVAULT_SEARCH_WARM_UP": "false",
        "PROMPTVAULT_SEARCH_WAIT_SECONDS": "120",
    }
)


@pytest.fixture(scope="session")
def database() -> Iterator[ThrowawayDatabase]:
    with postgres_database() if TEST_DB == "postgres" else sqlite_database(DATA_DIR) as db:
        os.environ["PROMPTVAULT_DATABASE_URL"] = db.url
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"], check=True, capture_output=True
        )
        yield db


@pytest.fixture
def own_database(database: ThrowawayDatabase, tmp_path: Path) -> Iterator[ThrowawayDatabase]:
    """A migrated database for the test's own server processes, of the suite's dialect: a server
    that writes must not share the suite's database (on SQLite a second process writing its file
    meets "database is locked"), and its job worker must be the only one taking its jobs."""
    with migrated_database(database.dialect, tmp_path) as db:
        yield db


@pytest.fixture(scope="session")
async def app(database: ThrowawayDatabase) -> AsyncIterator[object]:
    from app.main import create_app
    from app.settings import load_settings

    application = create_app(load_settings())
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def api(app: object) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.for_app(app) as client:
        yield client


@pytest.fixture
async def tenant(api: GraphQLClient) -> TenantHandle:
    return await TenantHandle.register(api)


@pytest.fixture
async def other_tenant(api: GraphQLClient) -> TenantHandle:
    return await TenantHandle.register(api)


@pytest.fixture
async def attacker(server: str) -> AsyncIterator[TenantHandle]:
    """A tenant that anyone could register on the real server of the test's module (its
    `server` fixture gives the URL)."""
    async with GraphQLClient.for_url(server) as client:
        yield await TenantHandle.register(client)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


from tests.support.graphql import GraphQLClient, TenantHandle  # noqa: E402
