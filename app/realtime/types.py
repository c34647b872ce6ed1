"""GraphQL subscriptions: live activations and notifications of the subscriber's tenant."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Self

import strawberry
from strawberry.types import Info

from app.core.events import VersionActivated, names_where
from app.core.field_permissions import CanReadRuntime, IsAuthenticated
from app.identity.types import UserType
from app.realtime.events import Event
from app.realtime.snapshots import ActivationSnapshot, ActivationSnapshots
from app.realtime.subscriptions import tenant_events
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


def _matches(event: Event, asset_name: str | None, environment: str | None) -> bool:
    return (asset_name is None or event.data["assetName"] == asset_name) and (
        environment is None or event.data["environment"] == environment
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        permission_classes=[CanReadRuntime],
        description="Activations and rollbacks in the tenant, optionally of one asset or "
        "environment. Users, and API keys with runtime:read.",
    )
    async def activations(
        self, info: Info, asset_name: str | None = None, environment: str | None = None
    ) -> AsyncGenerator[ActivationEventType, None]:
        snapshots: ActivationSnapshots = info.context.request.app.state.activation_snapshots
        async for event in tenant_events(info, {VersionActivated.name}):
            if _matches(event, asset_name, environment):
                snapshot = await snapshots.load(info.context.actor, event)
                yield ActivationEventType.from_event(event, snapshot)

    @strawberry.subscription(
        permission_classes=[IsAuthenticated],
        description="Reviews requested, versions approved or rejected, change requests decided, "
        "rollouts rolled back in the tenant.",
    )
    async def notifications(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        async for event in tenant_events(info, names_where("notifies")):
            yield NotificationType.from_event(event)
