"""GraphQL object types of realtime: what the subscriptions deliver."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from app.identity.types import UserType
from app.providers.types import PromptRunType
from app.realtime.events import Event
from app.realtime.run_output import RunOutputChunk
from app.realtime.snapshots import ActivationSnapshot
from app.registry.types import AssetType, AssetVersionType


@strawberry.type(name="ActivationEvent")
class ActivationEventType:
    environment: str
    at: datetime
    snapshot: strawberry.Private[ActivationSnapshot]

    @classmethod
    def from_event(cls, event: Event, snapshot: ActivationSnapshot) -> Self:
        return cls(
            environment=event.data["environment"],
            at=datetime.fromisoformat(event.data["at"]),
            snapshot=snapshot,
        )

    @strawberry.field
    def asset(self) -> AssetType:
        return AssetType.from_model(self.snapshot.asset)

    @strawberry.field
    def version(self) -> AssetVersionType:
        return AssetVersionType.from_model(self.snapshot.version)

    @strawberry.field
    def previous_version(self) -> AssetVersionType | None:
        previous = self.snapshot.previous_version
        return AssetVersionType.from_model(previous) if previous else None

    @strawberry.field
    def actor(self) -> UserType | None:
        return UserType.from_model(self.snapshot.actor) if self.snapshot.actor else None


@strawberry.type(name="Notification")
class NotificationType:
    kind: str
    message: str
    target_id: str | None
    at: datetime

    @classmethod
    def from_event(cls, event: Event) -> Self:
        return cls(
            kind=event.kind,
            message=event.data["message"],
            target_id=event.data.get("targetId"),
            at=event.at,
        )


@strawberry.type(name="PromptRunChunk")
class PromptRunChunkType:
    run_id: strawberry.ID
    delta: str = strawberry.field(description="Text produced since the last chunk.")
    done: bool = strawberry.field(description="The run has ended: this is the last chunk.")
    run: PromptRunType | None = strawberry.field(description="The run as it ended, when done.")

    @classmethod
    def from_chunk(cls, run_id: strawberry.ID, chunk: RunOutputChunk) -> Self:
        return cls(
            run_id=run_id,
            delta=chunk.delta,
            done=chunk.done,
            run=PromptRunType.from_model(chunk.run) if chunk.run else None,
        )
