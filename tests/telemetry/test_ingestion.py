"""Applications report execution logs over POST /v1/executions or GraphQL: a batch is stored
whole or not at all, a bad item is named by its index, and payloads keep to the tenant's limit."""

from __future__ import annotations

from app.core.metrics import REGISTRY
from app.identity.models import Tenant
from tests.support.graphql import TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import make_asset
from tests.support.telemetry import (
    RECORD_EXECUTION,
    RECORD_EXECUTIONS,
    log,
    logs_of,
    post_executions,
    stored_logs,
)


async def test_an_api_key_posts_a_batch_and_every_log_is_stored(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    _, secret = await api_key(tenant, "LOGS_WRITE")
    batch = [
        log(
            version_id,
            requestId="req-1",
            inputTokens=12,
            outputTokens=30,
            cost=0.002,
            model="gpt-4o-mini",
            inputs={"topic": "tides"},
            output="High tide at noon.",
        ),
        log(version_id, requestId="req-2", status="ERROR", error="timeout", latencyMs=3000),
        log(version_id, environment="staging"),
    ]
    response = await post_executions(tenant.api.http, batch, token=secret)
    assert response.status_code == 202
    assert response.json() == {"accepted": 3}
    assert await stored_logs(version_id) == 3
    [first] = await logs_of(tenant, version_id, requestId="req-1")
    assert first["latencyMs"] == 120.0
    assert first["inputs"] == {"topic": "tides"}
    assert first["output"] == "High tide at noon." and first["truncated"] is False
    assert first["version"]["id"] == version_id
    [failed] = await logs_of(tenant, version_id, requestId="req-2")
    assert failed["status"] == "ERROR" and failed["error"] == "timeout"


def _metric(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def test_metrics_count_stored_logs_and_refused_batches(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    stored = _metric("promptvault_executions_ingested_total")
    refused = _metric("promptvault_execution_batches_rejected_total")
    batch = [log(version_id), log(version_id)]
    await post_executions(tenant.api.http, batch, token=tenant.token)
    await post_executions(tenant.api.http, [*batch, log("nope")], token=tenant.token)
    await post_executions(tenant.api.http, [{"latencyMs": "x"}], token=tenant.token)
    assert _metric("promptvault_executions_ingested_total") == stored + 2
    assert _metric("promptvault_execution_batches_rejected_total") == refused + 2


async def test_an_empty_batch_accepts_nothing(tenant: TenantHandle) -> None:
    response = await post_executions(tenant.api.http, [], token=tenant.token)
    assert (response.status_code, response.json()) == (202, {"accepted": 0})


async def test_one_object_is_a_batch_of_one(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    response = await post_executions(tenant.api.http, log(asset.version_ids[0]), token=tenant.token)
    assert (response.status_code, response.json()) == (202, {"accepted": 1})
    assert await stored_logs(asset.version_ids[0]) == 1


async def test_one_bad_item_writes_nothing_and_names_its_index(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    _, secret = await api_key(tenant, "LOGS_WRITE")
    batch = [log(version_id) for _ in range(5)]
    batch[3] = log(version_id, latencyMs="fast")
    response = await post_executions(tenant.api.http, batch, token=secret)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("item 3: latencyMs")
    assert await stored_logs(version_id) == 0


async def test_each_kind_of_bad_item_is_refused_with_its_index(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    bad_items = {
        "status": log(version_id, status="MAYBE"),
        "latencyMs": {"versionId": version_id},
        "environment": log(version_id, environment="moon"),
        "versionId": log("not-an-id"),
        "unknown field 'latency'": log(version_id, latency=5),
        "inputTokens": log(version_id, inputTokens=-1),
        "must be a JSON object": "a string",
    }
    for expected, item in bad_items.items():
        response = await post_executions(
            tenant.api.http, [log(version_id), item], token=tenant.token
        )
        assert response.status_code == 400, expected
        message = response.json()["error"]["message"]
        assert message.startswith("item 1: ") and expected in message, message
    assert await stored_logs(version_id) == 0


async def test_another_tenants_version_refuses_the_batch(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine = await make_asset(tenant)
    theirs = await make_asset(other_tenant)
    batch = [log(mine.version_ids[0]), log(mine.version_ids[0]), log(theirs.version_ids[0])]
    response = await post_executions(tenant.api.http, batch, token=tenant.token)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("item 2: versionId: no version with id")
    assert await stored_logs(mine.version_ids[0]) == 0
    assert await stored_logs(theirs.version_ids[0]) == 0


async def test_a_key_without_logs_write_is_forbidden(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    _, reader = await api_key(tenant, "RUNTIME_READ")
    response = await post_executions(tenant.api.http, [log(version_id)], token=reader)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    over_graphql = await tenant.api(
        RECORD_EXECUTION, {"input": {"versionId": version_id, "latencyMs": 1}}, token=reader
    )
    assert over_graphql.code == "FORBIDDEN"
    assert await stored_logs(version_id) == 0


async def test_only_developers_and_admins_record_logs_with_their_own_token(
    tenant: TenantHandle,
) -> None:
    # Logs feed the canary guards: whoever may record them may roll a rollout back.
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    entry = {"versionId": version_id, "latencyMs": 1}
    for role in ["VIEWER", "REVIEWER"]:
        token = await tenant.token_for(role)
        response = await post_executions(tenant.api.http, [log(version_id)], token=token)
        assert (response.status_code, response.json()["error"]["code"]) == (403, "FORBIDDEN")
        one = await tenant.api(RECORD_EXECUTION, {"input": entry}, token=token)
        many = await tenant.api(RECORD_EXECUTIONS, {"inputs": [entry]}, token=token)
        assert (one.code, many.code) == ("FORBIDDEN", "FORBIDDEN"), role
    assert await stored_logs(version_id) == 0
    for role in ["DEVELOPER", "ADMIN"]:
        token = await tenant.token_for(role)
        response = await post_executions(tenant.api.http, [log(version_id)], token=token)
        assert response.status_code == 202
        (await tenant.api(RECORD_EXECUTION, {"input": entry}, token=token)).ok()
    assert await stored_logs(version_id) == 4


async def test_without_credentials_the_answer_is_401(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    response = await post_executions(tenant.api.http, [log(asset.version_ids[0])], token=None)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


async def test_a_body_that_is_not_json_is_refused(tenant: TenantHandle) -> None:
    response = await tenant.api.http.post(
        "/v1/executions",
        content=b"{not json",
        headers={"authorization": f"Bearer {tenant.token}"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"


async def test_graphql_records_one_log_and_batches(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    _, secret = await api_key(tenant, "LOGS_WRITE")
    one = await tenant.api(
        RECORD_EXECUTION,
        {
            "input": {
                "versionId": version_id,
                "latencyMs": 42.5,
                "status": "ERROR",
                "error": "rate limited",
                "requestId": "gql-1",
                "cost": 0.5,
            }
        },
        token=secret,
    )
    recorded = one.ok()["recordExecution"]
    assert recorded["latencyMs"] == 42.5 and recorded["status"] == "ERROR"
    assert recorded["environment"] == "production" and recorded["inputTokens"] == 0
    [stored] = await logs_of(tenant, version_id, requestId="gql-1")
    assert (stored["id"], stored["version"]["id"]) == (recorded["id"], version_id)
    many = await tenant.api(
        RECORD_EXECUTIONS,
        {"inputs": [{"versionId": version_id, "latencyMs": n} for n in range(4)]},
        token=secret,
    )
    assert many.ok()["recordExecutions"] == 4
    assert await stored_logs(version_id) == 5


async def test_graphql_batches_are_whole_or_nothing_too(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    inputs = [{"versionId": version_id, "latencyMs": 1.0} for _ in range(3)]
    inputs[2]["environment"] = "moon"
    result = await tenant.gql(RECORD_EXECUTIONS, {"inputs": inputs})
    assert result.code == "BAD_USER_INPUT"
    assert result.errors[0]["message"].startswith("item 2: environment")
    assert await stored_logs(version_id) == 0


async def test_payloads_are_truncated_to_the_tenants_limit(tenant: TenantHandle) -> None:
    await Tenant.filter(slug=tenant.slug).update(limits={"max_log_payload_chars": 40})
    asset = await make_asset(tenant)
    version_id = asset.version_ids[0]
    batch = [
        log(
            version_id,
            requestId="long",
            inputs={"text": "x" * 100},
            output="y" * 100,
            error="z" * 100,
        ),
        log(version_id, requestId="short", inputs={"text": "x"}, output="fits"),
        log(version_id, requestId="text", inputs="a plain string"),
    ]
    response = await post_executions(tenant.api.http, batch, token=tenant.token)
    assert response.status_code == 202
    [long] = await logs_of(tenant, version_id, requestId="long")
    assert long["truncated"] is True
    assert long["output"] == "y" * 40 and long["error"] == "z" * 40
    assert long["inputs"] == '{"text":"' + "x" * 31
    [short] = await logs_of(tenant, version_id, requestId="short")
    assert short["truncated"] is False
    assert (short["inputs"], short["output"]) == ({"text": "x"}, "fits")
    [text] = await logs_of(tenant, version_id, requestId="text")
    assert (text["inputs"], text["truncated"]) == ("a plain string", False)


async def test_logs_are_listed_newest_first_in_pages(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2)
    first, second = asset.version_ids
    for number in range(5):
        batch = [log(first, requestId=f"r{number}")]
        assert (
            await post_executions(tenant.api.http, batch, token=tenant.token)
        ).status_code == 202
    await post_executions(tenant.api.http, [log(second, requestId="r0")], token=tenant.token)
    page = await logs_of(tenant, first, first=3)
    assert [node["requestId"] for node in page] == ["r4", "r3", "r2"]
    assert len(await logs_of(tenant, first, first=10)) == 5
    assert len(await logs_of(tenant, second)) == 1
    same_request = await tenant.gql(
        'query { executionLogs(requestId: "r0") { edges { node { version { id } } } } }'
    )
    assert len(same_request.ok()["executionLogs"]["edges"]) == 2
