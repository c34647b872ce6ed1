"""GraphQL types and operations of asset grants."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id, encode_id
from app.governance import grants
from app.governance.models import AssetAction, AssetGrant, GrantEffect
from app.identity.types import UserType, load_user
from app.registry.types import AssetType

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
    found: list[AssetGrant] = await info.context.governance.grants.load(asset_id)
    return [AssetGrantType.from_model(grant) for grant in found]


@strawberry.type
class GrantMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def restrict_asset(self, info: Info, id: strawberry.ID, restricted: bool) -> AssetType:
        asset = await grants.restrict_asset(
            info.context.actor, asset_id=decode_id(id, "Asset"), restricted=restricted
        )
        return AssetType.from_model(asset)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def grant_asset_access(
        self,
        info: Info,
        asset_id: strawberry.ID,
        user_id: strawberry.ID,
        actions: list[AssetAction],
        effect: GrantEffect = GrantEffect.ALLOW,
    ) -> AssetGrantType:
        grant = await grants.grant_asset_access(
            info.context.actor,
            asset_id=decode_id(asset_id, "Asset"),
            user_id=decode_id(user_id, "User"),
            actions=actions,
            effect=effect,
        )
        return AssetGrantType.from_model(grant)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def revoke_asset_grant(self, info: Info, id: strawberry.ID) -> bool:
        await grants.revoke_asset_grant(info.context.actor, grant_id=decode_id(id, "AssetGrant"))
        return True
