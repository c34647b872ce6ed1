"""GraphQL object types of search: a hit is an asset, the version the index matched, a score."""

from __future__ import annotations

from typing import Self

import strawberry

from app.registry.types import AssetType, AssetVersionType
from app.search import service


@strawberry.type(name="SearchHit")
class SearchHitType:
    asset: AssetType
    version: AssetVersionType | None = strawberry.field(
        description="The asset's version that the index matched: its latest indexed one."
    )
    score: float

    @classmethod
    def from_hit(cls, hit: service.SearchHit) -> Self:
        return cls(
            asset=AssetType.from_model(hit.asset),
            version=AssetVersionType.from_model(hit.version) if hit.version else None,
            score=hit.score,
        )
