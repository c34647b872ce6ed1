"""Telemetry's figures across every tenant, for the platform console's statistics."""

from __future__ import annotations

from datetime import datetime

from app.core.actor import Actor
from app.core.permissions import require_superadmin
from app.telemetry.models import ExecutionLog


async def executions_since(actor: Actor, since: datetime) -> int:
    """Execution logs of every tenant recorded since `since`: superadmins only."""
    require_superadmin(actor)
    return await ExecutionLog.filter(created_at__gte=since).count()
