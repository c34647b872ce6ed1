"""GraphQL of typed prompts: rendering, the dependents graph and cloning from a template."""

from __future__ import annotations

from typing import Any, Self, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.field_permissions import CanReadRuntime, IsAuthenticated
from app.core.ids import decode_id
from app.registry import service
from app.registry.types import AssetType, AssetVersionType

# The contract's default for renderPrompt's variables; rendering never changes the values it gets.
NO_VARIABLES = cast(JSON, {})


@strawberry.type
class RenderedPrompt:
    name: str
    environment: str
    version: AssetVersionType
    text: str

    @classmethod
    def from_rendered(cls, rendered: service.RenderedPrompt) -> Self:
        return cls(
            name=rendered.asset.name,
            environment=rendered.environment,
            version=AssetVersionType.from_model(rendered.version),
            text=rendered.text,
        )


@strawberry.input
class CloneAssetInput:
    name: str
    title: str | None = None
    body: str | None = None
    variables: JSON | None = None
    model_config: JSON | None = None


@strawberry.type
class TypedPromptQuery:
    @strawberry.field(permission_classes=[CanReadRuntime])
    async def render_prompt(
        self,
        info: Info,
        name: str,
        environment: str = "production",
        variables: JSON = NO_VARIABLES,
        key: str | None = None,
    ) -> RenderedPrompt:
        rendered = await service.render_prompt(
            info.context.actor,
            name=name,
            environment=environment,
            variables=cast(Any, variables),
            key=key,
        )
        return RenderedPrompt.from_rendered(rendered)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def dependents(self, info: Info, asset_id: strawberry.ID) -> list[AssetType]:
        found = await service.dependents(info.context.actor, asset_id=decode_id(asset_id, "Asset"))
        return [AssetType.from_model(asset) for asset in found]


@strawberry.type
class TypedPromptMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def clone_asset(
        self, info: Info, template_id: strawberry.ID, input: CloneAssetInput
    ) -> AssetType:
        asset = await service.clone_asset(
            info.context.actor,
            template_id=decode_id(template_id, "Asset"),
            name=input.name,
            title=input.title,
            body=input.body,
            variables=input.variables,
            model_settings=input.model_config,
        )
        return AssetType.from_model(asset)
