"""GraphQL of model providers: connections, prompt runs and model prices; the inputs and the
ProviderQuery and ProviderMutation that api/schema.py merges."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.core.relay import Connection
from app.providers import service
from app.providers.models import ConnectionScope, ProviderKind
from app.providers.types import (
    ModelPriceType,
    PromptRunType,
    ProviderCheckType,
    ProviderConnectionType,
)
from app.registry.models import PromptFormat
from app.registry.schema import PromptMessageInput
from app.registry.types import AssetVersionType

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


RUNS = "Admins and developers run; admins, developers and reviewers read the tenant's runs."


@strawberry.input
class DraftInput:
    format: PromptFormat = PromptFormat.TEXT
    body: str = ""
    messages: list[PromptMessageInput] | None = None
    variables: JSON | None = strawberry.field(default=None, description="Its variables schema.")
    model_config: JSON | None = None

    def to_service(self) -> service.DraftPrompt:
        return service.DraftPrompt(
            format=self.format,
            body=self.body,
            messages=[message.to_json() for message in self.messages] if self.messages else None,
            variables=self.variables,
            model_config=self.model_config,
        )


@strawberry.input
class RunPromptInput:
    version_id: strawberry.ID | None = None
    draft: DraftInput | None = None
    variables: JSON = strawberry.field(default_factory=lambda: cast(JSON, {}))
    connection_id: strawberry.ID | None = strawberry.field(
        default=None, description="Else the connection named by the modelConfig's provider."
    )
    model: str | None = strawberry.field(
        default=None, description="Else the modelConfig's model, else the connection's default."
    )
    model_config: JSON | None = strawberry.field(
        default=None, description="Settings over the version's modelConfig, key by key."
    )

    def to_service(self) -> service.RunRequest:
        return service.RunRequest(
            version_id=decode_id(self.version_id, "AssetVersion") if self.version_id else None,
            draft=self.draft.to_service() if self.draft else None,
            variables=self.variables,
            connection_id=(
                decode_id(self.connection_id, "ProviderConnection") if self.connection_id else None
            ),
            model=self.model,
            model_config=self.model_config,
        )


@strawberry.input
class EnhanceVersionInput:
    version_id: strawberry.ID
    enhancement_asset_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Else the tenant's default: the enhancement asset activated in production "
        "most recently.",
    )
    connection_id: strawberry.ID | None = strawberry.field(
        default=None, description="Else the connection named by its modelConfig's provider."
    )
    instructions: str | None = None

    def to_service(self) -> service.EnhanceRequest:
        return service.EnhanceRequest(
            version_id=decode_id(self.version_id, "AssetVersion"),
            enhancement_asset_id=(
                decode_id(self.enhancement_asset_id, "Asset") if self.enhancement_asset_id else None
            ),
            connection_id=(
                decode_id(self.connection_id, "ProviderConnection") if self.connection_id else None
            ),
            instructions=self.instructions,
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

    @strawberry.field(permission_classes=[IsAuthenticated], description=RUNS)
    async def prompt_run(self, info: Info, id: strawberry.ID) -> PromptRunType | None:
        run = await service.get_run(info.context.actor, decode_id(id, "PromptRun"))
        return PromptRunType.from_model(run)

    @strawberry.field(permission_classes=[IsAuthenticated], description="Newest first. " + RUNS)
    async def prompt_runs(
        self,
        info: Info,
        version_id: strawberry.ID | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[PromptRunType]:
        page = await service.list_runs(
            info.context.actor,
            version_id=decode_id(version_id, "AssetVersion") if version_id else None,
            first=first,
            after=after,
        )
        return Connection.from_page(page, PromptRunType.from_model)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="What each model costs the tenant. Admins, developers and reviewers.",
    )
    async def model_prices(self, info: Info) -> list[ModelPriceType]:
        found = await service.list_prices(info.context.actor)
        return [ModelPriceType.from_model(price) for price in found]


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

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Renders a version or a draft and calls the model; answers the run at once, "
        "RUNNING: its answer streams through promptRunOutput. Admins and developers, within "
        "the tenant's limit on runs going at once (RATE_LIMITED beyond).",
    )
    async def run_prompt(self, info: Info, input: RunPromptInput) -> PromptRunType:
        run = await service.start_run(
            info.context.actor, input.to_service(), settings=info.context.settings
        )
        return PromptRunType.from_model(run)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Runs an enhancement prompt over the version, waits for the model's rewrite "
        "and saves it as a new DRAFT version of the same asset, its message saying how it was "
        "made. Admins and developers.",
    )
    async def enhance_version(self, info: Info, input: EnhanceVersionInput) -> AssetVersionType:
        version = await service.enhance_version(
            info.context.actor, input.to_service(), settings=info.context.settings
        )
        return AssetVersionType.from_model(version)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Stops a run: it ends FAILED, 'cancelled', within a moment. A run that has "
        "ended is answered as it is. Admins and developers.",
    )
    async def cancel_prompt_run(self, info: Info, id: strawberry.ID) -> PromptRunType:
        run = await service.cancel_run(info.context.actor, decode_id(id, "PromptRun"))
        return PromptRunType.from_model(run)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Sets what a model costs per million tokens, adding it if new. Admins.",
    )
    async def set_model_price(
        self, info: Info, model: str, input_per_million: float, output_per_million: float
    ) -> ModelPriceType:
        price = await service.set_price(
            info.context.actor,
            model=model,
            input_per_million=input_per_million,
            output_per_million=output_per_million,
        )
        return ModelPriceType.from_model(price)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins.")
    async def delete_model_price(self, info: Info, model: str) -> bool:
        await service.delete_price(info.context.actor, model=model)
        return True
