"""GraphQL inputs and mutation of access: the tenant's governance policy (read through
Tenant.policy). The asset grants' mutations read the asset: registry/schema.py holds them."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.access import service
from app.core.field_permissions import IsAuthenticated
from app.identity.tenant_policy import Risk
from app.identity.types import TenantType


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
class AccessMutation:
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
