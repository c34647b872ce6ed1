"""Canary rollouts: a share of requests, sticky by key, sees the new version; the guard rolls a
failing canary back on its own, recording why; promoteRollout makes it the version."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from app.core.actor import Actor
from app.core.ids import decode_id
from app.identity.models import Tenant
from app.jobs.models import Job
from app.realtime.events import Event
from app.realtime.types import NotificationType
from app.registry.models import CurrentActivation
from app.registry.service import GUARD_JOB, promote_rollout, running_canary
from app.telemetry.rollout_guard import guard_rollout
from tests.support.graphql import TenantHandle
from tests.support.receiver import Receiver, running_receiver
from tests.support.registry import ACTIVATE, ROLLBACK, AssetHandle, approve_versions, make_asset
from tests.support.telemetry import log, post_executions
from tests.support.webhooks import create_webhook, received

ROLL_OUT = """
mutation RollOut($versionId: ID!, $environment: String!, $rollout: RolloutInput!) {
  activateVersion(versionId: $versionId, environment: $environment, rollout: $rollout) {
    id version { number } previousVersion { number }
    rollout { version { id number } share maxErrorRate maxP95LatencyMs minSamples state reason }
  }
}
"""
PROMOTE = """
mutation Promote($assetId: ID!, $environment: String!) {
  promoteRollout(assetId: $assetId, environment: $environment) {
    version { number } previousVersion { number } rollout { state version { number } }
  }
}
"""
ACTIVE = """
query Active($id: ID!) {
  asset(id: $id) {
    activeVersions { environment version { number } rollout { state reason version { number } } }
  }
}
"""
HISTORY = """
query History($assetId: ID!) {
  activationHistory(assetId: $assetId, environment: "production") {
    edges { node { version { number } previousVersion { number } actor { id }
                   rollout { state reason version { number } } } }
  }
}
"""
AUDIT = """
query Audit($action: String!) {
  auditEvents(action: $action) { edges { node { actor { id } targetType diff } } }
}
"""
# Keys resolved per request, as aliases (the schema allows up to 30 per document).
KEYS_PER_REQUEST = 25
ROLLBACK_WAIT_SECONDS = 10.0


@pytest.fixture(autouse=True)
async def end_canaries(tenant: TenantHandle) -> AsyncIterator[None]:
    """Canaries left running would keep their guard jobs busy for the rest of the suite."""
    yield
    tenant_id = (await Tenant.get(slug=tenant.slug)).id
    for current in await CurrentActivation.filter(tenant_id=tenant_id):
        if running_canary(current.rollout):
            await promote_rollout(
                Actor.system(tenant_id), asset_id=current.asset_id, environment=current.environment
            )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


async def _canary(
    tenant: TenantHandle, *, share: float = 0.2, **limits: Any
) -> tuple[AssetHandle, dict[str, Any]]:
    """An asset whose version 1 serves production and whose version 2 rolls out as a canary."""
    asset = await make_asset(tenant, versions=2)
    baseline = {"versionId": asset.version_ids[0], "environment": "production"}
    (await tenant.gql(ACTIVATE, baseline)).ok()
    rollout = {"share": share, "minSamples": 100, **limits}
    started = await tenant.gql(
        ROLL_OUT,
        {"versionId": asset.version_ids[1], "environment": "production", "rollout": rollout},
    )
    return asset, started.ok()["activateVersion"]


async def _resolve(tenant: TenantHandle, name: str, keys: list[str]) -> dict[str, int]:
    """The version number that resolvePrompt serves for each key."""
    served: dict[str, int] = {}
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        batch = keys[start : start + KEYS_PER_REQUEST]
        fields = " ".join(
            f"k{index}: resolvePrompt(name: {json.dumps(name)}, key: {json.dumps(key)}) "
            "{ version { number } }"
            for index, key in enumerate(batch)
        )
        data = (await tenant.gql(f"query {{ {fields} }}")).ok()
        served.update(
            {key: data[f"k{index}"]["version"]["number"] for index, key in enumerate(batch)}
        )
    return served


async def _no_rate_limit(tenant: TenantHandle) -> None:
    await Tenant.filter(slug=tenant.slug).update(
        limits={"graphql_rate_per_second": 100_000, "graphql_burst": 100_000}
    )


async def _rollout_state(tenant: TenantHandle, asset: AssetHandle) -> dict[str, Any]:
    active = (await tenant.gql(ACTIVE, {"id": asset.id})).ok()["asset"]["activeVersions"]
    [production] = [row for row in active if row["environment"] == "production"]
    return production


async def _rolled_back(tenant: TenantHandle, asset: AssetHandle) -> dict[str, Any]:
    deadline = time.monotonic() + ROLLBACK_WAIT_SECONDS
    while True:
        production = await _rollout_state(tenant, asset)
        if production["rollout"]["state"] != "running":
            return production
        assert time.monotonic() < deadline, "the guard did not roll the canary back"
        await asyncio.sleep(0.2)


async def _next_event(queue: asyncio.Queue[Event], kind: str) -> Event:
    async with asyncio.timeout(ROLLBACK_WAIT_SECONDS):
        while True:
            event = await queue.get()
            if event.kind == kind:
                return event


async def _post_logs(tenant: TenantHandle, version_id: str, count: int, **fields: Any) -> None:
    batch = [log(version_id, **fields) for _ in range(count)]
    response = await post_executions(tenant.api.http, batch, token=tenant.token)
    assert response.status_code == 202, response.text


async def test_a_canary_keeps_the_current_version_as_baseline(tenant: TenantHandle) -> None:
    asset, started = await _canary(tenant, share=0.25, maxErrorRate=0.05, maxP95LatencyMs=900)
    assert started["version"]["number"] == 1
    assert started["rollout"] == {
        "version": {"id": asset.version_ids[1], "number": 2},
        "share": 0.25,
        "maxErrorRate": 0.05,
        "maxP95LatencyMs": 900,
        "minSamples": 100,
        "state": "running",
        "reason": None,
    }
    production = await _rollout_state(tenant, asset)
    assert production["version"]["number"] == 1
    assert production["rollout"]["version"]["number"] == 2


async def test_the_split_serves_the_share_and_each_key_sticks(tenant: TenantHandle) -> None:
    await _no_rate_limit(tenant)
    asset, _ = await _canary(tenant, share=0.2)
    keys = [f"user-{number}" for number in range(2000)]
    served = await _resolve(tenant, asset.name, keys)
    counts = Counter(served.values())
    assert set(counts) == {1, 2}
    assert counts[2] / len(keys) == pytest.approx(0.2, abs=0.03)
    again = await _resolve(tenant, asset.name, keys[:300])
    assert again == {key: served[key] for key in keys[:300]}


async def test_a_canary_needs_a_baseline(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    rollout = {"share": 0.5}
    result = await tenant.gql(
        ROLL_OUT, {"versionId": asset.version_ids[0], "environment": "staging", "rollout": rollout}
    )
    assert result.code == "CONFLICT"
    assert "baseline" in result.errors[0]["message"]


@pytest.mark.parametrize("share", [0.0, 1.0, 1.5, -0.1])
async def test_the_share_is_between_0_and_1(tenant: TenantHandle, share: float) -> None:
    asset = await make_asset(tenant, versions=2)
    (await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "staging"})).ok()
    result = await tenant.gql(
        ROLL_OUT,
        {"versionId": asset.version_ids[1], "environment": "staging", "rollout": {"share": share}},
    )
    assert result.code == "BAD_USER_INPUT"
    assert "share" in result.errors[0]["message"]


async def test_a_protected_environment_needs_an_approved_canary(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2, approved=False)
    await approve_versions(tenant, asset.version_ids[0])
    (
        await tenant.gql(ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"})
    ).ok()
    result = await tenant.gql(
        ROLL_OUT,
        {"versionId": asset.version_ids[1], "environment": "production", "rollout": {"share": 0.1}},
    )
    assert result.code == "FORBIDDEN"


async def test_one_canary_at_a_time(tenant: TenantHandle) -> None:
    asset, _ = await _canary(tenant)
    version_3 = await tenant.gql(
        'mutation($id: ID!) { createVersion(assetId: $id, input: {body: "three"}) { id } }',
        {"id": asset.id},
    )
    await approve_versions(tenant, version_3.ok()["createVersion"]["id"])
    result = await tenant.gql(
        ROLL_OUT,
        {
            "versionId": version_3.ok()["createVersion"]["id"],
            "environment": "production",
            "rollout": {"share": 0.1},
        },
    )
    assert result.code == "CONFLICT"


async def test_promoting_makes_the_canary_the_version(tenant: TenantHandle) -> None:
    await _no_rate_limit(tenant)
    asset, _ = await _canary(tenant, share=0.3)
    promoted = await tenant.gql(PROMOTE, {"assetId": asset.id, "environment": "production"})
    activation = promoted.ok()["promoteRollout"]
    assert activation["version"]["number"] == 2
    assert activation["previousVersion"]["number"] == 1
    assert activation["rollout"] == {"state": "promoted", "version": {"number": 2}}
    served = await _resolve(tenant, asset.name, [f"user-{number}" for number in range(100)])
    assert set(served.values()) == {2}
    history = (await tenant.gql(HISTORY, {"assetId": asset.id})).ok()["activationHistory"]
    rows = [edge["node"] for edge in history["edges"]]
    assert [row["version"]["number"] for row in rows] == [2, 1, 1]
    assert [(row["rollout"] or {}).get("state") for row in rows] == ["promoted", "running", None]

    again = await tenant.gql(PROMOTE, {"assetId": asset.id, "environment": "production"})
    assert again.code == "CONFLICT"
    back = await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "production"})
    assert back.ok()["rollback"]["version"]["number"] == 1


async def test_the_guard_rolls_back_a_canary_whose_errors_trip_the_limit(
    app: Any, tenant: TenantHandle, receiver: Receiver
) -> None:
    await _no_rate_limit(tenant)
    await create_webhook(tenant, receiver.url, ["rollout.rolled_back"])
    asset, _ = await _canary(tenant, share=0.2, maxErrorRate=0.1, minSamples=20)
    baseline_id, canary_id = asset.version_ids
    await _post_logs(tenant, baseline_id, 30)
    # Failing, but fewer logs than minSamples: the guard waits for more.
    await _post_logs(tenant, canary_id, 5, status="ERROR", error="upstream 500")
    await asyncio.sleep(1.5)
    assert (await _rollout_state(tenant, asset))["rollout"]["state"] == "running"

    tenant_id = (await Tenant.get(slug=tenant.slug)).id
    async with app.state.realtime.bus.subscribe(tenant_id) as events:
        await _post_logs(tenant, canary_id, 10, status="ERROR", error="upstream 500")
        await _post_logs(tenant, canary_id, 10)
        production = await _rolled_back(tenant, asset)
        notification = NotificationType.from_event(await _next_event(events, "rollout.rolled_back"))
    assert notification.target_id == asset.id
    assert notification.message.startswith(
        f"The canary of version 2 of '{asset.name}' in production was rolled back to version 1: "
        "error rate 60.0% over 25 logs"
    )
    assert production["version"]["number"] == 1
    rollout = production["rollout"]
    assert rollout["state"] == "rolled_back"
    assert rollout["reason"].startswith("error rate 60.0% over 25 logs is above the limit of 10.0%")
    assert "baseline: 0.0% over 30 logs" in rollout["reason"]
    served = await _resolve(tenant, asset.name, [f"user-{number}" for number in range(200)])
    assert set(served.values()) == {1}

    history = (await tenant.gql(HISTORY, {"assetId": asset.id})).ok()["activationHistory"]
    latest = history["edges"][0]["node"]
    assert latest["version"]["number"] == 1 and latest["previousVersion"]["number"] == 2
    assert latest["actor"] is None
    assert latest["rollout"]["state"] == "rolled_back"
    audit = (await tenant.gql(AUDIT, {"action": "rollout.rolled_back"})).ok()["auditEvents"]
    [event] = [edge["node"] for edge in audit["edges"]]
    assert event["actor"] is None and event["targetType"] == "Asset"
    assert event["diff"]["rollout"]["figures"]["canary"]["count"] == 25

    [delivery] = await received(receiver, 1)
    body = json.loads(delivery.body)
    assert body["event"] == "rollout.rolled_back"
    assert body["data"]["assetName"] == asset.name and body["data"]["targetId"] == asset.id
    assert "was rolled back to version 1: error rate 60.0%" in body["data"]["message"]


async def test_the_guard_rolls_back_a_canary_that_is_too_slow(tenant: TenantHandle) -> None:
    asset, _ = await _canary(tenant, share=0.5, maxP95LatencyMs=500, minSamples=10)
    await _post_logs(tenant, asset.version_ids[1], 10, latencyMs=800)
    production = await _rolled_back(tenant, asset)
    assert production["rollout"]["state"] == "rolled_back"
    assert production["rollout"]["reason"].startswith(
        "p95 latency 800 ms over 10 logs is above the limit of 500 ms"
    )


async def test_a_healthy_canary_keeps_running(tenant: TenantHandle) -> None:
    asset, _ = await _canary(
        tenant, share=0.5, maxErrorRate=0.2, maxP95LatencyMs=500, minSamples=10
    )
    await _post_logs(tenant, asset.version_ids[1], 19)
    await _post_logs(tenant, asset.version_ids[1], 1, status="ERROR")
    await asyncio.sleep(1.5)
    assert (await _rollout_state(tenant, asset))["rollout"]["state"] == "running"


async def test_an_idle_canary_is_looked_at_less_often(tenant: TenantHandle) -> None:
    asset, started = await _canary(tenant, share=0.5)
    tenant_id = (await Tenant.get(slug=tenant.slug)).id
    activation_id = str(decode_id(started["id"], "Activation"))

    async def next_delay(seen: int, delay: float) -> tuple[int, float]:
        """Runs the guard once by hand (every 7 s, which the worker's own runs never use)."""
        payload = {"activation_id": activation_id, "every_seconds": 7.0, "seen": seen}
        await guard_rollout(
            Job(tenant_id=tenant_id, kind=GUARD_JOB, payload={**payload, "delay_seconds": delay})
        )
        jobs = await Job.filter(tenant_id=tenant_id, kind=GUARD_JOB).order_by("-created_at")
        [mine, *_] = [job for job in jobs if job.payload["every_seconds"] == 7.0]
        await mine.delete()
        return mine.payload["seen"], mine.payload["delay_seconds"]

    assert await next_delay(0, 7.0) == (0, 14.0)
    assert await next_delay(0, 56.0) == (0, 70.0)
    await _post_logs(tenant, asset.version_ids[1], 3)
    assert await next_delay(0, 70.0) == (3, 7.0)
