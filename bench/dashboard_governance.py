"""Server time to render the dashboard's review queue (20 versions, each diffed against the one
before it), a change request page of 20 versions with its gate verdict, a version's statistics
page over 1,000 executions, and the audit trail: page and htmx partial, p50 and p95, with the SQL
queries of one render, on SQLite and PostgreSQL.

Measured in-process (the app over ASGI, no network), so the figures are the server's time alone.
Every loop is bounded in count and time.
Run: .venv/bin/python bench/dashboard_governance.py [--requests N]
"""

from __future__ import annotations

import argparse

import httpx
from _dialects import run_for_each_dialect  # noqa: I001
from _seeding import SUBMIT, BenchTenant, create_asset, gql, register_tenant
from dashboard import dashboard_client, print_render_times, sign_in

QUEUED = 20
EXECUTIONS = 1000
RECORD = "mutation($i: [ExecutionInput!]!) { recordExecutions(inputs: $i) }"
OPEN_REQUEST = """
mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }
"""


async def _seed(client: httpx.AsyncClient, tenant: BenchTenant) -> list[tuple[str, str]]:
    """20 assets of 3 versions, the third in review; a change request bringing them; 1,000
    executions of one version. The pages to render, by label."""
    in_review = []
    for index in range(QUEUED):
        version_ids = await create_asset(client, tenant, f"asset-{index:02d}", versions=3)
        await gql(client, SUBMIT, {"id": version_ids[-1]}, tenant.admin_token)
        in_review.append(version_ids[-1])
    request = await gql(
        client,
        OPEN_REQUEST,
        {
            "i": {
                "title": "Bench change",
                "repository": "bench/repo",
                "commitSha": "abcdef1234567",
                "risk": "HIGH",
                "versionIds": in_review,
            }
        },
        tenant.admin_token,
    )
    logs = [
        {
            "versionId": in_review[0],
            "latencyMs": 50 + index % 400,
            "status": "ERROR" if index % 25 == 0 else "SUCCESS",
            "inputTokens": 100,
            "outputTokens": 250,
            "cost": 0.001,
        }
        for index in range(EXECUTIONS)
    ]
    await gql(client, RECORD, {"i": logs}, tenant.admin_token)
    return [
        (f"review queue ({QUEUED} versions)", "/reviews"),
        (
            f"change request ({QUEUED} versions)",
            f"/change-requests/{request['createChangeRequest']['id']}",
        ),
        (f"statistics ({EXECUTIONS} executions)", f"/versions/{in_review[0]}/stats?window=all"),
        ("audit trail (50 events)", "/admin/audit"),
    ]


async def _measure(dialect: str, database_url: str, args: argparse.Namespace) -> None:
    async with dashboard_client() as client:
        tenant = await register_tenant(client)
        pages = await _seed(client, tenant)
        sign_in(client, tenant.admin_token)
        queue = (await client.get("/reviews")).text
        assert queue.count('<table class="diff unified">') == QUEUED, "every version diffed"
        await print_render_times(client, dialect, pages, args.requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    run_for_each_dialect(parser, _measure)


if __name__ == "__main__":
    main()
