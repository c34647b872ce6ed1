"""Activations: which version each environment serves, its history, and one-step rollback.
Canary rollouts (service/rollouts.py) record their changes through `record_activation` too."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from app.access.models import AssetAction
from app.access.service import require_asset_action
from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput, Conflict, Forbidden
from app.core.pagination import Page, paginate
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.identity.models import Tenant
from app.identity.tenant_policy import TenantPolicy
from app.registry.events import announce_activation
from app.registry.models import (
    Activation,
    Asset,
    AssetVersion,
    CurrentActivation,
    Rollout,
    VersionStatus,
)


async def check_environment(actor: Actor, environment: str) -> TenantPolicy:
    """The tenant's policy, once the environment is known to be one of its environments."""
    tenant = await Tenant.get(id=actor.tenant_id)
    if environment not in tenant.environments:
        raise BadUserInput(
            f"unknown environment '{environment}'; this tenant has: "
            + ", ".join(tenant.environments),
            field="environment",
        )
    return TenantPolicy.from_json(tenant.policy)


def check_protection(
    policy: TenantPolicy, environment: str, asset: Asset, version: AssetVersion
) -> None:
    if policy.is_protected(environment) and version.status != VersionStatus.APPROVED:
        raise Forbidden(
            f"{environment} is protected: version {version.number} of '{asset.name}' is "
            f"{version.status.name}, it needs an approved review"
        )


async def lock_asset(actor: Actor, asset_id: UUID) -> Asset:
    """The asset row, locked: activations of one asset run one after another."""
    asset = await Asset.get_scoped(actor, asset_id, for_update=True)
    await require_asset_action(actor, asset, AssetAction.ACTIVATE)
    if asset.archived:
        raise Conflict(f"asset '{asset.name}' is archived")
    return asset


async def record_activation(
    actor: Actor,
    *,
    asset: Asset,
    environment: str,
    version_id: UUID,
    previous_version_id: UUID | None,
    current: CurrentActivation | None,
    rollback_target_id: UUID | None,
    is_rollback: bool = False,
    rollout: Rollout | None = None,
    action: str = "version.activate",
) -> Activation:
    """A row of the history, the environment's current activation set to it, its audit event
    and its announcement. `rollout` is the canary as it stands after the change, if any."""
    stored = rollout.to_json() if rollout is not None else None
    activation = await Activation.create(
        tenant_id=actor.tenant_id,
        asset_id=asset.id,
        environment=environment,
        version_id=version_id,
        previous_version_id=previous_version_id,
        rollback_target_id=rollback_target_id,
        is_rollback=is_rollback,
        rollout=stored,
        actor_id=actor.user_id,
    )
    if current is None:
        await CurrentActivation.create(
            tenant_id=actor.tenant_id,
            asset_id=asset.id,
            environment=environment,
            activation_id=activation.id,
            version_id=version_id,
            rollout=stored,
        )
    else:
        current.activation_id = activation.id
        current.version_id = version_id
        current.rollout = stored
        await current.save(update_fields=["activation_id", "version_id", "rollout", "updated_at"])
    diff: dict[str, Any] = {
        "environment": environment,
        "before": {"version_id": str(previous_version_id) if previous_version_id else None},
        "after": {"version_id": str(version_id)},
    }
    if stored is not None:
        diff["rollout"] = stored
    await record_audit(actor, action, target_type="Asset", target_id=asset.id, diff=diff)
    await announce_activation(actor, asset, activation)
    return activation


async def current_activation(asset: Asset, environment: str) -> CurrentActivation | None:
    return await CurrentActivation.filter(asset_id=asset.id, environment=environment).first()


async def current_activations_of(
    actor: Actor, asset_ids: list[UUID]
) -> dict[UUID, list[CurrentActivation]]:
    """What each asset serves, environment by environment, with the versions."""
    found: dict[UUID, list[CurrentActivation]] = defaultdict(list)
    rows = (
        await CurrentActivation.scoped(actor)
        .filter(asset_id__in=asset_ids)
        .select_related("version")
        .order_by("environment")
    )
    for row in rows:
        found[row.asset_id].append(row)
    return found


async def activate_version(actor: Actor, *, version_id: UUID, environment: str) -> Activation:
    require(actor, Permission.ACTIVATE)
    policy = await check_environment(actor, environment)
    async with atomic():
        version = await AssetVersion.get_scoped(actor, version_id)
        asset = await lock_asset(actor, version.asset_id)
        current = await current_activation(asset, environment)
        if current and current.version_id == version.id:
            raise Conflict(f"version {version.number} is already active in {environment}")
        check_protection(policy, environment, asset, version)
        # A plain activation ends a running canary: the new version serves everything.
        return await record_activation(
            actor,
            asset=asset,
            environment=environment,
            version_id=version.id,
            previous_version_id=current.version_id if current else None,
            current=current,
            rollback_target_id=current.activation_id if current else None,
        )


async def rollback(actor: Actor, *, asset_id: UUID, environment: str) -> Activation:
    """Restore what was active before the current activation; repeated, it walks further back."""
    require(actor, Permission.ACTIVATE)
    policy = await check_environment(actor, environment)
    async with atomic():
        asset = await lock_asset(actor, asset_id)
        current = await current_activation(asset, environment)
        active = await Activation.get(id=current.activation_id) if current else None
        if active is None or active.rollback_target_id is None:
            raise Conflict(f"nothing to roll back to in {environment}")
        target = await Activation.get(id=active.rollback_target_id)
        if policy.is_protected(environment):
            check_protection(
                policy, environment, asset, await AssetVersion.get(id=target.version_id)
            )
        return await record_activation(
            actor,
            asset=asset,
            environment=environment,
            version_id=target.version_id,
            previous_version_id=current.version_id if current else None,
            current=current,
            rollback_target_id=target.rollback_target_id,
            is_rollback=True,
            action="version.rollback",
        )


async def activation_history(
    actor: Actor, *, asset_id: UUID, environment: str | None, first: int | None, after: str | None
) -> Page[Activation]:
    await Asset.get_scoped(actor, asset_id)
    history = Activation.scoped(actor).filter(asset_id=asset_id)
    if environment:
        history = history.filter(environment=environment)
    return await paginate(history, order=("-created_at", "-id"), first=first, after=after)


async def get_activation(actor: Actor, id: UUID) -> Activation:
    return await Activation.get_scoped(actor, id)
