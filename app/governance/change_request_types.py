"""GraphQL types and operations of change requests and the CI gate."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.field_permissions import CanReadGate, IsAuthenticated
from app.core.ids import decode_id, encode_id
from app.core.relay import Connection, Node
from app.governance import change_requests, gate, models
from app.governance.gate import GateOutcome
from app.governance.models import ChangeRequestStatus, ReviewDecision
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
    found = await change_requests.get_change_request(info.context.actor, id)
    return ChangeRequestType.from_model(found)


@strawberry.type(name="GateResult")
class GateResultType:
    outcome: GateOutcome
    commit_sha: str
    reasons: list[str]


@strawberry.input
class CreateChangeRequestInput:
    title: str
    repository: str
    commit_sha: str
    risk: Risk
    version_ids: list[strawberry.ID]
    branch: str | None = None


@strawberry.type
class ChangeRequestQuery:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def change_requests(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: ChangeRequestStatus | None = None,
    ) -> Connection[ChangeRequestType]:
        page = await change_requests.list_change_requests(
            info.context.actor, status=status, first=first, after=after
        )
        return Connection.from_page(page, ChangeRequestType.from_model)

    @strawberry.field(
        permission_classes=[CanReadGate],
        description="PASS when approved change requests cover the commit and every version "
        "they bring is approved. Users, or API keys with gate:read.",
    )
    async def gate_check(
        self, info: Info, commit_sha: str, repository: str | None = None
    ) -> GateResultType:
        result = await gate.gate_check(
            info.context.actor, commit_sha=commit_sha, repository=repository
        )
        return GateResultType(
            outcome=result.outcome, commit_sha=result.commit_sha, reasons=result.reasons
        )


@strawberry.type
class ChangeRequestMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins and developers.")
    async def create_change_request(
        self, info: Info, input: CreateChangeRequestInput
    ) -> ChangeRequestType:
        created = await change_requests.create_change_request(
            info.context.actor,
            title=input.title,
            repository=input.repository,
            commit_sha=input.commit_sha,
            branch=input.branch,
            risk=input.risk,
            version_ids=[decode_id(id, "AssetVersion") for id in input.version_ids],
        )
        return ChangeRequestType.from_model(created)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Reviewers and admins, never the request's author.",
    )
    async def review_change_request(
        self,
        info: Info,
        id: strawberry.ID,
        decision: ReviewDecision,
        comment: str | None = None,
    ) -> ChangeRequestType:
        reviewed = await change_requests.review_change_request(
            info.context.actor,
            id=decode_id(id, "ChangeRequest"),
            decision=decision,
            comment=comment,
        )
        return ChangeRequestType.from_model(reviewed)
