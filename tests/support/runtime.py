"""Readers of the runtime API (GET /v1/prompts/{name}) and a tenant with a prompt to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.graphql import TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import ACTIVATE, AssetHandle, make_asset


@dataclass
class RuntimeReader:
    """An HTTP client reading prompts with one bearer credential."""

    http: httpx.AsyncClient
    token: str

    async def read(
        self,
        name: str,
        *,
        environment: str | None = "production",
        key: str | None = None,
        if_none_match: str | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        params = {"environment": environment} if environment else {}
        if key is not None:
            params["key"] = key
        headers = {"authorization": f"Bearer {token or self.token}"}
        if if_none_match is not None:
            headers["if-none-match"] = if_none_match
        return await self.http.get(f"/v1/prompts/{name}", params=params, headers=headers)


@dataclass
class LivePrompt:
    """An asset with reviewed versions, version 1 active in production, and a runtime key."""

    tenant: TenantHandle
    asset: AssetHandle
    key_id: str
    secret: str

    @classmethod
    async def create(cls, tenant: TenantHandle, *, versions: int = 2) -> LivePrompt:
        asset = await make_asset(tenant, versions=versions)
        live = cls(tenant, asset, *await api_key(tenant, "RUNTIME_READ"))
        await live.activate(1)
        return live

    async def activate(self, number: int, environment: str = "production") -> dict[str, Any]:
        result = await self.tenant.gql(
            ACTIVATE,
            {"versionId": self.asset.version_ids[number - 1], "environment": environment},
        )
        return result.ok()["activateVersion"]


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The REST error body, checked for its shape: {"error": {"code", "message"}}."""
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error
