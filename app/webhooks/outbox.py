"""Webhook deliveries enqueued in the transaction of the change they announce."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from app.core.actor import Actor
from app.core.events import DomainEvent
from app.identity.service import current_tenant
from app.jobs.queue import enqueue
from app.webhooks.models import Webhook, WebhookDelivery

DELIVER_JOB = "webhook.deliver"


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


async def enqueue_deliveries(actor: Actor, event: DomainEvent, at: datetime) -> None:
    """The subscriber of webhook events: a delivery for each active webhook that wants it."""
    if not event.webhook:
        return
    webhooks = [
        webhook
        for webhook in await Webhook.filter(tenant_id=actor.tenant_id, active=True)
        if event.name in webhook.events
    ]
    if not webhooks:
        return
    tenant = await current_tenant(actor)
    body = delivery_body(event=event.name, tenant_slug=tenant.slug, data=event.payload(), at=at)
    for webhook in webhooks:
        await enqueue_delivery(webhook, event=event.name, body=body)
