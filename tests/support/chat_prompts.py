"""Chat prompts for tests: operations that read a version's format and messages, and a helper
that puts a prompt (text or chat, in the runtime API's shape) live."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.graphql import Result, TenantHandle
from tests.support.registry import ACTIVATE, CREATE_ASSET, AssetHandle

CREATE_VERSION = """
mutation CreateVersion($assetId: ID!, $input: CreateVersionInput!) {
  createVersion(assetId: $assetId, input: $input) {
    id number format body messages { role content placeholder } variables modelConfig
    contentHash breaking
  }
}
"""
RENDER = """
query Render($name: String!, $environment: String!, $variables: JSON!) {
  renderPrompt(name: $name, environment: $environment, variables: $variables) {
    text messages { role content } version { number format }
  }
}
"""
RESOLVE = """
query Resolve($name: String!, $environment: String!) {
  resolvePrompt(name: $name, environment: $environment) {
    name body format messages { role content placeholder } modelConfig version { number }
  }
}
"""


def as_input(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages in the runtime API's shape (lowercase roles) as PromptMessageInput."""
    return [
        {
            "role": message["role"].upper(),
            "content": message.get("content", ""),
            "placeholder": message.get("placeholder"),
        }
        for message in messages
    ]


def version_input(prompt: dict[str, Any], **more: Any) -> dict[str, Any]:
    """CreateVersionInput for a prompt in the runtime API's shape (format, body or messages,
    variables, modelConfig)."""
    if prompt.get("format", "text") == "chat":
        content = {"format": "CHAT", "body": "", "messages": as_input(prompt["messages"])}
    else:
        content = {"format": "TEXT", "body": prompt["body"]}
    content |= {"variables": prompt.get("variables"), "modelConfig": prompt.get("modelConfig")}
    return {**content, **more}


async def add_version(tenant: TenantHandle, asset_id: str, prompt: dict[str, Any]) -> Result:
    return await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": version_input(prompt)})


async def new_asset(tenant: TenantHandle, name: str | None = None) -> tuple[str, str]:
    """An asset without versions: its id and name."""
    name = name or f"chat-{uuid.uuid4().hex[:10]}"
    created = await tenant.gql(CREATE_ASSET, {"input": {"name": name, "title": name}})
    return created.ok()["createAsset"]["id"], name


async def live(
    tenant: TenantHandle,
    prompt: dict[str, Any],
    *,
    name: str | None = None,
    environment: str = "staging",
) -> AssetHandle:
    """An asset whose one version is `prompt`, active in `environment`."""
    asset_id, name = await new_asset(tenant, name)
    version_id = (await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"]
    activated = await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": environment})
    activated.ok()
    return AssetHandle(id=asset_id, name=name, version_ids=[version_id])


def lowercase_roles(messages: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if messages is None:
        return None
    return [{**message, "role": message["role"].lower()} for message in messages]
