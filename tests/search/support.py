"""Search operations shared by the search tests, and a wait for the tenant's index jobs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_ASSET, CREATE_VERSION

SEARCH = """
query Search($query: String!, $limit: Int, $kind: AssetKind) {
  search(query: $query, limit: $limit, kind: $kind) {
    score asset { id name kind archived } version { id number body }
  }
}
"""
SIMILAR = """
query Similar($assetId: ID!, $limit: Int) {
  similarAssets(assetId: $assetId, limit: $limit) { score asset { id name } version { number } }
}
"""
ARCHIVE = "mutation Archive($id: ID!) { archiveAsset(id: $id) { id archived } }"
UPDATE = """
mutation Update($id: ID!, $input: UpdateAssetInput!) { updateAsset(id: $id, input: $input) { id } }
"""
JOBS = """
query Jobs($status: JobStatus) { jobs(first: 5, status: $status) { edges { node { kind error } } } }
"""
ALL_JOBS = "query Jobs { jobs(first: 50) { edges { node { kind status } } } }"
UNFINISHED = ("QUEUED", "RUNNING", "FAILED")


async def create_prompt(
    tenant: TenantHandle,
    *,
    name: str,
    title: str,
    body: str,
    description: str = "",
    tags: list[str] | None = None,
    kind: str = "PROMPT",
) -> str:
    """An asset with one version; returns its id."""
    created = await tenant.gql(
        CREATE_ASSET,
        {
            "input": {
                "name": name,
                "title": title,
                "description": description,
                "tags": tags or [],
                "kind": kind,
            }
        },
    )
    asset_id: str = created.ok()["createAsset"]["id"]
    (await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": {"body": body}})).ok()
    return asset_id


async def search(tenant: TenantHandle, query: str, *, role: str = "ADMIN", **args: Any) -> Any:
    return (await tenant.gql(SEARCH, {"query": query, **args}, role=role)).ok()["search"]


async def search_names(tenant: TenantHandle, query: str, **args: Any) -> list[str]:
    return [hit["asset"]["name"] for hit in await search(tenant, query, **args)]


async def wait_for_indexing(tenant: TenantHandle, *, timeout: float = 120) -> None:
    """Until the tenant has no index job left to run; an index job that died fails the test."""
    deadline = time.monotonic() + timeout
    while True:
        pending = []
        for status in UNFINISHED:
            result = await tenant.gql(JOBS, {"status": status})
            pending += [edge["node"] for edge in result.ok()["jobs"]["edges"]]
        if not pending:
            break
        assert time.monotonic() < deadline, f"index jobs still pending: {pending}"
        await asyncio.sleep(0.2)
    dead = (await tenant.gql(JOBS, {"status": "DEAD"})).ok()["jobs"]["edges"]
    assert dead == [], dead
