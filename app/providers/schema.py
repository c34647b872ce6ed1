"""GraphQL of model provider connections: ProviderConnectionInput and the ProviderQuery and
ProviderMutation that api/schema.py merges."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.providers import service
from app.providers.models import ConnectionScope, ProviderKind
from app.providers.types import ProviderCheckType, ProviderConnectionType

ROLES = "Admins keep the tenant's connections; admins and developers use them and keep their own."


@strawberry.input
class ProviderConnectionInput:
    name: str
    kind: ProviderKind = ProviderKind.OPENAI_COMPATIBLE
    base_url: str
    api_key: str | None = strawberry.field(
        default=None,
        description="Kept encrypted, never returned. Updating: omitted keeps the key, '' drops it.",
    )
    default_model: str | None = None
    scope: ConnectionScope = ConnectionScope.TENANT
    local: bool | None = False

    def to_service(self) -> service.ConnectionInput:
        return service.ConnectionInput(
            name=self.name,
            kind=self.kind,
            base_url=self.base_url,
            api_key=self.api_key,
            default_model=self.default_model,
            scope=self.scope,
            local=bool(self.local),
        )


@strawberry.type
class ProviderQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The tenant's connections and your own. " + ROLES,
    )
    async def provider_connections(self, info: Info) -> list[ProviderConnectionType]:
        found = await service.list_connections(info.context.actor)
        return [ProviderConnectionType.from_model(connection) for connection in found]


@strawberry.type
class ProviderMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description=ROLES)
    async def create_provider_connection(
        self, info: Info, input: ProviderConnectionInput
    ) -> ProviderConnectionType:
        connection = await service.create_connection(
            info.context.actor, input.to_service(), settings=info.context.settings
        )
        return ProviderConnectionType.from_model(connection)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description=ROLES)
    async def update_provider_connection(
        self, info: Info, id: strawberry.ID, input: ProviderConnectionInput
    ) -> ProviderConnectionType:
        connection = await service.update_connection(
            info.context.actor,
            decode_id(id, "ProviderConnection"),
            input.to_service(),
            settings=info.context.settings,
        )
        return ProviderConnectionType.from_model(connection)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description=ROLES)
    async def delete_provider_connection(self, info: Info, id: strawberry.ID) -> bool:
        await service.delete_connection(info.context.actor, decode_id(id, "ProviderConnection"))
        return True

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Lists the models the server offers; a failure is the answer's error.",
    )
    async def test_provider_connection(self, info: Info, id: strawberry.ID) -> ProviderCheckType:
        check = await service.check_connection(
            info.context.actor, decode_id(id, "ProviderConnection"), settings=info.context.settings
        )
        return ProviderCheckType.from_check(check)
