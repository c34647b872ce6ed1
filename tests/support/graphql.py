"""A GraphQL client over the app's ASGI interface, and tenants registered through it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) { token user { id email } }
}
"""
CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email role } }
"""
LOGIN = """
mutation Login($input: LoginInput!) { login(input: $input) { token user { id } } }
"""
PASSWORD = "correct-horse-battery"


@dataclass
class Result:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]
    status: int

    @property
    def codes(self) -> list[str]:
        return [error.get("extensions", {}).get("code") for error in self.errors]

    @property
    def code(self) -> str | None:
        return self.codes[0] if self.codes else None

    def ok(self) -> dict[str, Any]:
        assert not self.errors, self.errors
        assert self.data is not None
        return self.data


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    @classmethod
    @asynccontextmanager
    async def for_app(cls, app: Any, *, address: str = "127.0.0.1") -> AsyncIterator[GraphQLClient]:
        """A client whose requests come from `address` (what login throttling counts)."""
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield cls(http)

    @classmethod
    @asynccontextmanager
    async def for_url(cls, url: str) -> AsyncIterator[GraphQLClient]:
        """A client of a real server."""
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield cls(http)

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Result:
        all_headers = {"authorization": f"Bearer {token}"} if token else {}
        all_headers.update(headers or {})
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
        )
        payload = response.json()
        return Result(
            data=payload.get("data"),
            errors=payload.get("errors") or [],
            status=response.status_code,
        )


@dataclass
class TenantHandle:
    """A tenant registered through the API, with its admin's token, and users added on demand."""

    api: GraphQLClient
    slug: str
    token: str
    admin_id: str
    users: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (id, token)

    @classmethod
    async def register(cls, api: GraphQLClient) -> TenantHandle:
        name = f"Tenant {uuid.uuid4().hex[:10]}"
        email = f"admin-{uuid.uuid4().hex[:6]}@example.com"
        result = await api(
            REGISTER, {"input": {"tenantName": name, "email": email, "password": PASSWORD}}
        )
        payload = result.ok()["register"]
        slug = name.lower().replace(" ", "-")
        return cls(api=api, slug=slug, token=payload["token"], admin_id=payload["user"]["id"])

    async def user(self, role: str) -> tuple[str, str]:
        """A user of this role (ADMIN, DEVELOPER, REVIEWER, VIEWER): its id and token."""
        if role == "ADMIN" and role not in self.users:
            self.users[role] = (self.admin_id, self.token)
        if role not in self.users:
            self.users[role] = await self.new_user(role)
        return self.users[role]

    async def new_user(self, role: str) -> tuple[str, str]:
        """Another user of this role, besides the one `user` keeps: its id and token."""
        email = f"{role.lower()}-{uuid.uuid4().hex[:6]}@example.com"
        created = await self.api(
            CREATE_USER,
            {"input": {"email": email, "password": PASSWORD, "role": role}},
            token=self.token,
        )
        user_id = created.ok()["createUser"]["id"]
        login = await self.api(
            LOGIN, {"input": {"tenant": self.slug, "email": email, "password": PASSWORD}}
        )
        return user_id, login.ok()["login"]["token"]

    async def token_for(self, role: str) -> str:
        return (await self.user(role))[1]

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "ADMIN"
    ) -> Result:
        return await self.api(query, variables, token=await self.token_for(role))
