"""Issue 2's figures, on SQLite and PostgreSQL with one uvicorn worker:
- SQL queries to list 10 and 100 assets with owner, latest and active versions (must be equal);
- median latency of that list for 50 assets;
- requests per second of resolvePrompt.

Traffic goes to 127.0.0.1 only; every load loop is bounded in count and time.
Run: .venv/bin/python bench/registry.py [--requests N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import approve, create_asset, gql, register_tenant

from app.core.query_counter import count_queries
from tests.support.server import running_server

TIME_LIMIT_SECONDS = 60
ASSET_PAGE = """
query AssetPage($first: Int!) {
  assets(first: $first) { edges { node {
    name tags owner { email } latestVersion { number }
    activeVersions { environment version { number } }
  } } }
}
"""
RESOLVE = 'query { resolvePrompt(name: "asset-0", environment: "production") { body } }'


async def _seed(client: httpx.AsyncClient, assets: int) -> str:
    """`assets` assets of 2 versions each, the second approved and active in production."""
    tenant = await register_tenant(client)
    for index in range(assets):
        version_ids = await create_asset(client, tenant, f"asset-{index}", versions=2)
        await approve(client, tenant, version_ids[-1])
        await gql(
            client,
            'mutation($v: ID!) { activateVersion(versionId: $v, environment: "production") '
            "{ id } }",
            {"v": version_ids[-1]},
            tenant.admin_token,
        )
    return tenant.admin_token


async def _timed_requests(
    client: httpx.AsyncClient, body: dict, token: str, *, requests: int, concurrency: int
) -> tuple[list[float], float]:
    latencies: list[float] = []
    remaining = iter(range(requests))
    deadline = time.monotonic() + TIME_LIMIT_SECONDS

    async def worker() -> None:
        for _ in remaining:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            response = await client.post(
                "/graphql", json=body, headers={"authorization": f"Bearer {token}"}
            )
            response.raise_for_status()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


async def _query_counts(token: str) -> dict[int, int]:
    from app.main import create_app
    from app.settings import load_settings

    app = create_app(load_settings())
    counts = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for size in (10, 100):
                with count_queries() as statements:
                    await gql(client, ASSET_PAGE, {"first": size}, token)
                counts[size] = len(statements)
    return counts


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    with running_server(dict(os.environ)) as url:
        limits = httpx.Limits(max_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            token = await _seed(client, 100)
            page = {"query": ASSET_PAGE, "variables": {"first": 50}}
            page_latencies, _ = await _timed_requests(
                client, page, token, requests=200, concurrency=1
            )
            resolve_latencies, elapsed = await _timed_requests(
                client,
                {"query": RESOLVE},
                token,
                requests=args.requests,
                concurrency=args.concurrency,
            )
    counts = await _query_counts(token)
    print(
        f"[{dialect}] SQL queries for a page of 10 assets: {counts[10]}, "
        f"of 100 assets: {counts[100]}"
    )
    print(
        f"[{dialect}] list of 50 assets: p50 {statistics.median(page_latencies) * 1000:.1f} ms "
        f"over {len(page_latencies)} requests"
    )
    ordered = sorted(resolve_latencies)
    print(
        f"[{dialect}] resolvePrompt: {len(ordered) / elapsed:.0f} req/s at concurrency "
        f"{args.concurrency}, p50 {statistics.median(ordered) * 1000:.1f} ms, "
        f"p99 {ordered[int(len(ordered) * 0.99) - 1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
