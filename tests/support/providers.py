"""Provider connection operations shared by tests."""

from __future__ import annotations

from typing import Any

from app.core.actor import Actor
from app.identity.service import authenticate_bearer
from app.settings import load_settings
from tests.support.fake_providers import FakeProvider
from tests.support.graphql import TenantHandle

CONNECTION = "id name kind baseUrl defaultModel scope keyHint local createdAt owner { id }"
CREATE_CONNECTION = f"""
mutation CreateProviderConnection($input: ProviderConnectionInput!) {{
  createProviderConnection(input: $input) {{ {CONNECTION} }}
}}
"""
UPDATE_CONNECTION = f"""
mutation UpdateProviderConnection($id: ID!, $input: ProviderConnectionInput!) {{
  updateProviderConnection(id: $id, input: $input) {{ {CONNECTION} }}
}}
"""
DELETE_CONNECTION = """
mutation DeleteProviderConnection($id: ID!) { deleteProviderConnection(id: $id) }
"""
TEST_CONNECTION = """
mutation TestProviderConnection($id: ID!) {
  testProviderConnection(id: $id) { ok models error latencyMs }
}
"""
CONNECTIONS = f"query ProviderConnections {{ providerConnections {{ {CONNECTION} }} }}"

# A public address, so that a connection to it passes the outbound rules without a DNS lookup;
# no test ever calls it.
PUBLIC_BASE_URL = "https://1.2.3.4/v1"
KINDS = {"openai": "OPENAI_COMPATIBLE", "anthropic": "ANTHROPIC"}


def fake_input(fake: FakeProvider, **overrides: Any) -> dict[str, Any]:
    """A connection to a fake provider: local (it is on 127.0.0.1), with its key."""
    return {
        "name": f"fake {fake.kind}",
        "kind": KINDS[fake.kind],
        "baseUrl": fake.url,
        "apiKey": fake.key,
        "defaultModel": fake.models[0],
        "local": True,
        **overrides,
    }


async def create_connection(
    tenant: TenantHandle, input: dict[str, Any], *, role: str = "ADMIN"
) -> dict[str, Any]:
    created: dict[str, Any] = (
        await tenant.gql(CREATE_CONNECTION, {"input": input}, role=role)
    ).ok()["createProviderConnection"]
    return created


async def check_connection(
    tenant: TenantHandle, connection_id: str, *, role: str = "ADMIN"
) -> dict[str, Any]:
    check: dict[str, Any] = (
        await tenant.gql(TEST_CONNECTION, {"id": connection_id}, role=role)
    ).ok()["testProviderConnection"]
    return check


async def names_seen(tenant: TenantHandle, *, role: str = "ADMIN") -> list[str]:
    found = (await tenant.gql(CONNECTIONS, role=role)).ok()["providerConnections"]
    return [connection["name"] for connection in found]


async def actor_of(tenant: TenantHandle, role: str = "ADMIN") -> Actor:
    """The actor that the services see for this tenant's user of `role`, signed in as the API
    signs it in."""
    return await authenticate_bearer(
        await tenant.token_for(role), settings=load_settings(), ip="127.0.0.1"
    )
