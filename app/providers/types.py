"""GraphQL object types of provider connections and their checks."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.ids import encode_id
from app.core.relay import Node
from app.identity.types import UserType, load_user
from app.providers import models, service

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(models.ProviderKind, name="ProviderKind")
strawberry.enum(models.ConnectionScope, name="ConnectionScope")


@strawberry.type(name="ProviderConnection")
class ProviderConnectionType(Node):
    name: str
    kind: models.ProviderKind
    base_url: str
    default_model: str | None
    scope: models.ConnectionScope
    key_hint: str | None = strawberry.field(
        description="The key's last four characters; the key itself is never returned."
    )
    local: bool = strawberry.field(
        description=(
            "Allowed to reach a private or loopback address (Ollama or LM Studio on the same "
            "host); only admins set it."
        )
    )
    created_at: datetime
    owner_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, connection: models.ProviderConnection) -> Self:
        return cls(
            id=encode_id("ProviderConnection", connection.id),
            name=connection.name,
            kind=connection.kind,
            base_url=connection.base_url,
            default_model=connection.default_model,
            scope=connection.scope,
            key_hint=connection.key_hint,
            local=connection.local,
            created_at=connection.created_at,
            owner_id=connection.owner_id,
        )

    @strawberry.field(description="The user whose own connection it is; none for the tenant's.")
    async def owner(self, info: Info) -> UserType | None:
        return await load_user(info, self.owner_id) if self.owner_id else None


@strawberry.type(name="ProviderCheck")
class ProviderCheckType:
    ok: bool
    models: list[str] = strawberry.field(description="The models the server offers, sorted.")
    error: str | None = strawberry.field(description="Why the check failed, for people.")
    latency_ms: float | None = strawberry.field(description="How long the listing took.")

    @classmethod
    def from_check(cls, check: service.ProviderCheck) -> Self:
        return cls(ok=check.ok, models=check.models, error=check.error, latency_ms=check.latency_ms)


async def load_connection(info: Info, id: UUID) -> ProviderConnectionType:
    connection = await service.get_connection(info.context.actor, id)
    return ProviderConnectionType.from_model(connection)
