"""platformStats: the platform console's figures, composed here, on the floor above every domain
that holds one (identity's people, the registry's assets and versions, telemetry's executions),
each read through its domain's service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.identity.service import people_figures
from app.registry.service import registry_figures
from app.telemetry.service import executions_since

ACTIVE_WINDOW = timedelta(days=30)
EXECUTIONS_WINDOW = timedelta(hours=24)


@strawberry.type(name="PlatformStats")
class PlatformStatsType:
    tenants: int
    users: int = strawberry.field(description="Active accounts, in every tenant.")
    active_users_30d: int = strawberry.field(
        description="Active accounts that signed in during the last 30 days."
    )
    assets: int
    versions: int
    executions_24h: int = strawberry.field(
        description="Execution logs recorded during the last 24 hours."
    )


@strawberry.type
class PlatformQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Superadmins only.")
    async def platform_stats(self, info: Info) -> PlatformStatsType:
        actor = info.context.actor
        now = datetime.now(UTC)
        people = await people_figures(actor, active_since=now - ACTIVE_WINDOW)
        registry = await registry_figures(actor)
        return PlatformStatsType(
            tenants=people.tenants,
            users=people.users,
            active_users_30d=people.active_users,
            assets=registry.assets,
            versions=registry.versions,
            executions_24h=await executions_since(actor, now - EXECUTIONS_WINDOW),
        )
