from __future__ import annotations

import enum
from uuid import UUID

from tortoise import fields

from app.core.models import TenantScoped
from app.identity.models import User
from app.identity.tenant_policy import Risk
from app.registry.models import AssetVersion


class ChangeRequestStatus(enum.StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"


class ReviewDecision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class ChangeRequest(TenantScoped):
    title = fields.CharField(max_length=200)
    repository = fields.CharField(max_length=200, db_index=True)
    commit_sha = fields.CharField(max_length=64, db_index=True)
    branch = fields.CharField(max_length=200, null=True)
    risk = fields.CharEnumField(Risk, max_length=16)
    status = fields.CharEnumField(
        ChangeRequestStatus, max_length=16, default=ChangeRequestStatus.OPEN
    )
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    author_id: UUID
    versions: fields.ManyToManyRelation[AssetVersion] = fields.ManyToManyField(
        "models.AssetVersion", related_name="change_requests", through="change_request_version"
    )

    class Meta:
        table = "change_request"


class Review(TenantScoped):
    """A decision on a version or on a change request: exactly one of the two is set."""

    version: fields.ForeignKeyNullableRelation[AssetVersion] = fields.ForeignKeyField(
        "models.AssetVersion", related_name=False, null=True, on_delete=fields.CASCADE
    )
    version_id: UUID | None
    change_request: fields.ForeignKeyNullableRelation[ChangeRequest] = fields.ForeignKeyField(
        "models.ChangeRequest", related_name="reviews", null=True, on_delete=fields.CASCADE
    )
    change_request_id: UUID | None
    reviewer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    reviewer_id: UUID
    decision = fields.CharEnumField(ReviewDecision, max_length=16)
    comment = fields.TextField(null=True)

    class Meta:
        table = "review"
