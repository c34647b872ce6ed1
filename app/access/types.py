"""GraphQL object types of access: asset grants. The tenant's policy is read through Tenant.policy
(identity/types.py); an asset's grants through Asset.grants (registry/types.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.access.models import AssetAction, AssetGrant, GrantEffect
from app.core.ids import encode_id
from app.identity.types import UserType, load_user

strawberry.enum(AssetAction, name="AssetAction")
strawberry.enum(GrantEffect, name="GrantEffect")


@strawberry.type(name="AssetGrant")
class AssetGrantType:
    id: strawberry.ID
    actions: list[AssetAction]
    effect: GrantEffect
    created_at: datetime
    user_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, grant: AssetGrant) -> Self:
        return cls(
            id=encode_id("AssetGrant", grant.id),
            actions=[AssetAction(action) for action in grant.actions],
            effect=grant.effect,
            created_at=grant.created_at,
            user_id=grant.user_id,
        )

    @strawberry.field
    async def user(self, info: Info) -> UserType:
        return await load_user(info, self.user_id)


async def load_grants(info: Info, asset_id: UUID) -> list[AssetGrantType]:
    found: list[AssetGrant] = await info.context.access.grants.load(asset_id)
    return [AssetGrantType.from_model(grant) for grant in found]
