"""Registry operations shared by tests, and a helper that builds an asset with versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.support.graphql import TenantHandle

CREATE_ASSET = """
mutation CreateAsset($input: CreateAssetInput!) {
  createAsset(input: $input) { id name kind title description category tags archived
                               owner { id email } }
}
"""
CREATE_VERSION = """
mutation CreateVersion($assetId: ID!, $input: CreateVersionInput!) {
  createVersion(assetId: $assetId, input: $input) {
    id number body variables modelConfig message contentHash status semver author { id }
  }
}
"""
ACTIVATE = """
mutation Activate($versionId: ID!, $environment: String!) {
  activateVersion(versionId: $versionId, environment: $environment) {
    id environment version { id number } previousVersion { number } actor { id }
  }
}
"""
ROLLBACK = """
mutation Rollback($assetId: ID!, $environment: String!) {
  rollback(assetId: $assetId, environment: $environment) {
    id environment version { number } previousVersion { number }
  }
}
"""
SUBMIT = """
mutation Submit($id: ID!) { submitVersion(id: $id) { id number status } }
"""
APPROVE = """
mutation Approve($id: ID!, $comment: String) {
  approveVersion(id: $id, comment: $comment) { id number status }
}
"""
REJECT = """
mutation Reject($id: ID!, $comment: String!) {
  rejectVersion(id: $id, comment: $comment) { id number status }
}
"""
RESOLVE = """
query Resolve($name: String!, $environment: String!) {
  resolvePrompt(name: $name, environment: $environment) { name environment body version { number } }
}
"""


@dataclass
class AssetHandle:
    id: str
    name: str
    version_ids: list[str]


async def approve_versions(tenant: TenantHandle, *version_ids: str) -> None:
    """Submit each version as the admin and approve it as the tenant's reviewer."""
    for version_id in version_ids:
        (await tenant.gql(SUBMIT, {"id": version_id})).ok()
        (await tenant.gql(APPROVE, {"id": version_id}, role="REVIEWER")).ok()


async def make_asset(
    tenant: TenantHandle,
    *,
    versions: int = 1,
    name: str | None = None,
    tags: list[str] | None = None,
    approved: bool = True,
) -> AssetHandle:
    """An asset with `versions` versions by the admin, approved (so that they may go to
    production) unless `approved` is False."""
    name = name or f"asset-{uuid.uuid4().hex[:10]}"
    created = await tenant.gql(
        CREATE_ASSET, {"input": {"name": name, "title": f"Title of {name}", "tags": tags or []}}
    )
    asset_id = created.ok()["createAsset"]["id"]
    version_ids = []
    for number in range(1, versions + 1):
        result = await tenant.gql(
            CREATE_VERSION,
            {"assetId": asset_id, "input": {"body": f"Body {number} of {name}: {{{{ topic }}}}"}},
        )
        version_ids.append(result.ok()["createVersion"]["id"])
    if approved:
        await approve_versions(tenant, *version_ids)
    return AssetHandle(id=asset_id, name=name, version_ids=version_ids)
