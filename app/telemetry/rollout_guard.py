"""The guard of a running canary: a "rollout.guard" job that compares the canary's execution
logs since the rollout started with the baseline's, rolls the canary back when a limit trips,
and otherwise runs again a few seconds later, for as long as the canary runs. It lives with the
stats it reads; the rollback itself is the registry's (registry/service/rollouts.py).

A canary that received no log since the last look is looked at half as often each time, down
to once every IDLE_BACKOFF intervals: a canary nobody calls costs next to nothing, and the first
logs it gets bring the guard back to its interval at the next look."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from app.jobs.models import Job
from app.jobs.queue import enqueue
from app.registry.models import CurrentActivation, Rollout
from app.registry.service import GUARD_JOB, roll_back_canary, running_canary
from app.telemetry.service import Figures, log_figures

IDLE_BACKOFF = 10


def _summary(figures: Figures) -> dict[str, Any]:
    return {
        "count": figures.count,
        "error_rate": figures.error_rate,
        "p95_latency_ms": figures.p95_latency_ms,
    }


def tripped_limits(rollout: Rollout, canary: Figures, baseline: Figures) -> str | None:
    """Why the canary must stop, or None while it keeps within its limits (or has too few logs
    to tell)."""
    if canary.count < rollout.min_samples:
        return None
    reasons = []
    max_error_rate = rollout.max_error_rate
    if max_error_rate is not None and canary.error_rate > max_error_rate:
        reasons.append(
            f"error rate {canary.error_rate:.1%} over {canary.count} logs is above the limit of "
            f"{max_error_rate:.1%} (baseline: {baseline.error_rate:.1%} over "
            f"{baseline.count} logs)"
        )
    max_p95 = rollout.max_p95_latency_ms
    p95 = canary.p95_latency_ms
    if max_p95 is not None and p95 is not None and p95 > max_p95:
        baseline_p95 = (
            f"{baseline.p95_latency_ms:.0f} ms" if baseline.p95_latency_ms is not None else "none"
        )
        reasons.append(
            f"p95 latency {p95:.0f} ms over {canary.count} logs is above the limit of "
            f"{max_p95} ms (baseline: {baseline_p95})"
        )
    return "; ".join(reasons) or None


async def guard_rollout(job: Job) -> None:
    activation_id = UUID(job.payload["activation_id"])
    current = await CurrentActivation.filter(
        tenant_id=job.tenant_id, activation_id=activation_id
    ).first()
    rollout = running_canary(current.rollout) if current else None
    if current is None or rollout is None:
        return  # promoted, replaced or rolled back: nothing left to guard
    since = rollout.started_at
    canary, baseline = [
        await log_figures(
            tenant_id=job.tenant_id,
            version_id=version_id,
            environment=current.environment,
            since=since,
        )
        for version_id in (rollout.version_id, current.version_id)
    ]
    reason = tripped_limits(rollout, canary, baseline)
    if reason is not None:
        await roll_back_canary(
            tenant_id=job.tenant_id,
            activation_id=activation_id,
            reason=reason,
            figures={"canary": _summary(canary), "baseline": _summary(baseline)},
        )
        return
    every = float(job.payload["every_seconds"])
    idle = canary.count == job.payload.get("seen")
    delay = (
        min(float(job.payload.get("delay_seconds", every)) * 2, every * IDLE_BACKOFF)
        if idle
        else every
    )
    await enqueue(
        tenant_id=job.tenant_id,
        kind=GUARD_JOB,
        payload={**job.payload, "seen": canary.count, "delay_seconds": delay},
        delay=timedelta(seconds=delay),
    )
