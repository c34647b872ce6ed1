"""Issue 3's gate figure, on SQLite and PostgreSQL with one uvicorn worker: gateCheck latency
(p50 and p95 over 200 sequential calls, with an API key with gate:read, as CI calls it) for a
commit whose approved change request brings 20 approved versions; and the SQL queries one
gateCheck costs, for 2 versions and for 20.

Traffic goes to 127.0.0.1 only; the load loop is bounded in count and time.
Run: .venv/bin/python bench/gate.py [--calls N] [--dialect sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import time

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import BenchTenant, approve, create_asset, gql, register_tenant

from app.core.query_counter import count_queries
from tests.support.server import running_server

TIME_LIMIT_SECONDS = 60
REPOSITORY = "acme/support-bot"
CREATE_CHANGE_REQUEST = (
    "mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }"
)
REVIEW = "mutation($id: ID!) { reviewChangeRequest(id: $id, decision: APPROVE) { status } }"
CREATE_KEY = 'mutation { createApiKey(name: "ci", scopes: [GATE_READ]) { secret } }'
GATE_CHECK = """
query($sha: String!, $repository: String) {
  gateCheck(commitSha: $sha, repository: $repository) { outcome reasons }
}
"""


async def _approved_commit(client: httpx.AsyncClient, tenant: BenchTenant, versions: int) -> str:
    """A commit whose low-risk change request, approved, brings `versions` approved versions
    (two per asset)."""
    version_ids = []
    for index in range(versions // 2):
        name = f"asset-{secrets.token_hex(4)}-{index}"
        version_ids += await create_asset(client, tenant, name, versions=2)
    for version_id in version_ids:
        await approve(client, tenant, version_id)
    sha = secrets.token_hex(20)
    created = await gql(
        client,
        CREATE_CHANGE_REQUEST,
        {
            "i": {
                "title": f"Bench change of {versions} versions",
                "repository": REPOSITORY,
                "commitSha": sha,
                "risk": "LOW",
                "versionIds": version_ids,
            }
        },
        tenant.admin_token,
    )
    await gql(client, REVIEW, {"id": created["createChangeRequest"]["id"]}, tenant.reviewer_token)
    return sha


async def _latencies(client: httpx.AsyncClient, key: str, sha: str, calls: int) -> list[float]:
    body = {"query": GATE_CHECK, "variables": {"sha": sha, "repository": REPOSITORY}}
    headers = {"authorization": f"Bearer {key}"}
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    latencies = []
    for _ in range(calls):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        response = await client.post("/graphql", json=body, headers=headers)
        response.raise_for_status()
        latencies.append(time.perf_counter() - started)
        if response.json()["data"]["gateCheck"]["outcome"] != "PASS":
            raise RuntimeError(response.json())
    return latencies


async def _query_counts(key: str, shas: dict[int, str]) -> dict[int, int]:
    from app.main import create_app
    from app.settings import load_settings

    app = create_app(load_settings())
    counts = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for versions, sha in shas.items():
                with count_queries() as statements:
                    await gql(client, GATE_CHECK, {"sha": sha, "repository": REPOSITORY}, key)
                counts[versions] = len(statements)
    return counts


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    with running_server(dict(os.environ)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            tenant = await register_tenant(client)
            shas = {
                versions: await _approved_commit(client, tenant, versions) for versions in (2, 20)
            }
            key = (await gql(client, CREATE_KEY, token=tenant.admin_token))["createApiKey"][
                "secret"
            ]
            await _latencies(client, key, shas[20], 10)  # warm up
            latencies = sorted(await _latencies(client, key, shas[20], args.calls))
    counts = await _query_counts(key, shas)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(
        f"[{dialect}] gateCheck of a commit with 20 versions: p50 "
        f"{statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms over "
        f"{len(latencies)} calls; SQL queries for 2 / 20 versions: {counts[2]} / {counts[20]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
