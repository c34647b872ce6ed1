"""GraphQL object types of the registry: assets, versions (text and chat), activations, rollouts,
and what resolving, rendering and diffing answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, cast
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.access.types import AssetGrantType, load_grants
from app.core.errors import NotFound
from app.core.ids import encode_id
from app.core.relay import Connection, Node
from app.identity.types import UserType, load_user
from app.registry import models, service
from app.registry.models import AssetKind, MessageRole, PromptFormat, Rollout, VersionStatus

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(AssetKind, name="AssetKind")
strawberry.enum(VersionStatus, name="VersionStatus")
strawberry.enum(PromptFormat, name="PromptFormat")
strawberry.enum(MessageRole, name="MessageRole")


@strawberry.type(
    name="PromptMessage",
    description="A chat message template. A message with a placeholder stands for a list of "
    "messages that the caller supplies at render time under that variable name (a conversation "
    "history, for example).",
)
class PromptMessageType:
    role: MessageRole
    content: str
    placeholder: str | None

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Self:
        return cls(
            role=MessageRole(stored["role"]),
            content=stored["content"],
            placeholder=stored.get("placeholder"),
        )

    @classmethod
    def listed(cls, stored: list[dict[str, Any]] | None) -> list[Self] | None:
        return None if stored is None else [cls.from_json(message) for message in stored]


@strawberry.type(name="RenderedMessage")
class RenderedMessageType:
    role: MessageRole
    content: str


@strawberry.type(name="AssetVersion")
class AssetVersionType(Node):
    number: int
    semver: str | None
    format: PromptFormat
    body: str
    messages: list[PromptMessageType] | None
    variables: JSON
    model_config: JSON
    message: str
    content_hash: str
    status: VersionStatus
    breaking: bool
    created_at: datetime
    asset_id: strawberry.Private[UUID]
    author_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, version: models.AssetVersion) -> Self:
        return cls(
            id=encode_id("AssetVersion", version.id),
            number=version.number,
            semver=version.semver,
            format=version.format,
            body=version.body,
            messages=PromptMessageType.listed(version.messages),
            variables=cast(JSON, version.variables),
            model_config=cast(JSON, version.model_settings),
            message=version.message,
            content_hash=version.content_hash,
            status=version.status,
            breaking=version.breaking,
            created_at=version.created_at,
            asset_id=version.asset_id,
            author_id=version.author_id,
        )

    @strawberry.field
    async def asset(self, info: Info) -> AssetType:
        return await load_asset(info, self.asset_id)

    @strawberry.field
    async def author(self, info: Info) -> UserType:
        return await load_user(info, self.author_id)


async def load_asset(info: Info, asset_id: UUID) -> AssetType:
    asset = await info.context.registry.asset.load(asset_id)
    if asset is None:
        raise NotFound("Asset not found")
    return AssetType.from_model(asset)


async def load_version(info: Info, version_id: UUID) -> AssetVersionType:
    version = await info.context.registry.version.load(version_id)
    if version is None:
        raise NotFound("AssetVersion not found")
    return AssetVersionType.from_model(version)


@strawberry.type(name="Rollout")
class RolloutType:
    """A canary (models.Rollout): `version` serves `share` of requests."""

    share: float
    max_error_rate: float | None
    max_p95_latency_ms: int | None
    min_samples: int
    state: str
    reason: str | None = strawberry.field(
        description="Why the guard rolled the canary back (state rolled_back)."
    )
    version_id: strawberry.Private[UUID]

    @classmethod
    def from_json(cls, stored: dict[str, Any] | None) -> Self | None:
        rollout = Rollout.from_json(stored)
        if rollout is None:
            return None
        return cls(
            share=rollout.share,
            max_error_rate=rollout.max_error_rate,
            max_p95_latency_ms=rollout.max_p95_latency_ms,
            min_samples=rollout.min_samples,
            state=rollout.state,
            reason=rollout.reason,
            version_id=rollout.version_id,
        )

    @strawberry.field
    async def version(self, info: Info) -> AssetVersionType:
        return await load_version(info, self.version_id)


@strawberry.type
class ActiveVersion:
    environment: str
    version: AssetVersionType
    rollout: RolloutType | None


@strawberry.type(name="Asset")
class AssetType(Node):
    name: str
    kind: AssetKind
    title: str
    description: str
    category: str | None
    archived: bool
    restricted: bool
    enhancement: bool
    created_at: datetime
    updated_at: datetime
    model_id: strawberry.Private[UUID]
    owner_id: strawberry.Private[UUID]
    template_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, asset: models.Asset) -> Self:
        return cls(
            id=encode_id("Asset", asset.id),
            name=asset.name,
            kind=asset.kind,
            title=asset.title,
            description=asset.description,
            category=asset.category,
            archived=asset.archived,
            restricted=asset.restricted,
            enhancement=asset.enhancement,
            created_at=asset.created_at,
            updated_at=asset.updated_at,
            model_id=asset.id,
            owner_id=asset.owner_id,
            template_id=asset.template_id,
        )

    @strawberry.field
    async def tags(self, info: Info) -> list[str]:
        tags: list[str] = await info.context.registry.tags.load(self.model_id)
        return tags

    @strawberry.field
    async def grants(self, info: Info) -> list[AssetGrantType]:
        return await load_grants(info, self.model_id)

    @strawberry.field
    async def owner(self, info: Info) -> UserType:
        return await load_user(info, self.owner_id)

    @strawberry.field
    async def template(self, info: Info) -> AssetType | None:
        return await load_asset(info, self.template_id) if self.template_id else None

    @strawberry.field
    async def versions(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[AssetVersionType]:
        page = await service.list_versions(
            info.context.actor, asset_id=self.model_id, first=first, after=after
        )
        return Connection.from_page(page, AssetVersionType.from_model)

    @strawberry.field
    async def latest_version(self, info: Info) -> AssetVersionType | None:
        latest = await info.context.registry.latest_version.load(self.model_id)
        return AssetVersionType.from_model(latest) if latest else None

    @strawberry.field
    async def active_versions(self, info: Info) -> list[ActiveVersion]:
        current = await info.context.registry.current_activations.load(self.model_id)
        return [
            ActiveVersion(
                environment=row.environment,
                version=AssetVersionType.from_model(row.version),
                rollout=RolloutType.from_json(row.rollout),
            )
            for row in current
        ]


@strawberry.type(name="Activation")
class ActivationType(Node):
    environment: str
    rollout: RolloutType | None
    created_at: datetime
    asset_id: strawberry.Private[UUID]
    version_id: strawberry.Private[UUID]
    previous_version_id: strawberry.Private[UUID | None]
    actor_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, activation: models.Activation) -> Self:
        return cls(
            id=encode_id("Activation", activation.id),
            environment=activation.environment,
            rollout=RolloutType.from_json(activation.rollout),
            created_at=activation.created_at,
            asset_id=activation.asset_id,
            version_id=activation.version_id,
            previous_version_id=activation.previous_version_id,
            actor_id=activation.actor_id,
        )

    @strawberry.field
    async def asset(self, info: Info) -> AssetType:
        return await load_asset(info, self.asset_id)

    @strawberry.field
    async def version(self, info: Info) -> AssetVersionType:
        return await load_version(info, self.version_id)

    @strawberry.field
    async def previous_version(self, info: Info) -> AssetVersionType | None:
        if self.previous_version_id is None:
            return None
        return await load_version(info, self.previous_version_id)

    @strawberry.field
    async def actor(self, info: Info) -> UserType | None:
        return await load_user(info, self.actor_id) if self.actor_id else None


@strawberry.type(name="ResolvedPrompt")
class ResolvedPromptType:
    name: str
    environment: str
    version: AssetVersionType
    body: str
    format: PromptFormat
    messages: list[PromptMessageType] | None
    model_config: JSON

    @classmethod
    def from_resolved(cls, resolved: service.ResolvedPrompt) -> Self:
        return cls(
            name=resolved.asset.name,
            environment=resolved.environment,
            version=AssetVersionType.from_model(resolved.version),
            body=resolved.version.body,
            format=resolved.version.format,
            messages=PromptMessageType.listed(resolved.version.messages),
            model_config=cast(JSON, resolved.version.model_settings),
        )


@strawberry.type(name="VersionDiff")
class VersionDiffType:
    from_: AssetVersionType = strawberry.field(name="from")
    to: AssetVersionType
    unified: str

    @classmethod
    def from_diff(cls, diff: service.VersionDiff) -> Self:
        return cls(
            from_=AssetVersionType.from_model(diff.source),
            to=AssetVersionType.from_model(diff.target),
            unified=diff.unified,
        )


@strawberry.type(name="RenderedPrompt")
class RenderedPromptType:
    name: str
    environment: str
    version: AssetVersionType
    text: str = strawberry.field(
        description="The rendered body; for a chat prompt, its rendered messages as readable text."
    )
    messages: list[RenderedMessageType] | None

    @classmethod
    def from_rendered(cls, rendered: service.RenderedPrompt) -> Self:
        messages = None
        if rendered.messages is not None:
            messages = [
                RenderedMessageType(role=MessageRole(message["role"]), content=message["content"])
                for message in rendered.messages
            ]
        return cls(
            name=rendered.asset.name,
            environment=rendered.environment,
            version=AssetVersionType.from_model(rendered.version),
            text=rendered.text,
            messages=messages,
        )
