"""Search by meaning and near-duplicates, for any signed-in user of the tenant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from app.core.actor import Actor
from app.core.errors import BadUserInput
from app.registry.models import Asset, AssetKind, AssetTag, AssetVersion
from app.registry.service import get_asset, latest_versions, validation
from app.search.engine import SearchEngine
from app.search.indexing import current_passages
from app.search.ranking import (
    EXACT_NAME_BONUS,
    MAX_TAG_BONUS,
    TAG_BONUS,
    Ranked,
    rank_neighbours,
    rank_passages,
)

MAX_LIMIT = 50
MAX_QUERY_CHARS = 1000
# Passages retrieved per hit asked for: room for several passages of each asset.
VIEWS_PER_HIT = 20
MIN_PASSAGES = 100

_TERMS = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class SearchHit:
    asset: Asset
    version: AssetVersion | None
    score: float


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadUserInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")


def _passages_for(limit: int) -> int:
    return max(MIN_PASSAGES, limit * VIEWS_PER_HIT)


async def search_assets(
    actor: Actor, engine: SearchEngine, *, query: str, limit: int, kind: AssetKind | None
) -> list[SearchHit]:
    text = query.strip()
    if not text:
        raise BadUserInput("query must not be empty", field="query")
    if len(text) > MAX_QUERY_CHARS:
        raise BadUserInput(f"query must be at most {MAX_QUERY_CHARS} characters", field="query")
    _check_limit(limit)
    [vector] = await engine.embed_for_search([text])
    [matches] = await engine.index.query(
        actor.tenant_id,
        engine.space,
        [vector],
        n=_passages_for(limit),
        where={"kind": kind.value} if kind else None,
    )
    ranked = rank_passages(matches)
    await _blend_exact_matches(actor, ranked, text.lower())
    return await _hits(actor, ranked, limit=limit, kind=kind)


async def similar_assets(
    actor: Actor, engine: SearchEngine, *, asset_id: UUID, limit: int
) -> list[SearchHit]:
    """The assets whose passages come nearest to every passage of this one: near-duplicates
    first."""
    _check_limit(limit)
    asset = await get_asset(actor, id=asset_id)
    [passages], _ = await current_passages(actor, [asset])
    vectors = await engine.embed_for_search([passage.text for passage in passages])
    matches = await engine.index.query(
        actor.tenant_id, engine.space, vectors, n=_passages_for(limit), where=None
    )
    return await _hits(actor, rank_neighbours(matches, source=asset.id), limit=limit, kind=None)


async def _blend_exact_matches(actor: Actor, ranked: dict[UUID, Ranked], query: str) -> None:
    def entry(asset_id: UUID) -> Ranked:
        return ranked.setdefault(asset_id, Ranked(asset_id, None, 0.0))

    if validation.ASSET_NAME.match(query):
        for asset in await Asset.scoped(actor).filter(name=query).only("id"):
            entry(asset.id).score += EXACT_NAME_BONUS
    terms = {
        term
        for term in set(_TERMS.findall(query)) | {query}
        if len(term) <= validation.MAX_TAG_CHARS
    }
    tag_bonus: dict[UUID, float] = {}
    for row in await AssetTag.scoped(actor).filter(tag__in=terms):
        tag_bonus[row.asset_id] = min(tag_bonus.get(row.asset_id, 0.0) + TAG_BONUS, MAX_TAG_BONUS)
    for asset_id, bonus in tag_bonus.items():
        entry(asset_id).score += bonus


async def _live_best(
    actor: Actor, ranked: dict[UUID, Ranked], *, limit: int, kind: AssetKind | None
) -> list[tuple[Ranked, Asset]]:
    """The best `limit` entries whose assets the database shows live (the index may lag an
    archive), read from the database a few at a time, best first."""
    order = sorted(ranked.values(), key=lambda entry: entry.score, reverse=True)
    found: list[tuple[Ranked, Asset]] = []
    step = max(2 * limit, 20)
    for start in range(0, len(order), step):
        chunk = order[start : start + step]
        assets = Asset.scoped(actor).filter(id__in=[e.asset_id for e in chunk], archived=False)
        live = {asset.id: asset for asset in await (assets.filter(kind=kind) if kind else assets)}
        found += [(entry, live[entry.asset_id]) for entry in chunk if entry.asset_id in live]
        if len(found) >= limit:
            break
    return found[:limit]


async def _hits(
    actor: Actor, ranked: dict[UUID, Ranked], *, limit: int, kind: AssetKind | None
) -> list[SearchHit]:
    best = await _live_best(actor, ranked, limit=limit, kind=kind)
    indexed = [entry.version_id for entry, _ in best if entry.version_id]
    versions = {v.id: v for v in await AssetVersion.scoped(actor).filter(id__in=indexed)}
    unindexed = [asset.id for entry, asset in best if entry.version_id is None]
    versions_by_asset = await latest_versions(actor, unindexed)
    return [
        SearchHit(
            asset=asset,
            version=versions.get(entry.version_id)
            if entry.version_id
            else versions_by_asset.get(asset.id),
            score=entry.score,
        )
        for entry, asset in best
    ]
