"""The registry's tables: assets and their tags, versions, the activation history, the current
activation of each environment, and the references between assets; and the shape of a rollout
(a canary), kept on activations as JSON."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.identity.models import User


class AssetKind(enum.StrEnum):
    PROMPT = "prompt"
    CONTEXT_PACK = "context_pack"
    SKILL = "skill"
    WORKFLOW = "workflow"


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETIRED = "retired"


class PromptFormat(enum.StrEnum):
    TEXT = "text"
    CHAT = "chat"


class MessageRole(enum.StrEnum):
    """The role of a chat message; stored, served and rendered lowercase (the SDK's ROLES)."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


RUNNING = "running"
PROMOTED = "promoted"
ROLLED_BACK = "rolled_back"


@dataclass(frozen=True)
class Rollout:
    """A canary, stored as JSON in the `rollout` column of Activation and CurrentActivation: the
    version `version_id` serves `share` of requests beside the activation's own version (the
    baseline) while `state` is "running"; it ends "promoted", or "rolled_back" with a reason and
    the guard's figures."""

    version_id: UUID
    share: float
    state: str
    started_at: datetime
    max_error_rate: float | None = None
    max_p95_latency_ms: int | None = None
    min_samples: int = 100
    reason: str | None = None
    ended_at: datetime | None = None
    figures: dict[str, Any] | None = None

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    def ended(
        self, state: str, *, reason: str | None = None, figures: dict[str, Any] | None = None
    ) -> Rollout:
        return replace(
            self, state=state, reason=reason, ended_at=datetime.now(UTC), figures=figures
        )

    def to_json(self) -> dict[str, Any]:
        stored: dict[str, Any] = {
            "version_id": str(self.version_id),
            "share": self.share,
            "max_error_rate": self.max_error_rate,
            "max_p95_latency_ms": self.max_p95_latency_ms,
            "min_samples": self.min_samples,
            "state": self.state,
            "started_at": self.started_at.isoformat(),
            "reason": self.reason,
        }
        if self.ended_at is not None:
            stored["ended_at"] = self.ended_at.isoformat()
        if self.figures is not None:
            stored["figures"] = self.figures
        return stored

    @classmethod
    def from_json(cls, stored: dict[str, Any] | None) -> Rollout | None:
        if stored is None:
            return None
        ended_at = stored.get("ended_at")
        return cls(
            version_id=UUID(stored["version_id"]),
            share=float(stored["share"]),
            state=stored["state"],
            started_at=datetime.fromisoformat(stored["started_at"]),
            max_error_rate=stored.get("max_error_rate"),
            max_p95_latency_ms=stored.get("max_p95_latency_ms"),
            min_samples=int(stored["min_samples"]),
            reason=stored.get("reason"),
            ended_at=datetime.fromisoformat(ended_at) if ended_at else None,
            figures=stored.get("figures"),
        )


class Asset(TenantScoped):
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(AssetKind, max_length=16, default=AssetKind.PROMPT)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    category = fields.CharField(max_length=64, null=True)
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    owner_id: UUID
    template: fields.ForeignKeyNullableRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    template_id: UUID | None
    archived = fields.BooleanField(default=False)
    restricted = fields.BooleanField(default=False)
    # An enhancement prompt: it rewrites other prompts (enhanceVersion runs it).
    enhancement = fields.BooleanField(default=False)
    updated_at: datetime = fields.DatetimeField(auto_now=True)
    tags: fields.ReverseRelation[AssetTag]

    class Meta:
        table = "asset"
        unique_together = (("tenant", "name"),)


class AssetTag(TenantScoped):
    """One row per tag, so that filtering by tag is an indexed join on every database."""

    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name="tags", on_delete=fields.CASCADE
    )
    asset_id: UUID
    tag = fields.CharField(max_length=50, db_index=True)

    class Meta:
        table = "asset_tag"
        unique_together = (("asset", "tag"),)


class AssetVersion(TenantScoped):
    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name="versions", on_delete=fields.CASCADE
    )
    asset_id: UUID
    number = fields.IntField()
    semver = fields.CharField(max_length=64, null=True)
    format = fields.CharEnumField(PromptFormat, max_length=8, default=PromptFormat.TEXT)
    body = fields.TextField()
    # A chat version's messages, [{"role", "content", "placeholder"}]; None for a text version.
    messages: list[dict[str, Any]] | None = fields.JSONField(null=True)
    variables: dict[str, Any] = fields.JSONField(default=dict)
    model_settings: dict[str, Any] = fields.JSONField(default=dict)
    message = fields.TextField(default="")
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    author_id: UUID
    content_hash = fields.CharField(max_length=64)
    status = fields.CharEnumField(VersionStatus, max_length=16, default=VersionStatus.DRAFT)
    # True when it drops or retypes a variable that the previous version required.
    breaking = fields.BooleanField(default=False)

    class Meta:
        table = "asset_version"
        unique_together = (("asset", "number"),)


class Activation(TenantScoped):
    """One row per change of an environment's active version: the history."""

    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name=False, on_delete=fields.CASCADE
    )
    asset_id: UUID
    environment = fields.CharField(max_length=64)
    version: fields.ForeignKeyRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, on_delete=fields.CASCADE
    )
    version_id: UUID
    previous_version: fields.ForeignKeyNullableRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    previous_version_id: UUID | None
    # The activation that a rollback from this one restores: what was current before it, or
    # for a rollback, what was current before the activation it restored. Rollbacks walk back.
    rollback_target: fields.ForeignKeyNullableRelation[Activation] = fields.ForeignKeyField(
        "models.Activation", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    rollback_target_id: UUID | None
    is_rollback = fields.BooleanField(default=False)
    # A canary (Rollout.to_json); the activation's version is the baseline that serves the rest.
    rollout: dict[str, Any] | None = fields.JSONField(null=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_id: UUID | None

    class Meta:
        table = "activation"
        indexes = (("asset", "environment", "created_at"),)


class CurrentActivation(TenantScoped):
    """The one current activation per (asset, environment); the unique key enforces it."""

    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name=False, on_delete=fields.CASCADE
    )
    asset_id: UUID
    environment = fields.CharField(max_length=64)
    activation: fields.ForeignKeyRelation[Activation] = fields.ForeignKeyField(
        "models.Activation", related_name=False, on_delete=fields.CASCADE
    )
    activation_id: UUID
    version: fields.ForeignKeyRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, on_delete=fields.CASCADE
    )
    version_id: UUID
    rollout: dict[str, Any] | None = fields.JSONField(null=True)
    updated_at: datetime = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "current_activation"
        unique_together = (("asset", "environment"),)


class AssetReference(TenantScoped):
    """A version's body includes another asset by name (`{{> name}}`): the dependents graph."""

    version: fields.ForeignKeyRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, on_delete=fields.CASCADE
    )
    version_id: UUID
    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name=False, on_delete=fields.CASCADE
    )
    asset_id: UUID
    referenced_name = fields.CharField(max_length=100, db_index=True)

    class Meta:
        table = "asset_reference"
        unique_together = (("version", "referenced_name"),)
