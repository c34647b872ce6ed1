"""GraphQL of version review: the queue of versions waiting for one, and the mutations, which
answer the version they changed."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.core.relay import Connection
from app.governance import reviews
from app.governance.models import ReviewDecision
from app.registry.types import AssetVersionType


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The versions waiting for a review (IN_REVIEW), those waiting longest first.",
    )
    async def review_queue(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[AssetVersionType]:
        page = await reviews.list_review_queue(info.context.actor, first=first, after=after)
        return Connection.from_page(page, AssetVersionType.from_model)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Admins and developers; drafts only."
    )
    async def submit_version(self, info: Info, id: strawberry.ID) -> AssetVersionType:
        version = await reviews.submit_version(
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
        version = await reviews.review_version(
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
        version = await reviews.review_version(
            info.context.actor,
            version_id=decode_id(id, "AssetVersion"),
            decision=ReviewDecision.REJECT,
            comment=comment,
        )
        return AssetVersionType.from_model(version)
