"""GraphQL inputs, queries and mutations of the registry: thin calls into its service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.access import service as access
from app.access.models import AssetAction, GrantEffect
from app.access.types import AssetGrantType
from app.core.field_permissions import CanReadRuntime, IsAuthenticated
from app.core.ids import decode_id
from app.core.relay import Connection
from app.registry import service
from app.registry.models import AssetKind, MessageRole, PromptFormat
from app.registry.types import (
    ActivationType,
    AssetType,
    AssetVersionType,
    RenderedPromptType,
    ResolvedPromptType,
    VersionDiffType,
)

# The contract's default for renderPrompt's variables; rendering never changes the values it gets.
NO_VARIABLES = cast(JSON, {})


@strawberry.input
class AssetFilter:
    query: str | None = None
    kind: AssetKind | None = None
    tag: str | None = None
    owner: strawberry.ID | None = None
    category: str | None = None
    archived: bool | None = None

    def to_query(self) -> service.AssetQuery:
        return service.AssetQuery(
            text=self.query,
            kind=self.kind,
            tag=self.tag,
            category=self.category,
            owner_id=decode_id(self.owner, "User") if self.owner else None,
            archived=bool(self.archived),
        )


@strawberry.input
class CreateAssetInput:
    name: str
    title: str
    kind: AssetKind = AssetKind.PROMPT
    description: str = ""
    category: str | None = None
    tags: list[str] = strawberry.field(default_factory=list)
    enhancement: bool | None = False


@strawberry.input
class UpdateAssetInput:
    title: str | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    enhancement: bool | None = None


@strawberry.input
class PromptMessageInput:
    role: MessageRole
    content: str = ""
    placeholder: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "content": self.content, "placeholder": self.placeholder}


@strawberry.input
class CreateVersionInput:
    body: str
    variables: JSON | None = None
    model_config: JSON | None = None
    message: str = ""
    semver: str | None = None
    format: PromptFormat | None = PromptFormat.TEXT
    messages: list[PromptMessageInput] | None = None


@strawberry.input
class RolloutInput:
    share: float
    max_error_rate: float | None = None
    max_p95_latency_ms: int | None = None
    min_samples: int = 100

    def to_request(self) -> service.RolloutRequest:
        return service.RolloutRequest(
            share=self.share,
            max_error_rate=self.max_error_rate,
            max_p95_latency_ms=self.max_p95_latency_ms,
            min_samples=self.min_samples,
        )


@strawberry.input
class CloneAssetInput:
    name: str
    title: str | None = None
    body: str | None = None
    variables: JSON | None = None
    model_config: JSON | None = None


@strawberry.type
class RegistryQuery:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def assets(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        filter: AssetFilter | None = None,
    ) -> Connection[AssetType]:
        query = filter.to_query() if filter else service.AssetQuery()
        page = await service.list_assets(info.context.actor, query, first=first, after=after)
        return Connection.from_page(page, AssetType.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def asset(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> AssetType | None:
        found = await service.get_asset(
            info.context.actor, id=decode_id(id, "Asset") if id else None, name=name
        )
        return AssetType.from_model(found)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def version(self, info: Info, id: strawberry.ID) -> AssetVersionType | None:
        found = await service.get_version(info.context.actor, decode_id(id, "AssetVersion"))
        return AssetVersionType.from_model(found)

    @strawberry.field(permission_classes=[CanReadRuntime])
    async def resolve_prompt(
        self, info: Info, name: str, environment: str = "production", key: str | None = None
    ) -> ResolvedPromptType:
        resolved = await service.resolve_prompt(
            info.context.actor, name=name, environment=environment, key=key
        )
        return ResolvedPromptType.from_resolved(resolved)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def diff_versions(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> VersionDiffType:
        diff = await service.diff_versions(
            info.context.actor,
            from_id=decode_id(from_id, "AssetVersion"),
            to_id=decode_id(to_id, "AssetVersion"),
        )
        return VersionDiffType.from_diff(diff)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def activation_history(
        self,
        info: Info,
        asset_id: strawberry.ID,
        environment: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[ActivationType]:
        page = await service.activation_history(
            info.context.actor,
            asset_id=decode_id(asset_id, "Asset"),
            environment=environment,
            first=first,
            after=after,
        )
        return Connection.from_page(page, ActivationType.from_model)

    @strawberry.field(permission_classes=[CanReadRuntime])
    async def render_prompt(
        self,
        info: Info,
        name: str,
        environment: str = "production",
        variables: JSON = NO_VARIABLES,
        key: str | None = None,
    ) -> RenderedPromptType:
        rendered = await service.render_prompt(
            info.context.actor,
            name=name,
            environment=environment,
            variables=cast(Any, variables),
            key=key,
        )
        return RenderedPromptType.from_rendered(rendered)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def dependents(self, info: Info, asset_id: strawberry.ID) -> list[AssetType]:
        found = await service.dependents(info.context.actor, asset_id=decode_id(asset_id, "Asset"))
        return [AssetType.from_model(asset) for asset in found]


@strawberry.type
class RegistryMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_asset(self, info: Info, input: CreateAssetInput) -> AssetType:
        asset = await service.create_asset(
            info.context.actor,
            name=input.name,
            kind=input.kind,
            title=input.title,
            description=input.description,
            category=input.category,
            tags=input.tags,
            enhancement=bool(input.enhancement),
        )
        return AssetType.from_model(asset)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_asset(
        self, info: Info, id: strawberry.ID, input: UpdateAssetInput
    ) -> AssetType:
        asset = await service.update_asset(
            info.context.actor,
            id=decode_id(id, "Asset"),
            title=input.title,
            description=input.description,
            category=input.category,
            tags=input.tags,
            enhancement=input.enhancement,
        )
        return AssetType.from_model(asset)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def archive_asset(self, info: Info, id: strawberry.ID) -> AssetType:
        asset = await service.archive_asset(info.context.actor, id=decode_id(id, "Asset"))
        return AssetType.from_model(asset)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_version(
        self, info: Info, asset_id: strawberry.ID, input: CreateVersionInput
    ) -> AssetVersionType:
        version = await service.create_version(
            info.context.actor,
            asset_id=decode_id(asset_id, "Asset"),
            body=input.body,
            variables=input.variables,
            model_settings=input.model_config,
            message=input.message,
            semver=input.semver,
            format=input.format or PromptFormat.TEXT,
            messages=None if input.messages is None else [m.to_json() for m in input.messages],
        )
        return AssetVersionType.from_model(version)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Activate the version; with a rollout, as a canary that serves that share of "
        "requests beside the current version, rolled back on its own when a limit trips.",
    )
    async def activate_version(
        self,
        info: Info,
        version_id: strawberry.ID,
        environment: str = "production",
        rollout: RolloutInput | None = None,
    ) -> ActivationType:
        actor = info.context.actor
        id = decode_id(version_id, "AssetVersion")
        if rollout is None:
            activation = await service.activate_version(
                actor, version_id=id, environment=environment
            )
        else:
            activation = await service.start_rollout(
                actor,
                version_id=id,
                environment=environment,
                request=rollout.to_request(),
                guard_every=timedelta(seconds=info.context.settings.rollout_guard_seconds),
            )
        return ActivationType.from_model(activation)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def promote_rollout(
        self, info: Info, asset_id: strawberry.ID, environment: str = "production"
    ) -> ActivationType:
        activation = await service.promote_rollout(
            info.context.actor, asset_id=decode_id(asset_id, "Asset"), environment=environment
        )
        return ActivationType.from_model(activation)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def rollback(
        self, info: Info, asset_id: strawberry.ID, environment: str = "production"
    ) -> ActivationType:
        activation = await service.rollback(
            info.context.actor, asset_id=decode_id(asset_id, "Asset"), environment=environment
        )
        return ActivationType.from_model(activation)

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


@strawberry.type
class AssetAccessMutation:
    """Asset grants (access/, the floor below) and restriction: here, because the first two read
    or change the asset; the Mutation type lists them after the tenant policy's mutation."""

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def restrict_asset(self, info: Info, id: strawberry.ID, restricted: bool) -> AssetType:
        asset = await service.restrict_asset(
            info.context.actor, asset_id=decode_id(id, "Asset"), restricted=restricted
        )
        return AssetType.from_model(asset)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def grant_asset_access(
        self,
        info: Info,
        asset_id: strawberry.ID,
        user_id: strawberry.ID,
        actions: list[AssetAction],
        effect: GrantEffect = GrantEffect.ALLOW,
    ) -> AssetGrantType:
        grant = await access.grant_asset_access(
            info.context.actor,
            lock_asset=service.lock_asset,
            asset_id=decode_id(asset_id, "Asset"),
            user_id=decode_id(user_id, "User"),
            actions=actions,
            effect=effect,
        )
        return AssetGrantType.from_model(grant)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def revoke_asset_grant(self, info: Info, id: strawberry.ID) -> bool:
        await access.revoke_asset_grant(info.context.actor, grant_id=decode_id(id, "AssetGrant"))
        return True
