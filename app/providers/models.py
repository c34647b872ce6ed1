from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.identity.models import User
from app.registry.models import AssetVersion


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


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PromptRun(TenantScoped):
    """One call of a model with a rendered prompt: a saved version's, or an unsaved draft's
    (`version` None). Created RUNNING by runPrompt; a job of the durable queue makes the call,
    keeps the output so far (and the seq of its last piece) as it streams, and ends it."""

    version: fields.ForeignKeyNullableRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, null=True, on_delete=fields.CASCADE
    )
    version_id: UUID | None
    connection: fields.ForeignKeyNullableRelation[ProviderConnection] = fields.ForeignKeyField(
        "models.ProviderConnection", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    connection_id: UUID | None
    model = fields.CharField(max_length=200)
    status = fields.CharEnumField(RunStatus, max_length=16, default=RunStatus.RUNNING)
    variables: dict[str, Any] = fields.JSONField(default=dict)
    # What was sent: the rendered messages, [{"role", "content"}], and the model configuration.
    messages: list[dict[str, str]] = fields.JSONField(default=list)
    model_settings: dict[str, Any] = fields.JSONField(default=dict)
    output = fields.TextField(default="")
    # The seq of the last piece kept in `output`: subscribers skip the pieces up to it.
    last_seq = fields.IntField(default=0)
    error: str | None = fields.TextField(null=True)
    latency_ms: float | None = fields.FloatField(null=True)
    first_piece_ms: float | None = fields.FloatField(null=True)
    input_tokens = fields.IntField(default=0)
    output_tokens = fields.IntField(default=0)
    cost = fields.FloatField(default=0)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_id: UUID | None
    cancel_requested = fields.BooleanField(default=False)
    finished_at: datetime | None = fields.DatetimeField(null=True)

    class Meta:
        table = "prompt_run"
        indexes = (("tenant", "created_at"), ("version", "created_at"), ("status",))


class ModelPrice(TenantScoped):
    """What a model costs the tenant, per million tokens; a run's cost is its tokens times these
    (0 for a model without a price)."""

    model = fields.CharField(max_length=200)
    input_per_million = fields.FloatField()
    output_per_million = fields.FloatField()

    class Meta:
        table = "model_price"
        unique_together = (("tenant", "model"),)
