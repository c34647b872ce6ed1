"""Changing a tenant's governance policy: environments, protected ones, approvals per risk,
approvals from accounts that the author created."""

from __future__ import annotations

import re

from app.core.actor import Actor
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.governance.policy import Risk, TenantPolicy
from app.identity.models import Tenant

ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
MAX_ENVIRONMENTS = 20
MAX_APPROVALS = 10


def _environments(names: list[str]) -> list[str]:
    if not names:
        raise BadUserInput("a tenant needs at least one environment", field="environments")
    if len(names) > MAX_ENVIRONMENTS:
        raise BadUserInput(
            f"a tenant has at most {MAX_ENVIRONMENTS} environments", field="environments"
        )
    for name in names:
        if not ENVIRONMENT_NAME.match(name):
            raise BadUserInput(
                f"environment '{name}' must be 1 to 64 lowercase letters, digits, '_' or '-', "
                "starting with a letter",
                field="environments",
            )
    return list(dict.fromkeys(names))


def _protected(names: list[str], environments: list[str]) -> list[str]:
    unknown = [name for name in names if name not in environments]
    if unknown:
        raise BadUserInput(
            f"protectedEnvironments must be environments of the tenant: '{unknown[0]}' is not "
            f"(environments: {', '.join(environments)})",
            field="protectedEnvironments",
        )
    return list(dict.fromkeys(names))


def _approvals(current: dict[Risk, int], changed: list[tuple[Risk, int]]) -> dict[Risk, int]:
    risks = [risk for risk, _ in changed]
    if len(set(risks)) != len(risks):
        raise BadUserInput("approvalsRequired names a risk twice", field="approvalsRequired")
    for risk, count in changed:
        if not 0 <= count <= MAX_APPROVALS:
            raise BadUserInput(
                f"approvals for {risk.name} risk must be between 0 and {MAX_APPROVALS}",
                field="approvalsRequired",
            )
    return {**current, **dict(changed)}


async def policy_of(actor: Actor) -> TenantPolicy:
    """The actor's tenant's policy."""
    tenant = await Tenant.get(id=actor.tenant_id).only("id", "policy")
    return TenantPolicy.from_json(tenant.policy)


async def update_tenant_policy(
    actor: Actor,
    *,
    environments: list[str] | None = None,
    protected_environments: list[str] | None = None,
    approvals_required: list[tuple[Risk, int]] | None = None,
    refuse_approvals_from_author_created_accounts: bool | None = None,
) -> Tenant:
    """Change the parts of the policy that are given; the rest stays as it is."""
    require(actor, Permission.MANAGE_POLICY)
    async with atomic():
        tenant = await Tenant.filter(id=actor.tenant_id).select_for_update(no_key=True).get()
        current = TenantPolicy.from_json(tenant.policy)
        new_environments = (
            _environments(environments) if environments is not None else current.environments
        )
        # An environment that leaves the list must leave the protected list explicitly too:
        # dropping protection silently would let unreviewed versions through.
        new_policy = TenantPolicy(
            environments=new_environments,
            protected_environments=_protected(
                current.protected_environments
                if protected_environments is None
                else protected_environments,
                new_environments,
            ),
            approvals_required=_approvals(current.approvals_required, approvals_required or []),
            refuse_approvals_from_author_created_accounts=(
                current.refuse_approvals_from_author_created_accounts
                if refuse_approvals_from_author_created_accounts is None
                else refuse_approvals_from_author_created_accounts
            ),
        )
        before = current.to_json()
        tenant.policy = new_policy.to_json()
        await tenant.save(update_fields=["policy"])
        await record_audit(
            actor,
            "tenant.update_policy",
            target_type="Tenant",
            target_id=tenant.id,
            diff=changes(before, tenant.policy),
        )
    return tenant
