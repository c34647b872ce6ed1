"""Per-request DataLoaders for the registry, scoped to the actor's tenant, so that a page of
assets costs the same number of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict
from functools import reduce
from operator import or_
from uuid import UUID

from aiodataloader import DataLoader
from tortoise.expressions import Q
from tortoise.functions import Max

from app.core.actor import Actor
from app.registry.models import Asset, AssetVersion, CurrentActivation
from app.registry.service import tags_of


class _ScopedLoader(DataLoader):  # type: ignore[type-arg]
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor


class AssetById(_ScopedLoader):
    async def batch_load_fn(self, keys: list[UUID]) -> list[Asset | None]:
        found = {asset.id: asset for asset in await Asset.scoped(self.actor).filter(id__in=keys)}
        return [found.get(key) for key in keys]


class VersionById(_ScopedLoader):
    async def batch_load_fn(self, keys: list[UUID]) -> list[AssetVersion | None]:
        versions = await AssetVersion.scoped(self.actor).filter(id__in=keys)
        found = {version.id: version for version in versions}
        return [found.get(key) for key in keys]


class LatestVersionByAsset(_ScopedLoader):
    async def batch_load_fn(self, keys: list[UUID]) -> list[AssetVersion | None]:
        newest = (
            await AssetVersion.scoped(self.actor)
            .filter(asset_id__in=keys)
            .group_by("asset_id")
            .annotate(newest=Max("number"))
            .values("asset_id", "newest")
        )
        if not newest:
            return [None for _ in keys]
        wanted = reduce(or_, (Q(asset_id=row["asset_id"], number=row["newest"]) for row in newest))
        versions = await AssetVersion.scoped(self.actor).filter(wanted)
        found = {version.asset_id: version for version in versions}
        return [found.get(key) for key in keys]


class CurrentActivationsByAsset(_ScopedLoader):
    async def batch_load_fn(self, keys: list[UUID]) -> list[list[CurrentActivation]]:
        rows = (
            await CurrentActivation.scoped(self.actor)
            .filter(asset_id__in=keys)
            .select_related("version")
            .order_by("environment")
        )
        grouped: dict[UUID, list[CurrentActivation]] = defaultdict(list)
        for row in rows:
            grouped[row.asset_id].append(row)
        return [grouped[key] for key in keys]


class TagsByAsset(_ScopedLoader):
    async def batch_load_fn(self, keys: list[UUID]) -> list[list[str]]:
        found = await tags_of(self.actor, keys)
        return [found[key] for key in keys]


class RegistryLoaders:
    def __init__(self, actor: Actor) -> None:
        self.asset = AssetById(actor)
        self.version = VersionById(actor)
        self.latest_version = LatestVersionByAsset(actor)
        self.current_activations = CurrentActivationsByAsset(actor)
        self.tags = TagsByAsset(actor)
