from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields
from tortoise.models import Model


class StreamEvent(Model):
    """The replay buffer behind the SSE stream: ids increase, so Last-Event-ID can resume in any
    worker and after a restart. Old rows are pruned; the buffer is bounded."""

    id = fields.BigIntField(primary_key=True)
    tenant: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Tenant", related_name=False, on_delete=fields.CASCADE
    )
    tenant_id: UUID
    kind = fields.CharField(max_length=32)
    data: dict[str, Any] = fields.JSONField()
    created_at: datetime = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "stream_event"
        indexes = (("tenant", "id"),)
