"""Typed-prompt operations shared by tests, and a helper that puts a prompt live."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.graphql import Result, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_ASSET, CREATE_VERSION, AssetHandle

RENDER = """
query Render($name: String!, $environment: String!, $variables: JSON!, $key: String) {
  renderPrompt(name: $name, environment: $environment, variables: $variables, key: $key) {
    name environment text version { number }
  }
}
"""
DEPENDENTS = "query Dependents($id: ID!) { dependents(assetId: $id) { id name } }"
CLONE = """
mutation Clone($templateId: ID!, $input: CloneAssetInput!) {
  cloneAsset(templateId: $templateId, input: $input) {
    id name kind title description category tags owner { id } template { id name }
    latestVersion { number body variables modelConfig message }
  }
}
"""


async def add_version(
    tenant: TenantHandle, asset_id: str, body: str, variables: dict[str, Any] | None = None
) -> Result:
    return await tenant.gql(
        CREATE_VERSION, {"assetId": asset_id, "input": {"body": body, "variables": variables}}
    )


async def live_prompt(
    tenant: TenantHandle,
    body: str,
    *,
    variables: dict[str, Any] | None = None,
    name: str | None = None,
    environment: str = "staging",
) -> AssetHandle:
    """An asset whose one version, with this body and variables schema, is active in
    `environment` (staging unless told otherwise: production wants approved versions)."""
    name = name or f"prompt-{uuid.uuid4().hex[:10]}"
    created = await tenant.gql(CREATE_ASSET, {"input": {"name": name, "title": name}})
    asset_id = created.ok()["createAsset"]["id"]
    version_id = (await add_version(tenant, asset_id, body, variables)).ok()["createVersion"]["id"]
    activated = await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": environment})
    activated.ok()
    return AssetHandle(id=asset_id, name=name, version_ids=[version_id])


async def render(
    tenant: TenantHandle,
    name: str,
    variables: dict[str, Any] | None = None,
    *,
    environment: str = "staging",
    token: str | None = None,
) -> Result:
    arguments = {"name": name, "environment": environment, "variables": variables or {}}
    return await tenant.api(RENDER, arguments, token=token or tenant.token)
