"""GraphQL inputs and mutations of access: the tenant's governance policy (read through
Tenant.policy) and asset grants."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.access import service
from app.access.models import AssetAction, GrantEffect
from app.access.types import AssetGrantType
from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.identity.tenant_policy import Risk
from app.identity.types import TenantType
from app.registry.types import AssetType


@strawberry.input
class RiskApprovalsInput:
    risk: Risk
    approvals: int


@strawberry.input
class TenantPolicyInput:
    environments: list[str] | None = None
    protected_environments: list[str] | None = None
    approvals_required: list[RiskApprovalsInput] | None = None
    refuse_approvals_from_author_created_accounts: bool | None = None


@strawberry.type
class PolicyMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Admins only. Changes the parts of the policy that are given.",
    )
    async def update_tenant_policy(self, info: Info, input: TenantPolicyInput) -> TenantType:
        approvals = input.approvals_required
        tenant = await service.update_tenant_policy(
            info.context.actor,
            environments=input.environments,
            protected_environments=input.protected_environments,
            approvals_required=[(row.risk, row.approvals) for row in approvals]
            if approvals is not None
            else None,
            refuse_approvals_from_author_created_accounts=(
                input.refuse_approvals_from_author_created_accounts
            ),
        )
        return TenantType.from_model(tenant)


@strawberry.type
class GrantMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def restrict_asset(self, info: Info, id: strawberry.ID, restricted: bool) -> AssetType:
        asset = await service.restrict_asset(
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
        grant = await service.grant_asset_access(
            info.context.actor,
            asset_id=decode_id(asset_id, "Asset"),
            user_id=decode_id(user_id, "User"),
            actions=actions,
            effect=effect,
        )
        return AssetGrantType.from_model(grant)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def revoke_asset_grant(self, info: Info, id: strawberry.ID) -> bool:
        await service.revoke_asset_grant(info.context.actor, grant_id=decode_id(id, "AssetGrant"))
        return True
