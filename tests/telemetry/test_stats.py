"""versionStats against figures worked out by hand: the same numbers on SQLite and PostgreSQL,
whose percentiles come from percentile_cont on one and window functions on the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.telemetry.models import ExecutionStatus
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset
from tests.support.telemetry import store_logs_directly

STATS = """
query Stats($versionId: ID!, $since: DateTime) {
  versionStats(versionId: $versionId, since: $since) {
    count errorRate p50LatencyMs p95LatencyMs p99LatencyMs inputTokens outputTokens cost grain
    series {
      at count errorRate p50LatencyMs p95LatencyMs p99LatencyMs inputTokens outputTokens cost
    }
  }
}
"""
# (latency, error?) per log. Sorted, the ten latencies are
# 80 85 90 95 100 110 120 130 300 1000, and percentile_cont(p) sits at rank p * (10 - 1):
#   p50: rank 4.5  -> 100 + 0.5  * (110 - 100)  = 105
#   p95: rank 8.55 -> 300 + 0.55 * (1000 - 300) = 685
#   p99: rank 8.91 -> 300 + 0.91 * (1000 - 300) = 937
FIRST_HOUR = [(80, False), (110, False), (85, True), (100, False), (90, False), (95, False)]
SECOND_HOUR = [(300, True), (120, False), (1000, True), (130, False)]


async def _insert(
    tenant: TenantHandle, version_id: str, logs: list[tuple[float, bool]], at: datetime
) -> None:
    """Logs at set times: the API stamps them now."""
    rows = [
        {
            "latency_ms": latency,
            "input_tokens": 10,
            "output_tokens": 25,
            "cost": 0.25,
            "status": ExecutionStatus.ERROR if failed else ExecutionStatus.SUCCESS,
            "created_at": at + timedelta(minutes=minute),
        }
        for minute, (latency, failed) in enumerate(logs)
    ]
    await store_logs_directly(tenant, version_id, rows)


def _hour_ago(hours: int) -> datetime:
    now = datetime.now(UTC)
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours)


async def test_figures_match_the_hand_computed_ones(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    start = _hour_ago(3)
    await _insert(tenant, version_id, FIRST_HOUR, start + timedelta(minutes=5))
    await _insert(tenant, version_id, SECOND_HOUR, start + timedelta(hours=1, minutes=5))

    stats = (await tenant.gql(STATS, {"versionId": version_id})).ok()["versionStats"]
    assert stats["count"] == 10
    assert stats["errorRate"] == pytest.approx(0.3)
    assert stats["p50LatencyMs"] == pytest.approx(105)
    assert stats["p95LatencyMs"] == pytest.approx(685)
    assert stats["p99LatencyMs"] == pytest.approx(937)
    assert (stats["inputTokens"], stats["outputTokens"]) == (100, 250)
    assert stats["cost"] == pytest.approx(2.5)


async def test_the_series_has_one_point_per_hour(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    start = _hour_ago(3)
    await _insert(tenant, version_id, FIRST_HOUR, start + timedelta(minutes=5))
    await _insert(tenant, version_id, SECOND_HOUR, start + timedelta(hours=1, minutes=5))

    stats = (await tenant.gql(STATS, {"versionId": version_id})).ok()["versionStats"]
    assert stats["grain"] == "hour"
    first, second = stats["series"]
    # First hour, 80 85 90 95 100 110: p50 at rank 2.5 -> 92.5; p95 at rank 4.75 -> 107.5.
    assert datetime.fromisoformat(first["at"]) == start
    assert first["count"] == 6 and first["errorRate"] == pytest.approx(1 / 6)
    assert first["p50LatencyMs"] == pytest.approx(92.5)
    assert first["p95LatencyMs"] == pytest.approx(107.5)
    assert first["p99LatencyMs"] == pytest.approx(109.5)  # rank 4.95
    assert (first["inputTokens"], first["outputTokens"]) == (60, 150)
    assert first["cost"] == pytest.approx(1.5)
    # Second hour, 120 130 300 1000: p50 at rank 1.5 -> 215; p95 at rank 2.85 -> 895.
    assert datetime.fromisoformat(second["at"]) == start + timedelta(hours=1)
    assert second["count"] == 4 and second["errorRate"] == pytest.approx(0.5)
    assert second["p50LatencyMs"] == pytest.approx(215)
    assert second["p95LatencyMs"] == pytest.approx(895)
    assert second["p99LatencyMs"] == pytest.approx(979)  # rank 2.97
    assert (second["inputTokens"], second["outputTokens"]) == (40, 100)
    assert second["cost"] == pytest.approx(1.0)


async def test_since_counts_only_later_logs(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    start = _hour_ago(3)
    await _insert(tenant, version_id, FIRST_HOUR, start + timedelta(minutes=5))
    await _insert(tenant, version_id, SECOND_HOUR, start + timedelta(hours=1, minutes=5))

    since = (start + timedelta(hours=1)).isoformat()
    stats = (await tenant.gql(STATS, {"versionId": version_id, "since": since})).ok()
    later = stats["versionStats"]
    assert later["count"] == 4 and later["p50LatencyMs"] == pytest.approx(215)
    assert [point["count"] for point in later["series"]] == [4]


async def test_a_long_span_is_bucketed_by_day(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    await _insert(tenant, version_id, FIRST_HOUR, today - timedelta(days=5, hours=-1))
    await _insert(tenant, version_id, SECOND_HOUR, today - timedelta(days=1, hours=-1))

    stats = (await tenant.gql(STATS, {"versionId": version_id})).ok()["versionStats"]
    assert stats["grain"] == "day"
    assert [datetime.fromisoformat(point["at"]) for point in stats["series"]] == [
        today - timedelta(days=5),
        today - timedelta(days=1),
    ]
    assert [point["count"] for point in stats["series"]] == [6, 4]


async def test_a_version_without_logs_has_empty_figures(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    stats = (await tenant.gql(STATS, {"versionId": asset.version_ids[0]})).ok()["versionStats"]
    assert stats["count"] == 0 and stats["errorRate"] == 0
    assert stats["p50LatencyMs"] is None and stats["series"] == []


async def test_another_tenants_version_is_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = await make_asset(other_tenant)
    result = await tenant.gql(STATS, {"versionId": theirs.version_ids[0]})
    assert result.code == "NOT_FOUND"
