"""GraphQL inputs, queries and mutations of governance: the audit trail, version review, change
requests and the CI gate. Version review's mutations answer the version they changed."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from app.core.field_permissions import CanReadGate, IsAuthenticated
from app.core.ids import decode_id, split_id
from app.core.relay import Connection
from app.governance import service
from app.governance.models import ChangeRequestStatus, ReviewDecision
from app.governance.types import AuditEventType, ChangeRequestType, GateResultType
from app.identity.tenant_policy import Risk
from app.registry.types import AssetVersionType


@strawberry.input
class CreateChangeRequestInput:
    title: str
    repository: str
    commit_sha: str
    risk: Risk
    version_ids: list[strawberry.ID]
    branch: str | None = None


@strawberry.type
class GovernanceQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Admins only.")
    async def audit_events(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        action: str | None = None,
        actor_id: strawberry.ID | None = None,
        target_type: str | None = None,
        target_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Connection[AuditEventType]:
        query = service.AuditQuery(
            action=action,
            actor_id=decode_id(actor_id, "User") if actor_id else None,
            target_type=target_type,
            target_id=str(split_id(target_id)[1]) if target_id else None,
            since=since,
            until=until,
        )
        page = await service.list_audit_events(info.context.actor, query, first=first, after=after)
        return Connection.from_page(page, AuditEventType.from_model)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The versions waiting for a review (IN_REVIEW), those waiting longest first.",
    )
    async def review_queue(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[AssetVersionType]:
        page = await service.list_review_queue(info.context.actor, first=first, after=after)
        return Connection.from_page(page, AssetVersionType.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def change_requests(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: ChangeRequestStatus | None = None,
    ) -> Connection[ChangeRequestType]:
        page = await service.list_change_requests(
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
        result = await service.gate_check(
            info.context.actor, commit_sha=commit_sha, repository=repository
        )
        return GateResultType.from_result(result)


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Admins and developers; drafts only."
    )
    async def submit_version(self, info: Info, id: strawberry.ID) -> AssetVersionType:
        version = await service.submit_version(
            info.context.actor, version_id=decode_id(id, "AssetVersion")
        )
        return AssetVersionType.from_model(version)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Reviewers and admins, never the version's author.",
    )
    async def approve_version(
        self, info: Info, id: strawberry.ID, comment: str | None = None
    ) -> AssetVersionType:
        version = await service.review_version(
            info.context.actor,
            version_id=decode_id(id, "AssetVersion"),
            decision=ReviewDecision.APPROVE,
            comment=comment,
        )
        return AssetVersionType.from_model(version)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Reviewers and admins, never the version's author; say why.",
    )
    async def reject_version(self, info: Info, id: strawberry.ID, comment: str) -> AssetVersionType:
        version = await service.review_version(
            info.context.actor,
            version_id=decode_id(id, "AssetVersion"),
            decision=ReviewDecision.REJECT,
            comment=comment,
        )
        return AssetVersionType.from_model(version)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins and developers.")
    async def create_change_request(
        self, info: Info, input: CreateChangeRequestInput
    ) -> ChangeRequestType:
        created = await service.create_change_request(
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
        reviewed = await service.review_change_request(
            info.context.actor,
            id=decode_id(id, "ChangeRequest"),
            decision=decision,
            comment=comment,
        )
        return ChangeRequestType.from_model(reviewed)
