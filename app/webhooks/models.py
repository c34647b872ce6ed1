from __future__ import annotations

from datetime import datetime
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.jobs.models import Job


class Webhook(TenantScoped):
    url = fields.CharField(max_length=2000)
    events: list[str] = fields.JSONField()
    # Kept to sign deliveries (HMAC needs the secret itself); shown to the admin only once.
    secret = fields.CharField(max_length=64)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "webhook"


class WebhookDelivery(TenantScoped):
    """One event sent to one webhook; its status and attempts are those of its job."""

    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "models.Webhook", related_name="deliveries", on_delete=fields.CASCADE
    )
    webhook_id: UUID
    event = fields.CharField(max_length=64)
    body = fields.TextField()
    job: fields.ForeignKeyRelation[Job] = fields.ForeignKeyField(
        "models.Job", related_name=False, on_delete=fields.CASCADE
    )
    job_id: UUID
    response_code = fields.IntField(null=True)
    delivered_at: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
