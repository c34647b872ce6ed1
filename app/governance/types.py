"""GraphQL object types of governance: reviews, change requests, the gate's answer, and the
audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.audit import AuditEvent
from app.core.ids import encode_id
from app.core.relay import Node
from app.governance import models, service
from app.governance.models import ChangeRequestStatus, ReviewDecision
from app.governance.service import GateOutcome
from app.identity.tenant_policy import Risk
from app.identity.types import UserType, load_user
from app.registry.types import AssetVersionType

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(ChangeRequestStatus, name="ChangeRequestStatus")
strawberry.enum(ReviewDecision, name="ReviewDecision")
strawberry.enum(GateOutcome, name="GateOutcome")


@strawberry.type(name="Review")
class ReviewType:
    decision: ReviewDecision
    comment: str | None
    created_at: datetime
    reviewer_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, review: models.Review) -> Self:
        return cls(
            decision=review.decision,
            comment=review.comment,
            created_at=review.created_at,
            reviewer_id=review.reviewer_id,
        )

    @strawberry.field
    async def reviewer(self, info: Info) -> UserType:
        return await load_user(info, self.reviewer_id)


@strawberry.type(name="ChangeRequest")
class ChangeRequestType(Node):
    title: str
    repository: str
    commit_sha: str
    branch: str | None
    risk: Risk
    status: ChangeRequestStatus
    created_at: datetime
    model_id: strawberry.Private[UUID]
    author_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, request: models.ChangeRequest) -> Self:
        return cls(
            id=encode_id("ChangeRequest", request.id),
            title=request.title,
            repository=request.repository,
            commit_sha=request.commit_sha,
            branch=request.branch,
            risk=request.risk,
            status=request.status,
            created_at=request.created_at,
            model_id=request.id,
            author_id=request.author_id,
        )

    @strawberry.field
    async def author(self, info: Info) -> UserType:
        return await load_user(info, self.author_id)

    @strawberry.field
    async def versions(self, info: Info) -> list[AssetVersionType]:
        found = await info.context.governance.change_request_versions.load(self.model_id)
        return [AssetVersionType.from_model(version) for version in found]

    @strawberry.field
    async def reviews(self, info: Info) -> list[ReviewType]:
        found = await info.context.governance.change_request_reviews.load(self.model_id)
        return [ReviewType.from_model(review) for review in found]


async def load_change_request(info: Info, id: UUID) -> ChangeRequestType:
    found = await service.get_change_request(info.context.actor, id)
    return ChangeRequestType.from_model(found)


@strawberry.type(name="GateResult")
class GateResultType:
    outcome: GateOutcome
    commit_sha: str
    reasons: list[str]

    @classmethod
    def from_result(cls, result: service.GateResult) -> Self:
        return cls(outcome=result.outcome, commit_sha=result.commit_sha, reasons=result.reasons)


@strawberry.type(name="AuditEvent")
class AuditEventType(Node):
    action: str
    target_type: str
    target_id: str
    diff: JSON | None
    created_at: datetime
    hash: str
    actor_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, event: AuditEvent) -> Self:
        return cls(
            id=encode_id("AuditEvent", event.id),
            action=event.action,
            target_type=event.target_type,
            target_id=encode_id(event.target_type, UUID(event.target_id)),
            diff=event.diff,
            created_at=event.created_at,
            hash=event.hash,
            actor_id=event.actor_id,
        )

    @strawberry.field
    async def actor(self, info: Info) -> UserType | None:
        return await load_user(info, self.actor_id) if self.actor_id else None
