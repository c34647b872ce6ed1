from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields
from tortoise.models import Model


class StreamEvent(Model):
    """The replay buffer behind the SSE stream: Last-Event-ID resumes in any worker.

    It resumes after a restart too. Old rows are pruned; the buffer is bounded.

    Clients see `seq`, which numbers each tenant's events on its own: ids counted across
    tenants would tell a tenant how many activations the others made."""

    id = fields.BigIntField(primary_key=True)
    tenant: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Tenant", related_name=False, on_delete=fields.CASCADE
    )
    tenant_id: UUID
    seq = fields.BigIntField(default=0)
    kind = fields.CharField(max_length=32)
    data: dict[str, Any] = fields.JSONField()
    created_at: datetime = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "stream_event"
        unique_together = (("tenant", "seq"),)


class StreamSequence(Model):
    """The last `seq` given to each tenant's streamed events.

    Kept apart from the buffer, which pruning may empty: a tenant's numbering never starts
    again, so a resuming client's Last-Event-ID never hides newer events."""

    tenant: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "models.Tenant", related_name=False, on_delete=fields.CASCADE, primary_key=True
    )
    tenant_id: UUID
    last_seq = fields.BigIntField(default=0)

    class Meta:
        table = "stream_sequence"
