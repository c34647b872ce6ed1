"""A real server process for the attacks on /graphql, with the rate limits of a fresh install."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.databases import ThrowawayDatabase
from tests.support.server import isolated_server

# The suite lifts the GraphQL rate limits for its in-process app; this server keeps the defaults.
SUITE_RATE_LIMITS = ("PROMPTVAULT_GRAPHQL_RATE_PER_SECOND", "PROMPTVAULT_GRAPHQL_BURST")
# Small enough that a test fills it with a few versions.
MAX_RESPONSE_BYTES = 4_000_000


@pytest.fixture(scope="module")
def server(database: ThrowawayDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("graphql-attacks")
    settings = {
        "PROMPTVAULT_RUN_WORKER": "false",
        "PROMPTVAULT_MAX_RESPONSE_BYTES": str(MAX_RESPONSE_BYTES),
    }
    with isolated_server(database.dialect, directory, settings, unset=SUITE_RATE_LIMITS) as live:
        yield live.url
