"""GraphQL object types of webhooks and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.errors import NotFound
from app.core.ids import encode_id
from app.core.relay import Node
from app.jobs.models import Job, JobStatus
from app.webhooks import models


@strawberry.type(name="Webhook")
class WebhookType(Node):
    url: str
    events: list[str]
    active: bool
    created_at: datetime

    @classmethod
    def from_model(cls, webhook: models.Webhook) -> Self:
        return cls(
            id=encode_id("Webhook", webhook.id),
            url=webhook.url,
            events=webhook.events,
            active=webhook.active,
            created_at=webhook.created_at,
        )


@strawberry.type(name="CreatedWebhook")
class CreatedWebhookType:
    webhook: WebhookType
    secret: str = strawberry.field(
        description="Shown once: receivers check X-Promptvault-Signature with it."
    )


@strawberry.type(name="WebhookDelivery")
class WebhookDeliveryType(Node):
    event: str
    response_code: int | None
    created_at: datetime
    delivered_at: datetime | None
    webhook_id: strawberry.Private[UUID]
    job_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, delivery: models.WebhookDelivery) -> Self:
        return cls(
            id=encode_id("WebhookDelivery", delivery.id),
            event=delivery.event,
            response_code=delivery.response_code,
            created_at=delivery.created_at,
            delivered_at=delivery.delivered_at,
            webhook_id=delivery.webhook_id,
            job_id=delivery.job_id,
        )

    @strawberry.field
    async def webhook(self, info: Info) -> WebhookType:
        webhook = await info.context.webhooks.webhook.load(self.webhook_id)
        if webhook is None:
            raise NotFound("Webhook not found")
        return WebhookType.from_model(webhook)

    @strawberry.field(description="The status of the delivery's job.")
    async def status(self, info: Info) -> JobStatus:
        return (await self._job(info)).status

    @strawberry.field(description="How many times it was sent, retries included.")
    async def attempts(self, info: Info) -> int:
        return (await self._job(info)).attempts

    async def _job(self, info: Info) -> Job:
        job: Job | None = await info.context.webhooks.job.load(self.job_id)
        if job is None:
            raise NotFound("the delivery's job is gone")
        return job
