"""GraphQL object types of provider connections and their checks."""

from __future__ import annotations

from datetime import datetime
from typing import Self, cast
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.errors import Forbidden, NotFound
from app.core.ids import encode_id
from app.core.relay import Node
from app.identity.types import UserType, load_user
from app.providers import models, service
from app.registry.models import MessageRole
from app.registry.types import AssetVersionType, RenderedMessageType, load_version

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(models.ProviderKind, name="ProviderKind")
strawberry.enum(models.ConnectionScope, name="ConnectionScope")
strawberry.enum(models.RunStatus, name="RunStatus")


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


@strawberry.type(name="PromptRun")
class PromptRunType(Node):
    model: str
    status: models.RunStatus
    variables: JSON
    output: str | None = strawberry.field(description="What the model answered, so far.")
    error: str | None = strawberry.field(description="Why the run failed, for people.")
    latency_ms: float | None = strawberry.field(description="How long the call took.")
    input_tokens: int
    output_tokens: int
    cost: float = strawberry.field(description="Tokens times the model's prices; 0 without one.")
    created_at: datetime
    first_piece_ms: float | None = strawberry.field(
        description="How long the model took to send its first piece."
    )
    finished_at: datetime | None
    cancel_requested: bool
    messages: list[RenderedMessageType] = strawberry.field(
        description="What was sent: the prompt rendered (a text prompt is one user message)."
    )
    model_config: JSON = strawberry.field(description="The model configuration sent with it.")
    version_id: strawberry.Private[UUID | None]
    connection_id: strawberry.Private[UUID | None]
    actor_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, run: models.PromptRun) -> Self:
        return cls(
            id=encode_id("PromptRun", run.id),
            model=run.model,
            status=run.status,
            variables=cast(JSON, run.variables),
            output=run.output,
            error=run.error,
            latency_ms=run.latency_ms,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
            cost=run.cost,
            created_at=run.created_at,
            first_piece_ms=run.first_piece_ms,
            finished_at=run.finished_at,
            cancel_requested=run.cancel_requested,
            messages=[
                RenderedMessageType(role=MessageRole(message["role"]), content=message["content"])
                for message in run.messages
            ],
            model_config=cast(JSON, run.model_settings),
            version_id=run.version_id,
            connection_id=run.connection_id,
            actor_id=run.actor_id,
        )

    @strawberry.field(description="The version run; none for a draft.")
    async def version(self, info: Info) -> AssetVersionType | None:
        return await load_version(info, self.version_id) if self.version_id else None

    @strawberry.field(
        description="The connection it went through; none once deleted, or if not yours to see."
    )
    async def connection(self, info: Info) -> ProviderConnectionType | None:
        if self.connection_id is None:
            return None
        try:
            return await load_connection(info, self.connection_id)
        except (NotFound, Forbidden):
            return None

    @strawberry.field(description="Who ran it.")
    async def actor(self, info: Info) -> UserType | None:
        return await load_user(info, self.actor_id) if self.actor_id else None


@strawberry.type(name="ModelPrice")
class ModelPriceType:
    model: str
    input_per_million: float = strawberry.field(description="Per million input tokens.")
    output_per_million: float = strawberry.field(description="Per million output tokens.")

    @classmethod
    def from_model(cls, price: models.ModelPrice) -> Self:
        return cls(
            model=price.model,
            input_per_million=price.input_per_million,
            output_per_million=price.output_per_million,
        )


async def load_run(info: Info, id: UUID) -> PromptRunType:
    return PromptRunType.from_model(await service.get_run(info.context.actor, id))
