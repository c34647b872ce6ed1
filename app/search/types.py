"""GraphQL of search: `search` by meaning and `similarAssets`, for every signed-in user."""

from __future__ import annotations

from typing import Self

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.registry.models import AssetKind
from app.registry.types import AssetType, AssetVersionType
from app.search import service
from app.search.engine import SearchEngine, search_engine

SEARCH_LIMIT = 10
SIMILAR_LIMIT = 5


@strawberry.type
class SearchHit:
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


def _engine(info: Info) -> SearchEngine:
    return search_engine(info.context.settings)


@strawberry.type
class SearchQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Live assets ranked by how well they match the query's meaning; a query "
        "that is an asset's exact name ranks it first. limit: 1 to 50.",
    )
    async def search(
        self,
        info: Info,
        query: str,
        limit: int | None = SEARCH_LIMIT,
        kind: AssetKind | None = None,
    ) -> list[SearchHit]:
        hits = await service.search_assets(
            info.context.actor,
            _engine(info),
            query=query,
            limit=SEARCH_LIMIT if limit is None else limit,
            kind=kind,
        )
        return [SearchHit.from_hit(hit) for hit in hits]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The assets most like this one, near-duplicates first. limit: 1 to 50.",
    )
    async def similar_assets(
        self, info: Info, asset_id: strawberry.ID, limit: int | None = SIMILAR_LIMIT
    ) -> list[SearchHit]:
        hits = await service.similar_assets(
            info.context.actor,
            _engine(info),
            asset_id=decode_id(asset_id, "Asset"),
            limit=SIMILAR_LIMIT if limit is None else limit,
        )
        return [SearchHit.from_hit(hit) for hit in hits]
