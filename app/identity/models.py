from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.actor import Role
from app.core.models import TenantScoped, TimestampedModel
from app.settings import DEFAULT_ENVIRONMENTS

DEFAULT_MAX_USERS = 25


def default_policy() -> dict[str, Any]:
    return {
        "environments": list(DEFAULT_ENVIRONMENTS),
        "protected_environments": ["production"],
        "approvals_required": {"low": 1, "medium": 1, "high": 2, "critical": 2},
    }


class Tenant(TimestampedModel):
    name = fields.CharField(max_length=120)
    slug = fields.CharField(max_length=64, unique=True)
    max_users = fields.IntField(default=DEFAULT_MAX_USERS)
    policy: dict[str, Any] = fields.JSONField(default=default_policy)
    # Per-tenant limits (rate limits, log payload size); missing keys take the defaults.
    limits: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        table = "tenant"

    @property
    def environments(self) -> list[str]:
        return list(self.policy.get("environments", DEFAULT_ENVIRONMENTS))


class User(TenantScoped):
    email = fields.CharField(max_length=254)
    name = fields.CharField(max_length=120, null=True)
    password_hash = fields.CharField(max_length=128)
    role = fields.CharEnumField(Role, max_length=16)
    is_active = fields.BooleanField(default=True)
    is_superadmin = fields.BooleanField(default=False)
    # Who added this account; None for the admin who registered the tenant, and for accounts
    # made by the CLI or single sign-on.
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: UUID | None

    class Meta:
        table = "user"
        unique_together = (("tenant", "email"),)


class Session(TenantScoped):
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: UUID
    jti = fields.CharField(max_length=64, unique=True)
    expires_at: datetime = fields.DatetimeField()
    revoked_at: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "session"


class ApiKey(TenantScoped):
    """A machine credential. Only a SHA-256 of the secret is kept; the prefix finds the row."""

    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16, unique=True)
    secret_hash = fields.CharField(max_length=64)
    scopes: list[str] = fields.JSONField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: UUID | None
    last_used_at: datetime | None = fields.DatetimeField(null=True)
    revoked_at: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"


class LoginFailure(TimestampedModel):
    """What counts against a throttling key (an account or a client address) in its window:
    attempts or failures, as app/identity/throttle.py says."""

    key = fields.CharField(max_length=300, unique=True)
    failures = fields.IntField(default=0)
    window_started_at: datetime = fields.DatetimeField()
    locked_until: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "login_failure"
