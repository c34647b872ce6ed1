from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.actor import Role
from app.core.models import TenantScoped, TimestampedModel
from app.settings import DEFAULT_ENVIRONMENTS

DEFAULT_MAX_USERS = 25
NO_PASSWORD = ""


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
    # Empty (NO_PASSWORD) for an account made by single sign-on: no password signs in to it.
    password_hash = fields.CharField(max_length=128)
    role = fields.CharEnumField(Role, max_length=16)
    is_active = fields.BooleanField(default=True)
    is_superadmin = fields.BooleanField(default=False)
    # The identity provider's subject for this account (OIDC `sub`, SAML NameID), once it signed
    # in with single sign-on.
    sso_subject = fields.CharField(max_length=500, null=True)
    last_login_at: datetime | None = fields.DatetimeField(null=True)
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


class SsoProtocol(enum.StrEnum):
    OIDC = "oidc"
    SAML = "saml"


class SsoConfig(TenantScoped):
    """A tenant's single sign-on: one identity provider per tenant. The OIDC client secret is kept
    sealed (app/core/secret_box.py) and never leaves the server but in the call to the token
    endpoint."""

    protocol = fields.CharEnumField(SsoProtocol, max_length=8)
    enabled = fields.BooleanField(default=False)
    # OIDC: the issuer whose /.well-known/openid-configuration is read. SAML: the IdP's entity id.
    issuer = fields.CharField(max_length=2000)
    client_id = fields.CharField(max_length=500, null=True)
    client_secret_ciphertext: str | None = fields.TextField(null=True)
    saml_metadata_xml: str | None = fields.TextField(null=True)
    email_domains: list[str] = fields.JSONField(default=list)
    default_role = fields.CharEnumField(Role, max_length=16, default=Role.VIEWER)
    # The claim (OIDC) or attribute (SAML) whose values role_mapping turns into our roles.
    role_claim = fields.CharField(max_length=200, null=True)
    role_mapping: dict[str, str] = fields.JSONField(default=dict)
    password_login_for_admins_only = fields.BooleanField(default=False)

    class Meta:
        table = "sso_config"
        unique_together = (("tenant",),)


class SamlAssertionSeen(TenantScoped):
    """The ids of SAML assertions already used to sign in, until they expire: one presented again
    is a replay and is refused."""

    assertion_id = fields.CharField(max_length=300)
    expires_at: datetime = fields.DatetimeField()

    class Meta:
        table = "saml_assertion_seen"
        unique_together = (("tenant", "assertion_id"),)
