"""Correct under concurrency: the asset row lock orders activations and version numbering."""

import asyncio

from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, CREATE_VERSION, make_asset

CONCURRENT_CALLS = 24

HISTORY = """
query History($assetId: ID!) {
  activationHistory(assetId: $assetId, environment: "production", first: 100) {
    edges { node { version { id } previousVersion { id } } }
  }
  asset(id: $assetId) { activeVersions { environment version { id } } }
}
"""
VERSION_NUMBERS = """
query Numbers($id: ID!) { asset(id: $id) { versions(first: 100) { edges { node { number } } } } }
"""


async def test_concurrent_activations_leave_one_current_version_and_a_history_row_each(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant, versions=CONCURRENT_CALLS)
    results = await asyncio.gather(
        *(
            tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "production"})
            for version_id in asset.version_ids
        )
    )
    assert [result.errors for result in results] == [[] for _ in results]

    data = (await tenant.gql(HISTORY, {"assetId": asset.id})).ok()
    history = [edge["node"] for edge in data["activationHistory"]["edges"]]
    active = data["asset"]["activeVersions"]
    assert len(history) == CONCURRENT_CALLS
    assert len(active) == 1
    assert active[0]["version"]["id"] == history[0]["version"]["id"]
    # Each activation replaced exactly the one before it: no two saw the same "current".
    for newer, older in zip(history, history[1:], strict=False):
        assert newer["previousVersion"]["id"] == older["version"]["id"]
    assert history[-1]["previousVersion"] is None


async def test_concurrent_create_version_never_reuses_a_number(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=0)
    results = await asyncio.gather(
        *(
            tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": f"body {index}"}})
            for index in range(CONCURRENT_CALLS)
        )
    )
    numbers = sorted(result.ok()["createVersion"]["number"] for result in results)
    assert numbers == list(range(1, CONCURRENT_CALLS + 1))

    listed = (await tenant.gql(VERSION_NUMBERS, {"id": asset.id})).ok()
    stored = sorted(edge["node"]["number"] for edge in listed["asset"]["versions"]["edges"])
    assert stored == numbers
