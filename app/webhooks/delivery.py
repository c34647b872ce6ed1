"""Sending one webhook delivery: a signed POST, its answer recorded; a failure is retried by the
job queue with backoff."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime

import httpx

from app.api.ids import encode_id
from app.jobs.models import Job
from app.settings import get_settings
from app.webhooks.destinations import check_destination
from app.webhooks.models import WebhookDelivery

TIMEOUT_SECONDS = 10.0
SIGNATURE_HEADER = "X-Promptvault-Signature"
# Made once: loading the CA bundle costs ~30 ms, which a client made per delivery would pay each
# time. Each delivery still has a client (and connection) of its own.
_TLS = httpx.create_ssl_context()


class DeliveryFailed(Exception):
    pass


def signature(secret: str, timestamp: int, body: str) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


async def deliver_webhook(job: Job) -> None:
    delivery = (
        await WebhookDelivery.filter(id=job.payload["delivery_id"])
        .prefetch_related("webhook")
        .first()
    )
    if delivery is None:
        return  # its webhook was deleted, and its deliveries with it
    webhook = delivery.webhook
    if delivery.delivered_at is not None or not webhook.active:
        return  # sent already (nothing is delivered twice), or the webhook was switched off
    await check_destination(webhook.url, allow_private=get_settings().webhook_allow_private)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature(webhook.secret, int(time.time()), delivery.body),
        "X-Promptvault-Event": delivery.event,
        # The delivery's id in the API, as webhookDeliveries and redeliverWebhook know it.
        "X-Promptvault-Delivery": encode_id("WebhookDelivery", delivery.id),
    }
    async with httpx.AsyncClient(
        timeout=TIMEOUT_SECONDS, follow_redirects=False, verify=_TLS
    ) as client:
        try:
            response = await client.post(webhook.url, content=delivery.body, headers=headers)
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"could not reach {webhook.url}: {error!r}") from error
    delivery.response_code = response.status_code
    if not response.is_success:
        await delivery.save(update_fields=["response_code"])
        raise DeliveryFailed(f"{webhook.url} answered {response.status_code}")
    delivery.delivered_at = datetime.now(UTC)
    await delivery.save(update_fields=["response_code", "delivered_at"])
