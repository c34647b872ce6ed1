"""GET /v1/prompts/{name} serves a chat version's format, messages and model configuration, and
its ETag changes with any of them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.chat_prompts import add_version, new_asset
from tests.support.graphql import TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import ACTIVATE
from tests.support.runtime import RuntimeReader

SUPPORT = {
    "format": "chat",
    "messages": [
        {"role": "system", "content": "You help customers of {{ product }}.", "placeholder": None},
        {"role": "user", "content": "", "placeholder": "history"},
        {"role": "user", "content": "{{ question }}", "placeholder": None},
    ],
    "variables": {},
}
CONFIG = {"model": "gpt-4o-mini", "temperature": 0.2, "maxTokens": 400}


async def _activate(tenant: TenantHandle, version_id: str) -> None:
    variables = {"versionId": version_id, "environment": "staging"}
    (await tenant.gql(ACTIVATE, variables)).ok()


async def _version(tenant: TenantHandle, asset_id: str, prompt: dict[str, Any]) -> str:
    created = await add_version(tenant, asset_id, prompt)
    version_id: str = created.ok()["createVersion"]["id"]
    await _activate(tenant, version_id)
    return version_id


async def test_a_chat_version_is_served_with_its_messages_and_model_config(
    tenant: TenantHandle, http: httpx.AsyncClient
) -> None:
    _, secret = await api_key(tenant, "RUNTIME_READ")
    asset_id, name = await new_asset(tenant)
    await _version(tenant, asset_id, {**SUPPORT, "modelConfig": CONFIG})

    response = await RuntimeReader(http, secret).read(name, environment="staging")

    served = response.json()
    assert response.status_code == 200
    assert served["format"] == "chat"
    assert served["messages"] == SUPPORT["messages"]
    assert served["modelConfig"] == CONFIG
    assert served["body"] == (
        "[system]\nYou help customers of {{ product }}.\n\n"
        "[placeholder: history]\n\n"
        "[user]\n{{ question }}"
    )


async def test_the_etag_changes_with_the_messages_and_the_model_config(
    tenant: TenantHandle, http: httpx.AsyncClient
) -> None:
    _, secret = await api_key(tenant, "RUNTIME_READ")
    reader = RuntimeReader(http, secret)
    asset_id, name = await new_asset(tenant)
    etags = []
    for prompt in (
        SUPPORT,
        {**SUPPORT, "messages": SUPPORT["messages"][:2]},
        {**SUPPORT, "messages": SUPPORT["messages"][:2], "modelConfig": CONFIG},
    ):
        await _version(tenant, asset_id, prompt)
        read = await reader.read(name, environment="staging")
        etags.append(read.headers["etag"])
        assert (
            await reader.read(name, environment="staging", if_none_match=etags[-1])
        ).status_code == 304

    assert len(set(etags)) == 3
