"""GraphQL types and operations of API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry.types import Info

from app.core.actor import ApiKeyScope
from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id, encode_id
from app.core.relay import Node
from app.identity import api_keys, models

strawberry.enum(ApiKeyScope, name="ApiKeyScope")


@strawberry.type(name="ApiKey")
class ApiKeyType(Node):
    name: str
    prefix: str
    scopes: list[ApiKeyScope]
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, api_key: models.ApiKey) -> Self:
        return cls(
            id=encode_id("ApiKey", api_key.id),
            name=api_key.name,
            prefix=api_key.prefix,
            scopes=[ApiKeyScope(scope) for scope in api_key.scopes],
            last_used_at=api_key.last_used_at,
            revoked_at=api_key.revoked_at,
            created_at=api_key.created_at,
        )


@strawberry.type
class CreatedApiKey:
    api_key: ApiKeyType
    secret: str = strawberry.field(description="Shown once; only a hash is stored.")


@strawberry.type
class ApiKeyQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Admins only.")
    async def api_keys(self, info: Info) -> list[ApiKeyType]:
        return [
            ApiKeyType.from_model(key) for key in await api_keys.list_api_keys(info.context.actor)
        ]


@strawberry.type
class ApiKeyMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def create_api_key(
        self, info: Info, name: str, scopes: list[ApiKeyScope]
    ) -> CreatedApiKey:
        created = await api_keys.create_api_key(info.context.actor, name=name, scopes=scopes)
        return CreatedApiKey(api_key=ApiKeyType.from_model(created.api_key), secret=created.secret)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyType:
        revoked = await api_keys.revoke_api_key(info.context.actor, id=decode_id(id, "ApiKey"))
        return ApiKeyType.from_model(revoked)
