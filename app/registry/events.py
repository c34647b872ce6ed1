"""Announcing activations and canary rollouts, inside the change's atomic() transaction:
subscribers, SSE clients, webhooks and runtime caches hear of them once it commits.

Every change of an environment's history emits VersionActivated. A rollout's start, promotion
and rollback also emit RolloutStarted, RolloutPromoted or RolloutRolledBack.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.core.actor import Actor
from app.core.events import (
    RolloutChanged,
    RolloutPromoted,
    RolloutStarted,
    VersionActivated,
    emit,
)
from app.core.ids import encode_id
from app.identity.models import User
from app.registry.models import Activation, Asset, AssetVersion, Rollout


async def _numbers(actor: Actor, *ids: UUID | None) -> dict[UUID, int]:
    wanted = [id for id in ids if id is not None]
    return dict(await AssetVersion.scoped(actor).filter(id__in=wanted).values_list("id", "number"))


async def _email(actor: Actor) -> str | None:
    if actor.user_id is None:
        return None
    user = await User.scoped(actor).filter(id=actor.user_id).only("id", "email").first()
    return user.email if user else None


def _version_id(id: UUID | None) -> str | None:
    return encode_id("AssetVersion", id) if id else None


async def announce_activation(actor: Actor, asset: Asset, activation: Activation) -> None:
    previous_id = activation.previous_version_id
    rollout = Rollout.from_json(activation.rollout)
    canary_id = rollout.version_id if rollout else None
    numbers = await _numbers(actor, activation.version_id, previous_id, canary_id)
    await emit(
        actor,
        VersionActivated(
            asset_name=asset.name,
            environment=activation.environment,
            version=numbers[activation.version_id],
            version_id=encode_id("AssetVersion", activation.version_id),
            previous_version=numbers[previous_id] if previous_id else None,
            actor=await _email(actor),
            at=activation.created_at.isoformat(),
            asset_id=encode_id("Asset", asset.id),
            previous_version_id=_version_id(previous_id),
            rollout=_rollout_data(rollout, numbers),
        ),
    )


def _rollout_data(rollout: Rollout | None, numbers: dict[UUID, int]) -> dict[str, Any] | None:
    if rollout is None:
        return None
    return {
        "version": numbers.get(rollout.version_id),
        "versionId": _version_id(rollout.version_id),
        "share": rollout.share,
        "state": rollout.state,
        "reason": rollout.reason,
    }


def _message(
    kind: type[RolloutChanged],
    *,
    asset: Asset,
    environment: str,
    canary: int,
    baseline: int,
    rollout: Rollout,
    by: str | None,
) -> str:
    subject = f"The canary of version {canary} of '{asset.name}' in {environment}"
    if kind is RolloutStarted:
        share = f"{rollout.share:.0%}"
        happened = f"started: it serves {share} of requests, version {baseline} the rest"
    elif kind is RolloutPromoted:
        happened = f"was promoted: version {canary} serves every request"
    else:
        happened = f"was rolled back to version {baseline}: {rollout.reason}"
    return f"{subject} {happened}" + (f" (by {by})" if by else "")


async def announce_rollout(
    actor: Actor,
    kind: type[RolloutChanged],
    *,
    asset: Asset,
    activation: Activation,
    baseline_id: UUID,
) -> None:
    """`kind` is RolloutStarted, RolloutPromoted or RolloutRolledBack; activation.rollout holds
    the rollout as it now stands."""
    rollout = Rollout.from_json(activation.rollout)
    assert rollout is not None
    canary_id = rollout.version_id
    numbers = await _numbers(actor, canary_id, baseline_id)
    email = await _email(actor)
    message = _message(
        kind,
        asset=asset,
        environment=activation.environment,
        canary=numbers[canary_id],
        baseline=numbers[baseline_id],
        rollout=rollout,
        by=email,
    )
    await emit(
        actor,
        kind(
            message=message,
            target_id=encode_id("Asset", asset.id),
            asset_name=asset.name,
            asset_id=encode_id("Asset", asset.id),
            environment=activation.environment,
            version=numbers[canary_id],
            version_id=encode_id("AssetVersion", canary_id),
            baseline_version=numbers[baseline_id],
            baseline_version_id=encode_id("AssetVersion", baseline_id),
            share=rollout.share,
            state=rollout.state,
            reason=rollout.reason,
            activation_id=encode_id("Activation", activation.id),
            actor=email,
            at=activation.created_at.isoformat(),
        ),
    )
