"""Webhooks: admins register URLs for the events they want; each event becomes a delivery, a job
that signs and POSTs it. The secret is shown once, when the webhook is created."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput
from app.core.events import WEBHOOK_EVENTS
from app.core.outbound import check_destination
from app.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.jobs.queue import discard
from app.webhooks.models import Webhook, WebhookDelivery
from app.webhooks.outbox import enqueue_delivery

MAX_URL_CHARS = 2000
HOW_TO_ALLOW_PRIVATE = "set PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true to allow it"


@dataclass(frozen=True)
class CreatedWebhook:
    webhook: Webhook
    secret: str


def _checked_events(events: list[str]) -> list[str]:
    if not events:
        raise BadUserInput("a webhook needs at least one event", field="events")
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown:
        raise BadUserInput(
            f"unknown webhook events: {', '.join(unknown)}; known: {', '.join(WEBHOOK_EVENTS)}",
            field="events",
        )
    return [event for event in WEBHOOK_EVENTS if event in events]


async def create_webhook(
    actor: Actor, *, url: str, events: list[str], allow_private: bool
) -> CreatedWebhook:
    require(actor, Permission.MANAGE_WEBHOOKS)
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise BadUserInput(f"url must be at most {MAX_URL_CHARS} characters", field="url")
    wanted = _checked_events(events)
    await check_destination(url, allow_private=allow_private, how_to_allow=HOW_TO_ALLOW_PRIVATE)
    secret = secrets.token_hex(32)
    async with atomic():
        webhook = await Webhook.create(
            tenant_id=actor.tenant_id, url=url, events=wanted, secret=secret
        )
        await record_audit(
            actor,
            "webhook.create",
            target_type="Webhook",
            target_id=webhook.id,
            diff={"after": {"url": url, "events": wanted}},
        )
    return CreatedWebhook(webhook=webhook, secret=secret)


async def list_webhooks(actor: Actor) -> list[Webhook]:
    require(actor, Permission.MANAGE_WEBHOOKS)
    return await Webhook.scoped(actor).order_by("-created_at", "-id")


async def delete_webhook(actor: Actor, *, id: UUID) -> None:
    """Deletes the webhook, its deliveries and their jobs, so that nothing more is sent."""
    require(actor, Permission.MANAGE_WEBHOOKS)
    async with atomic():
        webhook = await Webhook.get_scoped(actor, id, for_update=True)
        deliveries = await WebhookDelivery.filter(webhook_id=webhook.id).only("id", "job_id")
        job_ids = [delivery.job_id for delivery in deliveries]
        await discard(job_ids)  # their deliveries go with them
        await webhook.delete()
        await record_audit(
            actor,
            "webhook.delete",
            target_type="Webhook",
            target_id=webhook.id,
            diff={"before": {"url": webhook.url, "events": webhook.events}},
        )


async def list_deliveries(
    actor: Actor, *, webhook_id: UUID, first: int | None = None
) -> list[WebhookDelivery]:
    """The webhook's deliveries, newest first."""
    require(actor, Permission.MANAGE_WEBHOOKS)
    first = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 < first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    webhook = await Webhook.get_scoped(actor, webhook_id)
    return (
        await WebhookDelivery.scoped(actor)
        .filter(webhook_id=webhook.id)
        .order_by("-created_at", "-id")
        .limit(first)
    )


async def redeliver(actor: Actor, *, delivery_id: UUID) -> WebhookDelivery:
    """Sends a delivery's event again, as a new delivery with a job of its own."""
    require(actor, Permission.MANAGE_WEBHOOKS)
    async with atomic():
        original = await WebhookDelivery.get_scoped(actor, delivery_id)
        webhook = await Webhook.get_scoped(actor, original.webhook_id)
        delivery = await enqueue_delivery(webhook, event=original.event, body=original.body)
        await record_audit(
            actor,
            "webhook.redeliver",
            target_type="WebhookDelivery",
            target_id=delivery.id,
            diff={"after": {"event": original.event, "redelivers": str(original.id)}},
        )
    return delivery
