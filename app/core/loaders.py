"""The one style of DataLoader: built per request for the actor, so every batch is scoped to the
actor's tenant. A domain's loaders.py gathers its loaders in one `<Domain>Loaders` class, which
the GraphQL context builds the first time a resolver asks for it.

Most loaders are one of the two below; a loader with a query of its own subclasses ScopedLoader
and writes batch_load_fn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar
from uuid import UUID

from aiodataloader import DataLoader

from app.core.actor import Actor
from app.core.models import TenantScoped

K = TypeVar("K")
V = TypeVar("V")
M = TypeVar("M", bound=TenantScoped)
T = TypeVar("T")


class ScopedLoader(DataLoader[K, V], Generic[K, V]):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor


class RowsById(ScopedLoader[UUID, M | None], Generic[M]):
    """Rows of one tenant-scoped model by id; another tenant's id loads None."""

    def __init__(self, actor: Actor, model: type[M]) -> None:
        super().__init__(actor)
        self.model = model

    async def batch_load_fn(self, keys: list[UUID]) -> list[M | None]:
        found = {row.id: row for row in await self.model.scoped(self.actor).filter(id__in=keys)}
        return [found.get(key) for key in keys]


class ListsByKey(ScopedLoader[UUID, list[T]], Generic[T]):
    """Each key's list, from one call of a service function that answers {key: [items]}."""

    def __init__(
        self, actor: Actor, fetch: Callable[[Actor, list[UUID]], Awaitable[dict[UUID, list[T]]]]
    ) -> None:
        super().__init__(actor)
        self.fetch = fetch

    async def batch_load_fn(self, keys: list[UUID]) -> list[list[T]]:
        found = await self.fetch(self.actor, keys)
        return [found.get(key, []) for key in keys]
