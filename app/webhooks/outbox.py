"""Webhook deliveries enqueued in the transaction of the change they announce."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from app.jobs.queue import enqueue
from app.webhooks.models import Webhook, WebhookDelivery

DELIVER_JOB = "webhook.deliver"
WEBHOOK_EVENTS = (
    "asset.created",
    "version.approved",
    "version.rejected",
    "version.activated",
    "change_request.decided",
    "rollout.rolled_back",
)


def delivery_body(*, event: str, tenant_slug: str, data: dict[str, Any], at: datetime) -> str:
    return json.dumps(
        {"event": event, "tenant": tenant_slug, "data": data, "at": at.isoformat()},
        separators=(",", ":"),
    )


async def enqueue_delivery(webhook: Webhook, *, event: str, body: str) -> WebhookDelivery:
    job = await enqueue(tenant_id=webhook.tenant_id, kind=DELIVER_JOB, payload={})
    delivery = await WebhookDelivery.create(
        tenant_id=webhook.tenant_id, webhook_id=webhook.id, event=event, body=body, job_id=job.id
    )
    job.payload = {"delivery_id": str(delivery.id)}
    await job.save(update_fields=["payload"])
    return delivery


async def enqueue_deliveries(
    *, tenant_id: UUID, tenant_slug: str, event: str, data: dict[str, Any], at: datetime
) -> None:
    if event not in WEBHOOK_EVENTS:
        return
    body = delivery_body(event=event, tenant_slug=tenant_slug, data=data, at=at)
    for webhook in await Webhook.filter(tenant_id=tenant_id, active=True):
        if event in webhook.events:
            await enqueue_delivery(webhook, event=event, body=body)
