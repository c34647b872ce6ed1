"""GraphQL subscriptions: live activations and notifications of the subscriber's tenant, and a
prompt run's answer as it streams."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from app.core.events import VersionActivated, names_where
from app.core.field_permissions import CanReadRuntime, IsAuthenticated
from app.core.ids import decode_id
from app.realtime.events import Event
from app.realtime.run_output import follow_run_output
from app.realtime.subscriptions import SubscriberContext, tenant_events
from app.realtime.types import ActivationEventType, NotificationType, PromptRunChunkType


def _matches(event: Event, asset_name: str | None, environment: str | None) -> bool:
    return (asset_name is None or event.data["assetName"] == asset_name) and (
        environment is None or event.data["environment"] == environment
    )


@strawberry.type
class RealtimeSubscription:
    @strawberry.subscription(
        permission_classes=[CanReadRuntime],
        description="Activations and rollbacks in the tenant, optionally of one asset or "
        "environment. Users, and API keys with runtime:read.",
    )
    async def activations(
        self,
        info: Info[SubscriberContext, None],
        asset_name: str | None = None,
        environment: str | None = None,
    ) -> AsyncGenerator[ActivationEventType, None]:
        async for event in tenant_events(info, {VersionActivated.name}):
            if _matches(event, asset_name, environment):
                snapshots = info.context.realtime.activation_snapshots
                snapshot = await snapshots.load(info.context.actor, event)
                yield ActivationEventType.from_event(event, snapshot)

    @strawberry.subscription(
        permission_classes=[IsAuthenticated],
        description="Reviews requested, versions approved or rejected, change requests decided, "
        "rollouts rolled back in the tenant.",
    )
    async def notifications(
        self, info: Info[SubscriberContext, None]
    ) -> AsyncGenerator[NotificationType, None]:
        async for event in tenant_events(info, names_where("notifies")):
            yield NotificationType.from_event(event)

    @strawberry.subscription(
        permission_classes=[IsAuthenticated],
        description="What the run has produced so far, then each new piece, then a last chunk "
        "with done: true. Admins, developers and reviewers.",
    )
    async def prompt_run_output(
        self, info: Info[SubscriberContext, None], run_id: strawberry.ID
    ) -> AsyncGenerator[PromptRunChunkType, None]:
        context = info.context
        realtime = context.realtime
        with realtime.open_subscriptions.holding(context.actor):
            chunks = follow_run_output(realtime.bus, context.actor, decode_id(run_id, "PromptRun"))
            async for chunk in chunks:
                context.clear_loaders()
                yield PromptRunChunkType.from_chunk(run_id, chunk)
