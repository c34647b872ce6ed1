"""Issue 5's SDK figure: the time of `get_prompt` on a warm cache, for the sync and the async
client, with the activation stream held as in production (stream=True, a TTL of an hour).

The clock runs over rounds of 1,000 calls (a clock read per call would weigh more than the call);
the figure is the median round's time per call, with the slowest round's beside it. The server
is one process on SQLite (the cached read never reaches it); 100,000 calls per client by default,
bounded in time. Run: .venv/bin/python bench/sdk.py [--calls N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from promptvault_sdk import AsyncPromptvault, Promptvault  # noqa: E402
from promptvault_sdk._cache import SETTLE_SECONDS  # noqa: E402

from tests.support.databases import sqlite_database  # noqa: E402
from tests.support.graphql import GraphQLClient, TenantHandle  # noqa: E402
from tests.support.realtime import api_key  # noqa: E402
from tests.support.registry import ACTIVATE, make_asset  # noqa: E402
from tests.support.server import running_server  # noqa: E402

ROUND = 1_000
TIME_LIMIT_SECONDS = 30


def _report(label: str, rounds: list[float]) -> None:
    per_call = sorted(seconds / ROUND * 1e6 for seconds in rounds)
    median = statistics.median(per_call)
    print(
        f"{label}: {median:.2f} µs per cached get_prompt (median of {len(rounds)} rounds of "
        f"{ROUND}; slowest round {per_call[-1]:.2f} µs), {1e6 / median:,.0f} calls/s"
    )


def _sync_rounds(client: Promptvault, name: str, calls: int) -> list[float]:
    get_prompt = client.get_prompt
    rounds: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    while len(rounds) * ROUND < calls and time.monotonic() < deadline:
        started = time.perf_counter()
        for _ in range(ROUND):
            get_prompt(name)
        rounds.append(time.perf_counter() - started)
    return rounds


async def _async_rounds(client: AsyncPromptvault, name: str, calls: int) -> list[float]:
    get_prompt = client.get_prompt
    rounds: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    while len(rounds) * ROUND < calls and time.monotonic() < deadline:
        started = time.perf_counter()
        for _ in range(ROUND):
            await get_prompt(name)
        rounds.append(time.perf_counter() - started)
    return rounds


async def _stream_connected(client: Promptvault | AsyncPromptvault) -> None:
    # The stream's first connection invalidates what was cached before it, and what is fetched
    # just after an invalidation is soon asked for again: warm up once that has settled.
    deadline = time.monotonic() + 10
    while client.stream_connects == 0:
        if time.monotonic() > deadline:
            raise RuntimeError("the SDK did not connect to /v1/stream")
        await asyncio.sleep(0.01)
    await asyncio.sleep(SETTLE_SECONDS)


async def _measure(url: str, calls: int) -> None:
    async with GraphQLClient.for_url(url) as api:
        tenant = await TenantHandle.register(api)
        _, key = await api_key(tenant, "RUNTIME_READ")
        asset = await make_asset(tenant, versions=1)
        variables = {"versionId": asset.version_ids[0], "environment": "production"}
        (await tenant.gql(ACTIVATE, variables)).ok()

    sync_client = Promptvault(url, key, cache_ttl=3600)
    try:
        await _stream_connected(sync_client)
        assert sync_client.get_prompt(asset.name).version == 1
        rounds = await asyncio.to_thread(_sync_rounds, sync_client, asset.name, calls)
        assert sync_client.cache_stats.fetches == 1, "a read left the cache"
    finally:
        sync_client.close()
    _report("sync client ", rounds)

    async with AsyncPromptvault(url, key, cache_ttl=3600) as async_client:
        await _stream_connected(async_client)
        assert (await async_client.get_prompt(asset.name)).version == 1
        rounds = await _async_rounds(async_client, asset.name, calls)
        assert async_client.cache_stats.fetches == 1, "a read left the cache"
    _report("async client", rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="promptvault-bench-"))
    env = {
        **os.environ,
        "PROMPTVAULT_DATA_DIR": str(data_dir),
        "PROMPTVAULT_SECRET_KEY": "bench-secret-key-long-enough-for-hs256",
        "PROMPTVAULT_BCRYPT_ROUNDS": "4",
    }
    with sqlite_database(data_dir) as database:
        env["PROMPTVAULT_DATABASE_URL"] = database.url
        migrate = [sys.executable, "-m", "app.cli", "migrate"]
        subprocess.run(migrate, env=env, check=True, capture_output=True)
        with running_server(env) as url:
            run: Callable[[], Awaitable[None]] = lambda: _measure(url, args.calls)  # noqa: E731
            asyncio.run(run())


if __name__ == "__main__":
    main()
