"""GraphQL of search: `search` by meaning and `similarAssets`, for every signed-in user; the
SearchQuery that api/schema.py merges."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.registry.models import AssetKind
from app.search import service
from app.search.engine import SearchEngine, search_engine
from app.search.types import SearchHitType

SEARCH_LIMIT = 10
SIMILAR_LIMIT = 5


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
    ) -> list[SearchHitType]:
        hits = await service.search_assets(
            info.context.actor,
            _engine(info),
            query=query,
            limit=SEARCH_LIMIT if limit is None else limit,
            kind=kind,
        )
        return [SearchHitType.from_hit(hit) for hit in hits]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The assets most like this one, near-duplicates first. limit: 1 to 50.",
    )
    async def similar_assets(
        self, info: Info, asset_id: strawberry.ID, limit: int | None = SIMILAR_LIMIT
    ) -> list[SearchHitType]:
        hits = await service.similar_assets(
            info.context.actor,
            _engine(info),
            asset_id=decode_id(asset_id, "Asset"),
            limit=SIMILAR_LIMIT if limit is None else limit,
        )
        return [SearchHitType.from_hit(hit) for hit in hits]
