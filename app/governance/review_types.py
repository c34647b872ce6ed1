"""GraphQL mutations of version review; they answer the version they changed."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.api.ids import decode_id
from app.api.permissions import IsAuthenticated
from app.governance import reviews
from app.governance.models import ReviewDecision
from app.registry.types import AssetVersionType


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
