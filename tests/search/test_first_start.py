"""A newcomer's first server: on a fresh data directory its first index jobs succeed however many
run at once, and its search model loads in the background while searches answer at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import unique
from tests.search.support import SEARCH, create_prompt, search_names, wait_for_indexing
from tests.support.databases import ThrowawayDatabase
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.health import HEALTHY_WAIT_SECONDS, probing_health
from tests.support.server import own_database_environment, started_server

SEARCH_WAIT_SECONDS = 0.5
# The model takes 5 s to load on an idle machine and over 10 s on a busy one.
MODEL_LOAD_TIMEOUT_SECONDS = 90


@contextmanager
def fresh_server(database: ThrowawayDatabase, directory: Path, **settings: str) -> Iterator[str]:
    """A server on a data directory of its own (no Chroma files yet); its output goes to
    directory/server.log."""
    with (directory / "server.log").open("wb") as log:
        env = own_database_environment(
            database, {"PROMPTVAULT_DATA_DIR": str(directory / "data"), **settings}
        )
        with started_server(env, log=log) as server:
            yield server.url


async def test_a_fresh_servers_first_index_jobs_succeed_together(
    own_database: ThrowawayDatabase, tmp_path: Path
) -> None:
    names = [unique("first") for _ in range(6)]
    with fresh_server(own_database, tmp_path) as url:
        async with GraphQLClient.for_url(url) as api:
            tenant = await TenantHandle.register(api)
            await asyncio.gather(
                *(
                    create_prompt(tenant, name=name, title=name, body=f"Answer as {name} would.")
                    for name in names
                )
            )
            await wait_for_indexing(tenant)
            for name in names:
                assert (await search_names(tenant, name))[0] == name

    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log and " failed: " not in log, log


async def test_a_search_while_the_model_loads_answers_at_once_and_asks_to_try_again(
    own_database: ThrowawayDatabase, tmp_path: Path
) -> None:
    warming = {
        "PROMPTVAULT_SEARCH_WARM_UP": "true",
        "PROMPTVAULT_SEARCH_WAIT_SECONDS": str(SEARCH_WAIT_SECONDS),
    }
    with fresh_server(own_database, tmp_path, **warming) as url, probing_health(url) as probe:
        async with GraphQLClient.for_url(url) as api:
            tenant = await TenantHandle.register(api)
            deadline = time.monotonic() + MODEL_LOAD_TIMEOUT_SECONDS
            refusals: list[float] = []
            while True:
                started = time.monotonic()
                result = await tenant.gql(SEARCH, {"query": "answer a refund request"})
                if not result.errors:
                    break
                refusals.append(time.monotonic() - started)
                assert result.code == "RATE_LIMITED", result.errors
                [error] = result.errors
                assert "try again" in error["message"]
                assert error["extensions"]["retryAfter"] >= 1
                assert time.monotonic() < deadline, "the model never loaded"
                await asyncio.sleep(0.5)

    assert result.ok()["search"] == []
    # The first search came while the model loaded (5 s or more), and it and the next ones were
    # refused after the short wait: the first search used to wait for the whole load (5 to 17 s).
    assert refusals, "the first search waited for the model"
    assert max(refusals) < SEARCH_WAIT_SECONDS + 2, refusals
    assert probe.worst_seconds < HEALTHY_WAIT_SECONDS
