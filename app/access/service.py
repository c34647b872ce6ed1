"""Who may do what, per tenant and per asset.

The tenant's governance policy: its environments, the protected ones, approvals per risk,
approvals from accounts that the author created; read and changed here.

Asset grants: per-user ALLOW or DENY of an asset's edit, review and activate actions. A DENY grant
wins over any role, restricted or not. A restricted asset opens its actions only to admins and to
users holding an ALLOW grant for the action. Grants narrow what a role may do; they never give a
role more than it has. An asset is the registry's, on the floor above: grants read it through
GuardedAsset, and the registry hands it over.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol
from uuid import UUID

from app.access.models import AssetAction, AssetGrant, GrantEffect
from app.core.actor import Actor, Role
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput, Forbidden
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.identity.models import Tenant, User
from app.identity.tenant_policy import Risk, TenantPolicy

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


class GuardedAsset(Protocol):
    """What grants read of an asset: the registry's Asset fits."""

    @property
    def id(self) -> UUID: ...

    @property
    def name(self) -> str: ...

    @property
    def restricted(self) -> bool: ...


# Reads the asset with that id in the actor's tenant, locked until the transaction ends.
AssetLocker = Callable[[Actor, UUID], Awaitable[GuardedAsset]]


async def require_asset_action(actor: Actor, asset: GuardedAsset, action: AssetAction) -> None:
    """Refuse `action` on `asset` when a grant denies it or the asset is restricted to others."""
    await require_action_on_assets(actor, [asset], action)


async def require_action_on_assets(
    actor: Actor, assets: Sequence[GuardedAsset], action: AssetAction
) -> None:
    """Refuse `action` unless every asset opens it to the actor, in one query for them all."""
    if actor.user_id is None:
        return  # the CLI and the seeder act as the tenant itself
    grants = await AssetGrant.scoped(actor).filter(
        asset_id__in=[asset.id for asset in assets], user_id=actor.user_id
    )
    granted: dict[tuple[UUID, GrantEffect], set[str]] = defaultdict(set)
    for grant in grants:
        granted[grant.asset_id, grant.effect].update(grant.actions)
    for asset in assets:
        if action.value in granted[asset.id, GrantEffect.DENY]:
            raise Forbidden(f"a grant denies you to {action.value} asset '{asset.name}'")
        allowed = actor.role == Role.ADMIN or action.value in granted[asset.id, GrantEffect.ALLOW]
        if asset.restricted and not allowed:
            raise Forbidden(
                f"asset '{asset.name}' is restricted: you need an ALLOW grant to {action.value} it"
            )


async def list_grants(actor: Actor, asset_ids: list[UUID]) -> dict[UUID, list[AssetGrant]]:
    found: dict[UUID, list[AssetGrant]] = {asset_id: [] for asset_id in asset_ids}
    for grant in (
        await AssetGrant.scoped(actor).filter(asset_id__in=asset_ids).order_by("created_at")
    ):
        found[grant.asset_id].append(grant)
    return found


async def grant_asset_access(
    actor: Actor,
    *,
    lock_asset: AssetLocker,
    asset_id: UUID,
    user_id: UUID,
    actions: list[AssetAction],
    effect: GrantEffect,
) -> AssetGrant:
    """Set the user's grant of this effect on the asset to exactly `actions`. Grants on one asset
    wait for each other on its lock."""
    require(actor, Permission.MANAGE_GRANTS)
    if not actions:
        raise BadUserInput("a grant needs at least one action", field="actions")
    names = sorted({action.value for action in actions})
    async with atomic():
        asset = await lock_asset(actor, asset_id)
        user = await User.get_scoped(actor, user_id)
        grant = (
            await AssetGrant.scoped(actor)
            .filter(asset_id=asset.id, user_id=user.id, effect=effect)
            .first()
        )
        before = grant.actions if grant else None
        if grant is None:
            grant = await AssetGrant.create(
                tenant_id=actor.tenant_id,
                asset_id=asset.id,
                user_id=user.id,
                actions=names,
                effect=effect,
            )
        else:
            grant.actions = names
            await grant.save(update_fields=["actions"])
        await record_audit(
            actor,
            "asset.grant",
            target_type="Asset",
            target_id=asset.id,
            diff={
                "user": str(user.id),
                "effect": effect.value,
                "before": {"actions": before},
                "after": {"actions": names},
            },
        )
    return grant


async def revoke_asset_grant(actor: Actor, *, grant_id: UUID) -> None:
    require(actor, Permission.MANAGE_GRANTS)
    async with atomic():
        grant = await AssetGrant.get_scoped(actor, grant_id, for_update=True)
        await grant.delete()
        await record_audit(
            actor,
            "asset.revoke_grant",
            target_type="Asset",
            target_id=grant.asset_id,
            diff={
                "user": str(grant.user_id),
                "effect": grant.effect.value,
                "before": {"actions": grant.actions},
                "after": {"actions": None},
            },
        )
