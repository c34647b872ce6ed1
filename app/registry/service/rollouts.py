"""Canary rollouts: start one, promote it, or roll it back (the guard's decision), and which
version serves a request while one runs.

A canary keeps the current version as the baseline: the activation that starts it has the
baseline as its version and the canary in its rollout (models.Rollout, stored as JSON). The
baseline serves everything the canary does not, on a sticky split by request key. Promotion
makes the canary the version; a rollback leaves the baseline serving everything. When the rollout
ends, state becomes "promoted" or "rolled_back" (with a reason) and the split stops. Each is a row
of the history, audited and announced. While a canary runs, a "rollout.guard" job
(telemetry/rollout_guard.py), enqueued in the transaction that starts it, judges it every
PROMPTVAULT_ROLLOUT_GUARD_SECONDS.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from app.core.actor import Actor
from app.core.errors import BadUserInput, Conflict
from app.core.events import RolloutPromoted, RolloutRolledBack, RolloutStarted
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.jobs.queue import enqueue
from app.registry.events import announce_rollout
from app.registry.models import (
    PROMOTED,
    ROLLED_BACK,
    RUNNING,
    Activation,
    Asset,
    AssetVersion,
    CurrentActivation,
    Rollout,
)
from app.registry.service.activations import (
    check_environment,
    check_protection,
    current_activation,
    lock_asset,
    record_activation,
)

GUARD_JOB = "rollout.guard"


@dataclass(frozen=True)
class RolloutRequest:
    """activateVersion's rollout argument."""

    share: float
    max_error_rate: float | None = None
    max_p95_latency_ms: int | None = None
    min_samples: int = 100

    def check(self) -> None:
        if not 0 < self.share < 1:
            raise BadUserInput("rollout.share must be between 0 and 1, both excluded")
        if self.max_error_rate is not None and not 0 <= self.max_error_rate <= 1:
            raise BadUserInput("rollout.maxErrorRate must be between 0 and 1")
        if self.max_p95_latency_ms is not None and self.max_p95_latency_ms <= 0:
            raise BadUserInput("rollout.maxP95LatencyMs must be more than 0")
        if self.min_samples < 1:
            raise BadUserInput("rollout.minSamples must be 1 or more")

    def start(self, canary_id: UUID) -> Rollout:
        return Rollout(
            version_id=canary_id,
            share=self.share,
            state=RUNNING,
            started_at=datetime.now(UTC),
            max_error_rate=self.max_error_rate,
            max_p95_latency_ms=self.max_p95_latency_ms,
            min_samples=self.min_samples,
        )


def running_canary(stored: dict[str, Any] | None) -> Rollout | None:
    """The rollout of a `rollout` column, while it runs."""
    rollout = Rollout.from_json(stored)
    return rollout if rollout is not None and rollout.running else None


def serves_canary(rollout: Rollout, key: str | None) -> bool:
    """Sticky by key: the same key always falls on the same side of the same canary."""
    if key is None:
        return random.random() < rollout.share
    digest = hashlib.sha256(f"{rollout.version_id}:{key}".encode()).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    return position < rollout.share


def serving_version_id(baseline_id: UUID, rollout: Rollout | None, key: str | None) -> UUID:
    if rollout is not None and rollout.running and serves_canary(rollout, key):
        return rollout.version_id
    return baseline_id


async def start_rollout(
    actor: Actor,
    *,
    version_id: UUID,
    environment: str,
    request: RolloutRequest,
    guard_every: timedelta,
) -> Activation:
    """Serve the version to `request.share` of requests beside the current one."""
    require(actor, Permission.ACTIVATE)
    request.check()
    policy = await check_environment(actor, environment)
    async with atomic():
        version = await AssetVersion.get_scoped(actor, version_id)
        asset = await lock_asset(actor, version.asset_id)
        current = await current_activation(asset, environment)
        if current is None:
            raise Conflict(
                f"nothing is active in {environment} to keep as the baseline: activate a "
                "version first, then roll out the next one as a canary"
            )
        if running_canary(current.rollout) is not None:
            raise Conflict(
                f"a canary is already running in {environment}: promote it or roll back first"
            )
        if current.version_id == version.id:
            raise Conflict(f"version {version.number} is already active in {environment}")
        check_protection(policy, environment, asset, version)
        baseline_id = current.version_id
        activation = await record_activation(
            actor,
            asset=asset,
            environment=environment,
            version_id=baseline_id,
            previous_version_id=baseline_id,
            current=current,
            rollback_target_id=current.activation_id,
            rollout=request.start(version.id),
            action="rollout.start",
        )
        await enqueue(
            tenant_id=actor.tenant_id,
            kind=GUARD_JOB,
            payload={
                "activation_id": str(activation.id),
                "every_seconds": guard_every.total_seconds(),
            },
            delay=guard_every,
        )
        await announce_rollout(
            actor, RolloutStarted, asset=asset, activation=activation, baseline_id=baseline_id
        )
        return activation


async def promote_rollout(actor: Actor, *, asset_id: UUID, environment: str) -> Activation:
    """The running canary becomes the environment's version, for every request."""
    require(actor, Permission.ACTIVATE)
    policy = await check_environment(actor, environment)
    async with atomic():
        asset = await lock_asset(actor, asset_id)
        current = await current_activation(asset, environment)
        canary = running_canary(current.rollout) if current else None
        if current is None or canary is None:
            raise Conflict(f"no canary of '{asset.name}' is running in {environment}")
        version = await AssetVersion.get_scoped(actor, canary.version_id)
        check_protection(policy, environment, asset, version)
        start = await Activation.get(id=current.activation_id)
        baseline_id = current.version_id
        activation = await record_activation(
            actor,
            asset=asset,
            environment=environment,
            version_id=version.id,
            previous_version_id=baseline_id,
            current=current,
            # A rollback from here restores the baseline, as it was before the canary.
            rollback_target_id=start.rollback_target_id,
            rollout=canary.ended(PROMOTED),
            action="rollout.promote",
        )
        await announce_rollout(
            actor, RolloutPromoted, asset=asset, activation=activation, baseline_id=baseline_id
        )
        return activation


async def roll_back_canary(
    *, tenant_id: UUID, activation_id: UUID, reason: str, figures: dict[str, Any]
) -> Activation | None:
    """The guard's decision, taken as the system (no user): the canary that `activation_id`
    started stops and the baseline serves everything. None if that canary no longer runs."""
    actor = Actor.system(tenant_id)
    async with atomic():
        started = await CurrentActivation.filter(
            tenant_id=tenant_id, activation_id=activation_id
        ).first()
        if started is None:
            return None
        asset = await Asset.get_scoped(actor, started.asset_id, for_update=True)
        current = await current_activation(asset, started.environment)
        canary = running_canary(current.rollout) if current else None
        if current is None or canary is None or current.activation_id != activation_id:
            return None  # promoted, replaced or rolled back meanwhile
        start = await Activation.get(id=activation_id)
        baseline_id = current.version_id
        activation = await record_activation(
            actor,
            asset=asset,
            environment=current.environment,
            version_id=baseline_id,
            previous_version_id=canary.version_id,
            current=current,
            rollback_target_id=start.rollback_target_id,
            is_rollback=True,
            rollout=canary.ended(ROLLED_BACK, reason=reason, figures=figures),
            action="rollout.rolled_back",
        )
        await announce_rollout(
            actor, RolloutRolledBack, asset=asset, activation=activation, baseline_id=baseline_id
        )
        return activation
