"""Per-request DataLoaders for identity, scoped to the actor's tenant (app/core/loaders.py)."""

from __future__ import annotations

from uuid import UUID

from app.core.actor import Actor
from app.core.loaders import RowsById, ScopedLoader
from app.identity.models import Tenant, User
from app.identity.service import user_counts


class TenantById(ScopedLoader[UUID, Tenant | None]):
    async def batch_load_fn(self, keys: list[UUID]) -> list[Tenant | None]:
        # A user sees their own tenant; a superadmin sees every tenant.
        allowed = keys if self.actor.is_superadmin else [self.actor.tenant_id]
        found = {tenant.id: tenant for tenant in await Tenant.filter(id__in=allowed)}
        return [found.get(key) for key in keys]


class UserCountByTenant(ScopedLoader[UUID, int]):
    async def batch_load_fn(self, keys: list[UUID]) -> list[int]:
        counts = await user_counts(self.actor, keys)
        return [counts.get(key, 0) for key in keys]


class IdentityLoaders:
    def __init__(self, actor: Actor) -> None:
        self.user = RowsById(actor, User)
        self.tenant = TenantById(actor)
        self.user_count = UserCountByTenant(actor)
