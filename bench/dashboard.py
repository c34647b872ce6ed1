"""Issue 7's figures, on SQLite and PostgreSQL: the server's time to render the dashboard's asset
list of 50 assets and an asset page, as a full page and as the htmx partial, p50 and p95, with
the SQL queries each render runs.

Measured in-process (the app over ASGI, no network), so the figures are the server's time alone.
Every loop is bounded in count and time.
Run: .venv/bin/python bench/dashboard.py [--requests N]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import approve, create_asset, gql, register_tenant

from app.core.query_counter import count_queries

TIME_LIMIT_SECONDS = 60
ASSETS = 50
ACTIVATE = """
mutation($v: ID!) { activateVersion(versionId: $v, environment: "production") { id } }
"""


async def _seed(client: httpx.AsyncClient) -> str:
    """50 assets of 3 versions each, the third approved and active in production."""
    tenant = await register_tenant(client)
    for index in range(ASSETS):
        version_ids = await create_asset(client, tenant, f"asset-{index:02d}", versions=3)
        await approve(client, tenant, version_ids[-1])
        await gql(client, ACTIVATE, {"v": version_ids[-1]}, tenant.admin_token)
    return tenant.admin_token


async def _render_times(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], requests: int
) -> tuple[list[float], int]:
    """Seconds per render of `path`, and the SQL queries of one render."""
    with count_queries() as statements:
        (await client.get(path, headers=headers)).raise_for_status()
    latencies: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    for _ in range(requests):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        response = await client.get(path, headers=headers)
        latencies.append(time.perf_counter() - started)
        response.raise_for_status()
    return latencies, len(statements)


def _ms(latencies: list[float], share: float) -> float:
    """The latency under which `share` of the renders fell, in milliseconds."""
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


@asynccontextmanager
async def dashboard_client() -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app in this process, lifespan and all, with no job worker: the renders
    alone use the CPU (the seeding's indexing jobs wait)."""
    from app.main import create_app
    from app.settings import load_settings

    app = create_app(dataclasses.replace(load_settings(), run_worker=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield client


def sign_in(client: httpx.AsyncClient, token: str) -> None:
    client.cookies.set("promptvault_session", token, domain="127.0.0.1", path="/")


async def print_render_times(
    client: httpx.AsyncClient, dialect: str, pages: list[tuple[str, str]], requests: int
) -> None:
    """Each page rendered whole and as the htmx partial: p50 and p95 server time, SQL queries."""
    for label, path in pages:
        for mode, headers in (("page", {}), ("htmx partial", {"hx-request": "true"})):
            latencies, queries = await _render_times(client, path, headers, requests)
            print(
                f"[{dialect}] {label}, {mode}: p50 {_ms(latencies, 0.5):.1f} ms, "
                f"p95 {_ms(latencies, 0.95):.1f} ms over {len(latencies)} renders, "
                f"{queries} SQL queries"
            )


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    async with dashboard_client() as client:
        sign_in(client, await _seed(client))
        listing = (await client.get("/assets")).text
        assert listing.count('<a href="/assets/asset-') == ASSETS, "the list shows 50 assets"
        pages = [("asset list (50 assets)", "/assets"), ("asset page", "/assets/asset-07")]
        await print_render_times(client, dialect, pages, args.requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
