"""Announcing what happened: one call inside the change's atomic() transaction records the
webhook deliveries it owes, the replay-buffer row of a streamed event, and its publication on
the event bus, which subscribers hear once the transaction has committed, in commit order."""

from __future__ import annotations

from typing import Any

from app.core.actor import Actor
from app.identity.models import Tenant
from app.realtime.events import Event
from app.realtime.publisher import publish_on_commit
from app.realtime.replay import record_streamed
from app.webhooks.outbox import enqueue_deliveries

ACTIVATION = "version.activated"
# Events that SSE clients resume with Last-Event-ID.
STREAMED = frozenset({ACTIVATION})
# Events that users receive as notifications; their data has a "message" and a "targetId".
NOTIFIED = frozenset(
    {
        "version.submitted",
        "version.approved",
        "version.rejected",
        "change_request.decided",
        "rollout.rolled_back",
    }
)


async def emit(actor: Actor, name: str, data: dict[str, Any]) -> Event:
    event = Event(tenant_id=actor.tenant_id, kind=name, data=data, actor_id=actor.user_id)
    tenant = await Tenant.get(id=actor.tenant_id).only("slug")
    await enqueue_deliveries(
        tenant_id=actor.tenant_id, tenant_slug=tenant.slug, event=name, data=data, at=event.at
    )
    if name in STREAMED:
        row = await record_streamed(actor.tenant_id, name, data)
        event = Event(
            tenant_id=event.tenant_id,
            kind=name,
            data=data,
            actor_id=event.actor_id,
            at=event.at,
            stream_id=row.seq,
        )
    await publish_on_commit(event)
    return event
