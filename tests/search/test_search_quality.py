"""Search quality on the labelled set in tests/data/search_eval.json, with the real model: the
multi-view index must do at least as well as one embedding of each whole body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.search.embedders import MiniLMEmbedder
from tests.search.support import create_prompt, search_names, wait_for_indexing
from tests.support.graphql import TenantHandle

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "search_eval.json"
K = 5


def hit_at_1_and_precision_at_k(
    rankings: list[list[str]], queries: list[dict[str, Any]], intent_of: dict[str, str]
) -> tuple[float, float]:
    hits = precision = 0.0
    for ranking, query in zip(rankings, queries, strict=True):
        relevant = [intent_of[name] == query["intent"] for name in ranking[:K]]
        hits += bool(relevant) and relevant[0]
        precision += sum(relevant) / K
    return hits / len(queries), precision / len(queries)


async def whole_body_rankings(prompts: list[dict[str, Any]], queries: list[str]) -> list[list[str]]:
    """The baseline: one embedding of each body, ranked by cosine similarity (unit vectors)."""
    embedder = MiniLMEmbedder()
    bodies = await embedder.embed([prompt["body"] for prompt in prompts])
    rankings = []
    for query in await embedder.embed(queries):
        similarity = {
            prompt["name"]: sum(q * b for q, b in zip(query, body, strict=True))
            for prompt, body in zip(prompts, bodies, strict=True)
        }
        rankings.append(sorted(similarity, key=lambda name: similarity[name], reverse=True))
    return rankings


async def test_multi_view_search_beats_one_whole_body_embedding(tenant: TenantHandle) -> None:
    labelled = json.loads(EVAL_SET.read_text())
    prompts, queries = labelled["prompts"], labelled["queries"]
    intent_of = {prompt["name"]: prompt["intent"] for prompt in prompts}
    assert len(prompts) >= 60 and len(set(intent_of.values())) >= 12
    for prompt in prompts:
        await create_prompt(
            tenant,
            name=prompt["name"],
            title=prompt["title"],
            description=prompt["description"],
            tags=prompt["tags"],
            body=prompt["body"],
        )
    await wait_for_indexing(tenant)

    multi_view = [await search_names(tenant, query["query"], limit=K) for query in queries]
    baseline = await whole_body_rankings(prompts, [query["query"] for query in queries])

    multi_hit, multi_precision = hit_at_1_and_precision_at_k(multi_view, queries, intent_of)
    base_hit, base_precision = hit_at_1_and_precision_at_k(baseline, queries, intent_of)
    print(
        f"\nsearch quality on {len(prompts)} prompts, {len(queries)} queries: "
        f"multi-view hit@1 {multi_hit:.3f} precision@{K} {multi_precision:.3f}; "
        f"whole-body baseline hit@1 {base_hit:.3f} precision@{K} {base_precision:.3f}"
    )
    assert multi_hit >= base_hit
    assert multi_precision >= base_precision
