from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from tortoise import fields

from app.core.models import TenantScoped


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the last run failed; it runs again after run_after
    DEAD = "dead"  # it failed max_attempts times; it runs no more


class Job(TenantScoped):
    """The outbox of durable work: enqueued in the transaction of the change that needs it."""

    kind = fields.CharField(max_length=64)
    payload: dict[str, Any] = fields.JSONField()
    status = fields.CharEnumField(JobStatus, max_length=16, default=JobStatus.QUEUED)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField(default=8)
    run_after: datetime = fields.DatetimeField()
    locked_at: datetime | None = fields.DatetimeField(null=True)
    locked_by = fields.CharField(max_length=100, null=True)
    error = fields.TextField(null=True)
    finished_at: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        indexes = (("status", "run_after"),)
