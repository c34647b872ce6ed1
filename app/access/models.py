from __future__ import annotations

import enum
from typing import Any
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.identity.models import User


class AssetAction(enum.StrEnum):
    EDIT = "edit"
    REVIEW = "review"
    ACTIVATE = "activate"


class GrantEffect(enum.StrEnum):
    ALLOW = "allow"
    DENY = "deny"


class AssetGrant(TenantScoped):
    asset: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Asset", related_name=False, on_delete=fields.CASCADE
    )
    asset_id: UUID
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: UUID
    actions: list[str] = fields.JSONField()
    effect = fields.CharEnumField(GrantEffect, max_length=8)

    class Meta:
        table = "asset_grant"
        unique_together = (("asset", "user", "effect"),)
