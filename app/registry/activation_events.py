"""Announcing activations and canary rollouts, inside the change's atomic() transaction:
subscribers, SSE clients, webhooks and runtime caches hear of them once it commits.

Every change of an environment's history emits "version.activated". A rollout's start, promotion
and rollback also emit "rollout.started", "rollout.promoted" or "rollout.rolled_back": runtime
caches drop their entry for any kind that starts with "rollout.", and the rollback is a
notification (its data has a "message" and a "targetId") and a webhook event.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.api.ids import encode_id
from app.core.actor import Actor
from app.identity.models import User
from app.realtime.emit import ACTIVATION, emit
from app.registry.models import Activation, Asset, AssetVersion

ROLLOUT_STARTED = "rollout.started"
ROLLOUT_PROMOTED = "rollout.promoted"
ROLLOUT_ROLLED_BACK = "rollout.rolled_back"


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
    rollout = activation.rollout
    canary_id = UUID(rollout["version_id"]) if rollout else None
    numbers = await _numbers(actor, activation.version_id, previous_id, canary_id)
    await emit(
        actor,
        ACTIVATION,
        {
            "assetName": asset.name,
            "environment": activation.environment,
            "version": numbers[activation.version_id],
            "versionId": _version_id(activation.version_id),
            "previousVersion": numbers[previous_id] if previous_id else None,
            "actor": await _email(actor),
            "at": activation.created_at.isoformat(),
            "assetId": encode_id("Asset", asset.id),
            "previousVersionId": _version_id(previous_id),
            "rollout": _rollout_data(rollout, numbers),
        },
    )


def _rollout_data(
    rollout: dict[str, Any] | None, numbers: dict[UUID, int]
) -> dict[str, Any] | None:
    if rollout is None:
        return None
    canary_id = UUID(rollout["version_id"])
    return {
        "version": numbers.get(canary_id),
        "versionId": _version_id(canary_id),
        "share": rollout["share"],
        "state": rollout["state"],
        "reason": rollout.get("reason"),
    }


def _message(
    kind: str,
    *,
    asset: Asset,
    environment: str,
    canary: int,
    baseline: int,
    rollout: dict[str, Any],
    by: str | None,
) -> str:
    subject = f"The canary of version {canary} of '{asset.name}' in {environment}"
    if kind == ROLLOUT_STARTED:
        share = f"{float(rollout['share']):.0%}"
        happened = f"started: it serves {share} of requests, version {baseline} the rest"
    elif kind == ROLLOUT_PROMOTED:
        happened = f"was promoted: version {canary} serves every request"
    else:
        happened = f"was rolled back to version {baseline}: {rollout.get('reason')}"
    return f"{subject} {happened}" + (f" (by {by})" if by else "")


async def announce_rollout(
    actor: Actor, kind: str, *, asset: Asset, activation: Activation, baseline_id: UUID
) -> None:
    """`kind` is ROLLOUT_STARTED, ROLLOUT_PROMOTED or ROLLOUT_ROLLED_BACK; activation.rollout
    holds the rollout as it now stands."""
    rollout = activation.rollout
    assert rollout is not None
    canary_id = UUID(rollout["version_id"])
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
        kind,
        {
            "message": message,
            "targetId": encode_id("Asset", asset.id),
            "assetName": asset.name,
            "assetId": encode_id("Asset", asset.id),
            "environment": activation.environment,
            "version": numbers[canary_id],
            "versionId": _version_id(canary_id),
            "baselineVersion": numbers[baseline_id],
            "baselineVersionId": _version_id(baseline_id),
            "share": rollout["share"],
            "state": rollout["state"],
            "reason": rollout.get("reason"),
            "activationId": encode_id("Activation", activation.id),
            "actor": email,
            "at": activation.created_at.isoformat(),
        },
    )
