"""Sending one webhook delivery: a signed POST to an address that was checked, under one
deadline, its answer's status recorded; a failure is retried by the job queue with backoff."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from datetime import UTC, datetime

import httpx

from app.core.ids import encode_id
from app.core.outbound import resolve_destination
from app.jobs.models import Job
from app.settings import get_settings
from app.webhooks.models import WebhookDelivery

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
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature(webhook.secret, int(time.time()), delivery.body),
        "X-Promptvault-Event": delivery.event,
        # The delivery's id in the API, as webhookDeliveries and redeliverWebhook know it.
        "X-Promptvault-Delivery": encode_id("WebhookDelivery", delivery.id),
    }
    settings = get_settings()
    deadline = settings.webhook_timeout_seconds
    try:
        # One deadline for the whole delivery: per-read time-outs never end a receiver that
        # trickles a byte at a time.
        async with asyncio.timeout(deadline):
            addresses = await resolve_destination(
                webhook.url, allow_private=settings.webhook_allow_private
            )
            status = await _post(webhook.url, addresses, delivery.body, headers)
    except TimeoutError as error:
        raise DeliveryFailed(
            f"{webhook.url} did not answer within the {deadline:g} s deadline"
        ) from error
    except httpx.HTTPError as error:
        raise DeliveryFailed(f"could not reach {webhook.url}: {error!r}") from error
    delivery.response_code = status
    if not 200 <= status < 300:
        await delivery.save(update_fields=["response_code"])
        raise DeliveryFailed(f"{webhook.url} answered {status}")
    delivery.delivered_at = datetime.now(UTC)
    await delivery.save(update_fields=["response_code", "delivered_at"])


async def _post(url: str, addresses: list[str], body: str, headers: dict[str, str]) -> int:
    """POSTs to the first of the checked addresses that takes the connection, with the URL's host
    in the Host header and in TLS (SNI and certificate check); returns the answer's status. The
    answer's body is never read: only its status counts, and a receiver could send it forever.
    The caller's deadline bounds it all."""
    target = httpx.URL(url)
    headers = {**headers, "Host": target.netloc.decode("ascii")}
    refused: httpx.ConnectError | None = None
    async with httpx.AsyncClient(timeout=None, follow_redirects=False, verify=_TLS) as client:
        for address in addresses:
            request = client.build_request(
                "POST",
                target.copy_with(host=address),
                content=body,
                headers=headers,
                extensions={"sni_hostname": target.host},
            )
            try:
                response = await client.send(request, stream=True)
            except httpx.ConnectError as error:
                refused = error
                continue
            await response.aclose()
            return response.status_code
    assert refused is not None, "a resolved host has at least one address"
    raise refused
