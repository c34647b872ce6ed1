"""Per-request DataLoaders for identity, scoped to the actor's tenant."""

from __future__ import annotations

from uuid import UUID

from aiodataloader import DataLoader

from app.core.actor import Actor
from app.identity.models import Tenant, User


class UserById(DataLoader[UUID, User | None]):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    async def batch_load_fn(self, keys: list[UUID]) -> list[User | None]:
        found = {user.id: user for user in await User.scoped(self.actor).filter(id__in=keys)}
        return [found.get(key) for key in keys]


class TenantById(DataLoader[UUID, Tenant | None]):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    async def batch_load_fn(self, keys: list[UUID]) -> list[Tenant | None]:
        # A user sees their own tenant; a superadmin sees every tenant.
        allowed = keys if self.actor.is_superadmin else [self.actor.tenant_id]
        found = {tenant.id: tenant for tenant in await Tenant.filter(id__in=allowed)}
        return [found.get(key) for key in keys]


class IdentityLoaders:
    def __init__(self, actor: Actor) -> None:
        self.user = UserById(actor)
        self.tenant = TenantById(actor)
