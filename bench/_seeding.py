"""Seeding over GraphQL for the benchmarks: a tenant with a reviewer, assets, reviewed versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "bench-password-1"
REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
CREATE_USER = "mutation($i: CreateUserInput!) { createUser(input: $i) { id } }"
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token } }"
CREATE_ASSET = "mutation($i: CreateAssetInput!) { createAsset(input: $i) { id } }"
CREATE_VERSION = """
mutation($a: ID!, $i: CreateVersionInput!) { createVersion(assetId: $a, input: $i) { id } }
"""
SUBMIT = "mutation($id: ID!) { submitVersion(id: $id) { status } }"
APPROVE = "mutation($id: ID!) { approveVersion(id: $id) { status } }"


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    payload = response.json()
    if payload.get("errors"):
        raise RuntimeError(payload["errors"])
    data: dict[str, Any] = payload["data"]
    return data


@dataclass(frozen=True)
class BenchTenant:
    admin_token: str
    reviewer_token: str


async def register_tenant(client: httpx.AsyncClient) -> BenchTenant:
    """A new tenant, its admin, and a reviewer to approve what the admin writes."""
    name = f"Bench {uuid.uuid4().hex[:8]}"
    registered = await gql(
        client,
        REGISTER,
        {"i": {"tenantName": name, "email": "bench@example.com", "password": PASSWORD}},
    )
    admin = registered["register"]["token"]
    slug = (await gql(client, "{ tenant { slug } }", token=admin))["tenant"]["slug"]
    reviewer = {"email": "reviewer@example.com", "password": PASSWORD}
    await gql(client, CREATE_USER, {"i": {**reviewer, "role": "REVIEWER"}}, admin)
    login = await gql(client, LOGIN, {"i": {**reviewer, "tenant": slug}})
    return BenchTenant(admin_token=admin, reviewer_token=login["login"]["token"])


async def create_asset(
    client: httpx.AsyncClient, tenant: BenchTenant, name: str, *, versions: int
) -> list[str]:
    """An asset with `versions` drafts; their ids, oldest first."""
    asset = await gql(
        client,
        CREATE_ASSET,
        {"i": {"name": name, "title": name.title(), "tags": ["bench"]}},
        tenant.admin_token,
    )
    return [
        (
            await gql(
                client,
                CREATE_VERSION,
                {"a": asset["createAsset"]["id"], "i": {"body": f"Prompt {name} v{number}"}},
                tenant.admin_token,
            )
        )["createVersion"]["id"]
        for number in range(1, versions + 1)
    ]


async def approve(client: httpx.AsyncClient, tenant: BenchTenant, version_id: str) -> None:
    """Submitted by the admin, approved by the reviewer: ready for production."""
    await gql(client, SUBMIT, {"id": version_id}, tenant.admin_token)
    await gql(client, APPROVE, {"id": version_id}, tenant.reviewer_token)
