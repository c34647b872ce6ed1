"""Per-request DataLoaders for governance, scoped to the actor's tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar
from uuid import UUID

from aiodataloader import DataLoader

from app.core.actor import Actor
from app.governance.change_requests import reviews_of, versions_of
from app.governance.grants import list_grants
from app.governance.models import AssetGrant, Review
from app.registry.models import AssetVersion

T = TypeVar("T")


class ListsByKey(DataLoader[UUID, list[T]], Generic[T]):
    """Each key's rows, from one call of a service function that answers {key: [rows]}."""

    def __init__(
        self, actor: Actor, fetch: Callable[[Actor, list[UUID]], Awaitable[dict[UUID, list[T]]]]
    ) -> None:
        super().__init__()
        self.actor = actor
        self.fetch = fetch

    async def batch_load_fn(self, keys: list[UUID]) -> list[list[T]]:
        found = await self.fetch(self.actor, keys)
        return [found[key] for key in keys]


class GovernanceLoaders:
    def __init__(self, actor: Actor) -> None:
        self.grants: ListsByKey[AssetGrant] = ListsByKey(actor, list_grants)
        self.change_request_reviews: ListsByKey[Review] = ListsByKey(actor, reviews_of)
        self.change_request_versions: ListsByKey[AssetVersion] = ListsByKey(actor, versions_of)
