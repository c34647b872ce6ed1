"""From matching passages to ranked assets.

A search query retrieves the nearest passages of every asset; an asset scores its best passage
plus a smaller share of its next best ones, so that an asset whose title, description and
sentences all say what was asked beats one that matches by a single phrase. Exact matches are
blended in on top.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from app.search.index import Match

# How much the mean of an asset's best few passages counts beside its best one (tuned on
# tests/data/search_eval.json).
MEAN_WEIGHT = 0.4
TOP_PASSAGES = 5
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


def rank_passages(matches: list[Match]) -> dict[UUID, Ranked]:
    """Scores each asset by its best passage and the mean of its best TOP_PASSAGES passages. A
    passage that was not retrieved counts as similar as the least similar passage that was: at
    most that."""
    if not matches:
        return {}
    floor = min(match.similarity for match in matches)
    by_asset: dict[UUID, list[Match]] = defaultdict(list)
    for match in matches:
        by_asset[match.asset_id].append(match)
    ranked = {}
    for asset_id, passages in by_asset.items():
        passages.sort(key=lambda match: match.similarity, reverse=True)
        top = [match.similarity for match in passages[:TOP_PASSAGES]]
        top += [floor] * (TOP_PASSAGES - len(top))
        score = (1 - MEAN_WEIGHT) * top[0] + MEAN_WEIGHT * sum(top) / TOP_PASSAGES
        ranked[asset_id] = Ranked(asset_id, passages[0].version_id, score)
    return ranked


def rank_neighbours(matches_per_passage: list[list[Match]], *, source: UUID) -> dict[UUID, Ranked]:
    """Scores each other asset by how closely it matches every passage of the source asset: the
    mean, over the source's passages, of its most similar passage (or that list's floor). A near
    duplicate matches them all."""
    floors = [min((m.similarity for m in matches), default=0.0) for matches in matches_per_passage]
    best: dict[UUID, list[float]] = {}
    versions: dict[UUID, UUID | None] = {}
    for position, matches in enumerate(matches_per_passage):
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
