"""GraphQL of webhooks and their deliveries: CreateWebhookInput and the WebhookQuery and
WebhookMutation that api/schema.py merges (admins only)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.webhooks import service
from app.webhooks.types import CreatedWebhookType, WebhookDeliveryType, WebhookType


@strawberry.input
class CreateWebhookInput:
    url: str
    events: list[str]


@strawberry.type
class WebhookQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Admins only.")
    async def webhooks(self, info: Info) -> list[WebhookType]:
        found = await service.list_webhooks(info.context.actor)
        return [WebhookType.from_model(webhook) for webhook in found]

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="Newest first. Admins only."
    )
    async def webhook_deliveries(
        self, info: Info, webhook_id: strawberry.ID, first: int | None = 20
    ) -> list[WebhookDeliveryType]:
        deliveries = await service.list_deliveries(
            info.context.actor, webhook_id=decode_id(webhook_id, "Webhook"), first=first
        )
        return [WebhookDeliveryType.from_model(delivery) for delivery in deliveries]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def create_webhook(self, info: Info, input: CreateWebhookInput) -> CreatedWebhookType:
        created = await service.create_webhook(
            info.context.actor,
            url=input.url,
            events=input.events,
            allow_private=info.context.settings.webhook_allow_private,
        )
        webhook = WebhookType.from_model(created.webhook)
        return CreatedWebhookType(webhook=webhook, secret=created.secret)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> bool:
        await service.delete_webhook(info.context.actor, id=decode_id(id, "Webhook"))
        return True

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def redeliver_webhook(
        self, info: Info, delivery_id: strawberry.ID
    ) -> WebhookDeliveryType:
        delivery = await service.redeliver(
            info.context.actor, delivery_id=decode_id(delivery_id, "WebhookDelivery")
        )
        return WebhookDeliveryType.from_model(delivery)
