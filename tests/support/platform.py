"""The platform console in tests: a superadmin made the one way there is (`promptvault
create-admin --superadmin`), and the operations of the console."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.support.cli import run_cli
from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle

TENANTS = """
query Tenants($first: Int, $after: String, $query: String) {
  tenants(first: $first, after: $after, query: $query) {
    edges { cursor node { id name slug maxUsers userCount createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
PLATFORM_USERS = """
query PlatformUsers($first: Int, $after: String, $query: String, $tenantId: ID) {
  platformUsers(first: $first, after: $after, query: $query, tenantId: $tenantId) {
    edges { cursor node { id email name role isActive lastLoginAt ssoSubject tenant { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
PLATFORM_STATS = """
query PlatformStats {
  platformStats { tenants users activeUsers30d assets versions executions24h }
}
"""
CREATE_TENANT = """
mutation CreateTenant($input: CreateTenantInput!) {
  createTenant(input: $input) { id name slug maxUsers userCount createdAt }
}
"""
SET_MAX_USERS = """
mutation SetMaxUsers($tenantId: ID!, $maxUsers: Int!) {
  setTenantMaxUsers(tenantId: $tenantId, maxUsers: $maxUsers) { id slug maxUsers }
}
"""
DEACTIVATE_USER = """
mutation DeactivateUser($userId: ID!) { deactivateUser(userId: $userId) { id email isActive } }
"""


@dataclass(frozen=True)
class Superadmin:
    """A platform superadmin, admin of their own tenant."""

    tenant: TenantHandle
    email: str
    token: str

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await self.tenant.api(query, variables, token=self.token)


async def superadmin_token(
    api: GraphQLClient, tenant: TenantHandle, email: str, *, env: dict[str, str] | None = None
) -> str:
    """A superadmin made in `tenant` and signed in; `env` points the CLI at another server's
    database."""
    created = run_cli(
        "create-admin",
        *("--tenant", tenant.slug, "--email", email, "--password", PASSWORD, "--superadmin"),
        env=env,
    )
    assert created.returncode == 0, created.stderr
    credentials = {"tenant": tenant.slug, "email": email, "password": PASSWORD}
    login = await api(LOGIN, {"input": credentials})
    token: str = login.ok()["login"]["token"]
    return token


async def make_superadmin(api: GraphQLClient) -> Superadmin:
    """A superadmin in a tenant of their own."""
    tenant = await TenantHandle.register(api)
    email = f"super-{uuid.uuid4().hex[:8]}@example.com"
    return Superadmin(tenant=tenant, email=email, token=await superadmin_token(api, tenant, email))


def nodes(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data[field]["edges"]]
