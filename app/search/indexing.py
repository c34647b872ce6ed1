"""Building the index from the database: the index job of one asset, and `promptvault reindex`
of a whole tenant in batches (one embedding call and one Chroma write per batch)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from uuid import UUID

from app.core.actor import Actor
from app.jobs.models import Job
from app.registry.models import Asset, AssetVersion
from app.registry.service import latest_versions, tags_of
from app.search.engine import SearchEngine, search_engine
from app.search.index import IndexedAsset
from app.search.passages import Passage, asset_passages
from app.settings import get_settings

REINDEX_BATCH = 64


async def current_passages(
    actor: Actor, assets: list[Asset]
) -> tuple[list[list[Passage]], list[AssetVersion | None]]:
    """The passages of each asset as it stands, and the latest version they were taken from."""
    asset_ids = [asset.id for asset in assets]
    tags = await tags_of(actor, asset_ids)
    newest = await latest_versions(actor, asset_ids)
    latest = [newest.get(asset_id) for asset_id in asset_ids]
    passages = [
        asset_passages(
            name=asset.name,
            title=asset.title,
            description=asset.description,
            tags=tags[asset.id],
            body=version.body if version else None,
        )
        for asset, version in zip(assets, latest, strict=True)
    ]
    return passages, latest


async def index_assets(engine: SearchEngine, tenant_id: UUID, asset_ids: list[UUID]) -> None:
    """Indexes each asset as the database holds it now; an archived or deleted one leaves."""
    actor = Actor.system(tenant_id)
    assets = await Asset.scoped(actor).filter(id__in=asset_ids, archived=False)
    live_ids = [asset.id for asset in assets]
    passages, latest = await current_passages(actor, assets)
    texts = [passage.text for passages_of in passages for passage in passages_of]
    vectors = iter(await engine.embedder.embed(texts))
    indexed = [
        IndexedAsset(
            asset_id=asset.id,
            version_id=version.id if version else None,
            kind=asset.kind.value,
            stamp=asset.updated_at.timestamp(),
            passages=passages_of,
            vectors=list(islice(vectors, len(passages_of))),
        )
        for asset, version, passages_of in zip(assets, latest, passages, strict=True)
    ]
    await engine.index.write(tenant_id, engine.space, indexed)
    await engine.index.remove(tenant_id, engine.space, list(set(asset_ids) - set(live_ids)))


async def index_asset(job: Job) -> None:
    """The handler of INDEX_JOB."""
    engine = search_engine(get_settings())
    await index_assets(engine, job.tenant_id, [UUID(job.payload["asset_id"])])


async def reindex_tenant(
    engine: SearchEngine, tenant_id: UUID, *, progress: Callable[[int, int], None]
) -> int:
    """Rebuilds the tenant's index from the database; returns how many assets it holds."""
    live = Asset.scoped(Actor.system(tenant_id)).filter(archived=False)
    rows = await live.order_by("id").only("id")
    asset_ids = [row.id for row in rows]
    progress(0, len(asset_ids))
    for start in range(0, len(asset_ids), REINDEX_BATCH):
        await index_assets(engine, tenant_id, asset_ids[start : start + REINDEX_BATCH])
        progress(min(start + REINDEX_BATCH, len(asset_ids)), len(asset_ids))
    stale = await engine.index.asset_ids(tenant_id, engine.space) - set(asset_ids)
    await engine.index.remove(tenant_id, engine.space, list(stale))
    return len(asset_ids)
