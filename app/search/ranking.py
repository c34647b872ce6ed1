"""From matching views to ranked assets.

A search query retrieves the nearest views of every asset; an asset scores its best view plus a
smaller share of its next best ones, so that an asset whose title, description and sentences all
say what was asked beats one that matches by a single phrase. Exact matches are blended in on top.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from app.search.index import Match

# How much the mean of an asset's best few views counts beside its best one (tuned on
# tests/data/search_eval.json).
MEAN_WEIGHT = 0.4
TOP_VIEWS = 5
# Each word of the query that is one of the asset's tags adds TAG_BONUS, up to MAX_TAG_BONUS.
TAG_BONUS = 0.05
MAX_TAG_BONUS = 0.15
# Other assets score at most 1 (a cosine similarity) plus MAX_TAG_BONUS: a query that is an
# asset's exact name ranks it first.
EXACT_NAME_BONUS = 2.0


@dataclass
class Ranked:
    asset_id: UUID
    version_id: UUID | None
    score: float


def rank_views(matches: list[Match]) -> dict[UUID, Ranked]:
    """Scores each asset by its best view and the mean of its best TOP_VIEWS views. A view that
    was not retrieved counts as similar as the least similar view that was: at most that."""
    if not matches:
        return {}
    floor = min(match.similarity for match in matches)
    by_asset: dict[UUID, list[Match]] = defaultdict(list)
    for match in matches:
        by_asset[match.asset_id].append(match)
    ranked = {}
    for asset_id, views in by_asset.items():
        views.sort(key=lambda match: match.similarity, reverse=True)
        top = [match.similarity for match in views[:TOP_VIEWS]]
        top += [floor] * (TOP_VIEWS - len(top))
        score = (1 - MEAN_WEIGHT) * top[0] + MEAN_WEIGHT * sum(top) / TOP_VIEWS
        ranked[asset_id] = Ranked(asset_id, views[0].version_id, score)
    return ranked


def rank_neighbours(matches_per_view: list[list[Match]], *, source: UUID) -> dict[UUID, Ranked]:
    """Scores each other asset by how closely it matches every view of the source asset: the
    mean, over the source's views, of its most similar view (or that list's floor). A near
    duplicate matches them all."""
    floors = [min((m.similarity for m in matches), default=0.0) for matches in matches_per_view]
    best: dict[UUID, list[float]] = {}
    versions: dict[UUID, UUID | None] = {}
    for position, matches in enumerate(matches_per_view):
        for match in matches:
            if match.asset_id == source:
                continue
            scores = best.setdefault(match.asset_id, list(floors))
            scores[position] = max(scores[position], match.similarity)
            versions.setdefault(match.asset_id, match.version_id)
    return {
        asset_id: Ranked(asset_id, versions[asset_id], sum(scores) / len(scores))
        for asset_id, scores in best.items()
    }
