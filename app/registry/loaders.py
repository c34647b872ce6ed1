"""Per-request DataLoaders of the registry, scoped to the actor's tenant (app/core/loaders.py), so
that a page of assets costs the same number of queries whatever its size."""

from __future__ import annotations

from uuid import UUID

from app.core.actor import Actor
from app.core.loaders import ListsByKey, RowsById, ScopedLoader
from app.registry.models import Asset, AssetVersion, CurrentActivation
from app.registry.service import current_activations_of, latest_versions, tags_of


class LatestVersionByAsset(ScopedLoader[UUID, AssetVersion | None]):
    async def batch_load_fn(self, keys: list[UUID]) -> list[AssetVersion | None]:
        found = await latest_versions(self.actor, keys)
        return [found.get(key) for key in keys]


class RegistryLoaders:
    def __init__(self, actor: Actor) -> None:
        self.asset = RowsById(actor, Asset)
        self.version = RowsById(actor, AssetVersion)
        self.latest_version = LatestVersionByAsset(actor)
        self.current_activations: ListsByKey[CurrentActivation] = ListsByKey(
            actor, current_activations_of
        )
        self.tags: ListsByKey[str] = ListsByKey(actor, tags_of)
