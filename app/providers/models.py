from __future__ import annotations

import enum
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.identity.models import User


class ProviderKind(enum.StrEnum):
    # OpenAI's chat completions API, which OpenAI, Azure OpenAI, Ollama, LM Studio, llama.cpp's
    # server and vLLM all speak; and Anthropic's Messages API.
    OPENAI_COMPATIBLE = "openai_compatible"
    ANTHROPIC = "anthropic"


class ConnectionScope(enum.StrEnum):
    TENANT = "tenant"  # the tenant's, kept by its admins, used by its developers
    USER = "user"  # one user's own, seen by nobody else


TENANT_NAMESPACE = "tenant"


class ProviderConnection(TenantScoped):
    """Where and how to reach a model provider. The API key is kept sealed
    (app/core/secret_box.py) and never leaves the server but in the call to the provider."""

    name = fields.CharField(max_length=120)
    kind = fields.CharEnumField(ProviderKind, max_length=32)
    base_url = fields.CharField(max_length=2000)
    default_model = fields.CharField(max_length=200, null=True)
    scope = fields.CharEnumField(ConnectionScope, max_length=16)
    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.CASCADE
    )
    owner_id: UUID | None
    # Whose names this one is unique among: TENANT_NAMESPACE for the tenant's connections, the
    # owner's id for a user's own. The database enforces it (a unique key over a nullable owner
    # would let NULLs repeat), and a user's own connection may share a tenant connection's name.
    namespace = fields.CharField(max_length=64)
    key_ciphertext: str | None = fields.TextField(null=True)
    key_hint = fields.CharField(max_length=8, null=True)
    # Allowed to reach private and loopback addresses (Ollama or LM Studio on the same host).
    local = fields.BooleanField(default=False)

    class Meta:
        table = "provider_connection"
        unique_together = (("tenant", "namespace", "name"),)
