"""Canary rollouts: which version serves a request while a canary runs.

A running canary lives on the current activation as JSON:
{"version_id": "<uuid>", "share": 0.1, "max_error_rate": 0.05 | null,
 "max_p95_latency_ms": 800 | null, "min_samples": 100, "state": "running", "started_at": "<iso>",
 "reason": null}
The activation's own version is the baseline and serves everything the canary does not. When the
rollout ends, state becomes "promoted" or "rolled_back" (with a reason) and the split stops.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any
from uuid import UUID

RUNNING = "running"


def running_canary(rollout: dict[str, Any] | None) -> dict[str, Any] | None:
    return rollout if rollout and rollout.get("state") == RUNNING else None


def serves_canary(rollout: dict[str, Any], key: str | None) -> bool:
    """Sticky by key: the same key always falls on the same side of the same canary."""
    if key is None:
        return random.random() < float(rollout["share"])
    digest = hashlib.sha256(f"{rollout['version_id']}:{key}".encode()).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    return position < float(rollout["share"])


def serving_version_id(baseline_id: UUID, rollout: dict[str, Any] | None, key: str | None) -> UUID:
    canary = running_canary(rollout)
    if canary is not None and serves_canary(canary, key):
        return UUID(canary["version_id"])
    return baseline_id
