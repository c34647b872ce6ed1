"""Issue 5's ingestion figure: execution logs stored per second through POST /v1/executions, in
batches of 100, from 8 concurrent senders, against one server process (one uvicorn worker) on
PostgreSQL; then a count of the table, to check that every accepted log is stored.

Each sender holds one keep-alive connection and sends ready-encoded batches one after another
(the next when the last is answered), so the figure is the server's and the database's, not the
client's JSON encoding. Traffic goes to 127.0.0.1 only; the run is bounded in batches and time.
Run: .venv/bin/python bench/ingest.py [--batches N] [--senders S] [--batch-size B]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.databases import migrated_database, query  # noqa: E402
from tests.support.graphql import GraphQLClient, TenantHandle  # noqa: E402
from tests.support.realtime import api_key  # noqa: E402
from tests.support.registry import make_asset  # noqa: E402
from tests.support.server import running_server  # noqa: E402

TIME_LIMIT_SECONDS = 120
WARM_UP_BATCHES = 20
DISTINCT_BODIES = 16


def _bodies(version_ids: list[str], batch_size: int) -> list[bytes]:
    """Batches like an SDK's: two versions, some errors, small inputs and outputs."""
    bodies = []
    for body in range(DISTINCT_BODIES):
        batch = [
            {
                "versionId": version_ids[item % len(version_ids)],
                "environment": "production",
                "requestId": f"bench-{body}-{item}",
                "latencyMs": 80.0 + (item * 37 % 400),
                "inputTokens": 120 + item,
                "outputTokens": 40 + item % 60,
                "cost": 0.0004,
                "model": "gpt-4o-mini",
                "status": "ERROR" if item % 25 == 0 else "SUCCESS",
                "error": "upstream timeout" if item % 25 == 0 else None,
                "inputs": {"topic": f"topic {item}", "tone": "plain"},
                "output": "A short answer of the kind a model gives. " * 3,
            }
            for item in range(batch_size)
        ]
        bodies.append(json.dumps(batch).encode())
    return bodies


class Senders:
    def __init__(self, url: str, key: str, bodies: list[bytes], batch_size: int) -> None:
        self.url = url
        self.headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
        self.bodies = bodies
        self.batch_size = batch_size
        self.accepted = 0
        self.latencies: list[float] = []

    async def run(self, senders: int, batches: int, deadline: float) -> None:
        remaining = iter(range(batches))

        async def sender(number: int) -> None:
            async with httpx.AsyncClient(base_url=self.url, timeout=30) as http:
                for batch in remaining:
                    if time.monotonic() > deadline:
                        return
                    body = self.bodies[(number + batch) % len(self.bodies)]
                    started = time.perf_counter()
                    response = await http.post("/v1/executions", content=body, headers=self.headers)
                    self.latencies.append(time.perf_counter() - started)
                    if response.status_code != 202:
                        raise RuntimeError(f"batch refused: {response.status_code} {response.text}")
                    self.accepted += int(response.json()["accepted"])

        await asyncio.gather(*(sender(number) for number in range(senders)))


async def _seed(url: str) -> tuple[str, list[str]]:
    async with GraphQLClient.for_url(url) as api:
        tenant = await TenantHandle.register(api)
        _, key = await api_key(tenant, "LOGS_WRITE")
        asset = await make_asset(tenant, versions=2, approved=False)
    return key, asset.version_ids


async def _measure(url: str, args: argparse.Namespace) -> int:
    key, version_ids = await _seed(url)
    senders = Senders(url, key, _bodies(version_ids, args.batch_size), args.batch_size)
    await senders.run(args.senders, WARM_UP_BATCHES, time.monotonic() + TIME_LIMIT_SECONDS)
    warm = senders.accepted
    senders.latencies.clear()
    started = time.perf_counter()
    await senders.run(args.senders, args.batches, time.monotonic() + TIME_LIMIT_SECONDS)
    elapsed = time.perf_counter() - started
    measured = senders.accepted - warm
    latencies = sorted(senders.latencies)
    print(
        f"PostgreSQL, one server process, {args.senders} senders, batches of "
        f"{args.batch_size}: {measured:,} logs in {elapsed:.2f} s = "
        f"{measured / elapsed:,.0f} logs/s ({len(latencies)} batches; batch latency "
        f"p50 {statistics.median(latencies) * 1e3:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1e3:.1f} ms)"
    )
    return senders.accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=500)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="promptvault-bench-"))
    env = {
        **os.environ,
        "PROMPTVAULT_DATA_DIR": str(data_dir),
        "PROMPTVAULT_SECRET_KEY": "bench-secret-key-long-enough-for-hs256",
        "PROMPTVAULT_BCRYPT_ROUNDS": "4",
    }
    os.environ.update(env)
    with migrated_database("postgres", data_dir) as database:
        env["PROMPTVAULT_DATABASE_URL"] = database.url
        with running_server(env) as url:
            accepted = asyncio.run(_measure(url, args))
        [(stored,)] = query(database, "SELECT count(*) FROM execution_log")
        print(f"stored: {stored:,} of {accepted:,} accepted logs (warm-up included)")
        if stored != accepted:
            raise SystemExit("some accepted logs are missing from the table")


if __name__ == "__main__":
    main()
