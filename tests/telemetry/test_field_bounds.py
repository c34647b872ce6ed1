"""The numbers of an execution log are bounded where logs come in, so that statistics summed over
them stay numbers: a cost, a latency or a token count past its bound is refused naming the field,
and versionStats and the statistics page still answer over logs stored before the bounds."""

from __future__ import annotations

from typing import Any

import pytest

from app.telemetry.service.records import MAX_COST, MAX_LATENCY_MS, MAX_TOKENS
from app.telemetry.types import GRAPHQL_INT_MAX
from tests.dashboard.client import DashboardClient
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset
from tests.support.telemetry import (
    RECORD_EXECUTION,
    RECORD_EXECUTIONS,
    log,
    post_executions,
    store_logs_directly,
)
from tests.telemetry.test_stats import STATS

HUGE = 1e308
STORED = 30  # logs of 2**31 - 1 tokens, whose total GraphQL's 32-bit Int cannot hold
PAST_THE_BOUNDS = [
    ("cost", {"cost": HUGE}),
    ("cost", {"cost": MAX_COST * 2}),
    ("latencyMs", {"latencyMs": HUGE}),
    ("latencyMs", {"latencyMs": MAX_LATENCY_MS + 1}),
    ("inputTokens", {"inputTokens": MAX_TOKENS + 1}),
    ("outputTokens", {"outputTokens": MAX_TOKENS + 1}),
]


@pytest.mark.parametrize(("field", "fields"), PAST_THE_BOUNDS)
async def test_a_figure_past_its_bound_is_refused_naming_the_field_by_every_entry_point(
    tenant: TenantHandle, field: str, fields: dict[str, Any]
) -> None:
    version_id = (await make_asset(tenant, versions=1)).version_ids[0]
    one = log(version_id, **fields)

    recorded = await tenant.gql(RECORD_EXECUTION, {"input": one})
    batch = await tenant.gql(RECORD_EXECUTIONS, {"inputs": [log(version_id), one]})
    posted = await post_executions(tenant.api.http, [log(version_id), one], token=tenant.token)

    for result in (recorded, batch):
        assert result.code == "BAD_USER_INPUT", result.errors
        assert field in result.errors[0]["message"]
    assert posted.status_code == 400
    assert posted.json()["error"]["code"] == "BAD_USER_INPUT"
    assert posted.json()["error"]["message"].startswith(f"item 1: {field}")


async def test_figures_at_their_bounds_are_taken(tenant: TenantHandle) -> None:
    version_id = (await make_asset(tenant, versions=1)).version_ids[0]
    bounds = {
        "cost": MAX_COST,
        "latencyMs": MAX_LATENCY_MS,
        "inputTokens": MAX_TOKENS,
        "outputTokens": MAX_TOKENS,
    }

    recorded = await tenant.gql(RECORD_EXECUTION, {"input": log(version_id, **bounds)})

    assert recorded.ok()["recordExecution"]["cost"] == MAX_COST


async def _store_huge_logs(tenant: TenantHandle, version_id: str) -> None:
    """Logs as the bounds no longer let in, stored before they did."""
    huge = {"latency_ms": HUGE, "input_tokens": 2**31 - 1, "output_tokens": 2**31 - 1, "cost": HUGE}
    await store_logs_directly(tenant, version_id, [huge] * STORED)


async def test_stats_and_their_page_answer_over_huge_figures_stored_before_the_bounds(
    app: object, tenant: TenantHandle
) -> None:
    version_id = (await make_asset(tenant, versions=1)).version_ids[0]
    await _store_huge_logs(tenant, version_id)

    stats = (await tenant.gql(STATS, {"versionId": version_id})).ok()["versionStats"]
    async with DashboardClient.for_app(app) as browser:
        browser.use_session(tenant.token)
        page = await browser.get(f"/versions/{version_id}/stats", params={"window": "all"})

    assert stats["count"] == STORED
    assert stats["cost"] == STORED * MAX_COST
    assert stats["p99LatencyMs"] == MAX_LATENCY_MS
    assert stats["inputTokens"] == stats["outputTokens"] == GRAPHQL_INT_MAX
    assert stats["series"][0]["cost"] == STORED * MAX_COST
    assert page.status_code == 200
