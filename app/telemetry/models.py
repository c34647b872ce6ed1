from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.registry.models import AssetVersion


class ExecutionStatus(enum.StrEnum):
    SUCCESS = "success"
    ERROR = "error"


class ExecutionLog(TenantScoped):
    """One call of an LLM with a version's prompt, as the application reports it. Append-only."""

    version: fields.ForeignKeyRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, on_delete=fields.CASCADE
    )
    version_id: UUID
    environment = fields.CharField(max_length=64)
    request_id = fields.CharField(max_length=200, null=True, db_index=True)
    latency_ms = fields.FloatField()
    input_tokens = fields.IntField(default=0)
    output_tokens = fields.IntField(default=0)
    cost = fields.FloatField(default=0)
    model = fields.CharField(max_length=200, null=True)
    status = fields.CharEnumField(ExecutionStatus, max_length=8, default=ExecutionStatus.SUCCESS)
    error = fields.TextField(null=True)
    inputs: Any = fields.JSONField(null=True)
    output = fields.TextField(null=True)
    truncated = fields.BooleanField(default=False)
    created_at: datetime = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "execution_log"
        indexes = (("version", "created_at"),)


class ExecutionBatchKey(TenantScoped):
    """An Idempotency-Key that a batch of execution logs was stored under.

    The same batch sent again under it (its answer was lost) stores nothing and answers
    `accepted`, the count that the first one stored. Pruned by age (batch_keys.py)."""

    key = fields.CharField(max_length=200)
    accepted = fields.IntField()

    class Meta:
        table = "execution_batch_key"
        unique_together = (("tenant", "key"),)
        indexes = (("created_at",),)
