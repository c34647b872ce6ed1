"""Webhook operations shared by tests, and waiting for what the job worker delivers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.support.graphql import TenantHandle
from tests.support.receiver import ReceivedRequest, Receiver

CREATE_WEBHOOK = """
mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events active createdAt } }
}
"""
DELIVERIES = """
query Deliveries($webhookId: ID!) {
  webhookDeliveries(webhookId: $webhookId) {
    id event status attempts responseCode createdAt deliveredAt webhook { id }
  }
}
"""
SETTLED = ("SUCCEEDED", "DEAD")


async def create_webhook(
    tenant: TenantHandle, url: str, events: list[str] | None = None
) -> tuple[str, str]:
    """A webhook of the tenant's (for asset.created unless told otherwise): its id and secret."""
    created = await tenant.gql(
        CREATE_WEBHOOK, {"input": {"url": url, "events": events or ["asset.created"]}}
    )
    payload = created.ok()["createWebhook"]
    return payload["webhook"]["id"], payload["secret"]


async def received(receiver: Receiver, count: int, timeout: float = 15) -> list[ReceivedRequest]:
    """Waits, without blocking the event loop, until the receiver has `count` requests."""
    return await asyncio.to_thread(receiver.wait_for, count, timeout=timeout)


async def deliveries_of(tenant: TenantHandle, webhook_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await tenant.gql(DELIVERIES, {"webhookId": webhook_id})).ok()[
        "webhookDeliveries"
    ]
    return found


async def settled_deliveries(
    tenant: TenantHandle, webhook_id: str, timeout: float = 15
) -> list[dict[str, Any]]:
    """The webhook's deliveries once none is queued, running or waiting to retry."""
    deadline = time.monotonic() + timeout
    while True:
        found = await deliveries_of(tenant, webhook_id)
        if all(delivery["status"] in SETTLED for delivery in found):
            return found
        assert time.monotonic() < deadline, found
        await asyncio.sleep(0.1)
