from __future__ import annotations

import enum
from datetime import datetime
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
    body = fields.TextField()
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
    # A canary: {"version_id", "share", "max_error_rate", "max_p95_latency_ms", "min_samples",
    # "state", ...}; the activation's version is the baseline that serves the rest.
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
