"""Asset grants: per-user ALLOW or DENY of an asset's edit, review and activate actions.

A DENY grant wins over any role, restricted or not. A restricted asset opens its actions only to
admins and to users holding an ALLOW grant for the action. Grants narrow what a role may do;
they never give a role more than it has.
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from app.core.actor import Actor, Role
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Forbidden
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.governance.models import AssetAction, AssetGrant, GrantEffect
from app.identity.models import User
from app.registry.models import Asset


async def require_asset_action(actor: Actor, asset: Asset, action: AssetAction) -> None:
    """Refuse `action` on `asset` when a grant denies it or the asset is restricted to others."""
    await require_action_on_assets(actor, [asset], action)


async def require_action_on_assets(actor: Actor, assets: list[Asset], action: AssetAction) -> None:
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


async def restrict_asset(actor: Actor, *, asset_id: UUID, restricted: bool) -> Asset:
    require(actor, Permission.MANAGE_GRANTS)
    async with atomic():
        asset = await Asset.get_scoped(actor, asset_id, for_update=True)
        before = asset.restricted
        asset.restricted = restricted
        await asset.save(update_fields=["restricted", "updated_at"])
        await record_audit(
            actor,
            "asset.restrict",
            target_type="Asset",
            target_id=asset.id,
            diff={"before": {"restricted": before}, "after": {"restricted": restricted}},
        )
    return asset


async def grant_asset_access(
    actor: Actor,
    *,
    asset_id: UUID,
    user_id: UUID,
    actions: list[AssetAction],
    effect: GrantEffect,
) -> AssetGrant:
    """Set the user's grant of this effect on the asset to exactly `actions`."""
    require(actor, Permission.MANAGE_GRANTS)
    if not actions:
        raise BadUserInput("a grant needs at least one action", field="actions")
    names = sorted({action.value for action in actions})
    async with atomic():
        asset = await Asset.get_scoped(actor, asset_id, for_update=True)
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
